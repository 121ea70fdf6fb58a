// Undoing one batch: its files go back to its `before` checkpoint (a revert commit in "commit" mode, the files
// alone in "refs" mode) and its tasks are unchecked by the caller's rewrite of tasks.md. Refused, with nothing
// written, when anything after the batch changed the same files; the working tree is saved under a private ref
// before the first write, and put back if the revert commit is refused.
import { readFile, realpath, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { commitOnly } from './commitOnly';
import { commitFiles, touchedPaths } from './diff';
import { git } from './git';
import { revertMessage } from './messages';
import { revertRef } from './refs';
import { type RepoState, commitBlocker, repoState } from './repoState';
import { restorePaths } from './restorePaths';
import { type RevertConflict, planRevert } from './revertPlan';
import { commitTreeToRef, emptyTree, worktreeTree } from './snapshot';

export interface BatchCheckpoints {
  index: number;
  beforeSha: string;
  afterSha: string;
}

export interface RevertBatchInput {
  runId: string;
  /** The batch to undo; `commitSha` is its checkpoint commit, when it got one. */
  batch: BatchCheckpoints & { commitSha?: string };
  /** Batches after it that are still in effect (leave out ones already reverted). */
  laterBatches: readonly BatchCheckpoints[];
  /** tasks.md, absolute or relative to `dir`. */
  tasksPath: string;
  /** Unchecks the batch's tasks; called with tasks.md's text before anything is written. */
  rewriteTasks: (text: string) => string;
  mode: 'commit' | 'refs';
  /** Root-relative paths kept out of the revert commit when the batch has no commit to go by (the user's pre-run changes). */
  excludePaths?: readonly string[];
}

export type RevertBatchResult =
  /** `commitSha` only in commit mode, and only when something was committed; `savedRef` holds the tree from before. */
  | { ok: true; restored: string[]; savedRef: string; commitSha?: string }
  | { ok: false; reason: 'conflict'; files: string[]; conflicts: RevertConflict[] }
  | { ok: false; reason: 'error'; message: string; savedRef?: string };

async function rootRelative(root: string, dir: string, path: string): Promise<string> {
  const absolute = isAbsolute(path) ? path : resolve(dir, path);
  const parent = await realpath(dirname(absolute)).catch(() => dirname(absolute));
  return relative(root, join(parent, basename(absolute)))
    .split(sep)
    .join('/');
}

async function planFor(root: string, input: RevertBatchInput, tasksPath: string, now: string) {
  const { batch } = input;
  const later = [...input.laterBatches].sort((a, b) => a.index - b.index);
  const laterBatches = new Map<number, string[]>();
  for (const b of later) laterBatches.set(b.index, await touchedPaths(root, b.beforeSha, b.afterSha));
  return planRevert({
    touched: await touchedPaths(root, batch.beforeSha, batch.afterSha),
    tasksPath,
    laterBatches,
    sinceAfter: await touchedPaths(root, batch.afterSha, now),
    sinceLastCheckpoint: await touchedPaths(root, later[later.length - 1]?.afterSha ?? batch.afterSha, now),
  });
}

/** The paths of the restoration that go into the revert commit: the batch commit's own files, else all but the user's. */
async function pathsToCommit(dir: string, state: RepoState, input: RevertBatchInput, candidates: string[]): Promise<string[]> {
  const allowed = input.batch.commitSha ? new Set(await commitFiles(state.root, input.batch.commitSha)) : undefined;
  const excluded = new Set(input.excludePaths ?? []);
  const changed = new Set(await touchedPaths(state.root, state.headSha ?? (await emptyTree(state.root)), await worktreeTree(dir)));
  return candidates.filter((p) => changed.has(p) && (allowed ? allowed.has(p) : !excluded.has(p)));
}

async function revertCommit(dir: string, state: RepoState, input: RevertBatchInput, paths: string[]): Promise<{ sha?: string; error?: string }> {
  const commitSha = input.batch.commitSha;
  const subject = commitSha ? (await git(state.root, ['log', '-1', '--format=%s', commitSha])).trim() : undefined;
  const message = revertMessage({
    runId: input.runId,
    batchIndex: input.batch.index,
    reverted: commitSha && subject ? { sha: commitSha, subject } : undefined,
  });
  const toCommit = await pathsToCommit(dir, state, input, paths);
  if (toCommit.length === 0) return {};
  const outcome = await commitOnly(state.root, toCommit, message);
  return outcome.ok ? { sha: outcome.sha } : { error: outcome.error };
}

/**
 * Reverts batch `input.batch` in the repository containing `dir` (see the module comment). Never throws: git
 * failures come back as reason 'error' with git's message.
 */
export async function revertBatch(dir: string, input: RevertBatchInput): Promise<RevertBatchResult> {
  let savedRef: string | undefined;
  try {
    const state = await repoState(dir);
    if (!state) return { ok: false, reason: 'error', message: `${dir} is not in a git repository` };
    const blocker = input.mode === 'commit' ? commitBlocker(state) : undefined;
    if (blocker) return { ok: false, reason: 'error', message: `cannot revert: ${blocker}` };
    const tasksPath = await rootRelative(state.root, dir, input.tasksPath);
    const now = await worktreeTree(dir);
    const plan = await planFor(state.root, input, tasksPath, now);
    if (plan.conflicts.length > 0) return { ok: false, reason: 'conflict', files: plan.conflicts.map((c) => c.path), conflicts: plan.conflicts };
    const tasksFile = join(state.root, tasksPath);
    const tasksText = await readFile(tasksFile, 'utf8').catch(() => undefined);
    const rewritten = tasksText === undefined ? undefined : input.rewriteTasks(tasksText);
    savedRef = revertRef(input.runId, new Date());
    const saved = await commitTreeToRef(state.root, now, savedRef);
    await restorePaths(state.root, input.batch.beforeSha, plan.restore);
    if (rewritten !== undefined && rewritten !== tasksText) await writeFile(tasksFile, rewritten);
    if (input.mode === 'refs') return { ok: true, restored: plan.restore, savedRef };
    const commit = await revertCommit(dir, state, input, [...plan.restore, tasksPath]);
    if (commit.error === undefined) return { ok: true, restored: plan.restore, savedRef, ...(commit.sha ? { commitSha: commit.sha } : {}) };
    await restorePaths(state.root, saved, plan.restore);
    if (tasksText !== undefined) await writeFile(tasksFile, tasksText);
    return { ok: false, reason: 'error', message: `the revert commit was refused, nothing was changed: ${commit.error}`, savedRef };
  } catch (e) {
    return { ok: false, reason: 'error', message: e instanceof Error ? e.message : String(e), ...(savedRef ? { savedRef } : {}) };
  }
}
