// Minimal fixture extension for the E2E harness smoke test (plain CommonJS, no build step).
'use strict';
const vscode = require('vscode');

const ITEMS = [
  { label: 'Alpha item', contextValue: 'deletable' },
  { label: 'Beta item', contextValue: 'readonly' },
];

class SmokeTree {
  getTreeItem(it) {
    const item = new vscode.TreeItem(it.label);
    item.contextValue = it.contextValue;
    item.id = it.label;
    return item;
  }
  getChildren(el) {
    return el ? [] : ITEMS;
  }
}

function activate(context) {
  const status = vscode.window.createStatusBarItem('specflowSmoke.status', vscode.StatusBarAlignment.Left, 100);
  status.name = 'SpecFlow Smoke Status';
  status.text = '$(beaker) Smoke Ready';
  status.show();
  const msg = (text) => vscode.window.showInformationMessage(text);
  context.subscriptions.push(
    status,
    vscode.window.registerTreeDataProvider('specflowSmoke.tree', new SmokeTree()),
    vscode.commands.registerCommand('specflowSmoke.hello', () => {
      msg('Hello from the smoke fixture!');
      return 'hello';
    }),
    vscode.commands.registerCommand('specflowSmoke.inspectItem', (it) => msg(`Inspecting ${it ? it.label : '?'}`)),
    vscode.commands.registerCommand('specflowSmoke.renameItem', (it) => msg(`Renaming ${it ? it.label : '?'}`)),
    vscode.commands.registerCommand('specflowSmoke.deleteItem', (it) => msg(`Deleting ${it ? it.label : '?'}`)),
    vscode.commands.registerCommand('specflowSmoke.openPanel', () => openPanel()),
  );
}

function openPanel() {
  const panel = vscode.window.createWebviewPanel('specflowSmoke.panel', 'Smoke Panel', vscode.ViewColumn.One, { enableScripts: true });
  const nonce = String(Math.random()).slice(2);
  panel.webview.html = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)}
button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:1px solid var(--vscode-contrastBorder, transparent);padding:4px 12px}</style>
</head><body>
<h2>Smoke webview</h2>
<button id="ping">Ping extension</button>
<p id="status">idle</p>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  let n = 0;
  document.getElementById('ping').addEventListener('click', () => vscode.postMessage({ type: 'ping', n: ++n }));
  window.addEventListener('message', (e) => { document.getElementById('status').textContent = e.data.status; });
</script>
</body></html>`;
  panel.webview.onDidReceiveMessage(async (m) => {
    if (!m || m.type !== 'ping') return;
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    if (folder) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder.uri, 'pinged.txt'), Buffer.from(`ping ${m.n}\n`));
    panel.webview.postMessage({ status: `pong ${m.n}` });
  });
  return panel;
}

function deactivate() {}

module.exports = { activate, deactivate };
