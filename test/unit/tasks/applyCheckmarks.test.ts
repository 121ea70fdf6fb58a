import assert from 'node:assert/strict';
import { checkKeys, worktreeChecked } from '../../../src/core/tasks/applyCheckmarks';
import { parseTasks } from '../../../src/core/tasks/parseTasks';

const md = (...lines: string[]) => lines.join('\n');
const statuses = (text: string) => parseTasks(text).tasks.map((t) => `${t.key}:${t.status}`);

describe('applyCheckmarks', () => {
  const main = md(
    '# Tasks',
    '## Phase 1',
    '- [ ] T001 [P] a in src/a.ts',
    '- [ ] T002 [P] b in src/b.ts',
    '- [x] T003 done already',
    '- [ ] T004 [P] c',
    '## Phase 2',
    '- [ ] T007 first T007',
    '- [ ] T007 second T007',
    '### T010: Heading task',
    '- [ ] step one',
    '- [x] step two',
    '- [~] step three',
    '### [ ] T011: Boxed heading',
    '### T012: Bare heading',
  );

  it('finds the tasks a worktree checked, open in main and within the group', () => {
    const worktree = main
      .replace('- [ ] T001', '- [x] T001')
      .replace('- [ ] T002', '- [x] T002')
      .replace('- [ ] T004', '- [X] T004')
      .replace('- [ ] T007 second', '- [x] T007 second')
      .replace('- [ ] step one', '- [x] step one')
      .replace('- [~] step three', '- [x] step three');
    assert.deepEqual(worktreeChecked(main, worktree, ['T001', 'T003', 'T004', 'T007', 'T007#2', 'T010']), ['T001', 'T004', 'T007#2', 'T010']);
    assert.deepEqual(worktreeChecked(main, main, ['T001', 'T002']), [], 'nothing checked, nothing found');
  });

  it('ticks exactly the given tasks, the right one of a repeated ID, and leaves every other byte alone', () => {
    const { text, checked } = checkKeys(main, ['T002', 'T007#2', 'T003', 'T999']);
    assert.deepEqual(checked, ['T002', 'T007#2']);
    const before = main.split('\n');
    const after = text.split('\n');
    assert.deepEqual(after.map((l, i) => (l === before[i] ? '' : l)).filter(Boolean), ['- [x] T002 [P] b in src/b.ts', '- [x] T007 second T007']);
    assert.deepEqual(statuses(text), ['T001:open', 'T002:done', 'T003:done', 'T004:open', 'T007:open', 'T007#2:done', 'T010:open', 'T011:open', 'T012:open']);
  });

  it('ticks a heading task through its steps, its own box, or a box added to a bare heading', () => {
    const { text, checked } = checkKeys(main, ['T010', 'T011', 'T012']);
    assert.deepEqual(checked, ['T010', 'T011', 'T012']);
    assert.match(text, /^- \[x\] step one\n- \[x\] step two\n- \[x\] step three\n### \[x\] T011: Boxed heading\n### \[x\] T012: Bare heading$/m);
    assert.deepEqual(statuses(text).slice(-3), ['T010:done', 'T011:done', 'T012:done']);
  });

  it('keeps a BOM, CRLF and mixed line endings, and Kiro optional and in-progress marks', () => {
    const crlf = '\uFEFF## A\r\n- [ ] T001 one\r\n- [ ] T002 two\n- [ ] T003 three\r\n';
    const { text, checked } = checkKeys(crlf, ['T001', 'T003']);
    assert.deepEqual(checked, ['T001', 'T003']);
    assert.equal(text, '\uFEFF## A\r\n- [x] T001 one\r\n- [ ] T002 two\n- [x] T003 three\r\n');
    const kiro = md('# Implementation Plan', '- [-] 1. Build', '  - [ ]* 1.1 Optional tests', '- [ ] 2. Ship');
    const opts = { path: '.kiro/specs/x/tasks.md' };
    const ticked = checkKeys(kiro, ['1', '1.1'], opts);
    assert.deepEqual(ticked.checked, ['1', '1.1']);
    assert.equal(ticked.text, md('# Implementation Plan', '- [x] 1. Build', '  - [x]* 1.1 Optional tests', '- [ ] 2. Ship'));
  });

  it('ignores tasks inside code fences and leaves a text without the keys unchanged', () => {
    const fenced = md('## A', '```', '- [ ] T001 example', '```', '- [ ] T001 real');
    assert.equal(checkKeys(fenced, ['T001']).text, md('## A', '```', '- [ ] T001 example', '```', '- [x] T001 real'));
    assert.deepEqual(checkKeys(main, []), { text: main, checked: [] });
  });
});
