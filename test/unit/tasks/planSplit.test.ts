// The planner's options (issue 19): the size cap and how sections split, units of a parent and its sub-tasks,
// optional tasks, and the plan's counts and grouped warnings.
import assert from 'node:assert/strict';
import { parseTasks } from '../../../src/core/tasks/parseTasks';
import { DEFAULT_MAX_BATCH_TASKS, planBatches, type PlanOptions } from '../../../src/core/tasks/planBatches';

const tasks = (from: number, count: number, mark = ' ') =>
  Array.from({ length: count }, (_, i) => `- [${mark}] T${String(from + i).padStart(3, '0')} task ${from + i}`);
const plan = (lines: string[], opts?: number | PlanOptions) => planBatches(parseTasks(lines.join('\n')), opts);
const shape = (p: ReturnType<typeof plan>) => p.batches.map((b) => [b.name, b.taskIds.length]);

describe('planBatches: the size cap', () => {
  it('splits a section of 45 tasks without subsections into even parts of at most 20', () => {
    assert.equal(DEFAULT_MAX_BATCH_TASKS, 20);
    const p = plan(['## Phase 3: Core', ...tasks(1, 45)]);
    assert.deepEqual(shape(p), [
      ['Phase 3: Core (part 1 of 3)', 15],
      ['Phase 3: Core (part 2 of 3)', 15],
      ['Phase 3: Core (part 3 of 3)', 15],
    ]);
    assert.deepEqual(p.batches[1]!.split, { part: 2, of: 3, subsections: [] });
    assert.equal(p.batches[1]!.section, 'Phase 3: Core');
    assert.deepEqual(p.batches[1]!.taskIds.slice(0, 2), ['T016', 'T017']);
  });

  it('packs whole ### subsections greedily, and cuts a too-big one evenly', () => {
    const p = plan([
      '## Phase 2',
      '- [ ] T000 before any subsection',
      '### A',
      ...tasks(1, 8),
      '### B',
      ...tasks(11, 10),
      '### C',
      ...tasks(31, 25),
      '### D',
      ...tasks(61, 4),
    ]);
    assert.deepEqual(
      p.batches.map((b) => [b.taskIds.length, b.split!.subsections.join('+')]),
      [
        [19, 'A+B'],
        [13, 'C'],
        [12, 'C'],
        [4, 'D'],
      ],
    );
    assert.deepEqual(
      p.batches.map((b) => b.name),
      ['Phase 2 (part 1 of 4)', 'Phase 2 (part 2 of 4)', 'Phase 2 (part 3 of 4)', 'Phase 2 (part 4 of 4)'],
    );
  });

  it('leaves a section at the cap whole, and honours a custom cap', () => {
    assert.deepEqual(shape(plan(['## A', ...tasks(1, 20)])), [['A', 20]]);
    assert.deepEqual(shape(plan(['## A', ...tasks(1, 7)], { maxBatchTasks: 3 })), [
      ['A (part 1 of 3)', 3],
      ['A (part 2 of 3)', 2],
      ['A (part 3 of 3)', 2],
    ]);
  });

  it('keeps the fallback batch size for files without sections, whatever the cap', () => {
    const p = plan(tasks(1, 40), { batchSize: 25, maxBatchTasks: 5 });
    assert.equal(p.fallback, true);
    assert.deepEqual(
      p.batches.map((b) => [b.name, b.taskIds.length, b.split]),
      [
        ['Tasks T001–T025', 25, undefined],
        ['Tasks T026–T040', 15, undefined],
      ],
    );
  });

  it('takes the old positional batch size and the options object alike', () => {
    const lines = tasks(1, 23);
    assert.deepEqual(
      plan(lines, 10).batches.map((b) => b.taskIds.length),
      [10, 10, 3],
    );
    assert.deepEqual(
      plan(lines, { batchSize: 10 }).batches.map((b) => b.taskIds.length),
      [10, 10, 3],
    );
    assert.equal(plan(lines).batchSize, 15);
  });

  it('rejects a cap below 1 or not whole', () => {
    assert.throws(() => plan(['## A', '- [ ] T1'], { maxBatchTasks: 0 }), /max batch tasks must be a whole number/);
    assert.throws(() => plan(['## A', '- [ ] T1'], { maxBatchTasks: 2.5 }), RangeError);
  });
});

describe('planBatches: parents, sub-tasks and optional tasks', () => {
  const kiro = (...lines: string[]) => parseTasks(['# Implementation Plan', ...lines].join('\n'), { path: '.kiro/specs/x/tasks.md' });

  it('never splits a parent from its sub-tasks, even across the fallback chunks', () => {
    const parsed = kiro('- [ ] 1. A', '  - [ ] 1.1 a', '  - [ ] 1.2 b', '- [ ] 2. B', '  - [ ] 2.1 c', '  - [ ] 2.2 d', '- [ ] 3. C');
    const p = planBatches(parsed, { batchSize: 4 });
    assert.deepEqual(
      p.batches.map((b) => b.taskIds),
      [
        ['1', '1.1', '1.2'],
        ['2', '2.1', '2.2', '3'],
      ],
    );
  });

  it('batches the open sub-tasks of a done parent together', () => {
    const parsed = kiro('- [x] 1. A', '  - [ ] 1.1 a', '  - [ ] 1.2 b', '- [ ] 2. B');
    assert.deepEqual(
      planBatches(parsed, { batchSize: 2 }).batches.map((b) => b.taskIds),
      [['1.1', '1.2'], ['2']],
    );
  });

  it('runs a parent bigger than the cap as one batch, with a warning', () => {
    const parsed = kiro('- [ ] 1. Big', ...Array.from({ length: 5 }, (_, i) => `  - [ ] 1.${i + 1} part`), '- [ ] 2. Small');
    const p = planBatches(parsed, { batchSize: 3 });
    assert.deepEqual(
      p.batches.map((b) => b.taskIds.length),
      [6, 1],
    );
    const w = p.warningDetails.find((x) => x.code === 'oversized-group')!;
    assert.match(w.message, /^1 task with its sub-tasks is bigger than the batch cap of 3.*: 1 \(6 tasks, line 2\)$/);
  });

  it('skips optional tasks unless they are included, and says how many', () => {
    const parsed = kiro('- [ ] 1. A', '  - [ ]* 1.1 optional tests', '- [ ]* 2. Optional docs', '- [x]* 3. Done optional');
    const skipped = planBatches(parsed);
    assert.deepEqual(
      skipped.batches.map((b) => b.taskIds),
      [['1']],
    );
    assert.deepEqual([skipped.optionalTasks, skipped.skippedOptionalTasks, skipped.openTasks, skipped.totalTasks], [2, 2, 1, 4]);
    assert.match(
      skipped.warnings.find((w) => w.includes('optional'))!,
      /^2 optional tasks .* skipped.*lines 3–4$/,
    );
    const included = planBatches(parsed, { includeOptional: true });
    assert.deepEqual(
      included.batches.map((b) => b.taskIds),
      [['1', '1.1', '2']],
    );
    assert.deepEqual([included.skippedOptionalTasks, included.openTasks], [0, 3]);
    assert.ok(!included.warnings.some((w) => w.includes('optional')));
  });

  it('counts in-progress tasks and checklist items apart', () => {
    const p = planBatches(parseTasks(['## A', '- [ ] T001', '## Quality Gates', '- [x] lint clean', '- [ ] coverage ≥ 80%'].join('\n')));
    assert.deepEqual([p.totalTasks, p.completedTasks, p.checklistItems, p.checklistDone], [1, 0, 2, 1]);
    const k = planBatches(kiro('- [-] 1. Working', '- [ ] 2. Next'));
    assert.deepEqual([k.inProgressTasks, k.openTasks, k.deferredTasks, k.format], [1, 2, 0, 'kiro']);
  });

  it('sends a task with its steps and detail lines', () => {
    const parsed = parseTasks(['## A', '### T001: Create the model', 'Use zod.', '- [ ] Define it', '- [x] Export it'].join('\n'));
    const t = planBatches(parsed).batches[0]!.tasks[0]!;
    assert.deepEqual([t.key, t.id, t.line], ['T001', 'T001', 2]);
    assert.deepEqual(
      t.steps.map((s) => [s.line, s.status, s.text]),
      [
        [4, 'open', 'Define it'],
        [5, 'done', 'Export it'],
      ],
    );
    assert.deepEqual(t.context, ['Use zod.']);
  });

  it('carries every parser warning as a line and as data', () => {
    const p = plan(['## A', '- [ ] T001', '- [ ] T001', '- [/] no id']);
    assert.deepEqual(
      p.warningDetails.map((w) => [w.code, w.count]),
      [
        ['duplicate-id', 1],
        ['derived-id', 1],
        ['unknown-mark', 1],
      ],
    );
    assert.deepEqual(
      p.warnings,
      p.warningDetails.map((w) => w.message),
    );
  });
});
