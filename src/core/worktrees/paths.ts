// Where a parallel group's worktree and branch live: `.specflow/worktrees/<run>/<batch>-<group>` in the project
// (git-ignored, like the other runtime folders) on the branch `specflow/<run>/b<batch>-g<group>`.
import { join, resolve } from 'node:path';
import { assertValidId } from '../model/ids';

/** The folder every run's worktrees live in. */
export function worktreesDir(projectPath: string): string {
  return join(resolve(projectPath), '.specflow', 'worktrees');
}

/** One run's worktrees: the unit of cleanup. */
export function runWorktreesDir(projectPath: string, runId: string): string {
  return join(worktreesDir(projectPath), assertValidId(runId));
}

function positive(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what} number must be a positive integer, got ${n}`);
  return n;
}

/** The worktree of group `group` (1-based) of batch `batch` (1-based, as in the state file). */
export function worktreePath(projectPath: string, runId: string, batch: number, group: number): string {
  return join(runWorktreesDir(projectPath, runId), `${positive(batch, 'batch')}-${positive(group, 'group')}`);
}

/** `specflow/<run>/` — the run's group branches, under refs/heads/. */
export function runBranchPrefix(runId: string): string {
  return `specflow/${assertValidId(runId)}/`;
}

export function groupBranch(runId: string, batch: number, group: number): string {
  return `${runBranchPrefix(runId)}b${positive(batch, 'batch')}-g${positive(group, 'group')}`;
}

/** Batch and group back from a branch name of the run, or undefined for anything else. */
export function parseGroupBranch(runId: string, branch: string): { batch: number; group: number } | undefined {
  const prefix = runBranchPrefix(runId);
  const m = branch.startsWith(prefix) ? /^b([1-9]\d*)-g([1-9]\d*)$/.exec(branch.slice(prefix.length)) : null;
  return m ? { batch: Number(m[1]), group: Number(m[2]) } : undefined;
}
