// A commit of exactly some paths, on the current branch, through `git commit --only` so the user's hooks run and
// whatever else the user has staged stays staged and out of it.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { PATHSPEC_STDIN, git, gitMessage, identityEnv, literalPathspecs, runGit, splitNul } from './git';

/** `sha` is undefined when none of the paths had anything git could commit. */
type CommitOutcome = { ok: true; sha: string | undefined } | { ok: false; error: string };

async function inWorktree(root: string, path: string): Promise<boolean> {
  return access(join(root, path)).then(
    () => true,
    () => false,
  );
}

/**
 * Commits `paths` (root-relative) as they are in the working tree, deletions included. Paths git does not know
 * yet get an intent-to-add entry first, which is taken back if the commit fails (a hook said no), so a failure
 * leaves index and working tree as they were.
 */
export async function commitOnly(root: string, paths: readonly string[], message: string): Promise<CommitOutcome> {
  const known = new Set(splitNul(await git(root, ['ls-files', '-z', '--full-name', '--', ':/'])));
  const present = await Promise.all(paths.map((p) => inWorktree(root, p)));
  // A deleted path git never knew has nothing to commit (and `--only` would reject it as an unknown pathspec).
  const committable = paths.filter((p, i) => known.has(p) || present[i]);
  const fresh = committable.filter((p) => !known.has(p));
  if (committable.length === 0) return { ok: true, sha: undefined };
  if (fresh.length > 0) await git(root, ['add', '--intent-to-add', ...PATHSPEC_STDIN], { input: literalPathspecs(fresh), noHooks: true });
  const commit = await runGit(root, ['commit', '--only', '-m', message, ...PATHSPEC_STDIN], {
    input: literalPathspecs(committable),
    env: await identityEnv(root),
  });
  if (commit.exitCode !== 0) {
    if (fresh.length > 0) {
      await runGit(root, ['rm', '--cached', '-q', '--ignore-unmatch', ...PATHSPEC_STDIN], { input: literalPathspecs(fresh), noHooks: true });
    }
    return { ok: false, error: gitMessage(commit) || `git commit failed (exit ${commit.exitCode})` };
  }
  return { ok: true, sha: (await git(root, ['rev-parse', 'HEAD'])).trim() };
}
