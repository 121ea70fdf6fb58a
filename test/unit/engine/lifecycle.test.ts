// lifecycle.ts: the only code that changes statuses, through explicit transition tables.
import assert from 'node:assert/strict';
import { change, IllegalTransitionError, reopenForResume } from '../../../src/core/engine/lifecycle';
import { DEFAULT_CONFIG } from '../../../src/core/model/config';
import { OrchestrationExecutionSchema, SCHEMA_VERSION, type OrchestrationExecution } from '../../../src/core/model/execution';

function run(status: OrchestrationExecution['status'] = 'running'): OrchestrationExecution {
  const step = { status: 'pending', executionIds: [], costUsd: 0 };
  const now = '2026-12-01T00:00:00.000Z';
  return OrchestrationExecutionSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id: '20261201-000000-abcdef',
    projectPath: '/p',
    projectName: 'p',
    status,
    phase: 'implement',
    config: DEFAULT_CONFIG,
    createdAt: now,
    startedAt: now,
    updatedAt: now,
    steps: { design: step, analyze: step, verify: step, merge: step },
    batches: [1, 2].map((index) => ({ index, name: `B${index}`, taskIds: [`T00${index}`], tasks: [], status: 'pending' })),
  });
}

describe('lifecycle', () => {
  it('moves run, phase and batch together in one logged transition, stamping the batch times', () => {
    const o = run();
    const entry = change(o, { status: 'running', batch: { item: o.batches[0]!, to: 'running' } }, 'Implementing batch 1 of 2: B1');
    assert.equal(entry.kind, 'transition');
    assert.deepEqual(entry.to, { status: 'running', phase: 'implement', batch: 1 });
    assert.ok(o.batches[0]!.startedAt);
    change(o, { batch: { item: o.batches[0]!, to: 'completed' } }, 'done');
    assert.ok(o.batches[0]!.completedAt);
    assert.equal(o.decisionLog.length, 2);
  });

  it('refuses an illegal transition and leaves no trace of it', () => {
    const o = run('completed');
    assert.throws(() => change(o, { status: 'running' }, 'no'), IllegalTransitionError);
    const p = run();
    assert.throws(() => change(p, { status: 'running', batch: { item: p.batches[0]!, to: 'healed' } }, 'no'), /illegal batch 1 transition pending → healed/);
    assert.equal(p.batches[0]!.status, 'pending', 'the batch did not move');
    assert.equal(p.decisionLog.length, 0, 'nothing was logged');
    assert.throws(() => change(run('merge_ready'), { status: 'failed' }, 'no'), /illegal run transition merge_ready → failed/);
  });

  it('a change that moves nothing is logged as a note', () => {
    const o = run();
    assert.equal(change(o, {}, 'just saying').kind, 'note');
  });

  it('reopens failed and cancelled batches and steps for a resume, and clears the error and wait', () => {
    const o = run();
    change(o, { status: 'running', batch: { item: o.batches[0]!, to: 'running' } }, 'start');
    o.batches[0]!.healAttempts = 1;
    o.error = { message: 'boom', kind: 'error', at: o.updatedAt, details: {}, logPaths: [] };
    change(o, { status: 'failed', batch: { item: o.batches[0]!, to: 'failed', error: 'boom' } }, 'failed');
    reopenForResume(o, 'resumed');
    assert.equal(o.status, 'running');
    assert.equal(o.batches[0]!.status, 'pending');
    assert.equal(o.batches[0]!.error, undefined);
    assert.equal(o.error, undefined);
  });
});
