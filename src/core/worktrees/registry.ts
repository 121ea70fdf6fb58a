// What git knows about linked worktrees (`git worktree list --porcelain -z`), and the worktree errors users see.
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { git, runGit, splitNul } from '../checkpoints/git';

/** A worktree could not be made, reused or removed; the message says why and what to do. */
export class WorktreeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorktreeError';
  }
}

export interface RegisteredWorktree {
  path: string;
  head: string | undefined;
  /** Full ref (`refs/heads/…`), or undefined when detached. */
  branch: string | undefined;
  /** `git worktree add` never finished (killed mid-checkout): git leaves it locked "initializing". */
  locked: string | undefined;
  /** Its directory is gone: `git worktree prune` will drop it. */
  prunable: boolean;
}

/**
 * Absolute path with symlinks resolved (`/var` → `/private/var` on macOS), also for a path that does not exist
 * (yet, or any more): its nearest existing parent is resolved. So git's paths and ours compare equal.
 */
export async function canonical(path: string): Promise<string> {
  const abs = resolve(path);
  const real = await realpath(abs).catch(() => undefined);
  if (real !== undefined) return real;
  const parent = dirname(abs);
  return parent === abs ? abs : join(await canonical(parent), basename(abs));
}

export async function registeredWorktrees(cwd: string): Promise<RegisteredWorktree[]> {
  const out: RegisteredWorktree[] = [];
  let cur: RegisteredWorktree | undefined;
  for (const line of splitNul(await git(cwd, ['worktree', 'list', '--porcelain', '-z']))) {
    const space = line.indexOf(' ');
    const [word, value] = space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)];
    if (word === 'worktree') out.push((cur = { path: value, head: undefined, branch: undefined, locked: undefined, prunable: false }));
    else if (!cur) continue;
    else if (word === 'HEAD') cur.head = value;
    else if (word === 'branch') cur.branch = value;
    else if (word === 'locked') cur.locked = value;
    else if (word === 'prunable') cur.prunable = true;
  }
  for (const w of out) w.path = await canonical(w.path);
  return out;
}

/** The sha a branch points at, or undefined when there is no such branch. */
export async function branchSha(cwd: string, branch: string): Promise<string | undefined> {
  const result = await runGit(cwd, ['rev-parse', '-q', '--verify', `refs/heads/${branch}^{commit}`]);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}
