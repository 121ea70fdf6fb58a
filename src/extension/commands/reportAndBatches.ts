// Open Report, Revert Batch, Open Changes (from the tree, the palette, notifications), and Start Local API.
import * as vscode from 'vscode';
import { loadEngine } from '../lazy';
import type { PanelDeps } from '../panel/panelDeps';
import type { LocalApi } from '../services/localApi';
import { openChangesOf, revertBatchWithConfirmation } from './batchActions';
import { refFromArg, resolveProject } from './projectArg';

/** The batch an argument names: a tree batch node ({kind:'batch', path, index}) or {projectPath, id?, batch}. */
function batchOf(arg: unknown): number | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { index?: unknown; batch?: unknown };
  const n = typeof o.batch === 'number' ? o.batch : typeof o.index === 'number' ? o.index : undefined;
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

async function askBatch(deps: PanelDeps, projectPath: string, id: string | undefined, verb: string): Promise<number | undefined> {
  const state = deps.service.get(projectPath);
  const run = id ? state?.orchestrations.find((r) => r.id === id) : state?.current;
  const choices = (run?.batches ?? []).filter((b) => b.checkpoint?.afterSha);
  if (!choices.length) {
    void vscode.window.showInformationMessage('SpecFlow: no batch of this run has a checkpoint.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    choices.map((b) => ({ label: `${b.index}. ${b.name}`, description: `${b.status} · ${b.checkpoint?.files.length ?? 0} file(s)`, index: b.index })),
    { placeHolder: `${verb} which batch?` },
  );
  return pick?.index;
}

export async function openReport(deps: PanelDeps, arg?: unknown): Promise<void> {
  const ref = await resolveProject(deps.service, arg, { placeHolder: 'Open the report of which project?' });
  if (!ref) return;
  const run = ref.id ? deps.service.get(ref.projectPath)?.orchestrations.find((r) => r.id === ref.id) : deps.service.get(ref.projectPath)?.current;
  if (!run) {
    void vscode.window.showInformationMessage('SpecFlow: this project has no orchestration yet.');
    return;
  }
  await loadEngine().SpecflowPanel.createOrShow(deps, ref.projectPath, 'progress', run.id).showReportOf(run.id);
}

export async function revertBatchCommand(deps: PanelDeps, arg?: unknown): Promise<void> {
  const ref = refFromArg(arg) ?? (await resolveProject(deps.service, arg, { action: 'log' }));
  if (!ref) return;
  const index = batchOf(arg) ?? (await askBatch(deps, ref.projectPath, ref.id, 'Revert'));
  if (index === undefined) return;
  const confirmed = typeof arg === 'object' && arg !== null && (arg as { confirmed?: unknown }).confirmed === true;
  await revertBatchWithConfirmation(deps.service, ref.projectPath, index, ref.id, confirmed);
}

export async function openBatchChangesCommand(deps: PanelDeps, arg?: unknown): Promise<void> {
  const ref = refFromArg(arg) ?? (await resolveProject(deps.service, arg, { action: 'log' }));
  if (!ref) return;
  const index = batchOf(arg) ?? (await askBatch(deps, ref.projectPath, ref.id, 'Compare'));
  if (index !== undefined) await openChangesOf(deps.service, ref.projectPath, index, ref.id);
}

export async function startLocalApi(localApi: LocalApi): Promise<void> {
  try {
    const server = await localApi.start();
    if (!server) return;
    const a = await vscode.window.showInformationMessage(`SpecFlow: local API on ${server.url} (token in .specflow/api-token).`, 'Copy URL');
    if (a) await vscode.env.clipboard.writeText(server.url);
  } catch (e) {
    void vscode.window.showErrorMessage(`SpecFlow: the local API could not start: ${(e as Error).message}`);
  }
}
