// `[serial]` on a task or a heading reaches the planned batch's tasks, next to `[P]`.
import assert from 'node:assert/strict';
import { parseTasks } from '../../../src/core/tasks/parseTasks';
import { planBatches } from '../../../src/core/tasks/planBatches';

const md = (...lines: string[]) => lines.join('\n');

describe('[serial] tag', () => {
  it('marks a tagged task, in any case, but not an example in inline code', () => {
    const r = parseTasks(
      md('## A', '- [ ] T001 [P] [serial] Run migrations', '- [ ] T002 [P] [Serial] Seed', '- [ ] T003 [P] Explain `[serial]`', '- [ ] T004 [P] Plain'),
    );
    assert.deepEqual(
      r.tasks.map((t) => [t.id, t.parallel, t.serial]),
      [
        ['T001', true, true],
        ['T002', true, true],
        ['T003', true, false],
        ['T004', true, false],
      ],
    );
  });

  it('marks every task under a tagged ##, ### or #### heading, and nothing outside it', () => {
    const r = parseTasks(
      md(
        '## Phase 1 [serial]',
        '- [ ] T001 [P] a',
        '### Sub',
        '- [ ] T002 [P] b',
        '## Phase 2',
        '- [ ] T003 [P] c',
        '### Database [SERIAL]',
        '- [ ] T004 [P] d',
        '#### Deeper',
        '- [ ] T005 [P] e',
        '### Other',
        '- [ ] T006 [P] f',
        '#### Only this [serial]',
        '- [ ] T007 [P] g',
        '#### Not this',
        '- [ ] T008 [P] h',
      ),
    );
    assert.deepEqual(
      r.tasks.map((t) => [t.id, t.serial]),
      [
        ['T001', true],
        ['T002', true],
        ['T003', false],
        ['T004', true],
        ['T005', true],
        ['T006', false],
        ['T007', true],
        ['T008', false],
      ],
    );
  });

  it('marks a heading task tagged in its heading', () => {
    const r = parseTasks(md('## A', '### T001: Migrate [serial]', '- [ ] step', '### T002: Other', '- [ ] step'));
    assert.deepEqual(
      r.tasks.map((t) => [t.id, t.kind, t.serial]),
      [
        ['T001', 'heading', true],
        ['T002', 'heading', false],
      ],
    );
  });

  it('is carried into the batch tasks with parallel, and left out of derived IDs like the other markers', () => {
    const plan = planBatches(parseTasks(md('## Setup', '- [ ] [P] Create the repo [serial]', '- [ ] [P] Add CI')));
    assert.deepEqual(
      plan.batches[0]!.tasks.map((t) => [t.key, t.parallel, t.serial]),
      [
        ['setup/create-the-repo', true, true],
        ['setup/add-ci', true, false],
      ],
    );
  });
});
