// Issue 7, faults 4 and 5: an agent that hangs without a word is killed after the stale timeout with its
// whole process tree, and one killed by a signal mid-batch; both batches fail, then heal → merge_ready.
import assert from 'node:assert/strict';
import { runCli } from '../support/cli';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { alive, callsForBatch, claude, finishProject, projectProcesses, psLive, startAsync, stateOf, waitFor } from './support';

describe('faults: agents that hang or die', function () {
  this.timeout(90_000);
  let p: TestProject | undefined;

  afterEach(function () {
    finishProject(p, this.currentTest);
    p = undefined;
  });

  it('a silent hung agent is killed after the stale timeout with its grandchild; the batch fails, then heals', async () => {
    p = makeProject({ tasks: sectionedTasks(6, 2) });
    p.setScenario({
      rules: [
        { name: 'batch 1 hangs silently', match: { kind: 'implement', call: 1 }, times: 1, do: { hang: { afterTasks: 1, silent: true } } },
        { match: { kind: 'heal' }, do: { complete: true } },
      ],
    });
    const t0 = Date.now();
    const run = startAsync(p, ['--skip-analyze', '--stale-minutes', '0.02']);
    const hung = await waitFor(() => p!.calls().find((e) => e.event === 'grandchild'), 30_000, 'the hung agent');
    const agent = Number(hung.pid);
    const grandchild = Number(hung.grandchildPid);
    const hungAt = Date.now();
    assert.ok(alive(agent) && alive(grandchild), 'the agent and its sleep grandchild run');
    assert.equal(psLive([agent, grandchild]).length, 2, 'ps shows both');

    // Killed after ~1.2 s of silence (the stale timeout), the whole tree, before the healer starts.
    await waitFor(() => !alive(agent) && !alive(grandchild), 15_000, 'the stale kill of the agent tree');
    const killedAfter = Date.now() - hungAt;
    assert.deepEqual(psLive([agent, grandchild]), [], 'ps shows neither the agent nor its grandchild');
    assert.ok(killedAfter >= 600, `not killed before the stale timeout (${killedAfter} ms)`);

    const r = await run.done;
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    const b1 = exec.batches[0]!;
    assert.equal(b1.status, 'healed');
    assert.equal(b1.healAttempts, 1);
    assert.equal(exec.batches[1]!.status, 'completed');
    const staleRun = exec.agentRuns.find((x) => x.kind === 'implement' && x.batchIndex === 1)!;
    assert.equal(staleRun.outcome, 'stale');
    assert.ok(
      exec.decisionLog.some((e) => /Auto-healing batch 1.*printed nothing for too long/.test(e.reason)),
      'the failure is logged as stale, then healed',
    );
    assert.ok(exec.decisionLog.some((e) => /batch 1 of 2 .* healed on attempt 1/.test(e.reason)));
    const heal = p.invocations().find((c) => c.kind === 'heal')!;
    assert.deepEqual(heal.taskIds, ['T002', 'T003'], 'the healer gets what the hung agent left');
    assert.deepEqual(projectProcesses(p), [], 'nothing is left running');
    console.log(`      hung agent killed ${killedAfter} ms after it went silent (stale timeout 1.2 s); run took ${Date.now() - t0} ms`);
  });

  it('an agent killed by SIGKILL mid-batch fails the batch, which then heals', () => {
    p = makeProject({ tasks: sectionedTasks(6, 2) });
    p.setScenario({
      rules: [
        { name: 'batch 2 dies', match: { kind: 'implement', call: 2 }, times: 1, do: { crash: { signal: 'SIGKILL', afterTasks: 1 } } },
        { match: { kind: 'heal' }, do: { complete: true } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches[0]!.status, 'completed');
    const b2 = exec.batches[1]!;
    assert.equal(b2.status, 'healed');
    assert.equal(b2.healAttempts, 1);
    const crashed = exec.agentRuns.find((x) => x.kind === 'implement' && x.batchIndex === 2)!;
    assert.equal(crashed.outcome, 'crashed');
    assert.equal(crashed.signal, 'SIGKILL');
    assert.match(crashed.outcomeMessage ?? '', /killed by SIGKILL without a result/);
    assert.ok(exec.decisionLog.some((e) => /Auto-healing batch 2.*killed by SIGKILL/.test(e.reason)));
    assert.equal(callsForBatch(p, b2.taskIds).length, 1, 'batch 2 was not simply re-run: the healer took over');
    assert.deepEqual(p.invocations().find((c) => c.kind === 'heal')!.taskIds, ['T005', 'T006']);
    assert.equal(p.calls().filter((e) => e.event === 'exit' && e.signal === 'SIGKILL').length, 1);
    assert.deepEqual(projectProcesses(p), [], 'nothing is left running');
  });
});
