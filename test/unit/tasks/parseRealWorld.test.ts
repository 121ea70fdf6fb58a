// The parser on real-world shapes (issue 19): formats, identity, stable IDs, heading tasks, checklists, sections.
import assert from 'node:assert/strict';
import { parseTasks } from '../../../src/core/tasks/parseTasks';
import { taskTitle } from '../../../src/core/tasks/taskIds';

const md = (...lines: string[]) => lines.join('\n');
const keys = (text: string, opts = {}) => parseTasks(text, opts).tasks.map((t) => t.key);

describe('parseTasks: formats', () => {
  it('detects spec-kit, SpecFlow, Kiro, OpenSpec, numbered and plain files', () => {
    assert.equal(parseTasks(md('## A', '- [ ] T001 x')).format, 'spec-kit');
    assert.equal(parseTasks(md('## Progress Dashboard', '## A', '- [ ] T001 x')).format, 'specflow');
    assert.equal(parseTasks(md('## A', '- [ ] T001 [V] verify x')).format, 'specflow');
    assert.equal(parseTasks(md('# Implementation Plan', '- [ ] 1. Set up', '- [ ] 1.1 Scaffold')).format, 'kiro');
    assert.equal(parseTasks(md('- [ ] 1. Set up', '  - _Requirements: 1.1_')).format, 'kiro');
    assert.equal(parseTasks(md('## 1. Setup', '- [ ] 1.1 Scaffold')).format, 'openspec');
    assert.equal(parseTasks(md('## Tasks', '- [ ] 1.0 Parent', '  - [ ] 1.1 Child')).format, 'numbered');
    assert.equal(parseTasks(md('## A', '- [ ] do it')).format, 'plain');
  });

  it('lets a Kiro or OpenSpec path decide the format', () => {
    const text = md('- [ ] 1. Set up', '- [ ] 2. Build');
    assert.equal(parseTasks(text).format, 'numbered');
    assert.equal(parseTasks(text, { path: '/home/u/app/.kiro/specs/login/tasks.md' }).format, 'kiro');
    assert.equal(parseTasks(text, { path: 'C:\\app\\openspec\\changes\\add-2fa\\tasks.md' }).format, 'openspec');
    assert.equal(parseTasks(text, { path: 'specs/001-x/tasks.md' }).format, 'numbered');
  });

  it('reads [-] as in progress (open) in Kiro files and as deferred elsewhere', () => {
    const kiro = parseTasks(md('- [-] 1. Build'), { path: '.kiro/specs/x/tasks.md' }).tasks[0]!;
    assert.deepEqual([kiro.status, kiro.inProgress], ['open', true]);
    const specKit = parseTasks(md('## A', '- [-] T001 Build')).tasks[0]!;
    assert.deepEqual([specKit.status, specKit.inProgress], ['deferred', undefined]);
  });

  it('keeps Kiro optional tasks, marked optional, and carries _Requirements_ lines as context', () => {
    const r = parseTasks(md('# Implementation Plan', '- [ ] 1. Models', '- [ ]* 1.1 Unit tests', '  - Test the validators', '  - _Requirements: 2.1, 3.4_'));
    const t = r.tasks[1]!;
    assert.deepEqual([t.id, t.optional, t.parent], ['1.1', true, '1']);
    assert.deepEqual(t.context, ['- Test the validators', '- _Requirements: 2.1, 3.4_']);
  });

  it('reads an unknown mark as open, with one warning for all of them', () => {
    const r = parseTasks(md('## A', '- [/] T001 half', '- [!] T002 urgent', '- [?] T003 unsure', '- [ ] T004'));
    assert.deepEqual(
      r.tasks.map((t) => t.status),
      ['open', 'open', 'open', 'open'],
    );
    const w = r.warnings.filter((x) => x.code === 'unknown-mark');
    assert.equal(w.length, 1);
    assert.equal(w[0]!.count, 3);
    assert.match(w[0]!.message, /\[\/\], \[!\], \[\?\].*lines 2–4/);
  });

  it('reads check marks (✓ ✔ ✅) as done', () => {
    assert.deepEqual(
      parseTasks(md('## A', '- [✓] T001', '- [✔] T002', '- [✅] T003')).tasks.map((t) => t.status),
      ['done', 'done', 'done'],
    );
  });
});

describe('parseTasks: identity', () => {
  it('keys repeated IDs apart, in file order, with one warning naming all their lines', () => {
    const r = parseTasks(md('## A', '- [ ] T007 a', '- [ ] T007 b', '- [x] T007 c', '- [ ] T008 d', '- [ ] T008 e'));
    assert.deepEqual(
      r.tasks.map((t) => t.key),
      ['T007', 'T007#2', 'T007#3', 'T008', 'T008#2'],
    );
    const w = r.warnings.filter((x) => x.code === 'duplicate-id');
    assert.equal(w.length, 1);
    assert.equal(w[0]!.count, 2);
    assert.deepEqual(w[0]!.lines, [2, 3, 4, 5, 6]);
    assert.match(w[0]!.message, /T007 \(lines 2, 3, 4\); T008 \(lines 5, 6\)/);
  });

  it('treats suffixed IDs as IDs of their own, and a range as no suffix', () => {
    assert.deepEqual(keys(md('## A', '- [ ] T007 impl', '- [ ] T007-TEST test', '- [ ] T012a extra', '- [ ] T001.2 dotted')), [
      'T007',
      'T007-TEST',
      'T012a',
      'T001.2',
    ]);
    assert.deepEqual(keys(md('## A', '- [ ] T001-T005 setup batch', '- [ ] T006-test lower-case is not a suffix')), ['T001', 'T006']);
  });

  it('takes an ID written first in inline code or bold code, never one later in code', () => {
    assert.deepEqual(
      keys(md('## A', '- [ ] `T001` Create the model', '- [ ] **`T002`** Bold code', '- [ ] T003 uses `T999`', '- [ ] see `T004`')).slice(0, 3),
      ['T001', 'T002', 'T003'],
    );
    const later = parseTasks(md('## A', '- [ ] see `T004 [P]` here')).tasks[0]!;
    assert.equal(later.synthetic, true);
    assert.equal(later.parallel, false);
  });

  it('uses dotted numbers as IDs in the numbered formats only', () => {
    assert.deepEqual(keys(md('## Tasks', '- [ ] 1. Setup', '- [ ] 1.1 Repo', '- [ ] 3.1.4 Deep', '1. [ ] 2.0 Ordered item')), ['1', '1.1', '3.1.4', '2.0']);
    // In a T-ID file a leading number is text: the ⚑ contract keeps spec-kit and SpecFlow IDs `T\d+…`.
    const specKit = parseTasks(md('## A', '- [ ] T001 x', '- [ ] T002 y', '- [ ] 1.1 numbered note'));
    assert.equal(specKit.tasks[2]!.synthetic, true);
    // A bare count is not an ID, nor is a number after the word "task".
    assert.equal(parseTasks(md('## Tasks', '- [ ] 1.1 a', '- [ ] 2 files to update')).tasks[1]!.synthetic, true);
    assert.equal(parseTasks(md('## Tasks', '- [ ] 1.1 a', '- [ ] task 2.1 again')).tasks[1]!.synthetic, true);
  });

  it('derives IDs from section and text, with an occurrence index, never from the line', () => {
    const r = parseTasks(
      md('## Phase 1: Setup', '- [ ] Create the repo', '- [ ] Create the repo', '## Phase 2', '- [ ] Create the repo', '- [ ] 42', '- [ ] T-shirt sizes'),
    );
    assert.deepEqual(
      r.tasks.map((t) => t.key),
      ['phase-1-setup/create-the-repo', 'phase-1-setup/create-the-repo~2', 'phase-2/create-the-repo', 'phase-2/task-42', 'phase-2/t-shirt-sizes'],
    );
    const flat = parseTasks(md('- [ ] 42', '- [ ] t100 things', '- [ ]', '- [ ] Ship it'));
    assert.deepEqual(
      flat.tasks.map((t) => t.key),
      ['task-42', 'task-t100-things', 'task', 'ship-it'],
    );
    for (const t of [...r.tasks, ...flat.tasks]) assert.doesNotMatch(t.id, /^T\d|^\d+(\.\d+)*$/);
  });

  it('keeps every ID and key when lines are inserted above and between tasks', () => {
    const before = parseTasks(md('## A', '- [ ] Create the repo', '- [ ] T001 x', '- [ ] Create the repo'));
    const after = parseTasks(
      md('# Title', '', 'Intro.', '## A', '', 'Some text.', '', '- [ ] Create the repo', '', '- [ ] T001 x', 'More text.', '- [ ] Create the repo'),
    );
    assert.deepEqual(
      after.tasks.map((t) => [t.key, t.id]),
      before.tasks.map((t) => [t.key, t.id]),
    );
  });

  it('groups the no-ID warning into one line with ranges', () => {
    const lines = ['## A'];
    for (let i = 0; i < 30; i++) lines.push(`- [ ] step ${i}`);
    lines.push('', '- [ ] one more');
    const w = parseTasks(lines.join('\n')).warnings;
    assert.equal(w.length, 1);
    assert.equal(w[0]!.code, 'derived-id');
    assert.equal(w[0]!.count, 31);
    assert.match(w[0]!.message, /^31 tasks have no written ID .*: lines 2–31, 33$/);
  });

  it('keeps the count of a big warning but only its first 100 lines as data', () => {
    const lines = ['## A', ...Array.from({ length: 150 }, (_, i) => `- [ ] task ${i}`), '', ...Array.from({ length: 5 }, (_, i) => `- [ ] late ${i}`)];
    const w = parseTasks(lines.join('\n')).warnings[0]!;
    assert.equal(w.count, 155);
    assert.equal(w.lines.length, 100);
    assert.deepEqual([w.line, w.lines[99]], [2, 101]);
    assert.match(w.message, /: lines 2–151, 153–157$/);
  });

  it('strips the written ID from a task title for the prompt', () => {
    const title = (text: string) => taskTitle(parseTasks(md('## A', text)).tasks[0]!);
    assert.equal(title('- [ ] T001: Create the model'), 'Create the model');
    assert.equal(title('- [ ] **`T002`** — Bold code'), 'Bold code');
    assert.equal(title('- [ ] no ID here'), 'no ID here');
    assert.equal(taskTitle(parseTasks(md('## Tasks', '- [ ] 1.2. Numbered')).tasks[0]!), 'Numbered');
  });
});

describe('parseTasks: heading tasks', () => {
  it('reads ### T001: … as a task whose checkboxes are its steps', () => {
    const r = parseTasks(
      md('## Phase 1', '### T001: Create the model', 'Prose about it.', '- [x] Define the type', '- [ ] Export it', '### T002 Wire it', '- [ ] Add route'),
    );
    assert.deepEqual(
      r.tasks.map((t) => [t.key, t.kind, t.status, t.steps.length, t.line]),
      [
        ['T001', 'heading', 'open', 2, 2],
        ['T002', 'heading', 'open', 1, 6],
      ],
    );
    assert.deepEqual(r.tasks[0]!.context, ['Prose about it.']);
    assert.deepEqual(r.warnings, []);
  });

  it('is done when marked done or when every step is done', () => {
    const r = parseTasks(
      md(
        '## P',
        '### T001: a ✅',
        '- [ ] open step',
        '### [x] T002: b',
        '### T003: c',
        '- [x] s1',
        '- [X] s2',
        '### T004: d (done)',
        '### T005: e',
        '- [x] s',
        '- [ ] s',
      ),
    );
    assert.deepEqual(
      r.tasks.map((t) => [t.key, t.status]),
      [
        ['T001', 'done'],
        ['T002', 'done'],
        ['T003', 'done'],
        ['T004', 'done'],
        ['T005', 'open'],
      ],
    );
  });

  it('accepts "Task <ID>" headings, but not numbered headings, ranges, ## headings or headings whose checkboxes carry IDs', () => {
    const r = parseTasks(
      md(
        '## T000 not a task',
        '### Task 1.2: Numbered by the word Task',
        '### Task 3 – with a separator',
        '### Task 4 tests are prose',
        '### 1.3 Plain numbered heading',
        '- [ ] T010 under it',
        '### T011–T013 Group',
        '- [ ] T011 a',
        '### T020 Group by IDs',
        '- [ ] T021 b',
      ),
    );
    assert.deepEqual(
      r.tasks.map((t) => [t.key, t.kind]),
      [
        ['1.2', 'heading'],
        ['3', 'heading'],
        ['T010', 'checkbox'],
        ['T011', 'checkbox'],
        ['T021', 'checkbox'],
      ],
    );
  });
});

describe('parseTasks: checklists', () => {
  const file = md(
    '## Phase 1',
    '- [ ] T001 a',
    '- [x] T002 b',
    '## Validation Checklist',
    '- [x] tests pass',
    '- [ ] docs updated',
    '### Definition of Done',
    '- [ ] reviewed',
  );

  it('reports ID-less checkboxes in checklist-like sections of an ID’d file as checklist items, with one warning', () => {
    const r = parseTasks(file);
    assert.deepEqual(
      r.tasks.map((t) => t.key),
      ['T001', 'T002'],
    );
    assert.deepEqual(
      r.checklist.map((c) => [c.line, c.status, c.heading]),
      [
        [5, 'done', 'Validation Checklist'],
        [6, 'open', 'Validation Checklist'],
        [8, 'open', 'Definition of Done'],
      ],
    );
    const w = r.warnings.filter((x) => x.code === 'checklist-items');
    assert.equal(w.length, 1);
    assert.match(w[0]!.message, /3 checkboxes .*"Validation Checklist", "Definition of Done".*lines 5–6, 8/);
  });

  it('turns the rule off with checklists: tasks', () => {
    const r = parseTasks(file, { checklists: 'tasks' });
    assert.equal(r.tasks.length, 5);
    assert.deepEqual(r.checklist, []);
  });

  it('leaves checklists alone in a file whose tasks carry no IDs, and keeps ID’d tasks in such sections', () => {
    assert.equal(parseTasks(md('## Work', '- [ ] a', '- [ ] b', '## Acceptance Criteria', '- [ ] c')).tasks.length, 3);
    const r = parseTasks(md('## Phase 9: Validation', '- [ ] T001 run the suite', '- [ ] smoke test by hand'));
    assert.deepEqual(
      r.tasks.map((t) => t.key),
      ['T001'],
    );
    assert.equal(r.checklist.length, 1);
  });
});

describe('parseTasks: sections', () => {
  it('a ## that is plainly not a phase and holds no task does not swallow the ### sections after it', () => {
    const r = parseTasks(md('## Phase 1', '- [ ] T001', '## Notes', 'Some notes.', '### Phase 2: Core', '- [ ] T002', '### Phase 3: Docs', '- [ ] T003'));
    assert.deepEqual(
      r.tasks.map((t) => r.sections[t.section]!.name),
      ['Phase 1', 'Phase 2: Core', 'Phase 3: Docs'],
    );
    assert.deepEqual(
      r.sections.map((s) => [s.name, s.level]),
      [
        ['Phase 1', 2],
        ['Notes', 2],
        ['Phase 2: Core', 3],
        ['Phase 3: Docs', 3],
      ],
    );
  });

  it('keeps a ## that holds tasks itself, or whose name is a phase, as one section', () => {
    const direct = parseTasks(md('## Notes', '- [ ] T001 direct', '### Sub', '- [ ] T002'));
    assert.deepEqual(
      direct.tasks.map((t) => direct.sections[t.section]!.name),
      ['Notes', 'Notes'],
    );
    const phase = parseTasks(md('## Phase 3: User Story 1', '### Tests', '- [ ] T001', '### Implementation', '- [ ] T002'));
    assert.deepEqual(
      phase.tasks.map((t) => [phase.sections[t.section]!.name, t.subsection]),
      [
        ['Phase 3: User Story 1', 'Tests'],
        ['Phase 3: User Story 1', 'Implementation'],
      ],
    );
  });

  it('numbered sub-tasks link to their parent in the same section, indented or not', () => {
    const r = parseTasks(
      md(
        '## Tasks',
        '- [ ] 1. Parent',
        '- [ ] 1.1 flat child',
        '  - [ ] 1.2 indented child',
        '    - [ ] a step of 1.2',
        '- [ ] 2.0 Other',
        '  - [ ] 2.1 child',
        '## Later',
        '- [ ] 1.3 no parent here',
      ),
      {
        path: '.kiro/specs/x/tasks.md',
      },
    );
    assert.deepEqual(
      r.tasks.map((t) => [t.key, t.parent, t.steps.length]),
      [
        ['1', undefined, 0],
        ['1.1', '1', 0],
        ['1.2', '1', 1],
        ['2.0', undefined, 0],
        ['2.1', '2.0', 0],
        ['1.3', undefined, 0],
      ],
    );
  });

  it('a parent is done when its required sub-tasks are (optional ones do not hold it open)', () => {
    const r = parseTasks(
      md(
        '# Implementation Plan',
        '- [ ] 1. Parent',
        '  - [x] 1.1 done',
        '  - [ ]* 1.2 optional, open',
        '- [-] 2. Working',
        '  - [x] 2.1 done',
        '  - [ ] 2.2 open',
      ),
    );
    assert.deepEqual(
      r.tasks.map((t) => [t.key, t.status]),
      [
        ['1', 'done'],
        ['1.1', 'done'],
        ['1.2', 'open'],
        ['2', 'open'],
        ['2.1', 'done'],
        ['2.2', 'open'],
      ],
    );
  });
});
