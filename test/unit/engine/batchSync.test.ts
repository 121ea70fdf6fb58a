import assert from 'node:assert/strict';
import { batchesFromPlan, openTasksOf, syncBatches } from '../../../src/core/engine/batchSync';
import { parseTasks } from '../../../src/core/tasks/parseTasks';
import { planBatches } from '../../../src/core/tasks/planBatches';

const md = (...l: string[]) => l.join('\n');

describe('syncBatches: each batch is planned freshly from tasks.md', () => {
  const original = md('## A', '- [ ] T1', '- [ ] T2', '## B', '- [ ] T3');
  const batches = batchesFromPlan(planBatches(parseTasks(original)));

  it('drops tasks checked off meanwhile from what is sent', () => {
    const now = parseTasks(md('## A', '- [x] T1', '- [ ] T2', '## B', '- [ ] T3'));
    assert.deepEqual(
      openTasksOf(batches[0]!, now).map((t) => t.id),
      ['T2'],
    );
  });

  it('reports a pending batch whose tasks are all done, for the lifecycle to complete without running it', () => {
    const now = parseTasks(md('## A', '- [ ] T1', '- [ ] T2', '## B', '- [x] T3'));
    const r = syncBatches(batches, now, { fallback: false, batchSize: 15 });
    assert.deepEqual(r.alreadyDone, [2]);
    assert.equal(r.batches[1]!.status, 'pending', 'sync changes no status itself: lifecycle.ts does');
  });

  it('adds a task added to a pending section to that batch, and a new section as a new batch', () => {
    const now = parseTasks(md('## A', '- [ ] T1', '- [ ] T2', '- [ ] T9', '## B', '- [ ] T3', '## C', '- [ ] T10'));
    const r = syncBatches(batches, now, { fallback: false, batchSize: 15 });
    assert.deepEqual(r.batches[0]!.taskIds, ['T1', 'T2', 'T9']);
    assert.equal(r.batches[2]!.name, 'C');
    assert.deepEqual(r.batches[2]!.taskIds, ['T10']);
  });

  it('chunks new tasks into new fallback batches', () => {
    const flat = batchesFromPlan(planBatches(parseTasks(md('- [ ] T1', '- [ ] T2')), 2));
    const now = parseTasks(md('- [ ] T1', '- [ ] T2', '- [ ] T3', '- [ ] T4', '- [ ] T5'));
    const r = syncBatches(flat, now, { fallback: true, batchSize: 2 });
    assert.deepEqual(
      r.batches.map((b) => b.taskIds),
      [['T1', 'T2'], ['T3', 'T4'], ['T5']],
    );
  });

  it('leaves a running or finished batch alone', () => {
    const running = batches.map((b, i) => ({ ...b, status: i === 0 ? ('running' as const) : b.status }));
    const now = parseTasks(md('## A', '- [x] T1', '- [x] T2', '## B', '- [ ] T3'));
    assert.equal(syncBatches(running, now, { fallback: false, batchSize: 15 }).batches[0]!.status, 'running');
  });
});
