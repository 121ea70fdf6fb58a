// Seeded random tasks.md files (≥ 1,000) checked against the planner's invariants.
import assert from 'node:assert/strict';
import { parseTasks } from '../../../src/core/tasks/parseTasks';
import { planBatches } from '../../../src/core/tasks/planBatches';
import { generateTasksMd, mulberry32 } from '../../support/tasksGenerator';

const CASES = 1200;
const SEED = Number(process.env.PLANNER_SEED ?? 20261125);

describe(`planner invariants over ${CASES} generated files (seed ${SEED})`, () => {
  it('holds for every case', () => {
    const rand = mulberry32(SEED);
    for (let c = 0; c < CASES; c++) {
      const gen = generateTasksMd(rand);
      const batchSize = 1 + Math.floor(rand() * 20);
      const parsed = parseTasks(gen.text);
      const plan = planBatches(parsed, batchSize);
      const where = `case ${c} (seed ${SEED}, batchSize ${batchSize})`;

      // The parser sees exactly the tasks the generator wrote, with their lines and states.
      assert.deepEqual(
        parsed.tasks.map((t) => [t.id, t.line, t.status]),
        gen.tasks.map((t) => [t.id, t.line, t.status]),
        where,
      );

      const open = parsed.tasks.filter((t) => t.status === 'open');
      const batched = plan.batches.flatMap((b) => b.tasks.map((t) => t.line));
      // every open task is in exactly one batch; no done/blocked/deferred task is in a batch
      assert.deepEqual(
        [...batched].sort((a, b) => a - b),
        open.map((t) => t.line),
        where,
      );
      assert.equal(new Set(batched).size, batched.length, where);
      // file order is kept, across and within batches
      assert.deepEqual(
        batched,
        [...batched].sort((a, b) => a - b),
        where,
      );
      // indexes are 1..n
      assert.deepEqual(
        plan.batches.map((b) => b.index),
        plan.batches.map((_, i) => i + 1),
        where,
      );
      assert.equal(plan.completedTasks, gen.tasks.filter((t) => t.status === 'done').length, where);
      assert.equal(plan.totalTasks, gen.tasks.length, where);

      if (plan.fallback) {
        assert.equal(gen.sectionsWithTasks, 0, where);
        for (const b of plan.batches) assert.ok(b.tasks.length <= batchSize && b.tasks.length > 0, where);
        assert.equal(plan.batches.length, Math.ceil(open.length / batchSize), where);
      } else {
        // one batch per section that holds an open task (a Preamble counts as a section)
        assert.equal(plan.batches.length, gen.sectionsWithOpenTasks, where);
        for (const b of plan.batches) assert.ok(b.tasks.length > 0, where);
      }
    }
  });
});
