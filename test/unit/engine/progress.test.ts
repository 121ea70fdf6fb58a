import assert from 'node:assert/strict';
import { limitText, progressView } from '../../../src/core/engine/progress';
import { DEFAULT_CONFIG } from '../../../src/core/model/config';
import { OrchestrationExecutionSchema, SCHEMA_VERSION, type BatchItem, type OrchestrationExecution } from '../../../src/core/model/execution';

const step = (status: OrchestrationExecution['steps']['design']['status']) => ({ status, executionIds: [], costUsd: 0 });
const b = (index: number, name: string, status: BatchItem['status'], n: number, mins?: number): BatchItem => ({
  index,
  name,
  taskIds: Array.from({ length: n }, (_, i) => `T${index}${i}`),
  tasks: [],
  status,
  healAttempts: 0,
  executionIds: [],
  costUsd: 0.5,
  history: [],
  ...(mins !== undefined
    ? { startedAt: '2026-01-01T00:00:00.000Z', completedAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + mins * 60_000).toISOString() }
    : {}),
});

function exec(over: Partial<OrchestrationExecution>): OrchestrationExecution {
  // Parsed, so fields the schema defaults are filled in.
  return OrchestrationExecutionSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id: '20260101-000000-abcdef',
    projectPath: '/p',
    projectName: 'p',
    status: 'running',
    phase: 'implement',
    config: DEFAULT_CONFIG,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:10:00.000Z',
    steps: { design: step('skipped'), analyze: step('completed'), verify: step('pending'), merge: step('pending') },
    batches: [b(1, 'Setup', 'completed', 12, 12), b(2, 'Core Components', 'running', 8), b(3, 'UI', 'pending', 10), b(4, 'Polish', 'pending', 5)],
    fallback: false,
    plannedAt: '2026-01-01T00:00:00.000Z',
    taskProgress: { completed: 12, total: 35 },
    agentRuns: [],
    totalCostUsd: 1.5,
    warnings: [],
    pauseRequested: false,
    decisionLog: [],
    decisionLogArchived: 0,
    ...over,
  });
}

describe('progressView: the seed texts, derived from state', () => {
  it('implementing batch 2 of 4', () => {
    const v = progressView(exec({}), Date.parse('2026-01-01T00:20:00.000Z'));
    assert.equal(v.headline, 'Implementing batch 2 of 4: Core Components');
    assert.equal(v.tasksLine, 'Tasks: 12/35 complete');
    assert.equal(v.statusLabel, 'Running');
    assert.deepEqual(
      v.phases.map((p) => [p.label, p.state]),
      [
        ['Design', 'skipped'],
        ['Analyze', 'done'],
        ['Implement', 'current'],
        ['Verify', 'pending'],
        ['Merge', 'pending'],
      ],
    );
    assert.equal(v.elapsedMs, 20 * 60_000);
    assert.equal(v.etaMs, 23 * 60_000, '1 min per task measured, 23 tasks left');
  });
  it('auto-healing batch 2', () => {
    assert.equal(progressView(exec({ status: 'healing' })).headline, 'Auto-healing batch 2...');
  });
  it('merge ready', () => {
    const v = progressView(
      exec({
        status: 'merge_ready',
        phase: 'merge',
        batches: [b(1, 'Setup', 'completed', 12, 12)],
        steps: { design: step('skipped'), analyze: step('completed'), verify: step('completed'), merge: step('pending') },
      }),
    );
    assert.equal(v.headline, 'Merge ready');
    assert.equal(v.statusLabel, 'Merge Ready');
    assert.equal(v.phases.find((p) => p.phase === 'verify')!.state, 'done');
    assert.equal(v.etaMs, undefined);
  });
});

describe('limitText (the usage-limit countdown)', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');
  it('counts down in hours and minutes, and in days past two days', () => {
    assert.match(limitText({ until: new Date(now + (3 * 60 + 12) * 60_000).toISOString() }, now), /^Usage limit: resumes at .+ \(in 3h 12m\)$/);
    assert.match(limitText({ until: new Date(now + 72 * 3_600_000).toISOString() }, now), /^Usage limit: resumes at \w{3} \d+ \w{3} \d\d:\d\d \(in 3d 0h\)$/);
    assert.equal(limitText({}, now), 'Usage limit: waiting for it to reset');
  });
});
