// runGate with real processes: node scripts in fixtures/suites stand in for test suites.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareToBaseline } from '../../../src/core/gate/compareToBaseline';
import type { GateSpec } from '../../../src/core/model/gate';
import { GateResultSchema } from '../../../src/core/model/gate';
import { describeGate } from '../../../src/core/gate/gateText';
import { parseGateCommand } from '../../../src/core/gate/parseGateCommand';
import type { RunGateOptions } from '../../../src/core/gate/runGate';
import { alive, waitFor } from '../../support/polling';
import { loadRunGate } from './loadRunGate';

const { runGate } = loadRunGate();
const SUITES = join(__dirname, 'fixtures', 'suites');
const node = (script: string, ...args: string[]): GateSpec => ({ command: `node ${script}`, argv: [process.execPath, join(SUITES, script), ...args] });

describe('runGate', function () {
  let dir: string;
  let logPath: string;
  const run = async (spec: GateSpec, over: Partial<RunGateOptions> = {}) => {
    const result = await runGate({ cwd: dir, spec, timeoutMs: 15_000, logPath, ...over });
    GateResultSchema.parse(result); // what goes into the state file is always valid
    return result;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'specflow-gate-'));
    logPath = join(dir, 'runs', 'r1.gate.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a gate that fails until a file exists passes once it does, and the second run compares as pass', async () => {
    const spec: GateSpec = { command: 'node --test needs-marker.test.js', argv: [process.execPath, '--test', join(SUITES, 'needs-marker.test.js')] };
    const before = await run(spec, { label: 'baseline' });
    assert.equal(before.exitCode, 1);
    assert.ok(before.format === 'tap' || before.format === 'node-spec', `parsed as ${before.format}`);
    assert.deepEqual(before.counts, { passed: 1, failed: 1, skipped: 0 });
    assert.deepEqual(before.failingTests, ['the marker file exists']);
    assert.equal(describeGate(before), '✗ 1 failed');

    writeFileSync(join(dir, 'done.txt'), 'made by the healer');
    const after = await run(spec, { label: 'batch 1' });
    assert.equal(after.exitCode, 0);
    assert.deepEqual(after.failingTests, []);
    assert.equal(describeGate(after), '✓ 2 passed');
    assert.equal(compareToBaseline(before, after).verdict, 'pass');

    const log = readFileSync(logPath, 'utf8');
    assert.match(log, /=== SpecFlow gate baseline: node --test needs-marker\.test\.js · \d{4}-.*===/);
    assert.match(log, /=== SpecFlow gate batch 1: /);
    assert.match(log, /=== gate exit 0 · ran /);
    assert.ok(log.indexOf('=== SpecFlow gate baseline') < log.indexOf('=== SpecFlow gate batch 1'), 'runs are appended in order');
  });

  it('an always-failing gate keeps the cause in the output tail; without a baseline that is worse', async () => {
    const r = await run(node('loud-failure.js'));
    assert.equal(r.exitCode, 2);
    assert.equal(r.format, undefined);
    assert.match(r.outputTail, /boom: the widget factory is broken$/);
    assert.ok(r.outputTail.split('\n').length <= 60, 'the tail is bounded');
    assert.doesNotMatch(r.outputTail, /compiling module 1 of 100\n/, 'early lines are cut');
    assert.equal(describeGate(r), '✗ exit 2');
    const c = compareToBaseline(undefined, r);
    assert.equal(c.verdict, 'worse');
    assert.equal(c.reason, 'exit 2');
  });

  it('a red baseline with no new failures is no worse; one more failing test is worse and named', async () => {
    writeFileSync(join(dir, 'failing.txt'), 'tests/test_calc.py::test_div\n');
    const baseline = await run(node('pytest-like.js'));
    assert.equal(baseline.format, 'pytest');
    assert.deepEqual(baseline.failingTests, ['tests/test_calc.py::test_div']);

    const same = await run(node('pytest-like.js'));
    const sameVerdict = compareToBaseline(baseline, same);
    assert.equal(sameVerdict.verdict, 'no_worse');
    assert.equal(sameVerdict.reason, 'baseline already failed with exit 1; no new failing tests (1 failed before, 1 now)');

    writeFileSync(join(dir, 'failing.txt'), 'tests/test_calc.py::test_div\ntests/test_calc.py::test_add\n');
    const worse = await run(node('pytest-like.js'));
    const worseVerdict = compareToBaseline(baseline, worse);
    assert.equal(worseVerdict.verdict, 'worse');
    assert.deepEqual(worseVerdict.newFailures, ['tests/test_calc.py::test_add']);
    assert.equal(worseVerdict.reason, '1 new failing test: tests/test_calc.py::test_add');
  });

  it('a gate that hangs is killed at the timeout with its child processes, and reported', async () => {
    const pids = join(dir, 'pids.json');
    const r = await run(node('hang.js', pids), { timeoutMs: 1500 });
    assert.equal(r.timedOut, true);
    assert.equal(r.aborted, false);
    assert.equal(r.exitCode, null);
    assert.equal(describeGate(r), '✗ timed out after 1.5 s');
    assert.match(r.outputTail, /started, now hanging/);
    const { self, grandchild } = JSON.parse(readFileSync(pids, 'utf8')) as { self: number; grandchild: number };
    await waitFor(() => !alive(self) && !alive(grandchild), 5000, 'the gate and its grandchild to be gone');
    assert.equal(compareToBaseline(undefined, r).reason, 'timed out after 1.5 s');
    assert.match(readFileSync(logPath, 'utf8'), /=== gate timed out after 1\.5 s · ran /);
  });

  it('aborting kills the tree and reports aborted, not timed out', async () => {
    const pids = join(dir, 'pids.json');
    const controller = new AbortController();
    const running = run(node('hang.js', pids), { signal: controller.signal });
    await waitFor(() => existsSync(pids) && readFileSync(pids, 'utf8').length > 0, 10_000, 'the gate to start');
    controller.abort();
    const r = await running;
    assert.equal(r.aborted, true);
    assert.equal(r.timedOut, false);
    assert.equal(describeGate(r), '✗ cancelled');
    const { self, grandchild } = JSON.parse(readFileSync(pids, 'utf8')) as { self: number; grandchild: number };
    await waitFor(() => !alive(self) && !alive(grandchild), 5000, 'the gate and its grandchild to be gone');
  });

  it('processes a passing gate leaves behind are stopped with it', async () => {
    const pids = join(dir, 'pids.json');
    const r = await run(node('leaves-child.js', pids));
    assert.equal(r.exitCode, 0);
    assert.equal(r.format, 'summary');
    const { leftover } = JSON.parse(readFileSync(pids, 'utf8')) as { leftover: number };
    await waitFor(() => !alive(leftover), 5000, 'the leftover process to be gone');
  });

  it('a shell string runs through the shell', async () => {
    const spec = parseGateCommand(`echo hi && "${process.execPath}" -e "process.exit(3)"`);
    assert.ok(spec?.shell);
    const r = await run(spec, { env: { SHELL: '/bin/sh' } });
    assert.equal(r.exitCode, 3);
    assert.match(r.outputTail, /^hi$/m);
  });

  it('an argv gate passes quoted arguments verbatim, and sets CI=true unless the caller overrides it', async () => {
    const spec = parseGateCommand(`"${process.execPath}" ${join(SUITES, 'print-args.js')} "a b" 'c "d"' e`);
    assert.ok(spec?.argv, 'a plain command line runs without a shell');
    const r = await run(spec);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(JSON.parse(r.outputTail), { args: ['a b', 'c "d"', 'e'], ci: 'true' });
    const overridden = await run(spec, { env: { CI: 'false' } });
    assert.equal((JSON.parse(overridden.outputTail) as { ci: string }).ci, 'false');
  });

  it('a missing command is a result with a clear message, not an exception', async () => {
    const r = await run({ command: 'no-such-test-runner', argv: ['no-such-test-runner', '--ci'] });
    assert.equal(r.startError, '"no-such-test-runner" was not found: is it installed and on PATH?');
    assert.equal(r.exitCode, null);
    assert.equal(describeGate(r), '✗ could not start');
    assert.match(r.outputTail, /was not found/);
    assert.equal(compareToBaseline(undefined, r).reason, 'the gate could not start: "no-such-test-runner" was not found: is it installed and on PATH?');
    assert.match(readFileSync(logPath, 'utf8'), /=== gate could not start: "no-such-test-runner" was not found/);
  });

  it('a shell that cannot find a command (exit 127, as npm test without node_modules) is a start error too', async () => {
    const r = await run({ command: 'no-such-tool --ci', shell: 'echo running tests; no-such-tool --ci' }, { env: { SHELL: '/bin/sh' } });
    assert.equal(r.exitCode, 127);
    assert.match(r.startError ?? '', /^a command it runs was not found \(exit 127\): .*no-such-tool.*not found$/);
    assert.equal(describeGate(r), '✗ could not start');
    assert.equal(compareToBaseline(r, r).verdict, 'worse');
  });

  it('a project folder that does not exist is a start error too', async () => {
    const r = await run(node('print-args.js'), { cwd: join(dir, 'gone') });
    assert.equal(r.startError, `the project folder ${join(dir, 'gone')} does not exist`);
  });

  it('reads a JUnit report the command wrote when the caller names it', async () => {
    const r = await run(node('writes-junit.js'), { junitPath: 'report.xml' });
    assert.equal(r.format, 'junit');
    assert.deepEqual(r.counts, { passed: 2, failed: 1, skipped: 0 });
    assert.deepEqual(r.failingTests, ['math subtracts']);
  });

  it("parses only this run's output, not earlier runs in the same log", async () => {
    writeFileSync(join(dir, 'failing.txt'), 'tests/test_calc.py::test_div\n');
    await run(node('pytest-like.js'));
    const r = await run(node('print-args.js'));
    assert.equal(r.format, undefined);
    assert.deepEqual(r.failingTests, []);
    assert.doesNotMatch(r.outputTail, /FAILED/);
  });
});
