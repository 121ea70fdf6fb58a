// State files from older SpecFlow versions are migrated when read; newer ones are refused, never rewritten.
import assert from 'node:assert/strict';
import { decodeState } from '../../src/core/store/decodeState';
import { DEFAULT_CONFIG } from '../../src/core/model/config';
import { SCHEMA_VERSION } from '../../src/core/model/execution';

const now = '2026-12-01T00:00:00.000Z';
const step = { status: 'pending', executionIds: [], costUsd: 0 };
const v1 = {
  schemaVersion: 1,
  id: '20261201-000000-abcdef',
  projectPath: '/p',
  projectName: 'p',
  status: 'failed',
  phase: 'implement',
  config: DEFAULT_CONFIG,
  createdAt: now,
  startedAt: now,
  updatedAt: now,
  steps: { design: step, analyze: step, verify: step, merge: step },
  batches: [],
  runs: [{ executionId: '20261201-000001-abcdef', kind: 'implement', state: 'exited', startedAt: now, logPath: 'x.jsonl', stderrPath: 'x.log' }],
};

describe('decodeState: schema versions', () => {
  it('migrates a version 1 file: its runs become agentRuns', () => {
    const r = decodeState(JSON.stringify(v1));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.execution.schemaVersion, SCHEMA_VERSION);
    assert.equal(r.execution.agentRuns.length, 1);
    assert.equal(r.execution.agentRuns[0]!.executionId, '20261201-000001-abcdef');
    assert.ok(!('runs' in r.execution));
  });

  it('refuses a file from a newer SpecFlow by name', () => {
    const r = decodeState(JSON.stringify({ ...v1, schemaVersion: SCHEMA_VERSION + 1 }));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'future-version');
  });
});
