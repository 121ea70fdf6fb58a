import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changedPaths } from '../../../src/core/checkpoints/diff';
import { checkpointRef, runStartRef } from '../../../src/core/checkpoints/refs';
import { commitBatch } from '../../../src/core/checkpoints/commitBatch';
import { deleteRunRefs, listRunRefs, readFileAt } from '../../../src/core/checkpoints/runRefs';
import { inspectRepo } from '../../../src/core/checkpoints/repoState';
import { snapshot } from '../../../src/core/checkpoints/snapshot';
import { Repo, RUN, hermeticGit } from './repoFixture';

describe('checkpoints: snapshots and refs mode', () => {
  hermeticGit();
  let repo: Repo;
  beforeEach(() => (repo = new Repo()));
  afterEach(() => repo.cleanup());

  it('records the whole working tree under a private ref without touching index, working tree, HEAD or git log', async () => {
    repo.write('staged.txt', 'staged\n');
    repo.git('add', 'staged.txt');
    repo.write('README.md', 'unstaged edit\n');
    repo.write('new dir/ünïcode file.txt', 'untracked\n');
    repo.write('build/out.js', 'ignored\n');
    for (const runtime of ['.specflow/workflows/orchestration-x.json', '.specflow/worktrees/wt/file', '.specflow/reports/r.md', '.specflow/api-token']) {
      repo.write(runtime, 'runtime\n');
    }
    repo.write('.specflow/config.json', '{}\n');
    const view = repo.userView();
    const log = repo.git('log', '--format=%H');
    const branches = repo.git('for-each-ref', 'refs/heads');

    const sha = await snapshot(repo.dir, checkpointRef(RUN, 1, 'after'));

    assert.equal(repo.git('rev-parse', checkpointRef(RUN, 1, 'after')).trim(), sha);
    assert.equal(repo.git('rev-parse', `${sha}^`).trim(), repo.git('rev-parse', 'HEAD').trim(), 'parented on HEAD');
    assert.equal(repo.userView(), view);
    assert.equal(repo.git('log', '--format=%H'), log, '`git log` unchanged');
    assert.equal(repo.git('for-each-ref', 'refs/heads'), branches, 'no branch moved');
    const files = repo.git('ls-tree', '-r', '--name-only', sha).trim().split('\n');
    assert.deepEqual(files, ['.gitignore', '.specflow/config.json', 'README.md', 'new dir/ünïcode file.txt', 'staged.txt']);
    assert.equal(await readFileAt(repo.dir, sha, 'README.md'), 'unstaged edit\n');
    assert.equal(await readFileAt(repo.dir, sha, 'new dir/ünïcode file.txt'), 'untracked\n');
    assert.equal(await readFileAt(repo.dir, sha, 'build/out.js'), undefined);
  });

  it('sees a same-size edit whose stat data matches the index entry when the index is as old as the file (racy git)', async () => {
    // The state git leaves when an edit lands within the second the index was written: only the index's own
    // timestamp tells git to compare contents. Pinned here with utimes instead of a race.
    const past = Math.floor(Date.now() / 1000) - 100;
    repo.write('same.txt', 'v1a\n');
    utimesSync(join(repo.dir, 'same.txt'), past, past);
    repo.git('add', 'same.txt');
    utimesSync(join(repo.dir, '.git', 'index'), past, past);
    repo.write('same.txt', 'v1b\n');
    utimesSync(join(repo.dir, 'same.txt'), past, past);
    const sha = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
    assert.equal(await readFileAt(repo.dir, sha, 'same.txt'), 'v1b\n');
    assert.equal(repo.git('diff', '--name-only').trim(), 'same.txt', 'git itself sees the edit too');
  });

  it('runs none of the user hooks for a snapshot', async () => {
    for (const hook of ['reference-transaction', 'post-index-change', 'pre-commit']) repo.hook(hook, `echo ran >> "${join(repo.dir, `${hook}.ran`)}"`);
    repo.write('x.txt', 'x\n');
    await snapshot(repo.dir, runStartRef(RUN));
    for (const hook of ['reference-transaction', 'post-index-change', 'pre-commit']) assert.equal(repo.read(`${hook}.ran`), undefined, hook);
  });

  it('a refs-mode run (before/after snapshots, no commits) leaves git log unchanged, and its refs list and delete', async () => {
    const head = repo.git('rev-parse', 'HEAD').trim();
    const start = await snapshot(repo.dir, runStartRef(RUN));
    const before = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
    repo.write('src/a.ts', 'a\n');
    repo.write('README.md', 'hello\nworld\n');
    const view = repo.userView();
    const after = await snapshot(repo.dir, checkpointRef(RUN, 1, 'after'));
    assert.equal(repo.git('rev-parse', 'HEAD').trim(), head);
    assert.equal(repo.commitCount(), 1);
    assert.equal(repo.userView(), view);
    assert.deepEqual(await listRunRefs(repo.dir, RUN), [
      { ref: `refs/specflow/${RUN}/1/after`, sha: after },
      { ref: `refs/specflow/${RUN}/1/before`, sha: before },
      { ref: `refs/specflow/${RUN}/start`, sha: start },
    ]);
    assert.equal(await deleteRunRefs(repo.dir, RUN), 3);
    assert.deepEqual(await listRunRefs(repo.dir, RUN), []);
    assert.equal(await deleteRunRefs(repo.dir, RUN), 0);
  });

  it('lists a batch’s changes with status and line counts, renames and binaries included', async () => {
    repo.write('gone.txt', 'bye\n');
    repo.write('moved-from.txt', Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'more');
    const before = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
    repo.remove('gone.txt');
    repo.remove('moved-from.txt');
    repo.write('moved to.txt', Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\nextra\n');
    repo.write('README.md', 'hi\nthere\n');
    repo.write('logo.bin', '\0\u0001\u0002binary');
    const after = await snapshot(repo.dir, checkpointRef(RUN, 1, 'after'));
    const byPath = Object.fromEntries((await changedPaths(repo.dir, before, after)).map((f) => [f.path, f]));
    assert.deepEqual(byPath, {
      'README.md': { path: 'README.md', status: 'M', additions: 2, deletions: 1, binary: false },
      'gone.txt': { path: 'gone.txt', status: 'D', additions: 0, deletions: 1, binary: false },
      'logo.bin': { path: 'logo.bin', status: 'A', additions: 0, deletions: 0, binary: true },
      'moved to.txt': { path: 'moved to.txt', oldPath: 'moved-from.txt', status: 'R', additions: 1, deletions: 0, binary: false },
    });
  });
});

describe('checkpoints: inspectRepo', () => {
  hermeticGit();

  it('is undefined outside a git repository (and for a missing directory)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specflow-norepo-'));
    try {
      assert.equal(await inspectRepo(dir), undefined);
      assert.equal(await inspectRepo(join(dir, 'missing')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports branch, HEAD (or unborn), from a subdirectory too', async () => {
    const repo = new Repo();
    const unborn = new Repo({ initialCommit: false });
    try {
      repo.write('pkg/app/file.txt', 'x\n');
      const info = await inspectRepo(join(repo.dir, 'pkg', 'app'));
      assert.ok(info);
      assert.equal(info.root, repo.git('rev-parse', '--show-toplevel').trim());
      assert.equal(info.branch, 'main');
      assert.equal(info.headSha, repo.git('rev-parse', 'HEAD').trim());
      assert.deepEqual(info.dirtyPaths.untracked, ['pkg/app/file.txt']);
      const fresh = await inspectRepo(unborn.dir);
      assert.equal(fresh?.headSha, undefined);
      assert.equal(fresh?.branch, 'main');
    } finally {
      repo.cleanup();
      unborn.cleanup();
    }
  });

  it('sees a merge or a rebase in progress, and batch commits refuse both', async () => {
    const repo = new Repo();
    try {
      repo.git('checkout', '-q', '-b', 'other');
      repo.write('README.md', 'other\n');
      repo.git('commit', '-q', '-am', 'other');
      repo.git('checkout', '-q', 'main');
      repo.write('README.md', 'main\n');
      repo.git('commit', '-q', '-am', 'main');
      assert.throws(() => repo.git('merge', '-q', 'other'));
      const merging = await inspectRepo(repo.dir);
      assert.equal(merging?.mergeInProgress, true);
      assert.deepEqual(merging?.dirtyPaths.staged, ['README.md']);
      const before = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
      repo.write('new.txt', 'n\n');
      const merge = await commitBatch(repo.dir, { runId: RUN, batchIndex: 1, batchTotal: 1, batchName: 'B', taskIds: ['T001'], beforeSha: before });
      assert.match(merge.ok ? '' : merge.error, /merge is in progress/);
      repo.git('merge', '--abort');

      assert.throws(() => repo.git('rebase', 'other'));
      const rebasing = await inspectRepo(repo.dir);
      assert.equal(rebasing?.rebaseInProgress, true);
      assert.equal(rebasing?.branch, undefined, 'a rebase detaches HEAD');
      const rebase = await commitBatch(repo.dir, { runId: RUN, batchIndex: 1, batchTotal: 1, batchName: 'B', taskIds: ['T001'], beforeSha: before });
      assert.match(rebase.ok ? '' : rebase.error, /rebase is in progress/);
    } finally {
      repo.cleanup();
    }
  });
});
