// A run's state as the engine stores it, for the pure notification and CI-reporter tests. Built through the
// schema, so fields the schema defaults are filled in and a fixture the engine could never store fails here.
import {
  BatchItemSchema,
  OrchestrationExecutionSchema,
  SCHEMA_VERSION,
  type BatchItem,
  type DecisionLogEntry,
  type OrchestrationExecution,
} from '../../../src/core/model/execution';

const step = (status: OrchestrationExecution['steps']['design']['status']) => ({ status, executionIds: [], costUsd: 0 });

export function batch(index: number, name: string, status: BatchItem['status'], over: Partial<BatchItem> = {}): BatchItem {
  return BatchItemSchema.parse({ index, name, taskIds: [`T${index}1`, `T${index}2`], tasks: [], status, ...over });
}

export function entry(
  seq: number,
  reason: string,
  from: DecisionLogEntry['from'],
  to: DecisionLogEntry['to'],
  at = '2026-03-01T10:00:00.000Z',
): DecisionLogEntry {
  return { seq, at, kind: 'transition', from, to, reason, evidence: {} };
}

export function run(over: Partial<OrchestrationExecution> = {}): OrchestrationExecution {
  return OrchestrationExecutionSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id: '20260301-100000-abcdef',
    projectPath: '/home/dev/shop-api',
    projectName: 'shop-api',
    status: 'running',
    phase: 'implement',
    config: {},
    createdAt: '2026-03-01T10:00:00.000Z',
    startedAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:30:00.000Z',
    steps: { design: step('skipped'), analyze: step('completed'), verify: step('pending'), merge: step('pending') },
    batches: [batch(1, 'Setup', 'completed'), batch(2, 'Core', 'running'), batch(3, 'UI', 'pending'), batch(4, 'Polish', 'pending')],
    taskProgress: { completed: 12, total: 35 },
    totalCostUsd: 3.2,
    ...over,
  });
}
