// FR-071: Orchestrate, Merge, Review and Memory stay available. Each opens an integrated terminal running
// an interactive `claude` on the matching SpecFlow skill, in the project's folder.
import * as vscode from 'vscode';
import { loadEngine } from '../lazy';
import type { PanelDeps } from '../panel/panelDeps';
import { resolveProject } from './projectArg';

export const SECONDARY_SKILLS = { orchestrate: '/flow.orchestrate', merge: '/flow.merge', review: '/flow.review', memory: '/flow.memory' } as const;

export async function runSkillInTerminal(deps: PanelDeps, skill: keyof typeof SECONDARY_SKILLS, arg?: unknown): Promise<void> {
  if (!deps.service.trusted) {
    const a = await vscode.window.showWarningMessage('SpecFlow does not start agents in an untrusted workspace.', 'Manage Workspace Trust');
    if (a) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  const ref = await resolveProject(deps.service, arg, { placeHolder: `Run ${SECONDARY_SKILLS[skill]} in which project?` });
  if (!ref) return;
  const { readSettings, resolveClaude } = loadEngine();
  const settings = readSettings(vscode.Uri.file(ref.projectPath));
  const { path, requested } = await resolveClaude(settings.claudePath);
  if (!path) {
    void vscode.window.showErrorMessage(
      `SpecFlow: claude CLI not found${requested ? ` at ${requested}` : ''}: set specflow.claudePath or install Claude Code.`,
    );
    return;
  }
  const name = deps.service.get(ref.projectPath)?.summary.name ?? '';
  // The terminal's process is claude itself: no shell, so nothing is re-quoted.
  const terminal = vscode.window.createTerminal({
    name: `SpecFlow: ${skill} (${name})`,
    cwd: ref.projectPath,
    shellPath: path,
    shellArgs: [SECONDARY_SKILLS[skill]],
    env: settings.agentEnv,
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
}
