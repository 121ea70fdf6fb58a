import assert from 'node:assert/strict';
import { checkpointRef } from '../../../src/core/checkpoints/refs';
import { commitBatch } from '../../../src/core/checkpoints/commitBatch';
import { inspectRepo } from '../../../src/core/checkpoints/repoState';
import { snapshot } from '../../../src/core/checkpoints/snapshot';
import { Repo, RUN, hermeticGit } from './repoFixture';

const batch = (n: number, taskIds: string[], name = 'Core Components') => ({ runId: RUN, batchIndex: n, batchTotal: 4, batchName: name, taskIds });

describe('checkpoints: commitBatch', () => {
  hermeticGit();
  let repo: Repo;
  beforeEach(() => (repo = new Repo()));
  afterEach(() => repo.cleanup());

  it('makes one commit per batch with the exact subject and trailers, new, changed, deleted and oddly named files included', async () => {
    repo.write('old.txt', 'old\n');
    repo.git('add', 'old.txt');
    repo.git('commit', '-q', '-m', 'old');
    const start = repo.commitCount();

    const before1 = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
    repo.write('src/a.ts', 'export const a = 1;\n');
    repo.write('docs/with space ü.md', 'unicode\n');
    const first = await commitBatch(repo.dir, { ...batch(1, ['T001', 'T002', 'T003'], 'Setup'), beforeSha: before1 });
    assert.equal(first.ok, true);

    const before2 = await snapshot(repo.dir, checkpointRef(RUN, 2, 'before'));
    repo.write('src/a.ts', 'export const a = 2;\n');
    repo.remove('old.txt');
    repo.write('src/b.ts', 'b\n');
    const second = await commitBatch(repo.dir, { ...batch(2, ['T004', 'T005', 'T006']), beforeSha: before2 });
    assert.ok(second.ok && second.sha);
    assert.deepEqual([...second.files].sort(), ['old.txt', 'src/a.ts', 'src/b.ts']);

    assert.equal(repo.commitCount(), start + 2);
    assert.equal(repo.git('log', '-1', '--format=%H').trim(), second.sha);
    assert.equal(
      repo.git('log', '-1', '--format=%B'),
      `specflow: batch 2 of 4 — Core Components (T004–T006)\n\nSpecFlow-Run: ${RUN}\nSpecFlow-Batch: 2\nSpecFlow-Tasks: T004 T005 T006\n\n`,
    );
    assert.equal(repo.git('log', '-1', '--format=%(trailers:key=SpecFlow-Tasks,valueonly)').trim(), 'T004 T005 T006');
    assert.equal(repo.git('show', '--name-status', '--format=', 'HEAD').trim(), 'D\told.txt\nM\tsrc/a.ts\nA\tsrc/b.ts');
    assert.equal(repo.git('show', '--name-only', '--format=', 'HEAD~1').trim(), 'docs/with space ü.md\nsrc/a.ts');
    assert.match(repo.git('log', '-1', '--format=%s', 'HEAD~1'), /^specflow: batch 1 of 4 — Setup \(T001–T003\)$/m);
    assert.equal(repo.git('status', '--porcelain').trim(), '', 'everything the batches did is committed');
    assert.equal(repo.git('log', '-1', '--format=%an <%ae>').trim(), 'Dev Eloper <dev@example.com>', 'a configured identity is kept');
  });

  it('names a single task alone, and makes no commit when the batch changed nothing', async () => {
    const before = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
    const nothing = await commitBatch(repo.dir, { ...batch(1, ['T007']), beforeSha: before });
    assert.deepEqual(nothing, { ok: true, sha: undefined, files: [], skipped: [] });
    assert.equal(repo.commitCount(), 1);
    repo.write('one.txt', '1\n');
    const one = await commitBatch(repo.dir, { ...batch(1, ['T007']), beforeSha: before });
    assert.ok(one.ok && one.sha);
    assert.equal(repo.git('log', '-1', '--format=%s').trim(), 'specflow: batch 1 of 4 — Core Components (T007)');
  });

  it('keeps a dirty start (staged, unstaged, untracked) out of the batch commits and leaves it as it was', async () => {
    repo.write('tracked.txt', 'v1\n');
    repo.write('edited.txt', 'v1\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'files');
    repo.write('tracked.txt', 'user staged\n');
    repo.git('add', 'tracked.txt');
    repo.write('edited.txt', 'user unstaged\n');
    repo.write('notes.txt', 'user untracked\n');
    const info = await inspectRepo(repo.dir);
    assert.ok(info);
    assert.deepEqual(info.dirtyPaths, { staged: ['tracked.txt'], unstaged: ['edited.txt'], untracked: ['notes.txt'] });
    const userView = repo.userView();

    const before = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
    repo.write('src/agent.ts', 'agent\n');
    repo.write('edited.txt', 'user unstaged\nagent too\n');
    const excludePaths = [...info.dirtyPaths.staged, ...info.dirtyPaths.unstaged, ...info.dirtyPaths.untracked];
    const result = await commitBatch(repo.dir, { ...batch(1, ['T001']), beforeSha: before, excludePaths });
    assert.ok(result.ok && result.sha);
    assert.deepEqual(result.files, ['src/agent.ts']);
    assert.deepEqual(result.skipped, ['edited.txt']);
    assert.equal(repo.git('show', '--name-only', '--format=', 'HEAD').trim(), 'src/agent.ts');
    assert.equal(repo.git('diff', '--cached', '--name-only').trim(), 'tracked.txt', 'the user staged change is still staged');
    assert.equal(
      repo
        .git('diff', '--cached')
        .split('\n')
        .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
        .join(),
      '+user staged',
    );
    assert.equal(repo.git('diff', '--name-only').trim(), 'edited.txt', 'the unstaged change is still unstaged');
    assert.match(repo.git('status', '--porcelain'), /^\?\? notes\.txt$/m);
    assert.notEqual(repo.userView(), userView, 'sanity: the agent edit of edited.txt is visible');
  });

  it('reports a rejecting pre-commit hook with its message and leaves index and working tree intact', async () => {
    repo.hook('pre-commit', 'echo "lint failed: console.log in src/new.ts" >&2\nexit 1');
    const before = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
    repo.write('src/new.ts', 'console.log(1)\n');
    repo.write('README.md', 'changed\n');
    const view = repo.userView();
    const result = await commitBatch(repo.dir, { ...batch(1, ['T001']), beforeSha: before });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /lint failed: console\.log in src\/new\.ts/);
    assert.equal(repo.userView(), view);
    assert.equal(repo.commitCount(), 1);
  });

  it('refuses on a detached HEAD, without throwing or committing', async () => {
    repo.git('checkout', '-q', '--detach');
    const before = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
    repo.write('x.txt', 'x\n');
    const result = await commitBatch(repo.dir, { ...batch(1, ['T001']), beforeSha: before });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /detached/);
    assert.equal(repo.commitCount(), 1);
  });

  it('makes the first commit on an unborn branch, as SpecFlow when no identity is configured', async () => {
    const bare = new Repo({ identity: false, initialCommit: false });
    try {
      const before = await snapshot(bare.dir, checkpointRef(RUN, 1, 'before'));
      bare.write('main.go', 'package main\n');
      const result = await commitBatch(bare.dir, { ...batch(1, ['T001']), beforeSha: before });
      assert.ok(result.ok && result.sha, JSON.stringify(result));
      assert.equal(bare.git('log', '--format=%an <%ae>|%cn <%ce>').trim(), 'SpecFlow <specflow@localhost>|SpecFlow <specflow@localhost>');
      assert.throws(() => bare.git('config', '--get', 'user.name'), 'no identity written to the config');
    } finally {
      bare.cleanup();
    }
  });
});
