// "SpecFlow: Complete Phase": the primary action. Refuses in an untrusted workspace, answers "already in
// progress" when the project is held (US5-3), else opens the configuration modal (FR-001).
import * as vscode from 'vscode';
import { holdsProject } from '../../core/model/statusPolicy';
import { CommandId } from '../commandIds';
import type { PanelDeps } from '../panel/panelDeps';
import { loadEngine } from '../lazy';
import { resolveProject } from './projectArg';

export async function completePhase(deps: PanelDeps, arg?: unknown): Promise<void> {
  const ref = await resolveProject(deps.service, arg, { placeHolder: 'Complete the phase of which project?' });
  if (!ref) return;
  await deps.service.refresh(ref.projectPath);
  const state = deps.service.get(ref.projectPath);
  const run = state?.current;
  if (run && holdsProject(run.status)) {
    const answer = await vscode.window.showWarningMessage(
      'Orchestration already in progress',
      {
        modal: true,
        detail: `${state.summary.name} has orchestration ${run.id} (${run.status}). One orchestration per project: cancel it first, or follow its progress.`,
      },
      'Cancel Existing',
      'Show Progress',
    );
    if (answer === 'Cancel Existing') await vscode.commands.executeCommand(CommandId.Cancel, { projectPath: ref.projectPath, id: run.id, confirmed: true });
    if (answer === 'Show Progress') await vscode.commands.executeCommand(CommandId.ShowProgress, { projectPath: ref.projectPath, id: run.id });
    return;
  }
  if (!deps.service.trusted) {
    const answer = await vscode.window.showWarningMessage('SpecFlow does not start agents in an untrusted workspace.', 'Manage Workspace Trust');
    if (answer) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  loadEngine().SpecflowPanel.createOrShow(deps, ref.projectPath, 'config');
}
