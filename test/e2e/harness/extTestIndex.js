// extensionTestsPath entry for runExtTests.js (also usable under @vscode/test-electron): the extension host
// require()s this file and calls run(). It loads the repo's mocha, adds the files named by E2E_TEST_FILES
// (comma-separated absolute paths; each a .js file, a directory (its *.test.js, recursively) or a glob), runs
// them and writes {failures, results:[{title,state,error}]} to E2E_RESULT_FILE.
// Options by env: E2E_MOCHA_UI (bdd|tdd, default bdd), E2E_MOCHA_TIMEOUT (ms, default 30000), E2E_MOCHA_GREP.
'use strict';
const fs = require('fs');
const path = require('path');

function loadMocha() {
  // mocha >= 11 is an ES module package whose CJS build is lib/mocha.cjs: load that directly (resolved from this
  // file, i.e. the repo's node_modules) so it works whatever require(esm) support the host's Node has.
  const pkg = require.resolve('mocha/package.json', { paths: [__dirname] });
  const cjs = path.join(path.dirname(pkg), 'lib/mocha.cjs');
  const m = fs.existsSync(cjs) ? require(cjs) : require(require.resolve('mocha', { paths: [__dirname] }));
  return m.default || m.Mocha || m;
}

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') walk(p, out);
    else if (e.isFile() && /\.test\.c?js$/.test(e.name)) out.push(p);
  }
  return out;
}

function expand(spec) {
  if (/[*?[{]/.test(spec)) {
    if (fs.globSync)
      return fs
        .globSync(spec)
        .map((f) => path.resolve(f))
        .sort(); // Node >= 22
    throw new Error(`E2E_TEST_FILES: ${spec} is a glob, which needs Node 22 or newer here; pass files or directories`);
  }
  if (!fs.existsSync(spec)) throw new Error(`E2E_TEST_FILES: ${spec} does not exist`);
  return fs.statSync(spec).isDirectory() ? walk(spec, []).sort() : [spec];
}

function writeResult(obj) {
  if (process.env.E2E_RESULT_FILE) fs.writeFileSync(process.env.E2E_RESULT_FILE, JSON.stringify(obj, null, 1) + '\n');
}

function run() {
  const results = [];
  let files;
  try {
    const specs = (process.env.E2E_TEST_FILES || '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!specs.length) throw new Error('E2E_TEST_FILES is empty');
    files = [...new Set(specs.flatMap(expand))];
    if (!files.length) throw new Error(`E2E_TEST_FILES matched no files: ${specs.join(', ')}`);
  } catch (e) {
    writeResult({ failures: 1, results: [{ title: '(loading tests)', state: 'failed', error: String(e.stack || e) }] });
    return Promise.reject(e);
  }
  const Mocha = loadMocha();
  const mocha = new Mocha({
    ui: process.env.E2E_MOCHA_UI || 'bdd',
    color: false,
    timeout: Number(process.env.E2E_MOCHA_TIMEOUT || 30000),
    ...(process.env.E2E_MOCHA_GREP ? { grep: process.env.E2E_MOCHA_GREP } : {}),
  });
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    let runner;
    try {
      runner = mocha.run((failures) => {
        writeResult({ failures, results });
        failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve();
      });
    } catch (e) {
      // a test file that throws while loading
      writeResult({ failures: 1, results: [...results, { title: '(loading tests)', state: 'failed', error: String(e.stack || e) }] });
      reject(e);
      return;
    }
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('fail', (t, err) => results.push({ title: t.fullTitle(), state: 'failed', error: String((err && (err.stack || err)) || 'failed') }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
  });
}

module.exports = { run };
