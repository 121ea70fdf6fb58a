#!/usr/bin/env node
// `npm run demo:ui`: code-server (VS Code 1.139.1 in the browser) with SpecFlow loaded from this folder,
// opened on demo-project/ and pointed at the simulated agent. Prints the URL; Ctrl-C stops everything.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const cs = require('../test/e2e/harness/codeServer');
const { freePort } = require('../test/e2e/harness/freePort');

const ROOT = path.resolve(__dirname, '..');

(async () => {
  const demo = path.join(ROOT, 'demo-project');
  // A fresh demo project with open tasks, not yet run (npm run demo completes it in the terminal instead).
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'demo', '--dir', demo, '--write-only'], { stdio: 'inherit' });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'specflow-demo-ui-'));
  cs.freshState(stateDir, { 'specflow.claudePath': path.join(ROOT, 'dist', 'simulated-claude.js'), 'workbench.colorTheme': 'Dark Modern' });
  const port = Number(process.env.PORT) || (await freePort());
  const server = await cs.start({
    port,
    stateDir,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    extraEnv: { SPECFLOW_SIMULATED_DELAY_MS: process.env.SPECFLOW_SIMULATED_DELAY_MS || '600' },
  });
  console.log(`SpecFlow demo UI: ${cs.workbenchUrl({ port, folder: demo, extensionDevelopmentPath: ROOT })}`);
  console.log('Open the URL in a browser, click the SpecFlow icon in the activity bar, right-click demo-project → Complete Phase.');
  console.log('Press Ctrl-C to stop.');
  const stop = async () => {
    await server.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
