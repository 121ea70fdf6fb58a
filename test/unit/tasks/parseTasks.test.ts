import assert from 'node:assert/strict';
import { parseTasks, PREAMBLE_SECTION } from '../../../src/core/tasks/parseTasks';

const md = (...lines: string[]) => lines.join('\n');

describe('parseTasks', () => {
  it('recognises -, *, + and numbered items with [ ], [x] and [X]', () => {
    const r = parseTasks(md('## S', '- [ ] T001 dash', '* [x] T002 star', '+ [X] T003 plus', '1. [ ] T004 numbered', '12) [ ] T005 paren'));
    assert.deepEqual(
      r.tasks.map((t) => [t.id, t.status]),
      [
        ['T001', 'open'],
        ['T002', 'done'],
        ['T003', 'done'],
        ['T004', 'open'],
        ['T005', 'open'],
      ],
    );
  });

  it('keeps 1-based line numbers', () => {
    const r = parseTasks(md('# Title', '', '## A', '- [ ] T001 one', '', '- [ ] T002 two'));
    assert.deepEqual(
      r.tasks.map((t) => t.line),
      [4, 6],
    );
    assert.equal(r.title, 'Title');
  });

  it('counts blocked [b]/[B] and deferred [~]/[-] separately', () => {
    const r = parseTasks(md('## A', '- [b] T001', '- [B] T002', '- [~] T003', '- [-] T004'));
    assert.deepEqual(
      r.tasks.map((t) => t.status),
      ['blocked', 'blocked', 'deferred', 'deferred'],
    );
  });

  it('takes the first T-ID and parses [P] and [US n] markers', () => {
    const r = parseTasks(md('## A', '- [ ] T012a [P] [US3] Build T099 after T001'));
    const t = r.tasks[0]!;
    assert.equal(t.id, 'T012a');
    assert.equal(t.parallel, true);
    assert.equal(t.story, 'US3');
    assert.equal(t.text, 'T012a [P] [US3] Build T099 after T001');
  });

  it('finds a bold ID and ignores T-words that are not IDs', () => {
    const r = parseTasks(md('## A', '- [ ] **T007** Setup', '- [ ] Tests for AT001 and T12bc ok T008'));
    assert.equal(r.tasks[0]!.id, 'T007');
    assert.equal(r.tasks[1]!.id, 'T008');
  });

  it('ignores fenced code blocks with ``` and ~~~, including headings inside them', () => {
    const r = parseTasks(
      md('## A', '```markdown', '## Not a section', '- [ ] T900 example', '```', '~~~~', '- [ ] T901 example', '~~~', '~~~~', '- [ ] T001 real'),
    );
    assert.deepEqual(
      r.tasks.map((t) => t.id),
      ['T001'],
    );
    assert.deepEqual(
      r.sections.map((s) => s.name),
      ['A'],
    );
  });

  it('a longer closing fence is required to close a long fence', () => {
    const r = parseTasks(md('## A', '````', '```', '- [ ] T900 still code', '````', '- [ ] T001 real'));
    assert.deepEqual(
      r.tasks.map((t) => t.id),
      ['T001'],
    );
  });

  it('warns about an unclosed fence', () => {
    const r = parseTasks(md('## A', '- [ ] T001', '```', '- [ ] T002'));
    assert.deepEqual(
      r.tasks.map((t) => t.id),
      ['T001'],
    );
    assert.equal(r.warnings[0]!.code, 'unclosed-fence');
    assert.equal(r.warnings[0]!.line, 3);
  });

  it('ignores IDs and markers inside inline code spans, except an ID written first', () => {
    // Issue 19: ``- [ ] `T998` …`` is an ID in inline code and counts (it used to get a line ID and a warning).
    const r = parseTasks(md('## A', '- [ ] Document `T999 [P]` syntax T004', '- [ ] `T998` written in code', '- [ ] see `T997` later'));
    assert.equal(r.tasks[0]!.id, 'T004');
    assert.equal(r.tasks[0]!.parallel, false);
    assert.equal(r.tasks[1]!.id, 'T998');
    assert.equal(r.tasks[1]!.synthetic, false);
    assert.equal(r.tasks[2]!.synthetic, true);
  });

  it('a line that shows a task in backticks is not a task', () => {
    const r = parseTasks(md('## Format: `[ID] [P?] [Story] Description`', '`- [ ] T001 [P] [US1] Example`', '## A', '- [ ] T002 real'));
    assert.deepEqual(
      r.tasks.map((t) => t.id),
      ['T002'],
    );
  });

  it('handles a BOM and CRLF line endings', () => {
    const r = parseTasks('\uFEFF# T\r\n## A\r\n- [ ] T001 one\r\n- [x] T002 two\r\n');
    assert.deepEqual(
      r.tasks.map((t) => [t.id, t.line, t.status, t.text]),
      [
        ['T001', 3, 'open', 'T001 one'],
        ['T002', 4, 'done', 'T002 two'],
      ],
    );
    assert.equal(r.title, 'T');
  });

  it('accepts an empty file and a headings-only file', () => {
    assert.deepEqual(parseTasks('').tasks, []);
    const h = parseTasks(md('# T', '## A', '### B', '## C'));
    assert.deepEqual(h.tasks, []);
    assert.equal(h.sections.length, 2);
  });

  it('gives a checkbox without ID a stable ID from its section and text (not its line), with a warning', () => {
    // Issue 19: line IDs (`L3`) moved when a line was added above; derived IDs do not.
    const text = md('## A', '- [ ] T001 x', '- [ ] no id here');
    const a = parseTasks(text);
    const b = parseTasks(text);
    assert.equal(a.tasks[1]!.id, 'a/no-id-here');
    assert.equal(a.tasks[1]!.key, 'a/no-id-here');
    assert.equal(a.tasks[1]!.synthetic, true);
    assert.deepEqual(a.tasks, b.tasks);
    assert.equal(a.warnings.length, 1);
    assert.equal(a.warnings[0]!.code, 'derived-id');
    assert.match(a.warnings[0]!.message, /line 3/);
    const moved = parseTasks(md('## A', '', 'Intro text.', '- [ ] T001 x', '', '- [ ] no id here'));
    assert.equal(moved.tasks[1]!.id, 'a/no-id-here');
  });

  it('warns about a duplicate ID once, naming its lines, and keys each copy apart', () => {
    const r = parseTasks(md('## A', '- [ ] T001 a', '- [ ] T002 b', '- [ ] T001 again'));
    const w = r.warnings.find((x) => x.code === 'duplicate-id')!;
    assert.match(w.message, /T001 \(lines 2, 4\)/);
    assert.deepEqual(w.lines, [2, 4]);
    assert.deepEqual(
      r.tasks.map((t) => [t.key, t.id]),
      [
        ['T001', 'T001'],
        ['T002', 'T002'],
        ['T001#2', 'T001'],
      ],
    );
  });

  it('treats checkboxes indented under a task as its sub-steps, not tasks', () => {
    const r = parseTasks(md('## A', '- [ ] T001 parent', '  - [x] sub one', '    - [ ] deeper', '- [ ] T002 next'));
    assert.deepEqual(
      r.tasks.map((t) => t.id),
      ['T001', 'T002'],
    );
    assert.deepEqual(
      r.tasks[0]!.steps.map((s) => [s.line, s.status]),
      [
        [3, 'done'],
        [4, 'open'],
      ],
    );
    assert.equal(r.warnings.length, 0);
  });

  it('warns when a sub-step carries its own ID', () => {
    const r = parseTasks(md('## A', '- [ ] T001 parent', '  - [ ] T001a child'));
    assert.equal(r.tasks.length, 1);
    assert.equal(r.warnings[0]!.code, 'nested-id');
    assert.match(r.warnings[0]!.message, /T001a.*T001 \(line 2\)/);
  });

  it('an indented list that is not under a task holds tasks', () => {
    const r = parseTasks(md('## A', '- Backend:', '  - [ ] T001 api', '  - [ ] T002 db'));
    assert.deepEqual(
      r.tasks.map((t) => t.id),
      ['T001', 'T002'],
    );
  });

  it('a heading ends the list, so a following indented checkbox is a task', () => {
    const r = parseTasks(md('## A', '- [ ] T001', '## B', '  - [ ] T002'));
    assert.deepEqual(
      r.tasks.map((t) => [t.id, t.section]),
      [
        ['T001', 0],
        ['T002', 1],
      ],
    );
  });

  it('### and deeper headings belong to the ## above them', () => {
    const r = parseTasks(md('## Phase 1', '### Tests', '- [ ] T001', '#### Impl', '- [ ] T002', '## Phase 2', '- [ ] T003'));
    assert.deepEqual(
      r.tasks.map((t) => [t.id, r.sections[t.section]!.name, t.subheading]),
      [
        ['T001', 'Phase 1', 'Tests'],
        ['T002', 'Phase 1', 'Impl'],
        ['T003', 'Phase 2', undefined],
      ],
    );
  });

  it('puts tasks before the first ## into a Preamble section when sections also hold tasks', () => {
    const r = parseTasks(md('# T', '- [ ] T001 early', '## A', '- [ ] T002'));
    assert.equal(r.sections[0]!.name, PREAMBLE_SECTION);
    assert.equal(r.tasks[0]!.section, 0);
    assert.equal(r.tasks[1]!.section, 1);
    assert.ok(r.warnings.some((w) => w.code === 'preamble-tasks' && w.line === 2));
  });

  it('leaves tasks outside sections (section -1) when no ## holds any', () => {
    const r = parseTasks(md('# T', '- [ ] T001', '- [ ] T002', '## Notes', 'text'));
    assert.deepEqual(
      r.tasks.map((t) => t.section),
      [-1, -1],
    );
    assert.ok(!r.warnings.some((w) => w.code === 'preamble-tasks'));
  });

  it('ignores checkbox-like text that is not a list item', () => {
    const r = parseTasks(md('## A', '[ ] T001 no bullet', '-[ ] T002 no space', '- [] T003 empty box', '- [ ]T004 no space after box', '> - [ ] T005 quoted'));
    assert.deepEqual(r.tasks, []);
  });
});
