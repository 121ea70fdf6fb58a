import assert from 'node:assert/strict';
import { parseTasks } from '../../../src/core/tasks/parseTasks';
import { describePlan, planBatches } from '../../../src/core/tasks/planBatches';

const md = (...lines: string[]) => lines.join('\n');
const plan = (text: string, size?: number) => planBatches(parseTasks(text), size);

describe('planBatches', () => {
  it('makes one batch per ## section with open tasks, in file order, named after the heading', () => {
    const p = plan(md('## Setup', '- [x] T001', '## Core Components', '- [ ] T002', '- [ ] T003', '## Done', '- [x] T004', '## Polish', '- [ ] T005'));
    assert.equal(p.fallback, false);
    assert.deepEqual(
      p.batches.map((b) => [b.index, b.name, b.taskIds]),
      [
        [1, 'Core Components', ['T002', 'T003']],
        [2, 'Polish', ['T005']],
      ],
    );
    assert.equal(p.totalTasks, 5);
    assert.equal(p.completedTasks, 2);
  });

  it('never batches blocked or deferred tasks but counts them', () => {
    const p = plan(md('## A', '- [b] T001', '- [~] T002', '- [ ] T003'));
    assert.deepEqual(p.batches[0]!.taskIds, ['T003']);
    assert.equal(p.blockedTasks, 1);
    assert.equal(p.deferredTasks, 1);
    assert.equal(p.openTasks, 1);
  });

  it('falls back to fixed chunks of batchSize when no ## holds a task (FR-012)', () => {
    const lines = ['# Flat'];
    for (let i = 1; i <= 40; i++) lines.push(`- [${i <= 10 ? 'x' : ' '}] T${String(i).padStart(3, '0')} task ${i}`);
    const p = plan(lines.join('\n'));
    assert.equal(p.fallback, true);
    assert.deepEqual(
      p.batches.map((b) => b.taskIds.length),
      [15, 15],
    );
    assert.equal(p.batches[0]!.taskIds[0], 'T011');
    assert.equal(p.batches[0]!.name, 'Tasks T011–T025');
    assert.ok(p.warnings.some((w) => /no ## sections/.test(w)));
  });

  it('recomputes fallback chunks for another batch size', () => {
    const lines = ['# Flat'];
    for (let i = 1; i <= 23; i++) lines.push(`- [ ] T${i}`);
    assert.deepEqual(
      plan(lines.join('\n'), 10).batches.map((b) => b.taskIds.length),
      [10, 10, 3],
    );
    assert.deepEqual(
      plan(lines.join('\n'), 23).batches.map((b) => b.taskIds.length),
      [23],
    );
  });

  it('plans zero batches for all-done, empty and headings-only files', () => {
    for (const text of ['', md('# T', '## A', '## B'), md('## A', '- [x] T001', '- [X] T002')]) {
      const p = plan(text);
      assert.equal(p.batches.length, 0, text);
      assert.equal(describePlan(p), 'Detected 0 batches from tasks.md');
    }
    assert.equal(plan(md('## A', '- [x] T001')).fallback, false);
  });

  it('keys a repeated ID apart in its batch and keeps both tasks', () => {
    // Issue 19: taskIds are keys now; a repeated ID no longer collapses two tasks into one entry.
    const p = plan(md('## A', '- [ ] T001 a', '- [ ] T001 b'));
    assert.deepEqual(p.batches[0]!.taskIds, ['T001', 'T001#2']);
    assert.deepEqual(
      p.batches[0]!.tasks.map((t) => [t.id, t.line, t.text]),
      [
        ['T001', 2, 'T001 a'],
        ['T001', 3, 'T001 b'],
      ],
    );
  });

  it('runs Preamble tasks first as their own batch', () => {
    const p = plan(md('# T', '- [ ] T001 early', '## A', '- [ ] T002'));
    assert.deepEqual(
      p.batches.map((b) => b.name),
      ['Preamble', 'A'],
    );
  });

  it('rejects a batch size below 1 or not whole', () => {
    assert.throws(() => plan('- [ ] T1', 0), RangeError);
    assert.throws(() => plan('- [ ] T1', -2), RangeError);
    assert.throws(() => plan('- [ ] T1', 1.5), RangeError);
  });

  it('describes the plan in the seed words', () => {
    const p = plan(md('## A', '- [ ] T1', '## B', '- [ ] T2', '## C', '- [ ] T3', '## D', '- [ ] T4'));
    assert.equal(describePlan(p), 'Detected 4 batches from tasks.md');
    assert.equal(describePlan({ batches: [p.batches[0]!] }), 'Detected 1 batch from tasks.md');
  });

  it('plans a spec-kit tasks.md with Phase sections, checkpoints, markers and a Format section', () => {
    const text = md(
      '---',
      'description: "Task list template for feature implementation"',
      '---',
      '# Tasks: Photo Albums',
      '',
      '**Input**: Design documents from `/specs/001-photo-albums/`',
      '',
      '## Format: `[ID] [P?] [Story] Description`',
      '',
      '- **[P]**: Can run in parallel (different files, no dependencies)',
      '- **[Story]**: Which user story this task belongs to (e.g., US1, US2, US3)',
      '',
      '## Phase 1: Setup (Shared Infrastructure)',
      '',
      '**Purpose**: Project initialization and basic structure',
      '',
      '- [X] T001 Create project structure per implementation plan',
      '- [ ] T002 Initialize TypeScript project with Vite dependencies',
      '- [ ] T003 [P] Configure linting and formatting tools',
      '',
      '---',
      '',
      '## Phase 2: Foundational (Blocking Prerequisites)',
      '',
      '- [ ] T004 Setup database schema and migrations framework',
      '- [ ] T005 [P] Implement authentication/authorization framework',
      '**Checkpoint**: Foundation ready - user story implementation can now begin in parallel',
      '',
      '## Phase 3: User Story 1 - Create albums (Priority: P1) 🎯 MVP',
      '',
      '### Tests for User Story 1 (OPTIONAL - only if tests requested) ⚠️',
      '- [ ] T010 [P] [US1] Contract test for POST /albums in tests/contract/test_albums.py',
      '### Implementation for User Story 1',
      '- [ ] T012 [P] [US1] Create Album model in src/models/album.py',
      '- [ ] T014 [US1] Implement AlbumService in src/services/album.py (depends on T012, T013)',
      '',
      '## Dependencies & Execution Order',
      '',
      '- Setup (Phase 1): No dependencies - can start immediately',
      '',
      '## Parallel Example: User Story 1',
      '',
      '```bash',
      'Task: "Contract test for POST /albums in tests/contract/test_albums.py"',
      '- [ ] T010 [P] [US1] example inside code',
      '```',
    );
    const p = plan(text);
    assert.equal(p.fallback, false);
    assert.deepEqual(
      p.batches.map((b) => [b.name, b.taskIds]),
      [
        ['Phase 1: Setup (Shared Infrastructure)', ['T002', 'T003']],
        ['Phase 2: Foundational (Blocking Prerequisites)', ['T004', 'T005']],
        ['Phase 3: User Story 1 - Create albums (Priority: P1) 🎯 MVP', ['T010', 'T012', 'T014']],
      ],
    );
    assert.equal(p.totalTasks, 8);
    assert.equal(p.completedTasks, 1);
    assert.deepEqual(p.warnings, []);
  });
});
