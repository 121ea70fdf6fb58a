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

/** The orchestration state files of a project, newest first (parsed). */
function runsOf(projectDir) {
  const dir = path.join(projectDir, '.specflow', 'workflows');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^orchestration-.*\.json$/.test(f))
    .sort()
    .reverse()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** The "activated in N ms" figures SpecFlow wrote to its log channel in this session (the server keeps the logs). */
function activationFigures(stateDir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/SpecFlow\.log$/.test(e.name)) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/activated in ([\d.]+) ms/g)) out.push(Number(m[1]));
      }
    }
  };
  const logs = path.join(stateDir, 'user-data', 'logs');
  if (fs.existsSync(logs)) walk(logs);
  return out;
}

/**
 * @param {string} name scenario name (screenshots go to test-results/e2e/<name>/)
 * @param {(dir: string) => string} makeWorkspace writes the fixture into dir, returns the folder or .code-workspace to open
 * @param {{scenario?: object, delayMs?: number, vsix?: string, settings?: object, env?: object}} opts
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
      // the fake agent keeps session transcripts like the real CLI: inside the session, not in ~/.claude
      CLAUDE_CONFIG_DIR: path.join(root, 'claude-config'),
      ...(opts.env ?? {}),
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
    server,
    /** Replace the fake agent's scenario for the calls still to come (it is read at each call). */
    setScenario: (obj) => fs.writeFileSync(scenarioFile, JSON.stringify(obj)),
    runsOf,
    activationFigures: () => activationFigures(stateDir),
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
    /**
     * An independent part of a scenario that shares the session with others: a failure is counted (with its
     * screenshot) and the next part still runs.
     */
    async part(title, fn) {
      try {
        await fn();
      } catch (e) {
        if (!String(e.message).startsWith('stopped after')) tally.fail(`${title}: unexpected error`, e);
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    },
    async close() {
      const figures = activationFigures(stateDir);
      if (figures.length) console.log(`${name}: activate() took ${figures.map((f) => f.toFixed(1)).join(', ')} ms`);
      await browser.close().catch(() => undefined);
      await server.stop();
      if (process.env.KEEP_STATE !== '1') fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Park the pointer on an empty stretch of the title bar, right of the command centre: no hover in screenshots. */
const park = (page) => page.mouse.move(Math.round((page.viewportSize()?.width ?? 1400) * 0.8), 8);

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

module.exports = { openSession, showProject, panel, rowDescription, scenario, runsOf, park, ROOT, FAKE };
