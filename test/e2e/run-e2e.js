#!/usr/bin/env node
// The real-editor tier: code-server 4.139.1 (the VS Code 1.139.1 workbench) + headless Chromium.
// 1. extension-host tests (mocha inside the real extension host) in a trusted multi-root workspace;
// 2. the same in an untrusted workspace (no agent may ever start);
// 3. the UI scenarios (test/e2e/ui/*.js), each with its screenshots under test-results/e2e/.
// Ends with "N passed, N failed" and writes the totals to $SPECFLOW_TEST_STATS.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const esbuild = require('esbuild');
const { runExtTests } = require('./harness/runExtTests');
const { report } = require('./harness/results');
const { writeGallery } = require('./harness/screenshots');
const fixtures = require('./fixtures');

const ROOT = path.resolve(__dirname, '../..');
const FAKE = path.join(ROOT, 'test', 'fixtures', 'fake-claude');
const only = process.argv.slice(2);
const want = (name) => !only.length || only.some((o) => name.includes(o));

async function buildExtTests() {
  const out = path.join(ROOT, 'dist', 'test', 'ext');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'ext', 'extension.test.ts')],
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return [path.join(out, 'extension.test.js')];
}

async function extHostRun(label, { untrusted }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `specflow-e2e-${untrusted ? 'untrusted' : 'ext'}-`));
  const { workspace, projects } = fixtures.multiRoot(root);
  const fakeLog = path.join(root, 'fake-calls.jsonl');
  const fixture = { extDir: ROOT, projects, fakeLog, ...(untrusted ? { untrusted: true } : {}) };
  const r = await runExtTests({
    extDir: ROOT,
    testFiles: await buildExtTests(),
    workspace,
    extraEnv: {
      E2E_FIXTURE: JSON.stringify(fixture),
      FAKE_CLAUDE_LOG: fakeLog,
      FAKE_CLAUDE_STATE: path.join(root, 'fake-state'),
      FAKE_CLAUDE_DELAY_MS: '400',
      CLAUDE_CONFIG_DIR: path.join(root, 'claude-config'), // the fake's session transcripts stay in the temp dir
    },
    extraSettings: { 'specflow.claudePath': FAKE, ...(untrusted ? { 'security.workspace.trust.enabled': true } : {}) },
    timeoutMs: 300000,
  });
  console.log(`${label}: ${r.passed} passed, ${r.failed} failed (${(r.durationMs / 1000).toFixed(1)} s)`);
  for (const t of r.results) console.log(`  ${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title}${t.error ? `\n${t.error}` : ''}`);
  if (process.env.KEEP_STATE !== '1') fs.rmSync(root, { recursive: true, force: true });
  return r;
}

(async () => {
  let passed = 0;
  let failed = 0;
  const add = (r) => {
    passed += r.passed;
    failed += r.failed;
  };
  try {
    if (want('ext')) add(await extHostRun('extension host (trusted, multi-root)', { untrusted: false }));
    if (want('untrusted')) add(await extHostRun('extension host (untrusted)', { untrusted: true }));
    const uiDir = path.join(__dirname, 'ui');
    if (fs.existsSync(uiDir)) {
      for (const f of fs
        .readdirSync(uiDir)
        .filter((x) => x.endsWith('.scenario.js'))
        .sort()) {
        if (!want(f.replace('.scenario.js', ''))) continue;
        const scenario = require(path.join(uiDir, f));
        add(await scenario.run());
      }
    }
  } catch (e) {
    console.error(e);
    failed++;
  } finally {
    try {
      writeGallery();
    } catch {
      // no screenshots this run
    }
  }
  process.exit(report({ passed, failed }));
})();
