// A trivial mocha test run in code-server's Node extension host by the smoke runner (proves runExtTests.js works).
'use strict';
const assert = require('assert');
const vscode = require('vscode');

describe('harness smoke (extension host)', () => {
  it('runs inside the VS Code extension host with the workspace open', () => {
    assert.ok(vscode.version, 'vscode.version');
    const names = (vscode.workspace.workspaceFolders || []).map((f) => f.name);
    assert.deepStrictEqual(names, ['smoke-ws'], 'workspace folders of the .code-workspace file');
    assert.strictEqual(process.env.SMOKE_MARKER, 'from-harness', 'extraEnv reaches the extension host');
  });

  it('can call the fixture extension command', async () => {
    const ext = vscode.extensions.getExtension('specflow-test.specflow-e2e-smoke-fixture');
    assert.ok(ext, 'fixture extension is loaded');
    await ext.activate();
    assert.strictEqual(await vscode.commands.executeCommand('specflowSmoke.hello'), 'hello');
  });
});
