// Undo one batch (issue 16): restore what it changed from its checkpoint and uncheck its tasks, so a resume
// runs it again. It refuses while a run is active, and when a later batch or the user changed the same
// files since (naming them); whatever it would overwrite is first saved under a private ref.
import { revertBatch as revertCheckpoint } from '../checkpoints/revertBatch';
import { change } from '../engine/lifecycle';
import { logEntry } from '../engine/decisionLog';
import { beginWait } from '../engine/waits';
import { uncheckTasks } from '../engine/uncheckTasks';
import type { BatchItem, OrchestrationExecution } from '../model/execution';
import { InputError } from './errors';

export class RevertConflictError extends Error {
  constructor(
    readonly batchIndex: number,
    readonly files: string[],
  ) {
    super(`batch ${batchIndex} cannot be reverted: later changes touch the same file(s): ${files.join(', ')}. Nothing was changed.`);
    this.name = 'RevertConflictError';
  }
}

export interface RevertOutcome {
  batch: number;
  restored: string[];
  unchecked: string[];
  savedRef: string;
  commitSha?: string;
}

function revertable(orch: OrchestrationExecution, index: number): BatchItem & { checkpoint: NonNullable<BatchItem['checkpoint']> } {
  const batch = orch.batches[index - 1];
  if (!batch) throw new InputError(`orchestration ${orch.id} has no batch ${index} (it has ${orch.batches.length})`);
  const cp = batch.checkpoint;
  if (!cp || !cp.afterSha || !['committed', 'refs', 'unchanged'].includes(cp.status)) {
    throw new InputError(
      `batch ${index} has no checkpoint to revert to${cp?.error ? ` (its checkpoint failed: ${cp.error})` : ' (it did not finish, or checkpoints were off)'}`,
    );
  }
  if (cp.reverted) throw new InputError(`batch ${index} was already reverted on ${cp.reverted.at}`);
  return batch as BatchItem & { checkpoint: NonNullable<BatchItem['checkpoint']> };
}

/** Runs under the project's ownership lock (the caller holds it). Mutates and returns `orch`; the caller saves. */
export async function revertBatchIn(projectPath: string, orch: OrchestrationExecution, index: number): Promise<RevertOutcome> {
  const batch = revertable(orch, index);
  const cp = batch.checkpoint;
  const later = orch.batches.filter((b) => b.index > index && b.checkpoint?.afterSha && !b.checkpoint.reverted);
  let unchecked: string[] = [];
  const result = await revertCheckpoint(projectPath, {
    runId: orch.id,
    batch: { index, beforeSha: cp.beforeSha, afterSha: cp.afterSha!, ...(cp.commitSha ? { commitSha: cp.commitSha } : {}) },
    laterBatches: later.map((b) => ({ index: b.index, beforeSha: b.checkpoint!.beforeSha, afterSha: b.checkpoint!.afterSha! })),
    tasksPath: orch.tasksPath ?? 'tasks.md',
    rewriteTasks: (text) => {
      const r = uncheckTasks(text, batch.taskIds);
      unchecked = r.unchecked;
      return r.text;
    },
    mode: orch.checkpoints?.mode === 'refs' ? 'refs' : 'commit',
    excludePaths: orch.checkpoints?.userPaths ?? [],
  });
  if (!result.ok && result.reason === 'conflict') throw new RevertConflictError(index, result.files);
  if (!result.ok)
    throw new Error(`batch ${index} could not be reverted: ${result.message}${result.savedRef ? ` (the working tree is saved under ${result.savedRef})` : ''}`);
  recordRevert(orch, batch, { restored: result.restored, savedRef: result.savedRef, ...(result.commitSha ? { commitSha: result.commitSha } : {}), unchecked });
  return { batch: index, restored: result.restored, unchecked, savedRef: result.savedRef, ...(result.commitSha ? { commitSha: result.commitSha } : {}) };
}

function recordRevert(
  orch: OrchestrationExecution,
  batch: BatchItem,
  r: { restored: string[]; savedRef: string; commitSha?: string; unchecked: string[] },
): void {
  const at = new Date().toISOString();
  batch.checkpoint = { ...batch.checkpoint!, reverted: { at, savedRef: r.savedRef, ...(r.commitSha ? { commitSha: r.commitSha } : {}) } };
  const reason = `batch ${batch.index} "${batch.name}" reverted: ${r.restored.length} file(s) restored, ${r.unchecked.length} task(s) unchecked${r.commitSha ? `, as commit ${r.commitSha.slice(0, 10)}` : ''}; the working tree before the revert is saved under ${r.savedRef}`;
  const evidence = { restored: r.restored, unchecked: r.unchecked, savedRef: r.savedRef, commitSha: r.commitSha };
  const batchChange = ['completed', 'healed'].includes(batch.status) ? { batch: { item: batch, to: 'pending' as const } } : {};
  if (orch.status === 'merge_ready' || orch.status === 'waiting') {
    // The phase is no longer done: the run waits for a resume to run the batch again.
    beginWait(orch, { reason: 'user_pause', message: `Batch ${batch.index} was reverted: resume to run it again`, since: at }, Date.now());
    change(orch, { status: 'paused', ...batchChange }, reason, evidence);
  } else if (orch.status !== 'completed') change(orch, batchChange, reason, evidence);
  else logEntry(orch, 'note', `${reason}. The run stays complete; a new run picks the unchecked tasks up.`, evidence);
}
