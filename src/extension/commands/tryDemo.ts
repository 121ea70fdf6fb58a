// "SpecFlow: Try Demo Project": writes the embedded demo project and opens it, pointed at the simulated
// agent (no AI, no account) through its own workspace settings — for a user who has no claude yet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadEngine } from '../lazy';
import type { PanelDeps } from '../panel/panelDeps';

export async function tryDemo(deps: PanelDeps): Promise<void> {
  const target = await vscode.window.showOpenDialog({
    title: 'SpecFlow: where should the demo project go?',
    openLabel: 'Create Demo Project Here',
    canSelectFolders: true,
    canSelectFiles: false,
    defaultUri: vscode.Uri.file(deps.context.globalStorageUri.fsPath),
  });
  const parent = target?.[0]?.fsPath;
  if (!parent) return;
  const dir = join(parent, 'specflow-demo-project');
  loadEngine().writeDemoProject(dir);
  const simulated = join(deps.context.extensionUri.fsPath, 'dist', 'simulated-claude.js');
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(
    join(dir, '.vscode', 'settings.json'),
    JSON.stringify({ 'specflow.claudePath': simulated, 'specflow.defaults.autoMerge': false }, null, 2) + '\n',
  );
  const open = await vscode.window.showInformationMessage(
    `SpecFlow demo project created in ${dir}. It uses the simulated agent (no AI): run Complete Phase on it.`,
    'Open Demo Project',
    'Add to Workspace',
  );
  if (open === 'Open Demo Project') await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dir), { forceNewWindow: false });
  if (open === 'Add to Workspace') vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: vscode.Uri.file(dir) });
}
