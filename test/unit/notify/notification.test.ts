import assert from 'node:assert/strict';
import { NotificationSchema, notificationFor } from '../../../src/core/notify/notification';
import type { RunStatus } from '../../../src/core/model/statuses';
import { run } from './fixtures';

const REPORT = '/home/dev/shop-api/.specflow/reports/orchestration-20260301-100000-abcdef.md';

describe('notificationFor: one notification per status change that needs a human', () => {
  it('completed and merge ready carry the project, the outcome, tasks and cost, the report and the run id', () => {
    const n = notificationFor('running', run({ status: 'merge_ready', phase: 'merge', taskProgress: { completed: 35, total: 35 }, totalCostUsd: 12.4 }), {
      reportPath: REPORT,
    });
    assert.deepEqual(n, {
      runId: '20260301-100000-abcdef',
      project: { name: 'shop-api', path: '/home/dev/shop-api' },
      outcome: { name: 'merge_ready', label: 'Merge Ready' },
      title: 'SpecFlow · shop-api: Merge Ready',
      summary: 'Tasks 35/35 · $12.40 of $50.00',
      reportPath: REPORT,
      at: '2026-03-01T10:30:00.000Z',
    });
    assert.doesNotThrow(() => NotificationSchema.parse(n));
    assert.equal(notificationFor('running', run({ status: 'completed' }))?.outcome.label, 'Complete');
  });

  it('failed says why in one bounded line', () => {
    const message = `batch 3 of 4 "UI" failed: the healer gave up\n  at src/ui.ts:12\n${'x'.repeat(500)}`;
    const n = notificationFor(
      'healing',
      run({ status: 'failed', error: { message, kind: 'batch_failed', at: '2026-03-01T10:30:00.000Z', details: {}, logPaths: [] } }),
    );
    assert.equal(n?.outcome.name, 'failed');
    assert.match(n.summary, /^Tasks 12\/35 · \$3\.20 of \$50\.00 · batch 3 of 4 "UI" failed: the healer gave up at src\/ui\.ts:12 x+…$/);
    assert.ok(n.summary.length < 360, `${n.summary.length} characters`);
    assert.ok(!n.summary.includes('\n'));
  });

  it('budget exceeded, a USER GATE and a usage-limit pause (with its reset time)', () => {
    assert.equal(
      notificationFor('running', run({ status: 'budget_exceeded', totalCostUsd: 50 }))?.summary,
      'Tasks 12/35 · $50.00 of $50.00 · raise the budget and resume',
    );
    const gate = notificationFor(
      'running',
      run({
        status: 'waiting',
        wait: { reason: 'user_gate', message: 'Waiting at the USER GATE: confirm the phase, then merge', since: '2026-03-01T10:30:00.000Z' },
      }),
    );
    assert.equal(gate?.outcome.name, 'user_gate');
    assert.equal(gate?.outcome.label, 'Waiting at the USER GATE');
    assert.match(gate.summary, /confirm the phase, then merge$/);
    const limit = notificationFor(
      'running',
      run({
        status: 'paused',
        wait: {
          reason: 'usage_limit',
          message: 'Usage limit (5-hour): paused until it resets at 15:00 UTC',
          since: '2026-03-01T10:30:00.000Z',
          until: '2026-03-01T15:00:30.000+00:00',
        },
      }),
    );
    assert.equal(limit?.outcome.name, 'usage_limit');
    assert.equal(limit?.resumesAt, '2026-03-01T15:00:30.000+00:00');
    assert.match(limit.summary, /resets at 2026-03-01 15:00 UTC$/);
  });

  it('says nothing when the status did not change, or for statuses nobody needs to hear about', () => {
    assert.equal(notificationFor('merge_ready', run({ status: 'merge_ready' })), undefined);
    const quiet: RunStatus[] = ['running', 'healing', 'cancelled'];
    for (const status of quiet) assert.equal(notificationFor('paused', run({ status })), undefined, status);
    // waiting and paused only for a USER GATE and a usage limit
    assert.equal(
      notificationFor('running', run({ status: 'waiting', wait: { reason: 'rate_limit', message: 'x', since: '2026-03-01T10:30:00.000Z' } })),
      undefined,
    );
    assert.equal(
      notificationFor('running', run({ status: 'paused', wait: { reason: 'user_pause', message: 'x', since: '2026-03-01T10:30:00.000Z' } })),
      undefined,
    );
    // a status not seen before counts as a change
    assert.equal(notificationFor(undefined, run({ status: 'failed' }))?.outcome.name, 'failed');
  });
});
