// Seeded real-world tasks.md files (spec-kit, Kiro, OpenSpec, numbered, plain) checked against the issue-19
// invariants: no task lost, unique keys, IDs that do not move, batches within the cap, parents with their sub-tasks.
import assert from 'node:assert/strict';
import { parseTasks, type ParsedTasks } from '../../../src/core/tasks/parseTasks';
import { planBatches, type BatchPlan } from '../../../src/core/tasks/planBatches';
import { generateRealWorldTasksMd, mulberry32, type RealWorldTasksMd } from '../../support/tasksGenerator';

const CASES = 800;
const SEED = Number(process.env.PLANNER_SEED ?? 20261126);

function rootOf(parsed: ParsedTasks, key: string): string {
  const byKey = new Map(parsed.tasks.map((t) => [t.key, t]));
  let t = byKey.get(key)!;
  while (t.parent !== undefined) t = byKey.get(t.parent)!;
  return t.key;
}

function checkParse(gen: RealWorldTasksMd, parsed: ParsedTasks, where: string): void {
  // Exactly the generator's tasks, at their lines, with their effective statuses and written IDs.
  assert.deepEqual(
    parsed.tasks.map((t) => [t.line, t.status, t.synthetic ? undefined : t.id, Boolean(t.optional)]),
    gen.tasks.map((t) => [t.line, t.status, t.id, t.optional]),
    where,
  );
  assert.deepEqual(
    parsed.checklist.map((c) => c.line),
    gen.checklistLines,
    where,
  );
  // Parents are the generator's.
  const lineOf = new Map(parsed.tasks.map((t) => [t.key, t.line]));
  assert.deepEqual(
    parsed.tasks.map((t) => (t.parent === undefined ? undefined : lineOf.get(t.parent))),
    gen.tasks.map((t) => t.parentLine),
    where,
  );
  // Keys are unique; a repeated ID is keyed ID, ID#2, … in file order.
  assert.equal(new Set(parsed.tasks.map((t) => t.key)).size, parsed.tasks.length, where);
  const seen = new Map<string, number>();
  for (const t of parsed.tasks) {
    if (t.synthetic) {
      assert.equal(t.key, t.id, where);
      assert.doesNotMatch(t.id, /^T\d|^\d+(\.\d+)*$/, `${where}: derived ID ${t.id}`);
      continue;
    }
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    assert.equal(t.key, n === 1 ? t.id : `${t.id}#${n}`, where);
  }
  if (gen.tasks.some((t) => t.id !== undefined)) assert.equal(parsed.format, gen.format, where);
}

function checkPlan(parsed: ParsedTasks, plan: BatchPlan, where: string): void {
  const planned = parsed.tasks.filter((t) => t.status === 'open' && (plan.includeOptional || !t.optional));
  const batched = plan.batches.flatMap((b) => b.taskIds);
  // Every open task is in exactly one batch, and nothing else is.
  assert.deepEqual([...batched].sort(), planned.map((t) => t.key).sort(), where);
  assert.equal(plan.openTasks, planned.length, where);
  const cap = plan.fallback ? plan.batchSize : plan.maxBatchTasks;
  const batchOf = new Map<string, number>();
  for (const b of plan.batches) {
    assert.ok(b.tasks.length > 0, where);
    assert.deepEqual(
      b.taskIds,
      b.tasks.map((t) => t.key),
      where,
    );
    for (const k of b.taskIds) batchOf.set(k, b.index);
    // Within the cap, unless the batch is one parent with its sub-tasks, bigger than the cap on its own.
    if (b.tasks.length > cap)
      assert.equal(new Set(b.taskIds.map((k) => rootOf(parsed, k))).size, 1, `${where}: batch ${b.index} has ${b.tasks.length} > ${cap}`);
    if (b.split) assert.match(b.name, new RegExp(`\\(part ${b.split.part} of ${b.split.of}\\)$`), where);
  }
  // A planned sub-task and its planned parent share a batch.
  for (const t of planned) {
    if (t.parent !== undefined && batchOf.has(t.parent)) assert.equal(batchOf.get(t.key), batchOf.get(t.parent), where);
  }
}

/** Blank lines anywhere, and a paragraph of unrelated text before some safe lines: no task, key or ID changes. */
function insertUnrelated(gen: RealWorldTasksMd, rand: () => number): { text: string; shift: (line: number) => number } {
  const eol = gen.text.includes('\r\n') ? '\r\n' : '\n';
  const lines = gen.text.split(/\r\n|\n/);
  const inserts = new Map<number, string[]>();
  for (let i = 0; i < 1 + Math.floor(rand() * 6); i++) {
    const before = 1 + Math.floor(rand() * lines.length);
    inserts.set(before, [...(inserts.get(before) ?? []), '']);
  }
  for (const before of gen.safeLines) {
    if (rand() < 0.2) inserts.set(before, [...(inserts.get(before) ?? []), '', 'An unrelated note about the design, with `code` and a [link](x).', '']);
  }
  const out: string[] = [];
  const newLine: number[] = [];
  lines.forEach((l, i) => {
    out.push(...(inserts.get(i + 1) ?? []));
    out.push(l);
    newLine[i + 1] = out.length;
  });
  return { text: out.join(eol), shift: (line) => newLine[line]! };
}

describe(`real-world planner invariants over ${CASES} generated files (seed ${SEED})`, () => {
  it('loses no task, keys every task apart, keeps batches within the cap and parents with their sub-tasks', () => {
    const rand = mulberry32(SEED);
    for (let c = 0; c < CASES; c++) {
      const gen = generateRealWorldTasksMd(rand);
      const opts = { batchSize: 1 + Math.floor(rand() * 20), maxBatchTasks: 1 + Math.floor(rand() * 25), includeOptional: rand() < 0.5 };
      const where = `case ${c} (seed ${SEED}, ${gen.format}, ${JSON.stringify(opts)})`;
      const parsed = parseTasks(gen.text, gen.path ? { path: gen.path } : {});
      checkParse(gen, parsed, where);
      checkPlan(parsed, planBatches(parsed, opts), where);
    }
  });

  it('changes no task, ID or key when blank lines or unrelated text are inserted', () => {
    const rand = mulberry32(SEED + 1);
    for (let c = 0; c < CASES; c++) {
      const gen = generateRealWorldTasksMd(rand);
      const where = `case ${c} (seed ${SEED + 1}, ${gen.format})`;
      const opts = gen.path ? { path: gen.path } : {};
      const before = parseTasks(gen.text, opts);
      const moved = insertUnrelated(gen, rand);
      const after = parseTasks(moved.text, opts);
      assert.deepEqual(
        after.tasks.map((t) => [t.line, t.key, t.id, t.status, t.parent]),
        before.tasks.map((t) => [moved.shift(t.line), t.key, t.id, t.status, t.parent]),
        where,
      );
      assert.deepEqual(
        after.checklist.map((i) => i.line),
        before.checklist.map((i) => moved.shift(i.line)),
        where,
      );
    }
  });
});
