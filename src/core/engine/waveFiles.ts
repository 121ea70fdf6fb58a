// The files a wave hands around: the main tasks.md (written whole, atomically: agents and the user read
// it), and the spec files a group's worktree must see as they are now, not as last committed.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { git } from '../checkpoints/git';

export async function writeTasksText(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text, { fsync: true });
}

/** Root-relative (posix) path of a project file, as git names it. */
export async function repoPath(projectPath: string, rel: string): Promise<string> {
  const prefix = (await git(projectPath, ['rev-parse', '--show-prefix'])).trim();
  return posix.join(prefix, rel.split(sep).join('/'));
}

/**
 * Copies the feature folder's files (tasks.md, spec, plan…) into a group's worktree, so its agent reads them as
 * they are now even when the user has not committed them. Returns their root-relative paths: the merge leaves
 * them out (tasks.md is ticked by SpecFlow; the spec is the user's).
 */
export async function seedWorktree(projectPath: string, featureDir: string, worktreeProject: string): Promise<string[]> {
  const from = join(projectPath, featureDir);
  const names = (await readdir(from, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const copied: string[] = [];
  for (const name of names) {
    const rel = join(featureDir, name);
    await mkdir(dirname(join(worktreeProject, rel)), { recursive: true });
    await copyFile(join(from, name), join(worktreeProject, rel));
    copied.push(await repoPath(projectPath, relative(projectPath, join(projectPath, rel))));
  }
  return copied;
}
