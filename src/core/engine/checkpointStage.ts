// A git checkpoint per batch (issue 16): the working tree before the batch under a private ref, and after
// it either a commit of exactly its changes on the current branch ("commit") or another private ref
// ("refs"). A checkpoint that fails (a rejecting hook, a detached HEAD, a rebase) never fails the batch:
// it is marked failed with git's words and the run goes on.
import { changedPaths } from '../checkpoints/diff';
import { commitBatch } from '../checkpoints/commitBatch';
import { checkpointRef, runStartRef } from '../checkpoints/refs';
import { inspectRepo } from '../checkpoints/repoState';
import { snapshot } from '../checkpoints/snapshot';
import type { CheckpointMode, RunCheckpoints } from '../model/checkpoint';
import type { BatchItem } from '../model/execution';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** At the start of a run: is this a git repository, what had the user changed, and the tree as it was. */
export async function setUpCheckpoints(projectPath: string, runId: string, mode: CheckpointMode): Promise<RunCheckpoints> {
  if (mode === 'off') return { mode, reason: 'checkpoints are off', userPaths: [] };
  const repo = await inspectRepo(projectPath).catch(() => undefined);
  if (!repo) return { mode: 'off', reason: 'the project is not a git repository', userPaths: [] };
  const d = repo.dirtyPaths;
  const userPaths = [...new Set([...d.staged, ...d.unstaged, ...d.untracked])].sort();
  try {
    const startRef = runStartRef(runId);
    const startSha = await snapshot(projectPath, startRef);
    return { mode, startRef, startSha, userPaths };
  } catch (e) {
    return { mode: 'off', reason: `the working tree could not be recorded: ${message(e)}`, userPaths };
  }
}

/** Before a batch runs: its `before` snapshot. */
export async function checkpointBefore(ctx: DriveContext, batch: BatchItem): Promise<void> {
  const cp = ctx.orch.checkpoints;
  if (!cp || cp.mode === 'off' || batch.checkpoint) return;
  const beforeRef = checkpointRef(ctx.orch.id, batch.index, 'before');
  try {
    batch.checkpoint = { status: 'recorded', beforeRef, beforeSha: await snapshot(ctx.projectPath, beforeRef), files: [], skippedPaths: [] };
  } catch (e) {
    batch.checkpoint = { status: 'failed', beforeRef, beforeSha: '', error: message(e), files: [], skippedPaths: [] };
    logEntry(ctx.orch, 'note', `checkpoint before batch ${batch.index} failed: ${message(e)}; the batch runs without one`);
  }
}

/** After a batch is confirmed: its commit (or `after` ref) and the files it changed. */
export async function checkpointAfter(ctx: DriveContext, batch: BatchItem): Promise<void> {
  const cp = ctx.orch.checkpoints;
  const rec = batch.checkpoint;
  if (!cp || cp.mode === 'off' || !rec || rec.status !== 'recorded') return;
  try {
    rec.afterSha = await snapshot(ctx.projectPath, checkpointRef(ctx.orch.id, batch.index, 'after'));
    rec.files = await changedPaths(ctx.projectPath, rec.beforeSha, rec.afterSha);
  } catch (e) {
    batch.checkpoint = { ...rec, status: 'failed', error: message(e) };
    logEntry(ctx.orch, 'note', `checkpoint after batch ${batch.index} failed: ${message(e)}; the batch stays confirmed`);
    return;
  }
  if (cp.mode === 'refs') {
    batch.checkpoint = { ...rec, status: 'refs' };
    logEntry(
      ctx.orch,
      'note',
      `batch ${batch.index} checkpointed under ${checkpointRef(ctx.orch.id, batch.index, 'after')} (${rec.files.length} file(s) changed)`,
    );
    return;
  }
  await commitCheckpoint(ctx, batch);
}

async function commitCheckpoint(ctx: DriveContext, batch: BatchItem): Promise<void> {
  const rec = batch.checkpoint!;
  const result = await commitBatch(ctx.projectPath, {
    runId: ctx.orch.id,
    batchIndex: batch.index,
    batchTotal: ctx.orch.batches.length,
    batchName: batch.name,
    taskIds: batch.taskIds,
    beforeSha: rec.beforeSha,
    excludePaths: ctx.orch.checkpoints?.userPaths ?? [],
  });
  if (!result.ok) {
    batch.checkpoint = { ...rec, status: 'failed', error: result.error };
    logEntry(ctx.orch, 'note', `batch ${batch.index} could not be committed (${result.error.split('\n')[0]}): the batch stays confirmed and the run goes on`, {
      error: result.error,
    });
    return;
  }
  if (!result.sha) {
    batch.checkpoint = { ...rec, status: 'unchanged', skippedPaths: result.skipped };
    logEntry(ctx.orch, 'note', `batch ${batch.index} changed no file to commit`);
    return;
  }
  batch.checkpoint = { ...rec, status: 'committed', commitSha: result.sha, skippedPaths: result.skipped };
  const kept = result.skipped.length ? `; kept out (you changed them before the run): ${result.skipped.join(', ')}` : '';
  logEntry(ctx.orch, 'note', `batch ${batch.index} committed as ${result.sha.slice(0, 10)} (${result.files.length} file(s))${kept}`, {
    commitSha: result.sha,
    files: result.files,
  });
}
