// Putting files back as a checkpoint had them, in the working tree only: `git restore --worktree` writes them
// (modes, symlinks, the user's filters and line endings), and what the checkpoint did not have is deleted.
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PATHSPEC_STDIN, git, literalPathspecs, splitNul } from './git';

/** Removes directories left empty by a deletion, walking up towards (never including) the root. */
async function pruneEmptyParents(root: string, path: string): Promise<void> {
  for (let dir = dirname(path); dir !== '.' && dir !== ''; dir = dirname(dir)) {
    const entries = await readdir(join(root, dir)).catch(() => undefined);
    if (entries === undefined || entries.length > 0) return;
    await rmdir(join(root, dir));
  }
}

/** The root-relative paths `source` holds, files and submodules apart (SpecFlow does not rewind submodules). */
async function entriesOf(root: string, source: string): Promise<{ files: Set<string>; submodules: Set<string> }> {
  const files = new Set<string>();
  const submodules = new Set<string>();
  for (const entry of splitNul(await git(root, ['ls-tree', '-r', '-z', '--full-tree', source]))) {
    const tab = entry.indexOf('\t');
    (entry.slice(0, tab).includes(' commit ') ? submodules : files).add(entry.slice(tab + 1));
  }
  return { files, submodules };
}

async function removeFile(root: string, path: string): Promise<void> {
  const stat = await lstat(join(root, path)).catch(() => undefined);
  if (stat === undefined || stat.isDirectory()) return; // already gone, or a submodule's checkout: left alone
  await rm(join(root, path), { force: true });
  await pruneEmptyParents(root, path);
}

/**
 * Makes each path (root-relative) in the working tree what it is in `source` (a commit or tree): written from
 * it, or deleted when `source` does not have it. The index is not touched. Deletions go first, so a file that
 * became a directory (or the reverse) comes back.
 */
export async function restorePaths(root: string, source: string, paths: readonly string[]): Promise<void> {
  const { files, submodules } = await entriesOf(root, source);
  const back = paths.filter((p) => files.has(p));
  for (const path of paths.filter((p) => !files.has(p) && !submodules.has(p))) await removeFile(root, path);
  if (back.length > 0) {
    await git(root, ['restore', `--source=${source}`, '--worktree', ...PATHSPEC_STDIN], { input: literalPathspecs(back), noHooks: true });
  }
}
