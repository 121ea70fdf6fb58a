// Issue 15, fault: the process driving a run (a CLI `start`) is killed with SIGKILL while another process holds
// the project open — here `specflow-orchestrate serve` on the same project. The server's adoption sweep (every
// ~10 s, src/server/adoption.ts) finds the run active with no live owner, takes the lock, re-attaches to the
// agent (or applies its result) and drives the run to its end; no batch runs twice.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LockInfoSchema } from '../../src/core/store/ownershipLock';
import type { Served } from '../server/support';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { alive, callsForBatch, finishProject, projectProcesses, readStates, stateOf, waitFor, workflows } from './support';
import { serveSource, startSource } from './sourceCli';

describe('faults: an orphaned run is adopted by another holder of the project', function () {
  this.timeout(120_000);
  let p: TestProject | undefined;
  let served: Served | undefined;

  afterEach(async function () {
    await served?.stop();
    served = undefined;
    finishProject(p, this.currentTest);
    p = undefined;
  });

  it('start killed -9 while `serve` holds the project: the server adopts the run within 30 s and it finishes', async () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    // Batch 1's agent works 15 s, longer than a sweep interval: the server finds it alive and re-attaches.
    p.setScenario({ defaults: { delayMsPerTask: 300 }, rules: [{ match: { kind: 'implement', call: 1 }, times: 1, do: { delayMsPerTask: 5000 } }] });
    served = await serveSource(p);
    const owner = startSource(p, ['--skip-analyze', '--no-decisions']);
    const working = await waitFor(
      () => {
        const exec = readStates(p!).ok[0];
        const agent = exec?.agentRuns.find((r) => r.kind === 'implement' && r.batchIndex === 1 && r.state === 'running' && r.pid);
        return agent && p!.invocations().some((c) => c.pid === agent.pid) ? agent : undefined;
      },
      30_000,
      "batch 1's agent at work",
    );
    owner.child.kill('SIGKILL');
    const killed = await owner.done;
    const t0 = Date.now();
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(alive(working.pid!), 'the agent outlives its owner');

    const lock = join(workflows(p), 'orchestration.lock');
    const serverPid = served.child.pid!;
    await waitFor(
      () => {
        try {
          return LockInfoSchema.parse(JSON.parse(readFileSync(lock, 'utf8'))).pid === serverPid;
        } catch {
          return false; // no lock yet, or written right now
        }
      },
      30_000,
      'the server to take the lock (adoption)',
      50,
    );
    const adoptedMs = Date.now() - t0;
    await waitFor(() => /adopted orchestration \S+ in .*: its owner is gone, this server continues it/.test(served!.stderr()), 5_000, 'the server to say so');

    await waitFor(() => ['merge_ready', 'failed', 'cancelled'].includes(readStates(p!).ok[0]?.status ?? ''), 60_000, 'the adopted run to end');
    const doneMs = Date.now() - t0;
    const exec = stateOf(p);
    assert.equal(exec.status, 'merge_ready', JSON.stringify(exec.error));
    assert.deepEqual(
      exec.batches.map((b) => callsForBatch(p!, b.taskIds).length),
      [1, 1, 1],
      'every batch ran once: batch 1 was re-attached to, not run again',
    );
    assert.deepEqual(exec.batches[0]!.executionIds, [working.executionId]);
    assert.ok(
      exec.decisionLog.some((e) => e.kind === 'reconcile' && /resume found this run active with no live owner: continuing it/.test(e.reason)),
      exec.decisionLog.map((e) => e.reason).join('\n'),
    );
    assert.ok(
      exec.decisionLog.some((e) => e.reason.includes(`agent ${working.executionId} (pid ${working.pid}) is still running: re-attaching to it`)),
      exec.decisionLog.map((e) => e.reason).join('\n'),
    );
    assert.ok(
      p
        .invocations()
        .filter((c) => c.kind === 'implement' && c.call !== 1)
        .every((c) => c.ppid === serverPid),
      'batches 2 and 3 were started by the server',
    );
    assert.equal(await served.stop(), 0);
    served = undefined;
    assert.deepEqual(projectProcesses(p), []);
    console.log(`      adopted ${adoptedMs} ms after the owner was killed; merge_ready ${doneMs} ms after`);
  });

  it('a server started after the owner died adopts the orphan at once', async () => {
    p = makeProject({ tasks: sectionedTasks(6, 2) });
    p.setScenario({ defaults: { delayMsPerTask: 200 }, rules: [{ match: { kind: 'implement', call: 1 }, times: 1, do: { delayMsPerTask: 2000 } }] });
    const owner = startSource(p, ['--skip-analyze', '--no-decisions']);
    await waitFor(() => readStates(p!).ok[0]?.agentRuns.some((r) => r.state === 'running' && r.pid), 30_000, 'the first agent');
    owner.child.kill('SIGKILL');
    await owner.done;
    assert.equal(readStates(p).ok[0]!.status, 'running', 'an orphan: running, with nobody driving it');
    const t0 = Date.now();
    served = await serveSource(p);
    await waitFor(() => /adopted orchestration/.test(served!.stderr()), 5_000, 'the first sweep (at start, not 10 s later) to adopt it');
    const adoptedMs = Date.now() - t0;
    await waitFor(() => readStates(p!).ok[0]?.status === 'merge_ready', 60_000, 'the adopted run to finish');
    assert.deepEqual(
      stateOf(p).batches.map((b) => callsForBatch(p!, b.taskIds).length),
      [1, 1],
    );
    console.log(`      a server started after the crash adopted the run ${adoptedMs} ms after its start`);
  });
});
