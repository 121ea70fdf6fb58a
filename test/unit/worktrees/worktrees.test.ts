// Parallel groups in real git worktrees: create, commit a group, merge groups back in order, conflicts, the
// user's changes, crash safety and cleanup.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointRef } from '../../../src/core/checkpoints/refs';
import { snapshot } from '../../../src/core/checkpoints/snapshot';
import { checkKeys, worktreeChecked } from '../../../src/core/tasks/applyCheckmarks';
import { createGroupWorktree, type GroupWorktree } from '../../../src/core/worktrees/createWorktree';
import { groupMessage, groupResult } from '../../../src/core/worktrees/groupCommit';
import { listRunWorktrees, pruneRunWorktrees, removeGroupWorktree } from '../../../src/core/worktrees/cleanup';
import { mergeGroup, MergeRefusedError } from '../../../src/core/worktrees/mergeGroup';
import { WorktreeError } from '../../../src/core/worktrees/registry';
import { Repo, RUN, hermeticGit } from '../checkpoints/repoFixture';

const TASKS = ['# Tasks', '## Phase 1', '- [ ] T001 [P] a in src/a.ts', '- [ ] T002 [P] b in src/b.ts', ''].join('\n');
const message = (group: number, taskIds: string[]) =>
  groupMessage({ runId: RUN, batchIndex: 1, batchTotal: 2, batchName: 'Phase 1', taskIds, group, groupTotal: 2 });

function edit(wt: GroupWorktree, path: string, text: string): void {
  mkdirSync(join(wt.path, path, '..'), { recursive: true });
  writeFileSync(join(wt.path, path), text);
}

/** The main tree's status without SpecFlow's runtime folder (whose .gitignore is itself untracked). */
const status = (repo: Repo) => repo.git('status', '--porcelain', '--untracked-files=all', '--', '.', ':!.specflow', ':!app/.specflow');

const tick = (text: string, id: string) => text.replace(`- [ ] ${id}`, `- [x] ${id}`);

describe('worktrees: parallel groups', () => {
  hermeticGit();
  let repo: Repo;
  let base: string;
  beforeEach(async () => {
    repo = new Repo();
    repo.write('tasks.md', TASKS);
    repo.write('shared.txt', 'one\ntwo\nthree\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'tasks');
    base = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
  });
  afterEach(() => repo.cleanup());

  const create = (group: number, baseSha = base) => createGroupWorktree(repo.dir, { runId: RUN, batch: 1, group, baseSha });

  it('makes a git-ignored worktree on its own branch from the base', async () => {
    const wt = await create(1);
    assert.equal(wt.path, join(repo.dir, '.specflow', 'worktrees', RUN, '1-1'));
    assert.equal(wt.projectDir, wt.path);
    assert.equal(wt.branch, `specflow/${RUN}/b1-g1`);
    assert.equal(wt.reused, false);
    assert.equal(readFileSync(join(wt.path, 'tasks.md'), 'utf8'), TASKS);
    assert.equal(repo.git('-C', wt.path, 'rev-parse', 'HEAD').trim(), base);
    assert.equal(repo.read('.specflow/worktrees/.gitignore')?.split('\n').includes('*'), true);
    assert.equal(repo.git('status', '--porcelain', '--untracked-files=all'), '?? .specflow/worktrees/.gitignore\n', 'the main tree sees only the ignore file');
  });

  it('merges two groups in order, one commit each with trailers, and leaves tasks.md to the checkmarks', async () => {
    const [g1, g2] = [await create(1), await create(2)];
    edit(g1, 'src/a.ts', 'export const a = 1;\n');
    rmSync(join(g1.path, 'shared.txt'));
    edit(g1, 'tasks.md', tick(TASKS, 'T001'));
    edit(g2, 'src/b.ts', 'export const b = 2;\n');
    edit(g2, 'tasks.md', tick(TASKS, 'T002'));
    const r1 = await groupResult(g1, base, { runId: RUN, batchIndex: 1, batchTotal: 2, batchName: 'Phase 1', taskIds: ['T001'], group: 1, groupTotal: 2 });
    const r2 = await groupResult(g2, base, message(2, ['T002']));
    assert.deepEqual(r1.files, ['shared.txt', 'src/a.ts', 'tasks.md']);
    assert.deepEqual(r2.files, ['src/b.ts', 'tasks.md']);
    assert.equal(repo.git('-C', g1.path, 'status', '--porcelain'), '', 'the worktree is clean after its commit');

    const start = repo.commitCount();
    const m1 = await mergeGroup(repo.dir, { branch: g1.branch, baseSha: base, message: message(1, ['T001']), exclude: ['tasks.md'] });
    const m2 = await mergeGroup(repo.dir, { branch: g2.branch, baseSha: base, message: message(2, ['T002']), exclude: ['tasks.md'] });
    assert.ok(m1.ok && m1.sha && m2.ok && m2.sha);
    assert.deepEqual(m1.files, ['shared.txt', 'src/a.ts']);
    assert.deepEqual(m2.files, ['src/b.ts']);
    assert.equal(repo.commitCount(), start + 2);
    assert.equal(repo.git('rev-parse', 'HEAD~1').trim(), m1.sha);
    assert.equal(repo.git('rev-list', '--merges', '--count', 'HEAD').trim(), '0', 'ordinary commits, no merge commits');
    assert.equal(
      repo.git('log', '-1', '--format=%B'),
      `specflow: batch 1 of 2, group 2 of 2 — Phase 1 (T002)\n\nSpecFlow-Run: ${RUN}\nSpecFlow-Batch: 1\nSpecFlow-Group: 2\nSpecFlow-Tasks: T002\n\n`,
    );
    assert.equal(repo.git('log', '-1', '--format=%(trailers:key=SpecFlow-Group,valueonly)', 'HEAD~1').trim(), '1');
    assert.equal(repo.read('src/a.ts'), 'export const a = 1;\n');
    assert.equal(repo.read('shared.txt'), undefined, 'a deletion is merged too');
    assert.equal(repo.read('tasks.md'), TASKS, 'tasks.md is not merged');
    assert.equal(status(repo), '');

    let text = repo.read('tasks.md')!;
    for (const wt of [g1, g2]) {
      const keys = worktreeChecked(text, readFileSync(join(wt.path, 'tasks.md'), 'utf8'), ['T001', 'T002']);
      text = checkKeys(text, keys).text;
    }
    assert.equal(text, tick(tick(TASKS, 'T001'), 'T002'), 'both adjacent checkmarks, no conflict');
  });

  it('reports a conflict with the file named and leaves the tree, index and branch as they were', async () => {
    const [g1, g2] = [await create(1), await create(2)];
    edit(g1, 'shared.txt', 'one\nTWO from g1\nthree\n');
    edit(g2, 'shared.txt', 'one\nTWO from g2\nthree\n');
    edit(g2, 'src/b.ts', 'b\n');
    await groupResult(g1, base, message(1, ['T001']));
    await groupResult(g2, base, message(2, ['T002']));
    assert.ok((await mergeGroup(repo.dir, { branch: g1.branch, baseSha: base })).ok);
    const head = repo.git('rev-parse', 'HEAD').trim();
    repo.write('mine.txt', 'untracked of the user\n');
    const view = repo.userView();
    const second = await mergeGroup(repo.dir, { branch: g2.branch, baseSha: base, exclude: ['tasks.md'] });
    assert.ok(!second.ok);
    assert.deepEqual(second.conflict, ['shared.txt']);
    assert.equal(second.ours, head);
    assert.equal(second.base, base);
    assert.equal(second.theirs, repo.git('rev-parse', g2.branch).trim());
    assert.equal(repo.git('rev-parse', 'HEAD').trim(), head);
    assert.equal(repo.userView(), view);
    assert.equal(repo.read('shared.txt'), 'one\nTWO from g1\nthree\n');
    assert.equal(repo.read('src/b.ts'), undefined, 'nothing of the group was written');
    assert.equal(existsSync(join(repo.dir, '.git', 'MERGE_HEAD')), false);
  });

  it("refuses to merge over the user's uncommitted changes, and keeps theirs out of the group commit", async () => {
    const wt = await create(1);
    edit(wt, 'shared.txt', 'one\ntwo\nthree\nfour\n');
    edit(wt, 'src/new.ts', 'new\n');
    await groupResult(wt, base, message(1, ['T001']));
    repo.write('shared.txt', 'user edit\n');
    repo.write('README.md', 'staged by the user\n');
    repo.git('add', 'README.md');
    const view = repo.userView();
    await assert.rejects(
      mergeGroup(repo.dir, { branch: wt.branch, baseSha: base }),
      (e: unknown) => e instanceof MergeRefusedError && e.paths.join() === 'shared.txt' && /uncommitted changes of yours \(shared\.txt\)/.test(e.message),
    );
    assert.equal(repo.userView(), view, 'nothing changed');
    repo.write('shared.txt', 'one\ntwo\nthree\n');
    const merged = await mergeGroup(repo.dir, { branch: wt.branch, baseSha: base });
    assert.ok(merged.ok && merged.sha);
    assert.deepEqual(repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n'), ['shared.txt', 'src/new.ts']);
    assert.equal(repo.git('diff', '--cached', '--name-only').trim(), 'README.md', "the user's staged file stays staged and out");
    assert.equal(repo.read('README.md'), 'staged by the user\n');
  });

  it('keeps a dirty start out: the base snapshot holds the user change, the group commit and merge do not', async () => {
    repo.write('draft.md', 'user draft\n');
    const dirtyBase = await snapshot(repo.dir, checkpointRef(RUN, 2, 'before'));
    const wt = await createGroupWorktree(repo.dir, { runId: RUN, batch: 2, group: 1, baseSha: dirtyBase });
    assert.equal(readFileSync(join(wt.path, 'draft.md'), 'utf8'), 'user draft\n', 'the agent sees what the user sees');
    edit(wt, 'src/c.ts', 'c\n');
    const result = await groupResult(wt, dirtyBase, message(1, ['T003']));
    assert.deepEqual(result.files, ['src/c.ts']);
    const merged = await mergeGroup(repo.dir, { branch: wt.branch, baseSha: dirtyBase });
    assert.ok(merged.ok);
    assert.deepEqual(merged.files, ['src/c.ts']);
    assert.equal(status(repo).trim(), '?? draft.md', "the user's file is still theirs, uncommitted");
  });

  it('undoes the written files when a commit hook refuses the merge', async () => {
    const wt = await create(1);
    edit(wt, 'src/a.ts', 'a\n');
    edit(wt, 'shared.txt', 'changed\n');
    await groupResult(wt, base, message(1, ['T001']));
    repo.hook('pre-commit', 'echo "lint failed" >&2; exit 1');
    const head = repo.git('rev-parse', 'HEAD').trim();
    await assert.rejects(mergeGroup(repo.dir, { branch: wt.branch, baseSha: base }), /commit was refused: lint failed/);
    assert.equal(repo.git('rev-parse', 'HEAD').trim(), head);
    assert.equal(status(repo), '');
    assert.equal(repo.read('src/a.ts'), undefined);
  });

  it('is idempotent: a second merge of a merged group, a second groupResult, a group that changed nothing', async () => {
    const wt = await create(1);
    edit(wt, 'src/a.ts', 'a\n');
    repo.git('-C', wt.path, 'add', '-A');
    repo.git('-C', wt.path, 'commit', '-q', '-m', 'agent commit 1');
    edit(wt, 'src/a2.ts', 'a2\n');
    const first = await groupResult(wt, base, message(1, ['T001']));
    const again = await groupResult(wt, base, message(1, ['T001']));
    assert.equal(again.sha, first.sha);
    assert.equal(repo.git('rev-parse', `${first.sha!}~1`).trim(), base, "the agent's own commits become one");
    assert.ok((await mergeGroup(repo.dir, { branch: wt.branch, baseSha: base })).ok);
    const head = repo.git('rev-parse', 'HEAD').trim();
    assert.deepEqual(await mergeGroup(repo.dir, { branch: wt.branch, baseSha: base }), { ok: true, sha: undefined, files: [] });
    assert.equal(repo.git('rev-parse', 'HEAD').trim(), head);
    const idle = await create(2);
    assert.deepEqual(await groupResult(idle, base, message(2, ['T002'])), { sha: undefined, files: [] });
    assert.deepEqual(await mergeGroup(repo.dir, { branch: idle.branch, baseSha: base }), { ok: true, sha: undefined, files: [] });
  });

  it('survives a crash: the same worktree again with the agent work in it, a branch without its worktree, a half-made checkout', async () => {
    const wt = await create(1);
    edit(wt, 'src/wip.ts', 'work in progress\n');
    const again = await create(1);
    assert.deepEqual({ ...again, reused: false }, { ...wt, reused: false });
    assert.equal(again.reused, true);
    assert.equal(readFileSync(join(again.path, 'src/wip.ts'), 'utf8'), 'work in progress\n');

    const { sha } = await groupResult(wt, base, message(1, ['T001']));
    await removeGroupWorktree(repo.dir, wt);
    assert.equal(existsSync(wt.path), false);
    const back = await create(1);
    assert.equal(back.reused, false);
    assert.equal(repo.git('-C', back.path, 'rev-parse', 'HEAD').trim(), sha, 'the kept branch is checked out again');

    // `git worktree add` killed mid-checkout: registered, locked "initializing", files missing.
    const half = await create(2);
    const admin = repo.git('-C', half.path, 'rev-parse', '--git-dir').trim();
    writeFileSync(join(admin, 'locked'), 'initializing');
    repo.remove('.specflow/worktrees/' + RUN + '/1-2/shared.txt');
    const remade = await create(2);
    assert.equal(remade.reused, false);
    assert.equal(readFileSync(join(remade.path, 'shared.txt'), 'utf8'), 'one\ntwo\nthree\n');
  });

  it('refuses a branch left from another base, and a worktree of another branch', async () => {
    const wt = await create(1);
    repo.write('later.txt', 'x\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'later');
    const newBase = await snapshot(repo.dir, checkpointRef(RUN, 1, 'before'));
    await assert.rejects(create(1, newBase), (e: unknown) => e instanceof WorktreeError && /does not start from/.test(e.message));
    repo.git('-C', wt.path, 'checkout', '-q', '--detach');
    await assert.rejects(create(1), /is a worktree on a detached HEAD, not on specflow\//);
  });

  it('refuses to remove a worktree with uncommitted work unless forced', async () => {
    const wt = await create(1);
    edit(wt, 'src/wip.ts', 'wip\n');
    await assert.rejects(removeGroupWorktree(repo.dir, wt), (e: unknown) => e instanceof WorktreeError && /groupResult first/.test(e.message));
    assert.equal(existsSync(join(wt.path, 'src/wip.ts')), true);
    await removeGroupWorktree(repo.dir, wt, { force: true, deleteBranch: true });
    assert.equal(existsSync(wt.path), false);
    assert.equal(repo.git('branch', '--list', 'specflow/*').trim(), '');
  });

  it('lists and prunes a run: worktrees and the folder go, branches only when asked', async () => {
    const [g1, g2] = [await create(1), await create(2)];
    edit(g2, 'dirty.txt', 'never committed\n');
    await removeGroupWorktree(repo.dir, g1);
    assert.deepEqual(
      (await listRunWorktrees(repo.dir, RUN)).map((w) => [w.batch, w.group, w.checkedOut, w.branchSha === base]),
      [
        [1, 1, false, true],
        [1, 2, true, true],
      ],
    );
    assert.deepEqual(await pruneRunWorktrees(repo.dir, RUN), { worktrees: 1, branches: 0 });
    assert.equal(existsSync(join(repo.dir, '.specflow', 'worktrees', RUN)), false);
    assert.equal(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)?.length, 1);
    assert.deepEqual(
      (await listRunWorktrees(repo.dir, RUN)).map((w) => w.branch),
      [g1.branch, g2.branch],
      'branches kept',
    );
    assert.deepEqual(await pruneRunWorktrees(repo.dir, RUN, { deleteBranches: true }), { worktrees: 0, branches: 2 });
    assert.deepEqual(await listRunWorktrees(repo.dir, RUN), []);
  });

  it('runs the agent in the project folder when the project is a sub-folder of its repository', async () => {
    repo.write('app/tasks.md', TASKS);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'app');
    const appBase = await snapshot(join(repo.dir, 'app'), checkpointRef(RUN, 3, 'before'));
    const wt = await createGroupWorktree(join(repo.dir, 'app'), { runId: RUN, batch: 3, group: 1, baseSha: appBase });
    assert.equal(wt.path, join(repo.dir, 'app', '.specflow', 'worktrees', RUN, '3-1'));
    assert.equal(wt.projectDir, join(wt.path, 'app'));
    edit(wt, 'app/src/x.ts', 'x\n');
    assert.deepEqual((await groupResult(wt, appBase, message(1, ['T001']))).files, ['app/src/x.ts']);
    const merged = await mergeGroup(join(repo.dir, 'app'), { branch: wt.branch, baseSha: appBase, exclude: ['app/tasks.md'] });
    assert.ok(merged.ok);
    assert.deepEqual(merged.files, ['app/src/x.ts']);
    assert.equal(status(repo), '');
  });
});
