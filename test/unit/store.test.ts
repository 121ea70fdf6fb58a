import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/model/config';
import { OrchestrationExecutionSchema, SCHEMA_VERSION } from '../../src/core/model/execution';
import { ExecutionStore, INLINE_LOG_LIMIT } from '../../src/core/store/executionStore';
import { archivedLogFile } from '../../src/core/store/paths';

describe('ExecutionStore: decision-log rotation', () => {
  it('keeps the state file bounded, archives older entries (even on the very first save), and reads them all back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specflow-store-'));
    try {
      const step = { status: 'pending' as const, executionIds: [], costUsd: 0 };
      const ref = { status: 'running' as const, phase: 'implement' as const };
      // through the schema, so fields it defaults need not be spelled out here
      const exec = OrchestrationExecutionSchema.parse({
        schemaVersion: SCHEMA_VERSION,
        id: '20260101-000000-abcdef',
        projectPath: dir,
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
        decisionLogArchived: 0,
        decisionLog: Array.from({ length: 1200 }, (_, i) => ({
          seq: i + 1,
          at: '2026-01-01T00:00:00.000Z',
          kind: 'note' as const,
          from: ref,
          to: ref,
          reason: `entry ${i + 1}`,
          evidence: {},
        })),
      });
      const store = new ExecutionStore(dir);
      await store.save(exec);
      const loaded = await store.load(exec.id);
      assert.equal(loaded.decisionLog.length, INLINE_LOG_LIMIT);
      assert.equal(loaded.decisionLogArchived, 1200 - INLINE_LOG_LIMIT);
      assert.equal(readFileSync(archivedLogFile(dir, exec.id), 'utf8').trim().split('\n').length, 1200 - INLINE_LOG_LIMIT);
      const all = await store.fullDecisionLog(loaded);
      assert.deepEqual(
        all.map((e) => e.seq),
        Array.from({ length: 1200 }, (_, i) => i + 1),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
