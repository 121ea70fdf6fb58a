// What the pre-flight and every checkpoint need to know about the repository: where it is, which branch, whether
// git is in the middle of something, and what the user had changed before the run.
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { git, runGit, splitNul } from './git';
import { RUNTIME_EXCLUDES } from './refs';
import { headCommit } from './snapshot';

export interface RepoState {
  /** Absolute path of the working tree's top (all paths in this module are relative to it, with `/`). */
  root: string;
  /** Checked-out branch (short name); undefined when HEAD is detached. */
  branch: string | undefined;
  /** undefined on an unborn branch (no commit yet). */
  headSha: string | undefined;
  rebaseInProgress: boolean;
  mergeInProgress: boolean;
}

export interface DirtyPaths {
  /** Staged changes (both sides of a staged rename). */
  staged: string[];
  /** Changes to tracked files not staged. */
  unstaged: string[];
  /** Untracked, not ignored files. */
  untracked: string[];
}

export interface RepoInfo extends RepoState {
  dirtyPaths: DirtyPaths;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** RepoState without the (slower) status scan; undefined when `dir` is not inside a git working tree. */
export async function repoState(dir: string): Promise<RepoState | undefined> {
  let probe;
  try {
    probe = await runGit(dir, ['rev-parse', '--show-toplevel', '--git-path', 'rebase-merge', '--git-path', 'rebase-apply', '--git-path', 'MERGE_HEAD']);
  } catch {
    return undefined; // no such directory, or no git at all: checkpoints are off either way
  }
  if (probe.exitCode !== 0) return undefined;
  const [root = '', rebaseMerge = '', rebaseApply = '', mergeHead = ''] = probe.stdout.split('\n');
  const branch = await runGit(dir, ['symbolic-ref', '-q', '--short', 'HEAD']);
  return {
    root,
    branch: branch.exitCode === 0 ? branch.stdout.trim() : undefined,
    headSha: await headCommit(dir),
    rebaseInProgress: (await exists(resolve(dir, rebaseMerge))) || (await exists(resolve(dir, rebaseApply))),
    mergeInProgress: await exists(resolve(dir, mergeHead)),
  };
}

/** Parses `git status --porcelain=v1 -z` (paths relative to the root, renames as "new\0old"). */
export function parseStatus(output: string): DirtyPaths {
  const dirty: DirtyPaths = { staged: [], unstaged: [], untracked: [] };
  const entries = splitNul(output);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? '';
    const [x = ' ', y = ' '] = entry;
    const path = entry.slice(3);
    if (x === '?') {
      dirty.untracked.push(path);
      continue;
    }
    if (x !== ' ') dirty.staged.push(path);
    if (y !== ' ') dirty.unstaged.push(path);
    if (x === 'R' || x === 'C') {
      const from = entries[++i] ?? '';
      if (x === 'R') dirty.staged.push(from);
    }
  }
  return dirty;
}

/**
 * The pre-flight's view: undefined when `dir` is not in a git repository (then checkpoints are off), else where,
 * which branch, what git is in the middle of, and the user's uncommitted changes (SpecFlow's runtime files left out).
 * Never writes the index (no opportunistic stat refresh). Throws GitError when git fails on a repository.
 */
export async function inspectRepo(dir: string): Promise<RepoInfo | undefined> {
  const state = await repoState(dir);
  if (!state) return undefined;
  const excludes = RUNTIME_EXCLUDES.map((p) => `:(exclude)${p}`);
  const status = await git(dir, ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ':/', ...excludes]);
  return { ...state, dirtyPaths: parseStatus(status) };
}

/** Why SpecFlow must not commit on this repository right now, in words for the user; undefined when it may. */
export function commitBlocker(state: RepoState): string | undefined {
  if (state.rebaseInProgress) return 'a rebase is in progress (finish it with `git rebase --continue` or drop it with `git rebase --abort`)';
  if (state.mergeInProgress) return 'a merge is in progress (conclude it with `git commit` or drop it with `git merge --abort`)';
  if (state.branch === undefined) return 'HEAD is detached (no branch is checked out); check out a branch to get batch commits';
  return undefined;
}
