// A group whose work conflicts with what was merged before it is resolved in its own worktree: the working
// branch's tip is merged into the group's branch there, leaving git's conflict markers for a merge-healer
// agent; SpecFlow then checks that no marker is left and commits the resolution, so the group merges cleanly.
// The project's own tree is never touched by any of this.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, identityEnv, runGit, splitNul } from '../checkpoints/git';
import type { GroupWorktree } from './createWorktree';

/** A line git writes around a conflict (`<<<<<<< HEAD`, `=======`, `>>>>>>> sha`). */
const MARKER = /^(<{7}|={7}|>{7})(?: |$)/m;

async function unmergedPaths(wt: GroupWorktree): Promise<string[]> {
  return splitNul(await git(wt.path, ['diff', '--name-only', '-z', '--diff-filter=U']));
}

/**
 * Merges `intoSha` (the working branch's tip) into the group's branch in its worktree without committing.
 * Returns the conflicted paths (root-relative); none means it merged cleanly and is committed already.
 */
export async function startConflictMerge(wt: GroupWorktree, intoSha: string): Promise<string[]> {
  const env = await identityEnv(wt.path);
  const merged = await runGit(wt.path, ['merge', '--no-ff', '--no-commit', '--no-edit', intoSha], { env, noHooks: true });
  const conflicted = await unmergedPaths(wt);
  if (conflicted.length) return conflicted;
  if (merged.exitCode !== 0) throw new Error(`git merge in ${wt.path} failed: ${(merged.stderr || merged.stdout).trim()}`);
  await git(wt.path, ['commit', '--no-edit', '-q'], { env, noHooks: true });
  return [];
}

/** The conflicted paths that still hold a conflict marker after the healer ran (git still calls every one of
 * them unmerged until SpecFlow stages the resolution, so the markers are what tell). */
export async function unresolvedPaths(wt: GroupWorktree, paths: readonly string[]): Promise<string[]> {
  const left: string[] = [];
  for (const p of paths) {
    const text = await readFile(join(wt.path, p), 'utf8').catch(() => '');
    if (MARKER.test(text)) left.push(p);
  }
  return left.sort();
}

/** Commits the resolved merge in the worktree (everything the healer changed there). */
export async function finishConflictMerge(wt: GroupWorktree): Promise<string> {
  const env = await identityEnv(wt.path);
  await git(wt.path, ['add', '-A'], { noHooks: true });
  await git(wt.path, ['commit', '--no-edit', '-q'], { env, noHooks: true });
  return (await git(wt.path, ['rev-parse', 'HEAD'])).trim();
}

/** Leaves the group's branch as it was before the merge was tried. */
export async function abortConflictMerge(wt: GroupWorktree, groupSha: string): Promise<void> {
  await runGit(wt.path, ['merge', '--abort'], { noHooks: true });
  await git(wt.path, ['reset', '-q', '--hard', groupSha], { noHooks: true });
}
