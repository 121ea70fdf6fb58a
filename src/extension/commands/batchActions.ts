// Batch actions shared by the panel, the tree's batch node and the API: revert a batch (after a modal
// confirmation naming what it undoes) and open its changes.
import * as vscode from 'vscode';
import { loadEngine } from '../lazy';
import { openBatchChanges } from '../panel/batchChanges';
import type { OrchestratorService } from '../services/orchestratorService';

function runOf(service: OrchestratorService, projectPath: string, id?: string) {
  const state = service.get(projectPath);
  return id ? state?.orchestrations.find((r) => r.id === id) : state?.current;
}

/** True when the batch was reverted. `confirmed` skips the modal (the API, tests). */
export async function revertBatchWithConfirmation(
  service: OrchestratorService,
  projectPath: string,
  index: number,
  id?: string,
  confirmed = false,
): Promise<boolean> {
  const run = runOf(service, projectPath, id);
  const batch = run?.batches[index - 1];
  if (!run || !batch) {
    void vscode.window.showErrorMessage(`SpecFlow: no batch ${index} to revert.`);
    return false;
  }
  if (!confirmed) {
    const files = batch.checkpoint?.files.length ?? 0;
    const answer = await vscode.window.showWarningMessage(
      `Revert batch ${index} "${batch.name}"?`,
      {
        modal: true,
        detail: `Its ${files} changed file(s) go back to how they were before the batch, and its ${batch.taskIds.length} task(s) are unchecked in tasks.md so a resume runs them again. Anything the revert would overwrite is saved under a private git ref first.`,
      },
      'Revert Batch',
    );
    if (answer !== 'Revert Batch') return false;
  }
  try {
    const outcome = await service.revertBatch(projectPath, index, run.id);
    void vscode.window.showInformationMessage(
      `SpecFlow: batch ${index} reverted — ${outcome.restored.length} file(s) restored, ${outcome.unchecked.length} task(s) unchecked${outcome.commitSha ? ` (commit ${outcome.commitSha.slice(0, 8)})` : ''}.`,
    );
    return true;
  } catch (e) {
    const conflict = e instanceof loadEngine().RevertConflictError;
    // a conflict names the files; anything else is git's own words
    void vscode.window.showErrorMessage(`SpecFlow: ${conflict ? '' : 'revert failed: '}${(e as Error).message}`);
    return false;
  }
}

export async function openChangesOf(service: OrchestratorService, projectPath: string, index: number, id?: string): Promise<void> {
  const run = runOf(service, projectPath, id);
  if (!run) return;
  await openBatchChanges(projectPath, run, index);
}
