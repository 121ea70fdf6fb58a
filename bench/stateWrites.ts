// An atomic save with a 10,000-entry decision log: p95 ms and file size, with the rotation that keeps
// the state file bounded (older entries go to orchestration-{id}.log.jsonl) and without it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from '../src/core/store/atomicJson';
import { ExecutionStore, INLINE_LOG_LIMIT } from '../src/core/store/executionStore';
import { stateFile } from '../src/core/store/paths';
import { DEFAULT_CONFIG } from '../src/core/model/config';
import { OrchestrationExecutionSchema, SCHEMA_VERSION, type DecisionLogEntry, type OrchestrationExecution } from '../src/core/model/execution';
import { percentile, type BenchRow } from './stats';

function entry(seq: number): DecisionLogEntry {
  return {
    seq,
    at: new Date(1_800_000_000_000 + seq * 1000).toISOString(),
    kind: seq % 3 ? 'note' : 'transition',
    from: { status: 'running', phase: 'implement', batch: 2 },
    to: { status: 'running', phase: 'implement', batch: 3 },
    reason: `batch ${seq} of many "Core Components" completed: the agent succeeded and tasks.md shows T0${seq} checked`,
    evidence: { executionIds: [`20260101-000000-000-${String(seq % 1e6).padStart(6, '0')}`], costUsd: 0.42, tasks: '12/35' },
  };
}

function execution(id: string, entries: number): OrchestrationExecution {
  const step = { status: 'pending' as const, executionIds: [], costUsd: 0 };
  // Parsed, so every field the schema defaults is filled in whatever the schema version.
  return OrchestrationExecutionSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id,
    projectPath: '/p',
    projectName: 'p',
    status: 'running',
    phase: 'implement',
    config: DEFAULT_CONFIG,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    steps: { design: step, analyze: step, verify: step, merge: step },
    batches: [],
    fallback: false,
    taskProgress: { completed: 0, total: 0 },
    agentRuns: [],
    totalCostUsd: 0,
    warnings: [],
    pauseRequested: false,
    decisionLog: Array.from({ length: entries }, (_, i) => entry(i + 1)),
    decisionLogArchived: 0,
  });
}

export async function benchStateWrites(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'specflow-bench-state-'));
  const store = new ExecutionStore(dir);
  const id = '20260101-000000-abcdef';
  const exec = execution(id, 10_000);
  const rotated: number[] = [];
  for (let i = 0; i < 60; i++) {
    exec.decisionLog.push(entry(10_001 + i + exec.decisionLogArchived));
    const t0 = process.hrtime.bigint();
    await store.save(exec);
    rotated.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const rotatedSize = statSync(stateFile(dir, id)).size;
  const full = execution(id, 10_000);
  const flat: number[] = [];
  const plainFile = join(dir, 'unrotated.json');
  for (let i = 0; i < 30; i++) {
    const t0 = process.hrtime.bigint();
    await writeJsonAtomic(plainFile, full);
    flat.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const flatSize = statSync(plainFile).size;
  rmSync(dir, { recursive: true, force: true });
  return [
    { measure: `save p95, 10,000-entry log, rotated (${INLINE_LOG_LIMIT} kept inline)`, value: percentile(rotated, 95), unit: 'ms' },
    {
      measure: 'state file size, rotated',
      value: rotatedSize / 1024,
      unit: 'KiB',
      note: 'bounded: older entries are appended to orchestration-{id}.log.jsonl',
    },
    { measure: 'save p95, 10,000 entries inline (no rotation)', value: percentile(flat, 95), unit: 'ms' },
    { measure: 'state file size, no rotation', value: flatSize / 1024, unit: 'KiB', note: 'grows without bound: why rotation exists' },
  ];
}
