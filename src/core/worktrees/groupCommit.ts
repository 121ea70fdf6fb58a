// A group's work as one commit on its branch, right on top of the batch's `before` checkpoint: everything the agent
// changed in its worktree (tasks.md included; the merge leaves that out), whatever commits the agent made itself.
import { touchedPaths } from '../checkpoints/diff';
import { git, identityEnv } from '../checkpoints/git';
import type { BatchMessageInput } from '../checkpoints/messages';
import { worktreeTree } from '../checkpoints/snapshot';
import type { GroupWorktree } from './createWorktree';

export interface GroupMessageInput extends BatchMessageInput {
  /** 1-based, in merge order, and how many groups the wave has. */
  group: number;
  groupTotal: number;
}

const LISTED_KEYS = 5;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A group's tasks are not a range (`T002, T004, T006`): the first few, then how many. */
function keyList(taskIds: readonly string[]): string {
  if (taskIds.length <= LISTED_KEYS) return taskIds.join(', ');
  return `${taskIds.slice(0, LISTED_KEYS - 1).join(', ')}, … ${taskIds.length} tasks`;
}

/**
 * `specflow: batch 2 of 4, group 1 of 3 — Core Components (T004, T006)`, a blank line, then the SpecFlow-Run,
 * SpecFlow-Batch, SpecFlow-Group and SpecFlow-Tasks trailers.
 */
export function groupMessage(input: GroupMessageInput): string {
  const name = oneLine(input.batchName);
  const keys = keyList(input.taskIds);
  const subject = `specflow: batch ${input.batchIndex} of ${input.batchTotal}, group ${input.group} of ${input.groupTotal}${name ? ` — ${name}` : ''}${keys ? ` (${keys})` : ''}`;
  const trailers = [`SpecFlow-Run: ${input.runId}`, `SpecFlow-Batch: ${input.batchIndex}`, `SpecFlow-Group: ${input.group}`];
  if (input.taskIds.length > 0) trailers.push(`SpecFlow-Tasks: ${input.taskIds.join(' ')}`);
  return `${subject}\n\n${trailers.join('\n')}\n`;
}

export interface GroupResult {
  /** The group's commit (its branch points here), or undefined when the agent changed nothing. */
  sha: string | undefined;
  /** Root-relative paths the group changed against the base. */
  files: string[];
}

async function rev(cwd: string, what: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--verify', what])).trim();
}

/** Whether `sha` already is the commit this call would make (a repeat after a crash). */
async function isSameCommit(cwd: string, sha: string, want: { tree: string; parent: string; message: string }): Promise<boolean> {
  const [tree = '', parents = '', ...body] = (await git(cwd, ['log', '-1', '--format=%T%n%P%n%B', sha])).split('\n');
  return tree === want.tree && parents === want.parent && body.join('\n').trim() === want.message.trim();
}

/**
 * Commits the worktree as it is (tracked, new and deleted files; ignored and SpecFlow runtime files left out) as
 * one commit whose parent is `baseSha`, moves the group's branch there and leaves the worktree clean. No hooks run
 * (the gate runs once, on the merged tree). Calling it again with nothing new returns the same commit.
 */
export async function groupResult(wt: GroupWorktree, baseSha: string, message: GroupMessageInput | string): Promise<GroupResult> {
  const text = typeof message === 'string' ? message : groupMessage(message);
  const tree = await worktreeTree(wt.projectDir);
  const head = await rev(wt.path, 'HEAD');
  if (tree === (await rev(wt.path, `${baseSha}^{tree}`))) {
    if (head !== baseSha) await git(wt.path, ['reset', '-q', baseSha], { noHooks: true });
    return { sha: undefined, files: [] };
  }
  const files = await touchedPaths(wt.path, baseSha, tree);
  if (head !== baseSha && (await isSameCommit(wt.path, head, { tree, parent: baseSha, message: text }))) return { sha: head, files };
  const args = ['commit-tree', '--no-gpg-sign', tree, '-p', baseSha, '-m', text];
  const sha = (await git(wt.path, args, { env: await identityEnv(wt.path), noHooks: true })).trim();
  // A mixed reset moves the branch checked out here and matches the index to it; the files are already right.
  await git(wt.path, ['reset', '-q', sha], { noHooks: true });
  return { sha, files };
}
