// Issue 7, fault 7: cancel during a heal, during a pause and while waiting for a rate limit ends the run
// `cancelled` promptly; resume after a cancel, after budget_exceeded with a raised cap, and after a
// failure the user fixed by hand continues from the first unconfirmed batch and never re-runs a
// confirmed one.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { alive, callsForBatch, checkOff, claude, finishProject, projectProcesses, readStates, startAsync, stateOf, waitFor } from './support';

const B1 = ['T001', 'T002', 'T003'];
const B2 = ['T004', 'T005', 'T006'];
const B3 = ['T007', 'T008', 'T009'];

describe('faults: cancel and resume under faults', function () {
  this.timeout(90_000);
  let p: TestProject | undefined;

  afterEach(function () {
    finishProject(p, this.currentTest);
    p = undefined;
  });

  function cancel(): { ms: number } {
    const t0 = Date.now();
    const c = runCli(['cancel', '--project', p!.dir, '--json'], { env: p!.env });
    assert.equal(c.code, 0, c.stderr + c.stdout);
    return { ms: Date.now() - t0 };
  }

  it('cancel during a heal stops the healer tree and ends cancelled promptly', async () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    p.setScenario({
      rules: [
        { match: { kind: 'implement', call: 1 }, times: 1, do: { error: { text: 'Error: tests failed in src/part2.ts', afterTasks: 1 } } },
        { name: 'the healer hangs', match: { kind: 'heal' }, times: 1, do: { hang: { afterTasks: 0, silent: true } } },
      ],
    });
    const run = startAsync(p, ['--skip-analyze', '--no-decisions']);
    const hung = await waitFor(() => p!.calls().find((e) => e.event === 'grandchild'), 30_000, 'the hung healer');
    const healer = p.invocations().find((c) => c.pid === hung.pid)!;
    assert.equal(healer.kind, 'heal');
    assert.equal(readStates(p).ok[0]!.status, 'healing');
    const t0 = Date.now();
    cancel();
    const r = await run.done;
    const ms = Date.now() - t0;
    assert.equal(r.code, 1);
    assert.ok(ms < 10_000, `cancelled within seconds, not never (${ms} ms)`);
    assert.ok(!alive(Number(hung.pid)) && !alive(Number(hung.grandchildPid)), 'the healer and its grandchild are gone');
    const exec = stateOf(p);
    assert.equal(exec.status, 'cancelled');
    assert.equal(exec.batches[0]!.status, 'cancelled');
    assert.equal(exec.batches[1]!.status, 'pending');
    assert.deepEqual(projectProcesses(p), []);
    console.log(`      cancel during a heal: ${ms} ms`);
  });

  it('cancel during a pause ends cancelled; resume continues from the first unconfirmed batch', () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    const first = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--pause-between-batches', ...claude], { env: p.env });
    assert.equal(first.code, 4, first.stderr);
    assert.equal(stateOf(p).status, 'paused');
    const { ms } = cancel();
    assert.ok(ms < 10_000, `cancelled within seconds (${ms} ms)`);
    let exec = stateOf(p);
    assert.equal(exec.status, 'cancelled');
    assert.equal(exec.batches[0]!.status, 'completed', 'the confirmed batch stays confirmed');

    const config = join(p.dir, '..', 'no-pause.json');
    writeFileSync(config, JSON.stringify({ pauseBetweenBatches: false }));
    const resumed = runCli(['resume', '--project', p.dir, '--config', config, ...claude], { env: p.env });
    assert.equal(resumed.code, 0, resumed.stderr);
    exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.deepEqual(
      [B1, B2, B3].map((b) => callsForBatch(p!, b).length),
      [1, 1, 1],
      'each batch ran once',
    );
    assert.ok(exec.decisionLog.some((e) => /resumed by the user \(was cancelled\)/.test(e.reason)));
    console.log(`      cancel during a pause: ${ms} ms`);
  });

  it('cancel while waiting for a rate limit ends cancelled promptly; resume finishes the batch', async () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    p.setScenario({ rules: [{ name: '429', match: { kind: 'implement', call: 2 }, times: 1, do: { rateLimit: true } }] });
    const run = startAsync(p, ['--skip-analyze', '--no-decisions', '--retry-backoff-seconds', '30']);
    const waiting = await waitFor(() => readStates(p!).ok.find((e) => e.wait?.reason === 'rate_limit'), 30_000, 'the rate-limit wait');
    assert.equal(waiting.status, 'running');
    assert.ok(Date.parse(waiting.wait!.until!) - Date.now() > 20_000, 'it waits ~30 s');
    const t0 = Date.now();
    cancel();
    const r = await run.done;
    const ms = Date.now() - t0;
    assert.equal(r.code, 1);
    assert.ok(ms < 10_000, `cancelled within seconds, not after the 30 s wait (${ms} ms)`);
    let exec = stateOf(p);
    assert.equal(exec.status, 'cancelled');
    assert.equal(exec.wait, undefined, 'no longer waiting');
    assert.equal(exec.batches[1]!.status, 'cancelled');
    assert.equal(exec.batches[0]!.status, 'completed');

    const resumed = runCli(['resume', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(resumed.code, 0, resumed.stderr);
    exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.deepEqual(
      [B1, B2, B3].map((b) => callsForBatch(p!, b).length),
      [1, 2, 1],
      'batch 2: the rate-limited call and the resumed one',
    );
    assert.equal(exec.batches[1]!.healAttempts, 0, 'a rate limit is not a failure');
    console.log(`      cancel while waiting for a rate limit: ${ms} ms`);
  });

  it('resume after budget_exceeded with a raised cap continues at the stopped batch', () => {
    p = makeProject({ tasks: sectionedTasks(50, 5) });
    // $0.01 per task and per call: a batch of 10 costs $0.11; a $0.25 total runs out inside batch 3.
    const first = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--budget-total', '0.25', ...claude], { env: p.env });
    assert.equal(first.code, 5, first.stderr + first.stdout);
    let exec = stateOf(p);
    assert.equal(exec.status, 'budget_exceeded');
    assert.deepEqual(
      exec.batches.map((b) => b.status),
      ['completed', 'completed', 'failed', 'pending', 'pending'],
    );
    const stopped = exec.batches[2]!;
    const leftInBatch3 = stopped.taskIds.filter((id) => new RegExp(`- \\[ \\] ${id}\\b`).test(p!.tasks()));
    assert.ok(leftInBatch3.length > 0 && leftInBatch3.length < 10, `batch 3 stopped part way (${leftInBatch3.length} left)`);

    const resumed = runCli(['resume', '--project', p.dir, '--budget-total', '100', ...claude], { env: p.env });
    assert.equal(resumed.code, 0, resumed.stderr);
    exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.config.budget.totalUsd, 100);
    const perBatch = exec.batches.map((b) => callsForBatch(p!, b.taskIds).length);
    assert.deepEqual(perBatch, [1, 1, 2, 1, 1], 'only the stopped batch ran again');
    const again = callsForBatch(p, stopped.taskIds).at(-1)!;
    assert.deepEqual(again.taskIds, leftInBatch3, 'and only with its tasks still open');
    assert.ok(exec.decisionLog.some((e) => /resumed by the user \(was budget_exceeded\)/.test(e.reason)));
  });

  it('resume after a failure the user fixed by hand skips the fixed batch and runs the rest', () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    p.setScenario({ rules: [{ name: 'batch 2 lies', match: { kind: 'implement', call: 2 }, times: 1, do: { noop: true } }] });
    const first = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--no-auto-heal', ...claude], { env: p.env });
    assert.equal(first.code, 1, first.stdout);
    let exec = stateOf(p);
    assert.equal(exec.status, 'failed');
    assert.match(exec.error!.message, /T004, T005 and T006 are still open after the agent reported success/);

    writeFileSync(p.tasksFile, checkOff(p.tasks(), B2)); // the user did the work and checked it off
    const resumed = runCli(['resume', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(resumed.code, 0, resumed.stderr);
    exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches[1]!.status, 'completed');
    assert.match(exec.batches[1]!.note ?? '', /already done/);
    assert.deepEqual(
      [B1, B2, B3].map((b) => callsForBatch(p!, b).length),
      [1, 1, 1],
      'batch 2 was not run again; batch 3 ran once',
    );
    assert.equal(p.invocations().filter((c) => c.kind === 'heal').length, 0);
  });
});
