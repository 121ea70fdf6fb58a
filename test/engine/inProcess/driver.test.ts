// The driver, healing, budgets, retries and pause in-process (fake clock, fake agent port): each case runs
// in milliseconds. The CLI-level files beside this folder prove the same paths through real processes.
import assert from 'node:assert/strict';
import { inProcess, type InProcessRun } from '../../support/inProcess';
import { sectionedTasks } from '../../support/projects';

describe('engine in-process: the driver sequences the phase', () => {
  let r: InProcessRun | undefined;
  afterEach(() => r?.project.cleanup());

  it('plans the batches, runs each on exactly its tasks, verifies, stops merge ready, then merges to complete', async () => {
    r = inProcess({ tasks: sectionedTasks(6, 3) });
    const events: string[] = [];
    r.orchestrator.events.on('batch', ({ batch }) => events.push(`batch ${batch.index} ${batch.status}`));
    const done = await r.start();
    assert.equal(done.status, 'merge_ready');
    assert.deepEqual(
      r.agents.calls.map((c) => `${c.kind} ${c.taskIds.join(',')}`),
      ['implement T001,T002', 'implement T003,T004', 'implement T005,T006', 'verify '],
    );
    assert.deepEqual(
      done.batches.map((b) => b.status),
      ['completed', 'completed', 'completed'],
    );
    assert.deepEqual(done.steps.design.status, 'skipped');
    assert.deepEqual(done.steps.analyze.status, 'skipped');
    assert.ok(events.indexOf('batch 1 running') < events.indexOf('batch 1 completed'));
    assert.ok(events.indexOf('batch 1 completed') < events.indexOf('batch 2 running'));
    const merged = await (await r.orchestrator.merge(done.id)).done;
    assert.equal(merged.status, 'completed');
    assert.equal(r.agents.calls.at(-1)!.kind, 'merge');
  });

  it('heals a batch whose agent lied about success, inside the same batch, then goes on', async () => {
    r = inProcess({ tasks: sectionedTasks(4, 2), script: (c) => (c.kind === 'implement' && c.taskIds[0] === 'T003' ? { check: 0 } : undefined) });
    const done = await r.start();
    assert.equal(done.status, 'merge_ready');
    assert.deepEqual(
      done.batches.map((b) => b.status),
      ['completed', 'healed'],
    );
    const heal = r.agents.calls.find((c) => c.kind === 'heal')!;
    assert.match(heal.prompt, /T003 and T004 are still open after the agent reported success/);
    assert.deepEqual(heal.taskIds, ['T003', 'T004']);
    assert.ok(heal.resume, 'the healer continues the failed session');
    assert.equal(done.batches[1]!.healAttempts, 1);
  });

  it('stops failed after maxHealAttempts healers, never one more; without auto-heal, at once', async () => {
    r = inProcess({
      tasks: sectionedTasks(2, 1),
      script: (c) => (c.kind === 'implement' || c.kind === 'heal' ? { error: { text: 'Error: boom', subtype: 'error_during_execution' } } : undefined),
    });
    const failed = await r.start({ maxHealAttempts: 2 });
    assert.equal(failed.status, 'failed');
    assert.equal(r.agents.calls.filter((c) => c.kind === 'heal').length, 2);
    assert.match(failed.error!.message, /auto-healing did not fix it \(2 attempts\)/);
    r.project.cleanup();
    r = inProcess({ tasks: sectionedTasks(2, 1), script: () => ({ error: { text: 'Error: boom', subtype: 'error_during_execution' } }) });
    const noHeal = await r.start({ autoHeal: false });
    assert.equal(noHeal.status, 'failed');
    assert.equal(r.agents.calls.filter((c) => c.kind === 'heal').length, 0);
    assert.equal(noHeal.error!.details.why, 'auto-heal is off');
  });
});

describe('engine in-process: money', () => {
  let r: InProcessRun | undefined;
  afterEach(() => r?.project.cleanup());

  it('gives every call min(its cap, what is left) and stops at budget_exceeded; a higher total resumes to the end', async () => {
    r = inProcess({ tasks: sectionedTasks(4, 4), script: () => ({ costUsd: 0.3 }) });
    const stopped = await r.start({ budget: { perBatchUsd: 0.5, totalUsd: 1, healUsd: 0.2, decisionUsd: 0.05 } });
    assert.equal(stopped.status, 'budget_exceeded');
    assert.deepEqual(
      r.agents.calls.map((c) => c.maxBudgetUsd),
      [0.5, 0.5, 0.4, 0.1],
    );
    assert.ok(stopped.totalCostUsd <= 1.2 + 1e-9);
    const resumed = await (await r.orchestrator.resume(stopped.id, { budget: { totalUsd: 5 } })).done;
    assert.equal(resumed.status, 'merge_ready');
    assert.deepEqual(r.tasksChecked(), ['T001', 'T002', 'T003', 'T004']);
  });
});

describe('engine in-process: transient trouble is waited out, not healed', () => {
  let r: InProcessRun | undefined;
  afterEach(() => r?.project.cleanup());

  it('backs off on a 429 and an overload, using no heal attempt', async () => {
    let refused = 0;
    r = inProcess({
      tasks: sectionedTasks(2, 1),
      script: (c) => {
        if (c.kind !== 'implement' || refused >= 2) return undefined;
        refused++;
        return refused === 1
          ? { error: { text: 'API Error: Request rejected (429) · rate limited', apiErrorStatus: 429 } }
          : { error: { text: 'API Error: 529 Overloaded', apiErrorStatus: 529 } };
      },
    });
    const done = await r.start({ retryBackoffSeconds: 30 });
    assert.equal(done.status, 'merge_ready');
    assert.deepEqual(r.clock.sleeps, [30_000, 60_000]);
    assert.equal(done.batches[0]!.healAttempts, 0);
    assert.equal(r.agents.calls.filter((c) => c.kind === 'heal').length, 0);
    assert.equal(done.wait, undefined, 'no wait outlives its retry');
  });

  it('retries on the fallback model when the model is unavailable', async () => {
    r = inProcess({
      tasks: sectionedTasks(1, 1),
      script: (c) =>
        c.kind === 'implement' && c.model === 'opus'
          ? { error: { text: "There's an issue with the selected model (opus). It may not exist", apiErrorStatus: 404 } }
          : undefined,
    });
    const done = await r.start({ model: 'opus', fallbackModel: 'sonnet' });
    assert.equal(done.status, 'merge_ready');
    assert.deepEqual(
      r.agents.calls.filter((c) => c.kind === 'implement').map((c) => c.model),
      ['opus', 'sonnet'],
    );
  });
});

describe('engine in-process: pause', () => {
  let r: InProcessRun | undefined;
  afterEach(() => r?.project.cleanup());

  it('pauses between batches when asked, and resume continues from the next batch', async () => {
    r = inProcess({ tasks: sectionedTasks(3, 3) });
    const paused = await r.start({ pauseBetweenBatches: true });
    assert.equal(paused.status, 'paused');
    assert.deepEqual(
      paused.batches.map((b) => b.status),
      ['completed', 'pending', 'pending'],
    );
    await r.orchestrator.resume(paused.id, { pauseBetweenBatches: false }).then((h) => h.done);
    assert.equal((await r.orchestrator.get(paused.id)).status, 'merge_ready');
    assert.equal(r.agents.calls.filter((c) => c.kind === 'implement').length, 3, 'no batch ran twice');
  });
});

describe('engine in-process: Merge or Resume pressed the moment the run comes to rest', () => {
  let r: InProcessRun | undefined;
  afterEach(() => r?.project.cleanup());

  it('waits for the ending drive to write its report and let go of the lock, then merges', async () => {
    r = inProcess({ tasks: sectionedTasks(2, 2) });
    const orchestrator = r.orchestrator;
    let merging: Promise<string> | undefined;
    orchestrator.events.on('run', ({ orchestration }) => {
      // the status is saved and shown before the drive has released its lock
      if (orchestration.status === 'merge_ready' && !merging) {
        merging = orchestrator.merge(orchestration.id).then(
          (h) => h.done.then((m) => m.status),
          (e: Error) => `refused: ${e.message}`,
        );
      }
    });
    const done = await r.start();
    assert.equal(done.status, 'merge_ready');
    assert.ok(merging, 'merge was pressed while the drive was ending');
    assert.equal(await merging, 'completed');
    assert.equal(r.agents.calls.at(-1)!.kind, 'merge');
  });

  it('a resume pressed the moment the run shows paused waits for the ending drive, then continues', async () => {
    r = inProcess({ tasks: sectionedTasks(3, 3) });
    const orchestrator = r.orchestrator;
    let resuming: Promise<string> | undefined;
    orchestrator.events.on('run', ({ orchestration }) => {
      if (orchestration.status === 'paused' && !resuming) {
        resuming = orchestrator.resume(orchestration.id, { pauseBetweenBatches: false }).then(
          (h) => h.done.then((m) => m.status),
          (e: Error) => `refused: ${e.message}`,
        );
      }
    });
    const paused = await r.start({ pauseBetweenBatches: true });
    assert.equal(paused.status, 'paused');
    assert.ok(resuming, 'resume was pressed while the drive was ending');
    assert.equal(await resuming, 'merge_ready');
    assert.equal(r.agents.calls.filter((c) => c.kind === 'implement').length, 3, 'no batch ran twice');
  });
});
