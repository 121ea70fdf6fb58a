// A parallel group's own checkout: a linked worktree on its own branch, made from the batch's `before` checkpoint.
// Safe to call again after a crash: a worktree that is there is reused with whatever the agent left in it, a
// branch without its worktree gets one again, and a checkout that git never finished is made afresh.
import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { git, runGit } from '../checkpoints/git';
import { ensureRuntimeIgnored } from '../store/runtimeIgnore';
import { groupBranch, worktreePath, worktreesDir } from './paths';
import { branchSha, canonical, registeredWorktrees, WorktreeError, type RegisteredWorktree } from './registry';

export interface GroupWorktree {
  /** The worktree's top directory. */
  path: string;
  /** The project directory inside it (where the agent runs): `path` itself unless the project is a sub-folder of its repository. */
  projectDir: string;
  branch: string;
}

export interface CreateGroupWorktreeInput {
  runId: string;
  batch: number;
  group: number;
  /** The batch's `before` checkpoint: the branch starts here. */
  baseSha: string;
}

async function isEmptyDir(path: string): Promise<boolean | undefined> {
  const entries = await readdir(path).catch(() => undefined);
  return entries === undefined ? undefined : entries.length === 0;
}

/** A branch left from another attempt (a batch re-run after a revert) must not smuggle old work in. */
async function assertFromBase(cwd: string, branch: string, tip: string, baseSha: string): Promise<void> {
  const check = await runGit(cwd, ['merge-base', '--is-ancestor', baseSha, tip]);
  if (check.exitCode !== 0) {
    throw new WorktreeError(
      `branch ${branch} exists but does not start from ${baseSha.slice(0, 12)}; it holds an earlier attempt. Delete it (git branch -D ${branch}) or prune the run's worktrees, then retry.`,
    );
  }
}

/**
 * Drops a registration whose checkout never finished or whose folder is gone, so it can be made again. A locked
 * worktree is never pruned, and one killed before its `.git` file was written cannot be removed by git: unlock,
 * delete the half-made folder (no agent has run in it yet), prune.
 */
async function dropBroken(cwd: string, entry: RegisteredWorktree): Promise<void> {
  if (entry.locked !== undefined) await git(cwd, ['worktree', 'unlock', entry.path]);
  await rm(entry.path, { recursive: true, force: true });
  await git(cwd, ['worktree', 'prune']);
}

/** Creates (or finds again) the worktree and branch of one group. Throws WorktreeError or GitError. */
export async function createGroupWorktree(projectPath: string, input: CreateGroupWorktreeInput): Promise<GroupWorktree & { reused: boolean }> {
  const { runId, batch, group, baseSha } = input;
  const branch = groupBranch(runId, batch, group);
  const path = worktreePath(projectPath, runId, batch, group);
  const top = await canonical((await git(projectPath, ['rev-parse', '--show-toplevel'])).trim());
  const inRepo = relative(top, await canonical(projectPath));
  const result = (reused: boolean) => ({ path, projectDir: inRepo === '' ? path : `${path}${sep}${inRepo}`, branch, reused });
  ensureRuntimeIgnored(worktreesDir(projectPath));
  await mkdir(dirname(path), { recursive: true });
  const here = await canonical(path);
  const entry = (await registeredWorktrees(projectPath)).find((w) => w.path === here);
  if (entry && !entry.prunable && entry.locked !== 'initializing') {
    if (entry.branch !== `refs/heads/${branch}`) {
      throw new WorktreeError(
        `${path} is a worktree on ${entry.branch ?? 'a detached HEAD'}, not on ${branch}; remove it (git worktree remove --force ${path}) and retry.`,
      );
    }
    await assertFromBase(projectPath, branch, entry.head ?? branch, baseSha);
    return result(true);
  }
  if (entry) await dropBroken(projectPath, entry);
  const empty = await isEmptyDir(path);
  if (empty === true) await rmdir(path);
  else if (empty === false) throw new WorktreeError(`${path} exists and is not a worktree git knows; move it away and retry.`);
  const tip = await branchSha(projectPath, branch);
  if (tip) await assertFromBase(projectPath, branch, tip, baseSha);
  const args = tip ? ['worktree', 'add', '--quiet', path, branch] : ['worktree', 'add', '--quiet', '-b', branch, path, baseSha];
  // SpecFlow's bookkeeping: the user's post-checkout hook does not run for it.
  await git(projectPath, args, { noHooks: true });
  return result(false);
}
