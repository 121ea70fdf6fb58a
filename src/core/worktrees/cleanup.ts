// Listing and removing a run's worktrees and branches. Branches hold the groups' work and are deleted only when
// asked (a batch keeps them until it is confirmed); worktrees go when the run is finished.
import { access, rm } from 'node:fs/promises';
import { sep } from 'node:path';
import { git, gitMessage, runGit, splitNul } from '../checkpoints/git';
import { groupBranch, parseGroupBranch, runBranchPrefix, runWorktreesDir } from './paths';
import { canonical, registeredWorktrees, WorktreeError } from './registry';

export interface RunWorktree {
  batch: number;
  group: number;
  /** Where its worktree is (or would be). */
  path: string;
  branch: string;
  /** The branch's commit; undefined when the branch is gone. */
  branchSha: string | undefined;
  /** A worktree is registered at `path` and its folder is there. */
  checkedOut: boolean;
}

const WORKTREE_NAME = /^([1-9]\d*)-([1-9]\d*)$/;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function runBranches(cwd: string, runId: string): Promise<Map<string, string>> {
  const out = await git(cwd, ['for-each-ref', '--format=%(refname:strip=2)%00%(objectname)%00', `refs/heads/${runBranchPrefix(runId)}`]);
  const fields = splitNul(out.replace(/\n/g, ''));
  const branches = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) branches.set(fields[i]!, fields[i + 1]!);
  return branches;
}

/** The run's groups that have a worktree or a branch, by batch then group. */
export async function listRunWorktrees(projectPath: string, runId: string): Promise<RunWorktree[]> {
  const dir = runWorktreesDir(projectPath, runId);
  const prefix = (await canonical(dir)) + sep;
  const found = new Map<string, RunWorktree>();
  const add = (batch: number, group: number) => {
    const id = `${batch}-${group}`;
    let w = found.get(id);
    if (!w) found.set(id, (w = { batch, group, path: `${dir}${sep}${id}`, branch: groupBranch(runId, batch, group), branchSha: undefined, checkedOut: false }));
    return w;
  };
  for (const wt of await registeredWorktrees(projectPath)) {
    const m = wt.path.startsWith(prefix) ? WORKTREE_NAME.exec(wt.path.slice(prefix.length)) : null;
    if (m && !wt.prunable) add(Number(m[1]), Number(m[2])).checkedOut = true;
  }
  for (const [branch, sha] of await runBranches(projectPath, runId)) {
    const bg = parseGroupBranch(runId, branch);
    if (bg) add(bg.batch, bg.group).branchSha = sha;
  }
  return [...found.values()].sort((a, b) => a.batch - b.batch || a.group - b.group);
}

/**
 * Removes one group's worktree. Without `force` it refuses when the worktree holds changes its branch does not
 * (run groupResult first). `deleteBranch` deletes the group's branch too (its work is gone then).
 */
export async function removeGroupWorktree(
  projectPath: string,
  wt: { path: string; branch: string },
  opts: { force?: boolean; deleteBranch?: boolean } = {},
): Promise<void> {
  const here = await canonical(wt.path);
  const registered = (await registeredWorktrees(projectPath)).find((w) => w.path === here);
  if (registered && !registered.prunable) {
    const args = ['worktree', 'remove', ...(opts.force ? ['--force', '--force'] : []), wt.path];
    const result = await runGit(projectPath, args, { noHooks: true });
    if (result.exitCode !== 0) {
      throw new WorktreeError(
        `worktree ${wt.path} was not removed (${gitMessage(result)}): commit its changes to ${wt.branch} with groupResult first, or remove it with force`,
      );
    }
  } else if (await exists(wt.path)) {
    if (!opts.force) throw new WorktreeError(`${wt.path} is not a worktree git knows; remove it with force, or move it away`);
    await rm(wt.path, { recursive: true, force: true });
  }
  await git(projectPath, ['worktree', 'prune']);
  if (opts.deleteBranch) await runGit(projectPath, ['update-ref', '-d', `refs/heads/${wt.branch}`], { noHooks: true });
}

/**
 * Removes every worktree of the run (whatever is in them), the run's folder under .specflow/worktrees, and git's
 * records of them; with `deleteBranches`, the run's group branches too. Returns how many of each went.
 */
export async function pruneRunWorktrees(
  projectPath: string,
  runId: string,
  opts: { deleteBranches?: boolean } = {},
): Promise<{ worktrees: number; branches: number }> {
  const listed = await listRunWorktrees(projectPath, runId);
  let worktrees = 0;
  for (const w of listed.filter((l) => l.checkedOut)) {
    await removeGroupWorktree(projectPath, w, { force: true });
    worktrees++;
  }
  await rm(runWorktreesDir(projectPath, runId), { recursive: true, force: true });
  await git(projectPath, ['worktree', 'prune']);
  let branches = 0;
  if (opts.deleteBranches) {
    const refs = [...(await runBranches(projectPath, runId))];
    if (refs.length > 0) {
      const input = refs.map(([branch, sha]) => `delete refs/heads/${branch}\0${sha}\0`).join('');
      await git(projectPath, ['update-ref', '--stdin', '-z'], { input, noHooks: true });
    }
    branches = refs.length;
  }
  return { worktrees, branches };
}
