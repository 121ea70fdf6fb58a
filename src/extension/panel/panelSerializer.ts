// Revives the SpecFlow panel after a window reload. Registered at activation; the panel host itself is
// loaded only when there is a panel to revive.
import type * as vscode from 'vscode';
import { loadEngine } from '../lazy';
import type { PanelDeps } from './panelDeps';

export class PanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly deps: PanelDeps) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!this.deps.service.ready) await this.deps.service.discover();
    loadEngine().SpecflowPanel.revive(this.deps, panel, state);
  }
}
