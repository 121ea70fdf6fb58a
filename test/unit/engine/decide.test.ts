import assert from 'node:assert/strict';
import { decideNext } from '../../../src/core/engine/decide';
import { DEFAULT_CONFIG } from '../../../src/core/model/config';
import type { BatchItem, OrchestrationExecution } from '../../../src/core/model/execution';

type Exec = Parameters<typeof decideNext>[0];
const step = (status: OrchestrationExecution['steps']['design']['status']) => ({ status, executionIds: [], costUsd: 0 });
const batch = (index: number, status: BatchItem['status']): BatchItem => ({
  index,
  name: `B${index}`,
  taskIds: [`T${index}`],
  tasks: [],
  status,
  healAttempts: 0,
  executionIds: [],
  costUsd: 0,
  history: [],
});

function exec(over: Omit<Partial<Exec>, 'config'> & { config?: Partial<Exec['config']> } = {}): Exec {
  return {
    steps: { design: step('pending'), analyze: step('pending'), verify: step('pending'), merge: step('pending') },
    batches: [],
    tasksPath: 'specs/x/tasks.md',
    planned: false,
    ...over,
    config: { ...DEFAULT_CONFIG, ...(over.config ?? {}) },
  };
}
const snap = { hasSpec: true, hasTasks: true, hasUserGate: false, userGateStatus: null };

describe('decideNext', () => {
  it('runs design when spec.md is missing and skipDesign is off (US1-2)', () => {
    assert.deepEqual(decideNext(exec(), { ...snap, hasSpec: false }), { kind: 'step', step: 'design' });
  });
  it('skips design when spec and tasks exist, or when skipDesign is set (US2-4)', () => {
    assert.equal(decideNext(exec(), snap).kind, 'skip');
    const r = decideNext(exec({ config: { skipDesign: true } }), { ...snap, hasSpec: false });
    assert.deepEqual(r, { kind: 'skip', step: 'design', reason: 'skipDesign is set' });
  });
  it('runs analyze unless skipAnalyze', () => {
    const e = exec({ steps: { ...exec().steps, design: step('skipped') } });
    assert.deepEqual(decideNext(e, snap), { kind: 'step', step: 'analyze' });
    assert.equal(decideNext({ ...e, config: { ...e.config, skipAnalyze: true } }, snap).kind, 'skip');
  });
  it('plans, then runs batches in order, resuming a running one first', () => {
    const base = exec({ steps: { ...exec().steps, design: step('skipped'), analyze: step('completed') } });
    assert.deepEqual(decideNext(base, snap), { kind: 'plan' });
    const planned = { ...base, planned: true, batches: [batch(1, 'completed'), batch(2, 'running'), batch(3, 'pending')] };
    assert.deepEqual(decideNext(planned, snap), { kind: 'batch', index: 2 });
  });
  it('verifies when every batch is done (US1-4), then stops merge-ready without auto-merge (US4-4)', () => {
    const done = exec({
      planned: true,
      steps: { ...exec().steps, design: step('skipped'), analyze: step('completed') },
      batches: [batch(1, 'completed'), batch(2, 'healed')],
    });
    assert.deepEqual(decideNext(done, snap), { kind: 'step', step: 'verify' });
    const verified = { ...done, steps: { ...done.steps, verify: step('completed') } };
    assert.deepEqual(decideNext(verified, snap), { kind: 'merge_ready' });
    assert.deepEqual(decideNext({ ...verified, config: { ...verified.config, autoMerge: true } }, snap), { kind: 'step', step: 'merge' });
    assert.deepEqual(decideNext(verified, snap, { mergeRequested: true }), { kind: 'step', step: 'merge' });
  });
  it('waits at a USER GATE until it is confirmed', () => {
    const verified = exec({
      planned: true,
      steps: { design: step('skipped'), analyze: step('skipped'), verify: step('completed'), merge: step('pending') },
      config: { autoMerge: true },
    });
    assert.deepEqual(decideNext(verified, { ...snap, hasUserGate: true }), { kind: 'gate' });
    assert.deepEqual(decideNext(verified, { ...snap, hasUserGate: true, userGateStatus: 'confirmed' }), { kind: 'step', step: 'merge' });
  });
  it('is done once merge completed', () => {
    const merged = exec({ planned: true, steps: { design: step('skipped'), analyze: step('skipped'), verify: step('completed'), merge: step('completed') } });
    assert.deepEqual(decideNext(merged, snap), { kind: 'done' });
  });
});
