// Issue 7, fault 8 (US6): the owner (CLI) dies while batch 2's agent works; the next `start` adopts the
// run and, for that agent, re-attaches (still running), applies its result from the run log (finished
// while nobody watched), or counts it as failed (died without a result) and heals or stops as the config
// says. Batch 1, confirmed before the crash, never runs again. Each decision is a 'reconcile' log entry.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentRun, OrchestrationExecution } from '../../src/core/model/execution';
import { runCli } from '../support/cli';
import type { Action } from '../fixtures/fakeClaude/scenario';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { alive, callsForBatch, claude, finishProject, projectProcesses, psLive, readStates, startAsync, stateOf, waitFor, workflows } from './support';

const BATCH2 = ['T004', 'T005', 'T006'];

describe('faults: the reconciler after the owner died', function () {
  this.timeout(90_000);
  let p: TestProject | undefined;

  afterEach(function () {
    finishProject(p, this.currentTest);
    p = undefined;
  });

  /** Starts a 3-batch run whose batch 2 agent is slow, and SIGKILLs the CLI once that agent's pid is saved and it works. */
  async function killOwnerDuringBatch2(
    args: string[] = [],
    batch2: Action = { delayMsPerTask: 800 },
  ): Promise<{ run: AgentRun; exec: OrchestrationExecution }> {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    p.setScenario({
      rules: [
        { name: 'slow batch 2', match: { kind: 'implement', call: 2 }, times: 1, do: batch2 },
        { match: { kind: 'heal' }, do: { complete: true } },
      ],
    });
    const owner = startAsync(p, ['--skip-analyze', '--no-decisions', ...args]);
    const seen = await waitFor(
      () => {
        const exec = readStates(p!).ok[0];
        const run = exec?.agentRuns.find((r) => r.kind === 'implement' && r.batchIndex === 2 && r.state === 'running' && r.pid);
        return run && exec ? { run, exec } : undefined;
      },
      30_000,
      "batch 2's agent pid in the state file",
    );
    // and the agent is at work (it logs its call once it has started)
    await waitFor(() => p!.invocations().some((c) => c.pid === seen.run.pid), 15_000, "batch 2's agent to start working");
    owner.child.kill('SIGKILL');
    assert.equal((await owner.done).signal, 'SIGKILL');
    assert.ok(alive(seen.run.pid!), 'the agent outlives its owner (own process group)');
    assert.equal(seen.exec.batches[0]!.status, 'completed');
    return seen;
  }

  function reconcileLog(exec: OrchestrationExecution): string[] {
    return exec.decisionLog.filter((e) => e.kind === 'reconcile').map((e) => e.reason);
  }

  function assertBatch1RanOnce(exec: OrchestrationExecution): void {
    assert.equal(callsForBatch(p!, exec.batches[0]!.taskIds).length, 1, 'confirmed batch 1 never ran again');
  }

  // Slow enough (3 × 1 s) that the restarted CLI finds it still working, even on a loaded box.
  const STILL_WORKING = { delayMsPerTask: 1000 };

  it('agent still running → re-attached, not re-spawned; its result is applied', async () => {
    const { run } = await killOwnerDuringBatch2([], STILL_WORKING);
    const r = runCli(['start', '--project', p!.dir, ...claude], { env: p!.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /was left running by a process that is gone: continuing it/);
    const exec = stateOf(p!);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(callsForBatch(p!, BATCH2).length, 1, 'batch 2 was not re-spawned');
    assertBatch1RanOnce(exec);
    assert.equal(exec.batches[1]!.status, 'completed');
    assert.deepEqual(exec.batches[1]!.executionIds, [run.executionId], 'the one agent of batch 2');
    const stored = exec.agentRuns.find((x) => x.executionId === run.executionId)!;
    assert.equal(stored.outcome, 'success');
    assert.ok(stored.applied);
    const log = reconcileLog(exec);
    assert.ok(
      log.some((m) => /a new start found this run active with no live owner/.test(m)),
      log.join('\n'),
    );
    assert.ok(
      log.some((m) => m.includes(`agent ${run.executionId} (pid ${run.pid}) is still running: re-attaching to it`)),
      log.join('\n'),
    );
    assert.deepEqual(projectProcesses(p!), []);
  });

  it('agent finished while nobody watched → its result is applied from the run log', async () => {
    const { run } = await killOwnerDuringBatch2([], { delayMsPerTask: 400 });
    await waitFor(() => !alive(run.pid!) && p!.calls().some((e) => e.event === 'exit' && e.pid === run.pid), 20_000, 'the agent to finish alone');
    const r = runCli(['start', '--project', p!.dir, ...claude], { env: p!.env });
    assert.equal(r.code, 0, r.stderr);
    const exec = stateOf(p!);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(callsForBatch(p!, BATCH2).length, 1, 'batch 2 was not run again');
    assertBatch1RanOnce(exec);
    assert.equal(exec.batches[1]!.status, 'completed', 'completed from the log, not healed');
    assert.equal(p!.invocations().filter((c) => c.kind === 'heal').length, 0);
    const log = reconcileLog(exec);
    assert.ok(
      log.some((m) => m.includes(`agent ${run.executionId} finished while no owner was watching: applying its result`)),
      log.join('\n'),
    );
  });

  it('agent dead without a result → counted as failed, then healed (autoHeal on)', async () => {
    const { run } = await killOwnerDuringBatch2();
    process.kill(-run.pid!, 'SIGKILL'); // the agent's whole group dies without writing a result
    await waitFor(() => !alive(run.pid!), 5_000, 'the agent to die');
    const r = runCli(['start', '--project', p!.dir, ...claude], { env: p!.env });
    assert.equal(r.code, 0, r.stderr);
    const exec = stateOf(p!);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches[1]!.status, 'healed');
    assertBatch1RanOnce(exec);
    assert.equal(callsForBatch(p!, BATCH2).length, 1, 'batch 2 was healed, not blindly re-run');
    assert.equal(callsForBatch(p!, BATCH2, ['heal']).length, 1);
    const dead = exec.agentRuns.find((x) => x.executionId === run.executionId)!;
    assert.equal(dead.outcome, 'crashed');
    const log = reconcileLog(exec);
    assert.ok(
      log.some((m) => m.includes(`agent ${run.executionId} is gone without a result: counting it as failed`)),
      log.join('\n'),
    );
    assert.ok(exec.decisionLog.some((e) => /Auto-healing batch 2/.test(e.reason)));
  });

  it('agent dead without a result → the run stops as failed when auto-heal is off (US6-3)', async () => {
    const { run } = await killOwnerDuringBatch2(['--no-auto-heal']);
    process.kill(-run.pid!, 'SIGKILL');
    await waitFor(() => !alive(run.pid!), 5_000, 'the agent to die');
    const r = runCli(['start', '--project', p!.dir, ...claude], { env: p!.env });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const exec = stateOf(p!);
    assert.equal(exec.status, 'failed');
    assert.equal(exec.batches[1]!.status, 'failed');
    assert.equal(exec.batches[2]!.status, 'pending', 'no further batch ran');
    assert.match(exec.error!.message, /Batch 2 .* failed: the agent is gone without a result/);
    assert.equal(exec.error!.details.why, 'auto-heal is off');
    assertBatch1RanOnce(exec);
    assert.equal(p!.invocations().filter((c) => c.kind === 'heal').length, 0);
    assert.ok(reconcileLog(exec).some((m) => m.includes('is gone without a result: counting it as failed')));
  });

  it('an agent whose pid was never saved is found by its SPECFLOW_EXECUTION_ID marker and re-attached', async () => {
    const { run } = await killOwnerDuringBatch2([], STILL_WORKING);
    // As if the owner died between spawning the agent and saving its pid.
    const file = join(workflows(p!), readStates(p!).ok[0]!.id.replace(/^/, 'orchestration-') + '.json');
    const exec0 = JSON.parse(readFileSync(file, 'utf8')) as OrchestrationExecution;
    const rec = exec0.agentRuns.find((x) => x.executionId === run.executionId)!;
    delete rec.pid;
    delete rec.pidStartTime;
    rec.state = 'starting';
    writeFileSync(file, JSON.stringify(exec0, null, 2));
    const r = runCli(['start', '--project', p!.dir, ...claude], { env: p!.env });
    assert.equal(r.code, 0, r.stderr);
    const exec = stateOf(p!);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(callsForBatch(p!, BATCH2).length, 1, 'found and re-attached, not re-spawned');
    assertBatch1RanOnce(exec);
    const log = reconcileLog(exec);
    assert.ok(
      log.some((m) => m.includes(`found agent ${run.executionId} running as pid ${run.pid} (its pid was never recorded): re-attaching`)),
      log.join('\n'),
    );
    assert.equal(exec.agentRuns.find((x) => x.executionId === run.executionId)!.pid, run.pid);
  });
  it('an agent recorded as starting that never ran (no process, empty log) is started again, once', async () => {
    const { run } = await killOwnerDuringBatch2([], { hang: { afterTasks: 0, silent: true } });
    process.kill(-run.pid!, 'SIGKILL');
    await waitFor(() => !alive(run.pid!), 5_000, 'the agent to die');
    // As if the owner died after recording the run and before spawning it: no pid, nothing in its log.
    const file = join(workflows(p!), `orchestration-${readStates(p!).ok[0]!.id}.json`);
    const exec0 = JSON.parse(readFileSync(file, 'utf8')) as OrchestrationExecution;
    const rec = exec0.agentRuns.find((x) => x.executionId === run.executionId)!;
    delete rec.pid;
    delete rec.pidStartTime;
    rec.state = 'starting';
    writeFileSync(file, JSON.stringify(exec0, null, 2));
    writeFileSync(join(p!.dir, rec.logPath), '');
    const r = runCli(['start', '--project', p!.dir, ...claude], { env: p!.env });
    assert.equal(r.code, 0, r.stderr);
    const exec = stateOf(p!);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches[1]!.status, 'completed', 'a call that never ran is not a failure');
    assert.equal(exec.batches[1]!.healAttempts, 0);
    const old = exec.agentRuns.find((x) => x.executionId === run.executionId)!;
    assert.equal(old.outcome, 'cancelled');
    assert.match(old.outcomeMessage ?? '', /never started/);
    assert.equal(exec.batches[1]!.executionIds.length, 2, 'the never-started run and its one replacement');
    assert.ok(
      reconcileLog(exec).some((m) => m.includes(`agent ${run.executionId} never started (no process, empty log): starting the call again`)),
      reconcileLog(exec).join('\n'),
    );
    assertBatch1RanOnce(exec);
  });

  it('a restart that reads tasks.md torn by its working agent never marks unstarted batches done', async () => {
    // Found by the kill loop: the restarted owner re-planned from tasks.md while the re-attached agent was
    // rewriting it; the half-written file had no open tasks for batches 3–5, which were "skipped". Here the
    // file is held half-written (as a slow writer would) from the kill until the new owner re-attached.
    p = makeProject({ tasks: sectionedTasks(6, 3) });
    p.setScenario({ rules: [{ name: 'slow batch 2', match: { kind: 'implement', call: 2 }, times: 1, do: { delayMsPerTask: 2500 } }] });
    const owner = startAsync(p, ['--skip-analyze', '--no-decisions']);
    const agent = await waitFor(
      () => p!.invocations().find((c) => c.kind === 'implement' && (c.taskIds as string[]).includes('T003')),
      30_000,
      'batch 2 agent',
    );
    await waitFor(() => readStates(p!).ok[0]?.agentRuns.some((x) => x.batchIndex === 2 && x.pid === agent.pid), 10_000, 'its pid saved');
    owner.child.kill('SIGKILL');
    await owner.done;
    const whole = p.tasks();
    writeFileSync(p.tasksFile, whole.slice(0, whole.indexOf('## Phase 3'))); // torn: section 3 not written yet
    const again = startAsync(p);
    await waitFor(
      () => readStates(p!).ok[0]?.decisionLog.some((e) => e.kind === 'reconcile' && /still running: re-attaching/.test(e.reason)),
      30_000,
      'the re-attach',
    );
    writeFileSync(p.tasksFile, whole); // the writer finishes its write
    const r = await again.done;
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches[2]!.note, undefined, 'batch 3 was not "skipped as already done"');
    assert.ok(!exec.decisionLog.some((e) => /skipped: all its tasks are already checked/.test(e.reason)), 'nothing was skipped');
    assert.equal(callsForBatch(p, ['T005', 'T006']).length, 1, 'batch 3 really ran');
    assert.equal(callsForBatch(p, ['T003', 'T004']).length, 1, 'batch 2 was re-attached, not re-run');
  });

  it('owner died between announcing a heal and recording its agent → the heal attempt is made, not counted as spent', async () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    p.setScenario({
      rules: [
        { match: { kind: 'implement', call: 2 }, times: 1, do: { error: { text: 'Error: tests failed in src/part5.ts', afterTasks: 1 } } },
        { name: 'first healer hangs', match: { kind: 'heal', call: 1 }, times: 1, do: { hang: { afterTasks: 0, silent: true } } },
        { match: { kind: 'heal' }, do: { complete: true } },
      ],
    });
    const owner = startAsync(p, ['--skip-analyze', '--no-decisions']);
    const hung = await waitFor(() => p!.calls().find((e) => e.event === 'grandchild'), 30_000, 'the healer');
    owner.child.kill('SIGKILL');
    await owner.done;
    process.kill(-Number(hung.pid), 'SIGKILL');
    await waitFor(() => !alive(Number(hung.pid)), 5_000, 'the healer to die');
    // The file as it is when the owner dies right after saving "Auto-healing batch 2 (attempt 1 of 1)",
    // before the healer's run is recorded: drop that run again.
    const file = join(workflows(p), `orchestration-${readStates(p).ok[0]!.id}.json`);
    const exec0 = JSON.parse(readFileSync(file, 'utf8')) as OrchestrationExecution;
    assert.equal(exec0.status, 'healing');
    assert.equal(exec0.batches[1]!.healAttempts, 1);
    const healIds = exec0.agentRuns.filter((x) => x.kind === 'heal').map((x) => x.executionId);
    exec0.agentRuns = exec0.agentRuns.filter((x) => x.kind !== 'heal');
    exec0.batches[1]!.executionIds = exec0.batches[1]!.executionIds.filter((id) => !healIds.includes(id));
    writeFileSync(file, JSON.stringify(exec0, null, 2));

    const r = runCli(['start', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches[1]!.status, 'healed');
    assert.equal(exec.batches[1]!.healAttempts, 1, 'the announced attempt is the one that ran');
    assert.ok(
      reconcileLog(exec).some((m) => /heal attempt 1 of batch 2 was announced but its healer was never started/.test(m)),
      reconcileLog(exec).join('\n'),
    );
    assertBatch1RanOnce(exec);
    assert.equal(callsForBatch(p, BATCH2).length, 1, 'batch 2 itself did not run again');
  });

  it('owner died during a rate-limit wait → the next owner waits out the rest, retries, and the wait is cleared', async () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    p.setScenario({ rules: [{ name: '429', match: { kind: 'implement', call: 2 }, times: 1, do: { rateLimit: true } }] });
    const owner = startAsync(p, ['--skip-analyze', '--no-decisions', '--retry-backoff-seconds', '4']);
    const waiting = await waitFor(() => readStates(p!).ok.find((e) => e.wait?.reason === 'rate_limit'), 30_000, 'the rate-limit wait');
    owner.child.kill('SIGKILL');
    await owner.done;
    const until = Date.parse(waiting.wait!.until!);
    const r = runCli(['start', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr);
    const retry = callsForBatch(p, BATCH2).at(-1)!;
    assert.equal(callsForBatch(p, BATCH2).length, 2, 'the rate-limited call and one retry');
    assert.ok(Date.parse(String(retry.ts)) >= until, `the retry waited for ${waiting.wait!.until} (it started ${String(retry.ts)})`);
    const exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.wait, undefined, 'no stale "waiting for the API" once the run went on');
    assert.ok(
      reconcileLog(exec).some((m) => /rate limit/.test(m)),
      reconcileLog(exec).join('\n'),
    );
  });

  it('SIGTERM detaches the CLI and leaves the agent working; the next start re-attaches to it', async () => {
    const { run } = await (async () => {
      p = makeProject({ tasks: sectionedTasks(9, 3) });
      p.setScenario({ rules: [{ match: { kind: 'implement', call: 2 }, times: 1, do: { delayMsPerTask: 800 } }] });
      const owner = startAsync(p, ['--skip-analyze', '--no-decisions']);
      const seen = await waitFor(
        () => readStates(p!).ok[0]?.agentRuns.find((x) => x.batchIndex === 2 && x.state === 'running' && x.pid),
        30_000,
        'batch 2 agent',
      );
      owner.child.kill('SIGTERM');
      const res = await owner.done;
      assert.equal(res.code, 1);
      return { run: seen };
    })();
    assert.ok(alive(run.pid!), 'the agent keeps working');
    assert.equal(readStates(p!).ok[0]!.status, 'running', 'the state is left as it was');
    const r = runCli(['start', '--project', p!.dir, ...claude], { env: p!.env });
    assert.equal(r.code, 0, r.stderr);
    const exec = stateOf(p!);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(callsForBatch(p!, BATCH2).length, 1);
    assert.ok(
      reconcileLog(exec).some((m) => m.includes(`agent ${run.executionId} (pid ${run.pid}) is still running: re-attaching`)) ||
        reconcileLog(exec).some((m) => m.includes(`agent ${run.executionId} finished while no owner was watching`)),
    );
  });

  it('cancel with no live owner stops the agent it left running', async () => {
    const { run } = await killOwnerDuringBatch2([], STILL_WORKING);
    const c = runCli(['cancel', '--project', p!.dir, '--json'], { env: p!.env });
    assert.equal(c.code, 0, c.stderr);
    await waitFor(() => !alive(run.pid!), 3_000, 'the agent to be stopped');
    const exec = stateOf(p!);
    assert.equal(exec.status, 'cancelled');
    assert.equal(exec.batches[1]!.status, 'cancelled');
    assert.deepEqual(projectProcesses(p!), []);
  });
  it('a re-attached agent that hangs is killed after the stale timeout with its grandchild, then healed', async () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    p.setScenario({ rules: [{ name: 'batch 2 hangs', match: { kind: 'implement', call: 2 }, times: 1, do: { hang: { afterTasks: 1, silent: true } } }] });
    const owner = startAsync(p, ['--skip-analyze', '--no-decisions', '--stale-minutes', '0.05']);
    const hung = await waitFor(() => p!.calls().find((e) => e.event === 'grandchild'), 30_000, 'the hung agent');
    owner.child.kill('SIGKILL'); // well before its 3 s stale timeout
    await owner.done;
    const agent = Number(hung.pid);
    const grandchild = Number(hung.grandchildPid);
    assert.ok(alive(agent) && alive(grandchild), 'nobody watches the hung agent now');
    const r = runCli(['start', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(psLive([agent, grandchild]), [], 'the re-attached owner killed the whole tree');
    const exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches[1]!.status, 'healed');
    assert.equal(exec.agentRuns.find((x) => x.pid === agent)!.outcome, 'stale');
    assert.ok(
      reconcileLog(exec).some((m) => m.includes(`(pid ${agent}) is still running: re-attaching`)),
      reconcileLog(exec).join('\n'),
    );
    assertBatch1RanOnce(exec);
    assert.deepEqual(projectProcesses(p), []);
  });
  it('cancel with no live owner also stops an agent whose pid was never saved (found by its marker)', async () => {
    const { run } = await killOwnerDuringBatch2([], { hang: { afterTasks: 1, silent: true } });
    const file = join(workflows(p!), `orchestration-${readStates(p!).ok[0]!.id}.json`);
    const exec0 = JSON.parse(readFileSync(file, 'utf8')) as OrchestrationExecution;
    const rec = exec0.agentRuns.find((x) => x.executionId === run.executionId)!;
    delete rec.pid;
    delete rec.pidStartTime;
    rec.state = 'starting';
    writeFileSync(file, JSON.stringify(exec0, null, 2));
    const c = runCli(['cancel', '--project', p!.dir, '--json'], { env: p!.env });
    assert.equal(c.code, 0, c.stderr);
    await waitFor(() => !alive(run.pid!), 3_000, 'the unrecorded agent to be stopped');
    const exec = stateOf(p!);
    assert.equal(exec.status, 'cancelled');
    assert.deepEqual(projectProcesses(p!), [], 'no orphan: neither the agent nor its grandchild');
  });
});
