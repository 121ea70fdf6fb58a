// "Open Changes" of a batch: VS Code's multi-file diff of the files the batch changed, its `before`
// checkpoint on the left and its commit (or `after` ref) on the right. Both sides are read from git by a
// content provider, so nothing is written to disk and the working tree is never touched.
import * as vscode from 'vscode';
import type { OrchestrationExecution } from '../../core/model/execution';
import { loadEngine } from '../lazy';

export const GIT_SCHEME = 'specflow-git';

interface Side {
  root: string;
  sha: string;
  path: string;
}

function sideUri(side: Side, label: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: `/${side.path}`, query: JSON.stringify(side), fragment: label });
}

/** Serves `specflow-git:` documents: a file as it was at a checkpoint (empty when it did not exist). */
export class CheckpointContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const side = JSON.parse(uri.query) as Side;
    return (await loadEngine().readFileAt(side.root, side.sha, side.path)) ?? '';
  }
}

export async function openBatchChanges(projectPath: string, run: OrchestrationExecution, index: number): Promise<void> {
  const batch = run.batches[index - 1];
  const cp = batch?.checkpoint;
  const after = cp?.commitSha ?? cp?.afterSha;
  if (!batch || !cp || !after) {
    void vscode.window.showInformationMessage(`SpecFlow: batch ${index} has no checkpoint to compare (it did not finish, or checkpoints were off).`);
    return;
  }
  if (!cp.files.length) {
    void vscode.window.showInformationMessage(`SpecFlow: batch ${index} "${batch.name}" changed no file.`);
    return;
  }
  const root = (await loadEngine().inspectRepo(projectPath))?.root ?? projectPath;
  const resources = cp.files.map((f) => {
    const before = sideUri({ root, sha: cp.beforeSha, path: f.oldPath ?? f.path }, 'before');
    const afterUri = sideUri({ root, sha: after, path: f.path }, 'after');
    return [vscode.Uri.file(`${root}/${f.path}`), f.status === 'A' ? undefined : before, f.status === 'D' ? undefined : afterUri];
  });
  await vscode.commands.executeCommand('vscode.changes', `SpecFlow batch ${index}: ${batch.name}`, resources);
}
