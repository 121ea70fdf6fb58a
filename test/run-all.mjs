#!/usr/bin/env node
// `npm test`: builds, type-checks, then runs every tier and ends with one line "N passed, N failed".
// Usage: node test/run-all.mjs [tier ...]   (tiers: typecheck lint unit engine server faults realcli webview e2e)
// A tier that crashes without reporting counts as one failure, so a broken tier can never look green.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mocha = (glob, extra = []) => ['npx', ['mocha', ...extra, glob]];

/** Each tier: a command whose totals arrive through $SPECFLOW_TEST_STATS. */
const TIERS = {
  // dir: where the tier's tests live; a tier whose folder does not exist yet is reported as skipped
  typecheck: {
    run: () =>
      check('npx', ['tsc', '-p', '.', '--noEmit'], 'tsc (extension, core, cli, tests)') &&
      check('npx', ['tsc', '-p', 'webview-ui', '--noEmit'], 'tsc (webview)'),
  },
  // The lint gate: any ESLint warning, unformatted file or unused file/export/dependency fails the run.
  lint: { run: () => check('npm', ['run', '--silent', 'lint'], 'npm run lint (eslint with 0 warnings, prettier --check, knip)') },
  unit: { dir: 'test/unit', cmd: mocha('test/unit/**/*.test.ts') },
  engine: { dir: 'test/engine', cmd: mocha('test/engine/**/*.test.ts', ['--timeout', '60000']) },
  server: { dir: 'test/server', cmd: mocha('test/server/**/*.test.ts', ['--timeout', '60000']) },
  faults: { dir: 'test/faults', cmd: ['npm', ['run', '--silent', 'test:faults']] },
  realcli: { dir: 'test/realcli', cmd: mocha('test/realcli/**/*.test.ts', ['--timeout', '90000']) },
  webview: { dir: 'test/webview', cmd: mocha('test/webview/**/*.test.ts', ['--timeout', '60000']), needs: ['chromium'] },
  e2e: { dir: 'test/e2e/run-e2e.js', cmd: ['node', ['test/e2e/run-e2e.js']], needs: ['chromium', 'code-server'] },
};

const wanted = process.argv.slice(2);
const order = wanted.length ? wanted : Object.keys(TIERS);
for (const t of order) {
  if (!TIERS[t]) {
    console.error(`unknown tier "${t}" (tiers: ${Object.keys(TIERS).join(', ')})`);
    process.exit(2);
  }
}

let passed = 0;
let failed = 0;
const report = [];

function check(cmd, args, label) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status === 0) passed++;
  else failed++;
  report.push(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${label}`);
  return r.status === 0;
}

function ensure(need) {
  if (need === 'chromium') return check('bash', ['scripts/ensure-system-deps.sh'], 'system packages (chromium, libkrb5-dev)');
  if (need === 'code-server') return check('bash', ['scripts/setup-code-server.sh'], 'code-server 4.139.1 installed');
  return true;
}

console.log('\n=== build ===');
if (!check('node', ['esbuild.mjs'], 'build (esbuild.mjs)')) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}

for (const name of order) {
  const tier = TIERS[name];
  console.log(`\n=== ${name} ===`);
  if (tier.run) {
    tier.run();
    continue;
  }
  if (tier.dir && !existsSync(join(root, tier.dir))) {
    report.push(`skip ${name}: no tests yet (${tier.dir})`);
    continue;
  }
  if (tier.needs && !tier.needs.every(ensure)) {
    report.push(`FAIL ${name}: prerequisites missing (see above)`);
    continue;
  }
  const dir = mkdtempSync(join(tmpdir(), 'specflow-stats-'));
  const statsFile = join(dir, 'stats.json');
  const started = Date.now();
  const [cmd, args] = tier.cmd;
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, SPECFLOW_TEST_STATS: statsFile } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (existsSync(statsFile)) {
    const s = JSON.parse(readFileSync(statsFile, 'utf8'));
    passed += s.passed;
    failed += s.failed;
    if (r.status !== 0 && s.failed === 0) failed++; // exited non-zero without a failing test: still a failure
    report.push(`${s.failed || r.status ? 'FAIL' : 'ok  '} ${name}: ${s.passed} passed, ${s.failed} failed (${secs} s)`);
  } else {
    failed++;
    report.push(`FAIL ${name}: crashed before reporting (exit ${r.status}, ${secs} s)`);
  }
  rmSync(dir, { recursive: true, force: true });
}

console.log('\n=== summary ===');
for (const line of report) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
