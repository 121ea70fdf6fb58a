// "SpecFlow: Start Local API": the same HTTP server as `specflow-orchestrate serve`, in this window's
// extension host, for the window's projects; a status bar item shows it while it runs. Runs started
// over HTTP are driven by this window (they go through each project's orchestrator, so the tree, the
// status bar and the panel follow them through the orchestrator's events).
import * as vscode from 'vscode';
import type { ApiServer } from '../../server/server';
import { CommandId, ContextKey } from '../commandIds';
import { Disposable } from '../disposable';
import { loadEngine } from '../lazy';
import type { RunLog } from './runLog';
import type { OrchestratorService } from './orchestratorService';

export class LocalApi extends Disposable {
  private server: ApiServer | undefined;
  private readonly item: vscode.StatusBarItem;

  constructor(
    private readonly service: OrchestratorService,
    private readonly log: RunLog,
  ) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('specflow.api', vscode.StatusBarAlignment.Left, 49));
    this.item.name = 'SpecFlow Local API';
    this._register({ dispose: () => void this.stop() });
  }

  get running(): ApiServer | undefined {
    return this.server;
  }

  async start(): Promise<ApiServer | undefined> {
    if (this.server) return this.server;
    if (!this.service.ready) await this.service.discover();
    const projects = this.service.list();
    if (!projects.length) {
      void vscode.window.showInformationMessage('SpecFlow: no project in this workspace to serve.');
      return undefined;
    }
    const server = await loadEngine().startApiServer({
      orchestrators: projects.map((p) => this.service.orchestrator(p.summary.path)),
      port: 0,
      host: '127.0.0.1',
      owner: `VS Code window (pid ${process.pid})`,
      logger: this.log.logger('api'),
      detachOnClose: false,
      allowAgents: () => vscode.workspace.isTrusted,
      onLockLost: () => void this.stop(),
    });
    this.server = server;
    this.item.text = `$(radio-tower) SpecFlow API :${server.port}`;
    this.item.tooltip = new vscode.MarkdownString(`SpecFlow local API on ${server.url}\n\nToken in \`.specflow/api-token\` of each project. Click to stop it.`);
    this.item.command = CommandId.StopApi;
    this.item.show();
    void vscode.commands.executeCommand('setContext', ContextKey.ApiRunning, true);
    this.log.info(`local API on ${server.url} for ${projects.length} project(s)`);
    return server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.item.hide();
    void vscode.commands.executeCommand('setContext', ContextKey.ApiRunning, false);
    await server?.close();
  }
}
