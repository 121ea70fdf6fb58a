import assert from 'node:assert/strict';
import { batchMessage, batchSubject, revertMessage, taskRange } from '../../../src/core/checkpoints/messages';
import { parseStatus } from '../../../src/core/checkpoints/repoState';
import { planRevert } from '../../../src/core/checkpoints/revertPlan';
import { checkpointRef, revertRef } from '../../../src/core/checkpoints/refs';

describe('checkpoints: messages, status parsing, revert planning', () => {
  it('names tasks as first–last, alone, or not at all', () => {
    assert.equal(taskRange(['T004', 'T005', 'T006']), 'T004–T006');
    assert.equal(taskRange(['T004', 'T009']), 'T004–T009');
    assert.equal(taskRange(['T004']), 'T004');
    assert.equal(taskRange([]), '');
    const input = { runId: 'r', batchIndex: 3, batchTotal: 5, batchName: ' Multi\nline  name ', taskIds: [] };
    assert.equal(batchSubject(input), 'specflow: batch 3 of 5 — Multi line name');
    assert.equal(batchMessage(input), 'specflow: batch 3 of 5 — Multi line name\n\nSpecFlow-Run: r\nSpecFlow-Batch: 3\n');
    assert.equal(revertMessage({ runId: 'r', batchIndex: 3 }), 'Revert "specflow: batch 3"\n\nSpecFlow-Run: r\nSpecFlow-Revert-Batch: 3\n');
  });

  it('builds private ref names and rejects ids that could escape refs/specflow', () => {
    assert.equal(checkpointRef('20260101-120000-abcdef', 2, 'before'), 'refs/specflow/20260101-120000-abcdef/2/before');
    assert.equal(revertRef('20260101-120000-abcdef', new Date('2026-03-04T05:06:07.089Z')), 'refs/specflow/20260101-120000-abcdef/revert-20260304T050607089Z');
    assert.throws(() => checkpointRef('../heads/main', 1, 'after'), /invalid orchestration id/);
    assert.throws(() => checkpointRef('20260101-120000-abcdef', 0, 'after'), RangeError);
  });

  it('reads porcelain status: staged, unstaged, both, renames (both names), untracked', () => {
    const out = ['M  staged.txt', ' M unstaged.txt', 'MM both.txt', 'R  new name.txt', 'old name.txt', '?? new dir/ü.txt', ''].join('\0');
    assert.deepEqual(parseStatus(out), {
      staged: ['staged.txt', 'both.txt', 'new name.txt', 'old name.txt'],
      unstaged: ['unstaged.txt', 'both.txt'],
      untracked: ['new dir/ü.txt'],
    });
  });

  it('plans a revert: tasks.md is never a conflict, later batches and user edits are', () => {
    const plan = planRevert({
      touched: ['tasks.md', 'a.ts', 'b.ts', 'c.ts', 'd.ts'],
      tasksPath: 'tasks.md',
      laterBatches: new Map([
        [4, ['b.ts', 'tasks.md']],
        [3, ['b.ts', 'tasks.md']],
      ]),
      sinceAfter: ['tasks.md', 'b.ts', 'c.ts', 'd.ts'],
      sinceLastCheckpoint: ['d.ts'],
    });
    assert.deepEqual(plan.restore, ['a.ts']);
    assert.deepEqual(plan.conflicts, [
      { path: 'b.ts', batches: [3, 4], workingTree: false },
      { path: 'c.ts', batches: [], workingTree: true },
      { path: 'd.ts', batches: [], workingTree: true },
    ]);
  });
});
