// Pause, resume, cancel, merge, show progress, decision log, run log — for a project's current run.
import * as vscode from 'vscode';
import { UntrustedWorkspaceError } from '../services/orchestratorService';
import type { PanelDeps } from '../panel/panelDeps';
import { loadEngine } from '../lazy';
import { refFromArg, resolveProject } from './projectArg';

async function guard(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof UntrustedWorkspaceError) {
      const a = await vscode.window.showWarningMessage(e.message, 'Manage Workspace Trust');
      if (a) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    void vscode.window.showErrorMessage(`SpecFlow: ${(e as Error).message}`);
  }
}

export function pause(deps: PanelDeps, arg?: unknown) {
  return guard(async () => {
    const ref = await resolveProject(deps.service, arg, { action: 'pause' });
    if (!ref) return;
    await deps.service.pause(ref.projectPath, ref.id);
    void vscode.window.setStatusBarMessage('SpecFlow: the run pauses when the current batch ends', 5000);
  });
}

export function resume(deps: PanelDeps, arg?: unknown) {
  return guard(async () => {
    const ref = await resolveProject(deps.service, arg, { action: 'resume' });
    if (!ref) return;
    await deps.service.resume(ref.projectPath, ref.id);
    loadEngine().SpecflowPanel.createOrShow(deps, ref.projectPath, 'progress');
  });
}

export function merge(deps: PanelDeps, arg?: unknown) {
  return guard(async () => {
    const ref = await resolveProject(deps.service, arg, { action: 'merge' });
    if (!ref) return;
    await deps.service.merge(ref.projectPath, ref.id);
    loadEngine().SpecflowPanel.createOrShow(deps, ref.projectPath, 'progress');
  });
}

export function cancel(deps: PanelDeps, arg?: unknown) {
  return guard(async () => {
    const ref = await resolveProject(deps.service, arg, { action: 'cancel' });
    if (!ref) return;
    const confirmed = typeof arg === 'object' && arg !== null && (arg as { confirmed?: unknown }).confirmed === true;
    if (!confirmed) {
      const name = deps.service.get(ref.projectPath)?.summary.name ?? ref.projectPath;
      const ok = await vscode.window.showWarningMessage(
        `Cancel the orchestration of ${name}?`,
        { modal: true, detail: 'The running agent is stopped with its process tree. Checked tasks stay checked, and the run can be resumed later.' },
        'Cancel Orchestration',
      );
      if (!ok) return;
    }
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SpecFlow: cancelling…' }, () =>
      deps.service.cancel(ref.projectPath, ref.id),
    );
  });
}

export async function showProgress(deps: PanelDeps, arg?: unknown): Promise<void> {
  const ref = await resolveProject(deps.service, arg);
  if (!ref) return;
  const run = deps.service.get(ref.projectPath)?.current;
  loadEngine().SpecflowPanel.createOrShow(deps, ref.projectPath, run || ref.id ? 'progress' : 'config', ref.id);
}

/** The decision log as a read-only JSON document (the panel shows it filterable too). */
export async function openDecisionLog(deps: PanelDeps, arg?: unknown): Promise<void> {
  const ref = await resolveProject(deps.service, arg);
  if (!ref) return;
  const state = deps.service.get(ref.projectPath);
  const run = ref.id ? state?.orchestrations.find((r) => r.id === ref.id) : state?.current;
  if (!run) {
    void vscode.window.showInformationMessage('SpecFlow: this project has no orchestration yet.');
    return;
  }
  const entries = await deps.service.orchestrator(ref.projectPath).store.fullDecisionLog(run);
  const doc = await vscode.workspace.openTextDocument({
    language: 'json',
    content: JSON.stringify({ orchestration: run.id, status: run.status, error: run.error, decisionLog: entries }, null, 2),
  });
  await vscode.window.showTextDocument(doc, { preview: true });
}

export async function openRunLog(_deps: PanelDeps, arg?: unknown): Promise<void> {
  const ref = refFromArg(arg);
  const path = typeof arg === 'object' && arg !== null ? (arg as { path?: unknown }).path : undefined;
  if (!ref || typeof path !== 'string') return;
  await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.Uri.file(ref.projectPath), path), { preview: true });
}
