#!/usr/bin/env node
// `npm test`: builds, then runs every tier and ends with one line "N passed, N failed".
// Usage: node test/run-all.mjs [tier ...]   (tiers: typecheck lint unit engine server faults realcli webview e2e)
// A tier that crashes without reporting counts as one failure, so a broken tier can never look green.
//
// Without arguments the tiers run in two lanes at once (most of their time is spent waiting on child processes,
// git and sleeps, not on the CPU), each tier's output printed whole when it ends; the real-editor tier runs last,
// alone. Named tiers run one after another with their output live.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mocha = (glob, extra = []) => ['npx', ['mocha', ...extra, glob]];

/** Each tier: checks (label + command) or a command whose totals arrive through $SPECFLOW_TEST_STATS. */
const TIERS = {
  typecheck: {
    checks: [
      ['tsc (extension, core, cli, tests)', 'npx', ['tsc', '-p', '.', '--noEmit']],
      ['tsc (webview)', 'npx', ['tsc', '-p', 'webview-ui', '--noEmit']],
    ],
  },
  // The lint gate: any ESLint warning, unformatted file or unused file/export/dependency fails the run.
  lint: { checks: [['npm run lint (eslint with 0 warnings, prettier --check, knip)', 'npm', ['run', '--silent', 'lint']]] },
  unit: { dir: 'test/unit', cmd: mocha('test/unit/**/*.test.ts') },
  engine: { dir: 'test/engine', cmd: mocha('test/engine/**/*.test.ts', ['--timeout', '60000']) },
  server: { dir: 'test/server', cmd: mocha('test/server/**/*.test.ts', ['--timeout', '60000']) },
  faults: { dir: 'test/faults', cmd: ['npm', ['run', '--silent', 'test:faults']] },
  realcli: { dir: 'test/realcli', cmd: mocha('test/realcli/**/*.test.ts', ['--timeout', '90000']) },
  webview: { dir: 'test/webview', cmd: mocha('test/webview/**/*.test.ts', ['--timeout', '60000']), needs: ['chromium'] },
  e2e: { dir: 'test/e2e/run-e2e.js', cmd: ['node', ['test/e2e/run-e2e.js']], needs: ['chromium', 'code-server'] },
};

/** The default run: two lanes side by side, then the editor tier alone. */
const LANES = [
  ['typecheck', 'lint', 'unit', 'engine', 'server'],
  ['faults', 'realcli', 'webview'],
];
const LAST = ['e2e'];

const NEEDS = {
  chromium: ['system packages (chromium, libkrb5-dev)', 'bash', ['scripts/ensure-system-deps.sh']],
  'code-server': ['code-server 4.139.1 installed', 'bash', ['scripts/setup-code-server.sh']],
};

const wanted = process.argv.slice(2);
for (const t of wanted) {
  if (!TIERS[t]) {
    console.error(`unknown tier "${t}" (tiers: ${Object.keys(TIERS).join(', ')})`);
    process.exit(2);
  }
}

let passed = 0;
let failed = 0;
const report = [];

/** Runs a command: output live (inherit), or into `log` to be printed when the tier ends. */
function run(cmd, args, { env = process.env, log } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: log ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (log) {
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
    }
    child.on('error', (e) => resolve({ status: 127, error: e }));
    child.on('close', (status) => resolve({ status: status ?? 1 }));
  });
}

async function check(label, cmd, args, log) {
  const r = await run(cmd, args, { log });
  if (r.status === 0) passed++;
  else failed++;
  report.push(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${label}`);
  return r.status === 0;
}

const ensured = new Map();
/** Prerequisites are installed once, one at a time (apt and npm installs must not race). */
function ensure(need, log) {
  if (!ensured.has(need)) ensured.set(need, check(...NEEDS[need], log));
  return ensured.get(need);
}

async function runTier(name, log) {
  const tier = TIERS[name];
  if (tier.checks) {
    for (const [label, cmd, args] of tier.checks) if (!(await check(label, cmd, args, log))) break;
    return;
  }
  if (tier.dir && !existsSync(join(root, tier.dir))) {
    report.push(`skip ${name}: no tests yet (${tier.dir})`);
    return;
  }
  for (const need of tier.needs ?? []) {
    if (!(await ensure(need, log))) {
      report.push(`FAIL ${name}: prerequisites missing (see above)`);
      return;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'specflow-stats-'));
  const statsFile = join(dir, 'stats.json');
  const started = Date.now();
  const [cmd, args] = tier.cmd;
  const r = await run(cmd, args, { env: { ...process.env, SPECFLOW_TEST_STATS: statsFile }, log });
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

/** A tier whose output is kept in a file and printed whole when it ends, so two lanes never interleave lines. */
async function runCaptured(name) {
  const dir = mkdtempSync(join(tmpdir(), 'specflow-tier-'));
  const file = join(dir, 'output.log');
  const log = createWriteStream(file);
  const started = Date.now();
  await runTier(name, log);
  await new Promise((r) => log.end(r));
  console.log(`\n=== ${name} (${((Date.now() - started) / 1000).toFixed(1)} s) ===`);
  process.stdout.write(readFileSync(file));
  rmSync(dir, { recursive: true, force: true });
}

console.log('\n=== build ===');
if (!(await check('build (esbuild.mjs)', 'node', ['esbuild.mjs']))) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}

const started = Date.now();
if (wanted.length) {
  for (const name of wanted) {
    console.log(`\n=== ${name} ===`);
    await runTier(name);
  }
} else {
  // apt-get first, alone; code-server's npm install overlaps the first lane's type-check and lint
  await ensure('chromium');
  await Promise.all(
    LANES.map(async (lane, i) => {
      if (i === 1) await ensure('code-server');
      for (const name of lane) await runCaptured(name);
    }),
  );
  for (const name of LAST) await runCaptured(name);
}

console.log(`\n=== summary (${((Date.now() - started) / 60_000).toFixed(1)} min) ===`);
for (const line of report) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
