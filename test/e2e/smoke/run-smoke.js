// Smoke test of the E2E harness itself, against a throwaway fixture extension (fixture-ext/), in a real
// VS Code workbench (code-server) driven by Chromium. Needs: bash scripts/ensure-system-deps.sh && bash scripts/setup-code-server.sh
// Usage: node test/e2e/smoke/run-smoke.js     (KEEP_STATE=1 keeps the temp state dir; VERBOSE=1 shows ext-host logs)
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const cs = require('../harness/codeServer');
const { freePort } = require('../harness/freePort');
const { launch } = require('../harness/browser');
const wb = require('../harness/workbench');
const { Shots } = require('../harness/screenshots');
const { runExtTests } = require('../harness/runExtTests');
const { Tally } = require('../harness/results');

const FIXTURE = path.join(__dirname, 'fixture-ext');
const THEMES = [
  ['Default Light Modern', 'vs'],
  ['Default Dark Modern', 'vs-dark'],
  ['Default High Contrast', 'hc-black'],
];

async function ui(tally, shots, { stateDir, ws }) {
  const port = await freePort();
  let server, browser;
  // Steps depend on each other: stop at the first failure (with a screenshot) rather than cascade.
  const step = async (title, fn) => {
    if (!(await tally.check(title, fn))) throw new Error(`stopped after: ${title}`);
  };
  try {
    server = await cs.start({ port, stateDir, extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
    browser = await launch();
    const { page } = browser;
    page.setDefaultTimeout(30000);

    await step('workbench opens with the fixture as extension under development', async () => {
      await wb.openWorkbench(page, cs.workbenchUrl({ port, folder: ws, extensionDevelopmentPath: FIXTURE }));
      await page.waitForFunction(() => document.title.includes('[Extension Development Host]'), null, { timeout: 60000 });
    });
    await step('activity bar opens the fixture tree', async () => {
      await wb.clickActivityBar(page, 'SpecFlow Smoke');
      await wb.treeRow(page, 'Alpha item').waitFor();
      await wb.treeRow(page, 'Beta item').waitFor();
      await shots.shot(page, 'tree', 'Activity bar container "SpecFlow Smoke" with its tree view');
    });
    await step('tree row context menu lists the contributed items in order', async () => {
      const labels = await wb.contextMenu(page, 'Alpha item');
      await shots.shot(page, 'context-menu', `Context menu of "Alpha item": ${labels.join(' | ')}`);
      assert.deepStrictEqual(labels, ['Inspect Item', 'Rename Item', 'Delete Item']);
      await wb.clickContextMenuItem(page, 'Inspect Item');
      await wb.expectNotification(page, 'Inspecting Alpha item');
      assert.deepStrictEqual(await wb.contextMenu(page, wb.treeRow(page, 'Beta item')), ['Inspect Item', 'Rename Item'], 'when-clause hides Delete');
      await wb.closeContextMenu(page);
    });
    await step('palette command shows a notification', async () => {
      await wb.runCommand(page, 'Smoke: Hello');
      await wb.expectNotification(page, 'Hello from the smoke fixture!');
    });
    await step('status bar item found by item id and by text', async () => {
      await wb.statusBarItem(page, 'specflowSmoke.status').waitFor();
      assert.match(await wb.statusBarItem(page, 'specflow-test.specflow-e2e-smoke-fixture.').innerText(), /Smoke Ready/);
      await wb.statusBarItem(page, 'Smoke Ready').waitFor();
    });
    await step('webview button round-trips through the extension host', async () => {
      await wb.runCommand(page, 'Smoke: Open Panel');
      const frame = await wb.webviewFrame(page, { title: 'Smoke Panel' });
      await frame.locator('#ping').click();
      await frame.locator('#status', { hasText: 'pong 1' }).waitFor();
      assert.strictEqual(fs.readFileSync(path.join(ws, 'pinged.txt'), 'utf8'), 'ping 1\n');
      const any = await wb.webviewFrame(page); // the untitled variant finds the same (only) webview
      await any.locator('#ping').click();
      await any.locator('#status', { hasText: 'pong 2' }).waitFor();
      await shots.shot(page, 'webview', 'Webview "Smoke Panel" after two pings (status "pong 2")');
    });
    for (const [theme, kind] of THEMES) {
      await step(`theme "${theme}" applied (picker -> user settings.json)`, async () => {
        const got = await wb.setColorTheme(page, theme, { stateDir }); // also waits for settings.json to hold it
        assert.strictEqual(got.kind, kind);
        await shots.shot(page, `theme-${theme}`, `Theme "${theme}" (${got.themeClass})`);
      });
    }
    await step('Developer: Reload Window brings the tree back', async () => {
      await wb.reloadWindow(page);
      await wb.clickActivityBar(page, 'SpecFlow Smoke');
      await wb.treeRow(page, 'Alpha item').waitFor({ timeout: 60000 });
      await shots.shot(page, 'after-reload', 'After Developer: Reload Window (tree still there)');
    });
  } catch (e) {
    if (!/^stopped after/.test(e.message)) tally.fail('UI harness', e);
    if (browser) await shots.shot(browser.page, 'FAILED', `failure: ${e.message}`).catch(() => {});
  } finally {
    if (browser) await browser.close();
    if (server) await server.stop();
  }
}

(async () => {
  const t0 = Date.now();
  const tally = new Tally();
  const shots = new Shots('smoke');
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'specflow-e2e-smoke-'));
  cs.freshState(stateDir, { 'workbench.colorTheme': 'Dark Modern' }); // per-run settings override
  const ws = path.join(stateDir, 'smoke-ws');
  fs.mkdirSync(ws);
  fs.writeFileSync(path.join(ws, 'README.md'), '# smoke workspace\n');
  const wsFile = path.join(stateDir, 'smoke.code-workspace');
  fs.writeFileSync(wsFile, JSON.stringify({ folders: [{ path: 'smoke-ws' }] }));
  try {
    await ui(tally, shots, { stateDir, ws });
    const ext = await runExtTests({
      extDir: FIXTURE,
      testFiles: [path.join(__dirname, 'ext-tests')],
      workspace: wsFile,
      extraEnv: { SMOKE_MARKER: 'from-harness' },
      timeoutMs: 180000,
    });
    console.log(`extension tests: ${ext.passed} passed, ${ext.failed} failed in ${ext.durationMs} ms`);
    tally.add(ext);
    if (ext.passed < 2) tally.fail('extension tests ran', new Error(`expected 2 passing tests, got ${ext.passed}`));
  } catch (e) {
    tally.fail('smoke harness', e);
  } finally {
    if (process.env.KEEP_STATE === '1') console.log(`state kept in ${stateDir}`);
    else fs.rmSync(stateDir, { recursive: true, force: true });
  }
  console.log(`gallery: ${shots.writeGallery()}`);
  console.log(`smoke took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(tally.report());
})();
