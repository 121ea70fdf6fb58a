// Extension tests (mocha + the `vscode` API) inside code-server's *Node* extension host: no Electron needed.
// How: the server runs with enable-smoke-test-driver, so the built web client honours
// ?payload=[["extensionDevelopmentPath",..],["extensionTestsPath",..]]; the remote extension host loads the
// extension, require()s testsPath and calls its run(). When run() settles the workbench calls
// window.codeAutomationExit(code). The host's stdout doesn't reach us, so results come back through a JSON file
// named by E2E_RESULT_FILE (the extension host inherits the server's env); extTestIndex.js writes it.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const cs = require('./codeServer');
const { launch } = require('./browser');
const { freePort } = require('./freePort');

const DEFAULT_INDEX = path.join(__dirname, 'extTestIndex.js');

/**
 * @param {object} o
 * @param {string} o.extDir        extension folder (its package.json) loaded as extension under development
 * @param {string} [o.testsPath]   module exporting run(); default: harness/extTestIndex.js (needs testFiles)
 * @param {string[]} [o.testFiles] absolute .js test files (or dirs/globs) -> E2E_TEST_FILES for extTestIndex.js
 * @param {string} [o.workspace]   folder or .code-workspace file to open; default: an empty temp folder
 * @param {object} [o.extraEnv]    env for server + extension host;  @param {object} [o.extraSettings] user settings
 * @param {number} [o.timeoutMs]   whole-run limit (default 180 s)
 * @returns {Promise<{passed:number, failed:number, results:{title:string,state:string,error?:string}[], exitCode:any, durationMs:number}>}
 */
async function runExtTests({
  extDir,
  testsPath = DEFAULT_INDEX,
  testFiles,
  workspace,
  extraEnv = {},
  extraSettings = {},
  timeoutMs = 180000,
  port,
  log = console.log,
  verbose = process.env.VERBOSE === '1',
}) {
  const t0 = Date.now();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'specflow-exttest-'));
  const resultFile = path.join(stateDir, 'result.json');
  cs.freshState(stateDir, extraSettings);
  let ws = workspace;
  if (!ws) {
    ws = path.join(stateDir, 'ws');
    fs.mkdirSync(ws);
  }
  const isWorkspaceFile = ws.endsWith('.code-workspace');
  let server,
    browser,
    exitCode = null;
  const results = [];
  try {
    port = port || (await freePort());
    const env = { ...extraEnv, E2E_RESULT_FILE: resultFile };
    if (testFiles) env.E2E_TEST_FILES = testFiles.map((f) => path.resolve(f)).join(',');
    server = await cs.start({ port, stateDir, extraArgs: ['--vscode-option', 'enable-smoke-test-driver'], extraEnv: env });
    browser = await launch();
    const { page } = browser;
    let done;
    const exited = new Promise((r) => (done = r));
    // Workbench + extension-host console lines: very chatty, shown with VERBOSE=1 only.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (verbose) log(`[log ${type}]`, util.format(...(args || [])));
    });
    await page.exposeFunction('codeAutomationExit', (c) => done(c));
    await page.goto(
      cs.workbenchUrl({ port, [isWorkspaceFile ? 'workspace' : 'folder']: ws, extensionDevelopmentPath: extDir, extensionTestsPath: testsPath }),
      { waitUntil: 'commit', timeout: timeoutMs },
    );
    let timer;
    exitCode = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), Math.max(0, timeoutMs - (Date.now() - t0)))))]);
    clearTimeout(timer);
    const result = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : null;
    results.push(...((result && result.results) || []));
    if (exitCode === 'timeout') {
      results.push({ title: `(extension tests did not finish within ${timeoutMs} ms)`, state: 'failed' });
    } else if (!result) {
      results.push({ title: `(no result file; extension host exit code ${exitCode})`, state: 'failed' });
    } else if (exitCode !== 0 && !results.some((r) => r.state === 'failed')) {
      results.push({ title: `(extension host exit code ${exitCode})`, state: 'failed', error: result.error });
    }
  } catch (e) {
    results.push({ title: '(extension test harness error)', state: 'failed', error: String((e && e.stack) || e) });
  } finally {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (process.env.KEEP_STATE === '1') log(`ext-test state kept in ${stateDir}`);
    else fs.rmSync(stateDir, { recursive: true, force: true });
  }
  for (const r of results)
    log(
      `${{ passed: 'ok  ', pending: 'skip' }[r.state] || 'FAIL'} ${r.title}${r.error ? '\n     ' + String(r.error).split('\n').slice(0, 12).join('\n     ') : ''}`,
    );
  const count = (st) => results.filter((r) => r.state === st).length;
  return { passed: count('passed'), failed: count('failed'), results, exitCode, durationMs: Date.now() - t0 };
}

module.exports = { runExtTests, DEFAULT_INDEX };
