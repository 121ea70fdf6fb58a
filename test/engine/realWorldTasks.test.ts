// A tasks.md as people write it runs to merge_ready through the built CLI and the fake agent: a repeated ID,
// a suffixed ID, an ID in inline code and a heading task with steps are each batched and checked on their own
// line; the checklist section is neither batched nor ticked.
import assert from 'node:assert/strict';
import { FAKE_CLAUDE, runCli } from '../support/cli';
import { status } from '../support/engineRuns';
import { makeProject, type TestProject } from '../support/projects';

const TASKS = `# Tasks: Albums

## Phase 1: Models

- [ ] T001 Create the Album model in src/album.ts
- [ ] T002 Create the Photo model in src/photo.ts
- [ ] T002 Add the cover photo to src/album.ts
- [ ] T002-TEST Test the models in test/models.test.ts
- [ ] \`T003\` Export the models from src/index.ts

## Phase 2: Import

### T004: Import photos from a folder
- [ ] Read the folder in src/import.ts
- [ ] Skip files that are not images

## Validation Checklist

- [ ] Every model has a test
- [ ] The import handles an empty folder
`;

describe('engine: tasks.md as users write it', function () {
  this.timeout(120_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  it('a repeated ID, a suffixed ID, an inline-code ID and a heading task all run to merge_ready, each checked on its line', () => {
    p = makeProject({ tasks: TASKS });
    const r = runCli(['start', '--project', p.dir, '--claude', FAKE_CLAUDE, '--skip-analyze', '--no-decisions'], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const exec = status(p);
    assert.ok(
      exec.warnings.some((w) => /written more than once.*T002 \(lines 6, 7\)/.test(w)),
      `one warning names both lines: ${JSON.stringify(exec.warnings)}`,
    );
    assert.equal(exec.status, 'merge_ready', exec.error?.message);
    assert.deepEqual(
      exec.batches.map((b) => b.taskIds),
      [['T001', 'T002', 'T002#2', 'T002-TEST', 'T003'], ['T004']],
    );
    const lines = p.tasks().split('\n');
    for (const want of ['T001 Create', 'T002 Create the Photo', 'T002 Add the cover', 'T002-TEST Test', '`T003` Export', 'Read the folder', 'Skip files']) {
      const line = lines.find((l) => l.includes(want));
      assert.match(line ?? '', /^- \[x\] /, `checked: ${want}`);
    }
    assert.ok(lines.filter((l) => /^- \[ \] (Every model|The import handles)/.test(l)).length === 2, 'checklist items untouched');
    const prompts = p
      .invocations()
      .filter((c) => c.kind === 'implement')
      .map((c) => String(c.prompt));
    assert.match(prompts[0]!, /^- T002#2 Add the cover photo to src\/album\.ts \(tasks\.md line \d+\)$/m, 'the repeat is sent with its own text and line');
    assert.match(prompts[1]!, /^- T004 Import photos from a folder$/m);
    assert.match(prompts[1]!, /^ {4}- \[ \] Read the folder in src\/import\.ts \(line \d+\)$/m, 'a heading task goes with its steps');
    assert.equal(exec.taskProgress.total, 6);
  });
});
