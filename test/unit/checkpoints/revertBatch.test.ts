import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type BatchCheckpoints, revertBatch } from '../../../src/core/checkpoints/revertBatch';
import { checkpointRef } from '../../../src/core/checkpoints/refs';
import { commitBatch } from '../../../src/core/checkpoints/commitBatch';
import { listRunRefs, readFileAt } from '../../../src/core/checkpoints/runRefs';
import { snapshot } from '../../../src/core/checkpoints/snapshot';
import { Repo, RUN, hermeticGit } from './repoFixture';

const TASKS = 'specs/001-feature/tasks.md';
const IDS = ['T001', 'T002', 'T003', 'T004', 'T005', 'T006', 'T007'];
const BATCH_TASKS: Record<number, string[]> = { 1: ['T001', 'T002', 'T003'], 2: ['T004', 'T005', 'T006'], 3: ['T007'] };
const NAMES: Record<number, string> = { 1: 'Setup', 2: 'Middle', 3: 'Polish' };

type Batch = BatchCheckpoints & { commitSha?: string };

const setBoxes = (text: string, ids: string[], mark: 'x' | ' ') =>
  ids.reduce((t, id) => t.replace(new RegExp(`- \\[[ x]\\] ${id}\\b`), `- [${mark}] ${id}`), text);

/** Three batches: 1 edits keep.ts, 2 edits mid.ts, deletes obsolete.ts and adds a unicode-named file, 3 adds late.ts. */
async function threeBatches(repo: Repo, mode: 'commit' | 'refs', extra: Partial<Record<number, () => void>> = {}): Promise<Batch[]> {
  const changes: Record<number, () => void> = {
    1: () => repo.write('src/keep.ts', 'keep v2\n'),
    2: () => {
      repo.write('src/mid.ts', 'mid v2\n');
      repo.remove('src/obsolete.ts');
      repo.write('src/feature/new file ü.ts', 'new\n');
    },
    3: () => repo.write('src/late.ts', 'late\n'),
  };
  const batches: Batch[] = [];
  for (const index of [1, 2, 3]) {
    const beforeSha = await snapshot(repo.dir, checkpointRef(RUN, index, 'before'));
    changes[index]?.();
    extra[index]?.();
    repo.write(TASKS, setBoxes(repo.read(TASKS) ?? '', BATCH_TASKS[index] ?? [], 'x'));
    let commitSha: string | undefined;
    if (mode === 'commit') {
      const ids = BATCH_TASKS[index] ?? [];
      const result = await commitBatch(repo.dir, { runId: RUN, batchIndex: index, batchTotal: 3, batchName: NAMES[index] ?? '', taskIds: ids, beforeSha });
      assert.ok(result.ok && result.sha, JSON.stringify(result));
      commitSha = result.sha;
    }
    batches.push({ index, beforeSha, afterSha: await snapshot(repo.dir, checkpointRef(RUN, index, 'after')), commitSha });
  }
  return batches;
}

function revertInput(batches: Batch[], mode: 'commit' | 'refs') {
  const [, middle, last] = batches;
  assert.ok(middle && last);
  return {
    runId: RUN,
    batch: middle,
    laterBatches: [last],
    tasksPath: TASKS,
    rewriteTasks: (text: string) => setBoxes(text, BATCH_TASKS[2] ?? [], ' '),
    mode,
  };
}

describe('checkpoints: revertBatch', () => {
  hermeticGit();
  let repo: Repo;
  beforeEach(() => {
    repo = new Repo();
    repo.write(TASKS, IDS.map((id) => `- [ ] ${id} do ${id}`).join('\n') + '\n');
    for (const f of ['keep', 'mid', 'obsolete']) repo.write(`src/${f}.ts`, `${f} v1\n`);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'project');
    repo.write('notes.txt', 'the user’s own untracked notes\n');
  });
  afterEach(() => repo.cleanup());

  function assertMiddleUndone(): void {
    assert.equal(repo.read('src/mid.ts'), 'mid v1\n');
    assert.equal(repo.read('src/obsolete.ts'), 'obsolete v1\n');
    assert.equal(existsSync(join(repo.dir, 'src', 'feature')), false, 'the created file and its folder are gone');
    assert.equal(repo.read('src/keep.ts'), 'keep v2\n', 'batch 1 kept');
    assert.equal(repo.read('src/late.ts'), 'late\n', 'batch 3 kept');
    assert.equal(
      repo.read(TASKS),
      ['- [x] T001', '- [x] T002', '- [x] T003', '- [ ] T004', '- [ ] T005', '- [ ] T006', '- [x] T007'].map((l) => `${l} do ${l.slice(6)}`).join('\n') + '\n',
    );
    assert.equal(repo.read('notes.txt'), 'the user’s own untracked notes\n');
  }

  it('reverts the middle of three batches with a revert commit: its files back, later batches kept, its tasks unchecked', async () => {
    const batches = await threeBatches(repo, 'commit');
    const result = await revertBatch(repo.dir, revertInput(batches, 'commit'));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual([...result.restored].sort(), ['src/feature/new file ü.ts', 'src/mid.ts', 'src/obsolete.ts']);
    assertMiddleUndone();
    assert.equal(result.commitSha, repo.git('rev-parse', 'HEAD').trim());
    assert.equal(
      repo.git('log', '-1', '--format=%B'),
      `Revert "specflow: batch 2 of 3 — Middle (T004–T006)"\n\nThis reverts commit ${batches[1]?.commitSha}.\n\nSpecFlow-Run: ${RUN}\nSpecFlow-Revert-Batch: 2\n\n`,
    );
    assert.equal(repo.git('log', '-1', '--format=%(trailers:key=SpecFlow-Revert-Batch,valueonly)').trim(), '2');
    const committed = repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort();
    assert.deepEqual(committed, ['specs/001-feature/tasks.md', 'src/feature/new file ü.ts', 'src/mid.ts', 'src/obsolete.ts']);
    assert.equal(repo.git('status', '--porcelain').trim(), '?? notes.txt', 'the user’s untracked file is neither lost nor committed');
    assert.equal(await readFileAt(repo.dir, result.savedRef, 'src/mid.ts'), 'mid v2\n', 'the tree before the revert is saved');
    assert.ok((await listRunRefs(repo.dir, RUN)).some((r) => r.ref === result.savedRef && /\/revert-\d{8}T\d{9}Z$/.test(r.ref)));
  });

  it('reverts in refs mode by writing the files only: no commit, index untouched', async () => {
    const batches = await threeBatches(repo, 'refs');
    const commits = repo.commitCount();
    const staged = repo.git('diff', '--cached');
    const result = await revertBatch(repo.dir, revertInput(batches, 'refs'));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.commitSha, undefined);
    assertMiddleUndone();
    assert.equal(repo.commitCount(), commits);
    assert.equal(repo.git('diff', '--cached'), staged);
  });

  it('refuses when a later batch changed the same file, naming it, and changes nothing', async () => {
    const batches = await threeBatches(repo, 'commit', { 3: () => repo.write('src/mid.ts', 'mid v3\n') });
    const view = repo.userView();
    const refs = await listRunRefs(repo.dir, RUN);
    const result = await revertBatch(repo.dir, revertInput(batches, 'commit'));
    assert.deepEqual(result, { ok: false, reason: 'conflict', files: ['src/mid.ts'], conflicts: [{ path: 'src/mid.ts', batches: [3], workingTree: false }] });
    assert.equal(repo.userView(), view);
    assert.equal(repo.read('src/mid.ts'), 'mid v3\n');
    assert.deepEqual(await listRunRefs(repo.dir, RUN), refs, 'no revert ref either');
  });

  it('refuses when the user edited a file of the batch since its checkpoint (uncommitted)', async () => {
    const batches = await threeBatches(repo, 'refs');
    repo.write('src/feature/new file ü.ts', 'new, and edited by the user\n');
    const view = repo.userView();
    const result = await revertBatch(repo.dir, revertInput(batches, 'refs'));
    assert.deepEqual(result, {
      ok: false,
      reason: 'conflict',
      files: ['src/feature/new file ü.ts'],
      conflicts: [{ path: 'src/feature/new file ü.ts', batches: [], workingTree: true }],
    });
    assert.equal(repo.userView(), view);
  });

  it('puts everything back when a hook refuses the revert commit', async () => {
    const batches = await threeBatches(repo, 'commit');
    repo.hook('pre-commit', 'echo "no reverts on Fridays" >&2\nexit 1');
    const view = repo.userView();
    const tasks = repo.read(TASKS);
    const result = await revertBatch(repo.dir, revertInput(batches, 'commit'));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'error');
    assert.match(result.message, /no reverts on Fridays/);
    assert.ok(result.savedRef);
    assert.equal(repo.userView(), view);
    assert.equal(repo.read(TASKS), tasks);
    assert.equal(repo.read('src/mid.ts'), 'mid v2\n');
  });
});
