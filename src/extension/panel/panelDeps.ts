// What the panel host and the commands that open it are given.
import type * as vscode from 'vscode';
import type { OrchestratorService } from '../services/orchestratorService';
import type { RunLog } from '../services/runLog';

export interface PanelDeps {
  service: OrchestratorService;
  context: vscode.ExtensionContext;
  log: RunLog;
}
