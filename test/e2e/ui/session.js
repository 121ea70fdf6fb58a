// One real-editor session for a UI scenario: code-server with SpecFlow (development mode, or installed
// from the vsix), a fixture workspace, the scripted fake agent, headless Chromium on the workbench.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const cs = require('../harness/codeServer');
const { freePort } = require('../harness/freePort');
const { launch } = require('../harness/browser');
const wb = require('../harness/workbench');
const { Shots } = require('../harness/screenshots');
const { Tally } = require('../harness/results');

const ROOT = path.resolve(__dirname, '../../..');
const FAKE = path.join(ROOT, 'test', 'fixtures', 'fake-claude');

/**
 * @param {string} name scenario name (screenshots go to test-results/e2e/<name>/)
 * @param {(dir: string) => string} makeWorkspace writes the fixture into dir, returns the folder or .code-workspace to open
 * @param {{scenario?: object, delayMs?: number, vsix?: string, settings?: object}} opts
 */
async function openSession(name, makeWorkspace, opts = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `specflow-ui-${name}-`));
  const stateDir = path.join(root, 'state');
  const fakeLog = path.join(root, 'fake-calls.jsonl');
  const scenarioFile = path.join(root, 'scenario.json');
  fs.writeFileSync(scenarioFile, JSON.stringify(opts.scenario ?? { rules: [] }));
  const workspace = makeWorkspace(path.join(root, 'ws'));
  cs.freshState(stateDir, { 'specflow.claudePath': FAKE, 'workbench.colorTheme': 'Dark Modern', ...(opts.settings ?? {}) });
  const port = await freePort();
  const extraArgs = [];
  let extensionDevelopmentPath;
  if (opts.vsix) await cs.installVsix(stateDir, opts.vsix);
  else {
    extraArgs.push('--vscode-option', 'enable-smoke-test-driver');
    extensionDevelopmentPath = ROOT;
  }
  const server = await cs.start({
    port,
    stateDir,
    extraArgs,
    extraEnv: {
      FAKE_CLAUDE_LOG: fakeLog,
      FAKE_CLAUDE_SCENARIO: scenarioFile,
      FAKE_CLAUDE_STATE: path.join(root, 'fake-state'),
      FAKE_CLAUDE_DELAY_MS: String(opts.delayMs ?? 600),
    },
  });
  const browser = await launch();
  const { page } = browser;
  page.setDefaultTimeout(45000);
  const ws = workspace.endsWith('.code-workspace') ? { workspace } : { folder: workspace };
  await wb.openWorkbench(page, cs.workbenchUrl({ port, ...ws, ...(extensionDevelopmentPath ? { extensionDevelopmentPath } : {}) }));
  const shots = new Shots(name);
  const tally = new Tally();
  return {
    root,
    stateDir,
    page,
    shots,
    tally,
    fakeLog,
    calls: () =>
      fs.existsSync(fakeLog)
        ? fs
            .readFileSync(fakeLog, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [],
    /** A check that stops the scenario on failure (later steps depend on it), with a screenshot. */
    async step(title, fn, shot) {
      const ok = await tally.check(title, async () => {
        await fn();
        if (shot) await shots.shot(page, shot, title);
      });
      if (!ok) {
        await shots.shot(page, `FAILED-${title.slice(0, 40)}`, `failed: ${title}`).catch(() => undefined);
        throw new Error(`stopped after: ${title}`);
      }
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
      if (process.env.KEEP_STATE !== '1') fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Opens the SpecFlow view and waits for the project row. */
async function showProject(page, name) {
  await wb.clickActivityBar(page, 'SpecFlow');
  const row = wb.treeRow(page, name);
  await row.waitFor({ timeout: 60000 });
  return row;
}

/** The SpecFlow panel's document (the webview's inner frame). */
async function panel(page, projectName) {
  return wb.webviewFrame(page, { title: `SpecFlow: ${projectName}` });
}

/** Text of the project row's description in the tree. */
async function rowDescription(page, name) {
  const row = wb.treeRow(page, name);
  return (await row.locator('.label-description').first().textContent()) ?? '';
}

/** Runs a scenario body with a fresh session, returns {passed, failed}. */
async function scenario(name, makeWorkspace, opts, body) {
  let s;
  try {
    s = await openSession(name, makeWorkspace, opts);
    await body(s);
  } catch (e) {
    if (!s) {
      console.log(`FAIL ${name}: could not open a session: ${e.stack || e}`);
      return { passed: 0, failed: 1 };
    }
    if (!String(e.message).startsWith('stopped after')) s.tally.fail(`${name}: unexpected error`, e);
  } finally {
    if (s) {
      s.shots.writeGallery?.();
      await s.close();
    }
  }
  console.log(`${name}: ${s.tally.passed} passed, ${s.tally.failed} failed`);
  return { passed: s.tally.passed, failed: s.tally.failed };
}

module.exports = { openSession, showProject, panel, rowDescription, scenario, ROOT, FAKE };
