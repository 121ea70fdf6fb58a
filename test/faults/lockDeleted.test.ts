// Issue 15, fault: the ownership lock file is deleted while a batch's agent works (an agent's `git clean -fdx`,
// a user tidying up). The lock belongs to the run, not to the file: the owner's next heartbeat (every 10 s)
// writes it again and notes it in the decision log; the run is not cancelled and its agent not killed. Another
// holder of the project (`serve`, which adopts orphans) must not take the run over in the meantime: a missing
// lock file is not a dead owner.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LockInfoSchema } from '../../src/core/store/ownershipLock';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import type { Served } from '../server/support';
import { callsForBatch, finishProject, projectProcesses, readStates, startAsync, stateOf, waitFor, workflows } from './support';
import { serveSource, startSource } from './sourceCli';
import { FAKE_CLAUDE, runCli } from '../support/cli';

const RECREATED = /the ownership lock file had disappeared .*this owner wrote it again and goes on/;

describe('faults: the ownership lock file deleted mid-batch', function () {
  this.timeout(90_000);
  let p: TestProject | undefined;
  let served: Served | undefined;

  afterEach(async function () {
    await served?.stop();
    served = undefined;
    finishProject(p, this.currentTest);
    p = undefined;
  });

  it('the owner writes it again at its next heartbeat, notes it, and the run finishes (no cancel)', async () => {
    // One batch of 8 tasks at 1.5 s each: the agent still works at the owner's first heartbeat (10 s in).
    p = makeProject({ tasks: sectionedTasks(8, 1) });
    p.setScenario({ defaults: { delayMsPerTask: 1500 } });
    const lock = join(workflows(p), 'orchestration.lock');
    const run = startAsync(p, ['--skip-analyze', '--no-decisions']);
    const working = await waitFor(
      () => {
        const exec = readStates(p!).ok[0];
        const agent = exec?.agentRuns.find((r) => r.kind === 'implement' && r.state === 'running' && r.pid);
        return agent && exec && p!.invocations().some((c) => c.pid === agent.pid) ? { exec, agent } : undefined;
      },
      30_000,
      'the batch agent at work',
    );
    const before = LockInfoSchema.parse(JSON.parse(readFileSync(lock, 'utf8')));
    assert.equal(before.pid, run.child.pid);

    rmSync(lock);
    const t0 = Date.now();
    // the state names its live owner: a second process must not drive the run while the file is gone
    const second = runCli(['resume', '--project', p.dir, '--claude', FAKE_CLAUDE], { env: p.env });
    assert.notEqual(second.code, 0, `resume must refuse: ${second.stdout}`);
    assert.match(second.stderr, new RegExp(`driven by .* pid ${before.pid}`));
    await waitFor(() => existsSync(lock), 15_000, 'the lock file to be written again (heartbeat: 10 s)', 20);
    const recreatedMs = Date.now() - t0;
    const after = LockInfoSchema.parse(JSON.parse(readFileSync(lock, 'utf8')));
    assert.deepEqual(
      { pid: after.pid, orchestrationId: after.orchestrationId, acquiredAt: after.acquiredAt },
      { pid: before.pid, orchestrationId: working.exec.id, acquiredAt: before.acquiredAt },
      'the same owner, the same run',
    );
    assert.ok(after.heartbeatAt > before.heartbeatAt);

    const r = await run.done;
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches[0]!.status, 'completed');
    assert.equal(callsForBatch(p, exec.batches[0]!.taskIds).length, 1, 'the agent was neither killed nor run again');
    const agent = exec.agentRuns.find((x) => x.executionId === working.agent.executionId)!;
    assert.equal(agent.outcome, 'success');
    const notes = exec.decisionLog.filter((e) => RECREATED.test(e.reason));
    assert.equal(notes.length, 1, exec.decisionLog.map((e) => e.reason).join('\n'));
    assert.ok(!exec.decisionLog.some((e) => /cancel|took over/i.test(e.reason)));
    assert.equal(existsSync(lock), false, 'released at the end');
    assert.deepEqual(projectProcesses(p), []);
    console.log(`      lock file written again ${recreatedMs} ms after it was deleted`);
  });

  it('with `serve` open on the project, the missing lock is not taken for a dead owner: no takeover, each batch runs once', async () => {
    p = makeProject({ tasks: sectionedTasks(8, 2) });
    p.setScenario({ defaults: { delayMsPerTask: 1500 } });
    const lock = join(workflows(p), 'orchestration.lock');
    const run = startSource(p, ['--skip-analyze', '--no-decisions']);
    await waitFor(() => readStates(p!).ok[0]?.agentRuns.some((r) => r.state === 'running' && r.pid), 30_000, 'the batch agent');
    rmSync(lock);
    served = await serveSource(p); // its first adoption sweep runs now, while the lock file is missing
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.doesNotMatch(r.stderr, /took over/);
    const exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready');
    assert.deepEqual(
      exec.batches.map((b) => callsForBatch(p!, b.taskIds).length),
      [1, 1],
      'one agent per batch',
    );
    assert.ok(
      p.invocations().every((c) => c.ppid === run.child.pid),
      'every agent was started by the `start` process',
    );
    assert.equal(exec.decisionLog.filter((e) => RECREATED.test(e.reason)).length, 1);
    assert.doesNotMatch(served.stderr(), /adopted/);
    assert.equal(await served.stop(), 0);
    served = undefined;
  });
});
