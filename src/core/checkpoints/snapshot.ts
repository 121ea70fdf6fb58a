// Recording the working tree without touching it: a throwaway index (seeded from the real one so unchanged files
// are not rehashed) receives `git add -A`, becomes a tree, and optionally a commit under a private ref. The user's
// index, working tree and HEAD are never written.
import { copyFile, mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { git, identityEnv, runGit } from './git';
import { RUNTIME_EXCLUDES } from './refs';

/** The current HEAD commit, or undefined on an unborn branch. */
export async function headCommit(cwd: string): Promise<string | undefined> {
  const result = await runGit(cwd, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** The empty tree of this repository's hash function (what an unborn HEAD is compared with). */
export async function emptyTree(cwd: string): Promise<string> {
  return (await git(cwd, ['mktree'], { input: '' })).trim();
}

/**
 * Copies the real index to `copy` with its timestamp a second earlier: git trusts an entry's stat data only when the
 * file is older than the index itself ("racy git"), so a fresh mtime on the copy would hide a same-size edit made
 * within the second the index was written. Earlier only makes git re-read more files, never fewer.
 */
async function seedIndex(realIndex: string, copy: string): Promise<void> {
  const stats = await stat(realIndex).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined; // no index yet (fresh repository)
    throw e;
  });
  if (!stats) return;
  await copyFile(realIndex, copy);
  const earlier = (stats.mtimeMs - 1000) / 1000;
  await utimes(copy, earlier, earlier);
}

/**
 * The tree the working tree would make now: tracked and untracked files, not ignored ones, minus SpecFlow's
 * runtime files. `dir` is the project directory (the runtime excludes are relative to it).
 */
export async function worktreeTree(dir: string): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'specflow-index-'));
  const index = join(scratch, 'index');
  try {
    const realIndex = resolve(dir, (await git(dir, ['rev-parse', '--git-path', 'index'])).trim());
    await seedIndex(realIndex, index);
    const env = { GIT_INDEX_FILE: index };
    const excludes = RUNTIME_EXCLUDES.map((p) => `:(exclude)${p}`);
    await git(dir, ['-c', 'advice.addEmbeddedRepo=false', 'add', '-A', '--', ':/', ...excludes], { env, noHooks: true });
    return (await git(dir, ['write-tree'], { env, noHooks: true })).trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Makes `tree` a commit (parent: HEAD, when there is one) and points `ref` at it; hooks and signing stay out. */
export async function commitTreeToRef(cwd: string, tree: string, ref: string): Promise<string> {
  const head = await headCommit(cwd);
  const args = ['commit-tree', '--no-gpg-sign', tree, ...(head ? ['-p', head] : []), '-m', `specflow checkpoint ${ref}`];
  const sha = (await git(cwd, args, { env: await identityEnv(cwd), noHooks: true })).trim();
  await git(cwd, ['update-ref', '-m', 'specflow checkpoint', ref, sha], { noHooks: true });
  return sha;
}

/**
 * Records the whole working tree (see worktreeTree) as a commit under `ref`, e.g. checkpointRef(run, 2, 'before'),
 * and returns its sha. A refs-mode checkpoint is this with checkpointRef(run, n, 'after'). Throws GitError.
 */
export async function snapshot(dir: string, ref: string): Promise<string> {
  return commitTreeToRef(dir, await worktreeTree(dir), ref);
}
