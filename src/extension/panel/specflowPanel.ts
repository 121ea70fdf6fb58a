// One webview panel per project ("SpecFlow: <project>"): the Complete Phase modal, then the live progress.
// The host is the source of truth: after the webview says `ready` it gets a full state snapshot, and then
// another whenever something changes (at most 10 per second). Every incoming message goes through the
// zod gate in messageRouter.ts.
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { OrchestrationConfigSchema, formatIssues, type OrchestrationConfig, type OrchestrationConfigInput } from '../../core/model/config';
import { progressView } from '../../core/engine/progress';
import { AlreadyInProgressError, InputError } from '../../core/service/errors';
import { HostToWebviewSchema, type HostToWebview, type PanelState, type PreflightView, type PreviewOptions } from '../../protocol/messages';
import { openChangesOf, revertBatchWithConfirmation } from '../commands/batchActions';
import { loadEngine } from '../lazy';
import { failedPreflight, runActions, toPreflightView, type LoadedReport } from './panelState';
import { Disposable } from '../disposable';
import { PANEL_VIEW_TYPE } from '../commandIds';
import type { PanelDeps } from './panelDeps';
import { readSettings } from '../services/settings';
import { routeMessage } from './messageRouter';
import { panelHtml } from './panelHtml';
import { throttle } from './throttle';

const LAST_CONFIG_KEY = (path: string) => `specflow.lastConfig:${path}`;

export class SpecflowPanel extends Disposable {
  private static readonly panels = new Map<string, SpecflowPanel>();

  private ready = false;
  private mode: PanelState['mode'];
  private runId: string | undefined;
  private preflight: PreflightView | undefined;
  private busy: string | undefined;
  private report: LoadedReport | undefined;
  private readonly push = throttle(() => void this.postState(), 100);

  static createOrShow(deps: PanelDeps, projectPath: string, mode: PanelState['mode'], runId?: string): SpecflowPanel {
    const existing = SpecflowPanel.panels.get(projectPath);
    if (existing) {
      existing.show(mode, runId);
      return existing;
    }
    const name = deps.service.get(projectPath)?.summary.name ?? projectPath;
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `SpecFlow: ${name}`, vscode.ViewColumn.Active, webviewOptions(deps.context.extensionUri));
    return new SpecflowPanel(deps, panel, projectPath, mode, runId);
  }

  /** After a window reload: the webview's saved state names its project. */
  static revive(deps: PanelDeps, panel: vscode.WebviewPanel, saved: unknown): void {
    // The webview persists the path of the project it shows (UiState.project) through setState.
    const o = typeof saved === 'object' && saved !== null ? (saved as { project?: unknown; projectPath?: unknown }) : {};
    const projectPath = o.project ?? o.projectPath;
    if (typeof projectPath !== 'string' || !deps.service.get(projectPath)) {
      panel.dispose(); // nothing to show it for any more (project removed, or an unknown state)
      return;
    }
    panel.webview.options = webviewOptions(deps.context.extensionUri);
    const run = deps.service.get(projectPath)?.current;
    new SpecflowPanel(deps, panel, projectPath, run ? 'progress' : 'config');
  }

  static forProject(path: string): SpecflowPanel | undefined {
    return SpecflowPanel.panels.get(path);
  }

  private constructor(
    private readonly deps: PanelDeps,
    private readonly panel: vscode.WebviewPanel,
    readonly projectPath: string,
    mode: PanelState['mode'],
    runId?: string,
  ) {
    super();
    this.mode = mode;
    this.runId = runId;
    SpecflowPanel.panels.set(projectPath, this);
    this._register({ dispose: () => SpecflowPanel.panels.delete(projectPath) });
    this._register({ dispose: () => this.push.dispose() });
    panel.iconPath = vscode.Uri.joinPath(deps.context.extensionUri, 'media', 'specflow.svg');
    panel.webview.html = this.html();
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((raw) => void this.onMessage(raw)));
    this._register(deps.service.onDidChangeProject((s) => s.summary.path === projectPath && this.push.schedule()));
    this._register(
      deps.service.onDidChangeActivity(({ project, activity }) => {
        if (project === projectPath && this.ready) void this.post({ type: 'activity', activity });
      }),
    );
    if (mode === 'config') void this.loadPreflight();
  }

  show(mode: PanelState['mode'], runId?: string): void {
    this.mode = mode;
    if (runId) this.runId = runId;
    if (mode === 'config') void this.loadPreflight();
    this.panel.reveal();
    this.push.schedule();
  }

  private html(): string {
    const webview = this.panel.webview;
    const base = vscode.Uri.joinPath(this.deps.context.extensionUri, 'dist', 'webview');
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'main.js')).toString(),
      elementsUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'vendor', 'vscode-elements.js')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'vendor', 'codicon.css')).toString(),
      title: this.panel.title,
    });
  }

  private async loadPreflight(config?: OrchestrationConfigInput): Promise<void> {
    try {
      const pre = await this.deps.service.preflight(this.projectPath, config ?? this.startingConfig());
      this.preflight = toPreflightView(pre, this.deps.service.trusted);
    } catch (e) {
      this.preflight = failedPreflight((e as Error).message);
    }
    this.push.schedule();
  }

  /** The modal's plan-changing options moved: preview the engine's own plan for them. */
  private async preview(options: PreviewOptions): Promise<void> {
    await this.loadPreflight({ ...this.startingConfig(), ...options });
  }

  /** Last options used for this project, over the settings' defaults. */
  private startingConfig(): OrchestrationConfig {
    const settings = readSettings(vscode.Uri.file(this.projectPath));
    const last = this.deps.context.workspaceState.get<unknown>(LAST_CONFIG_KEY(this.projectPath));
    const merged = OrchestrationConfigSchema.safeParse({ ...settings.defaults, ...(typeof last === 'object' && last ? last : {}) });
    return merged.success ? merged.data : OrchestrationConfigSchema.parse(settings.defaults);
  }

  private state(): PanelState {
    const project = this.deps.service.get(this.projectPath);
    const run = this.runId ? (project?.orchestrations.find((r) => r.id === this.runId) ?? project?.current) : project?.current;
    const showRun = this.mode !== 'config' && run;
    const report = showRun && this.mode === 'report' && this.report?.report.id === run.id ? this.report : undefined;
    return {
      project: { name: project?.summary.name ?? this.projectPath, path: this.projectPath },
      mode: showRun ? (report ? 'report' : 'progress') : 'config',
      trusted: this.deps.service.trusted,
      config: this.startingConfig(),
      ...(this.preflight ? { preflight: this.preflight } : {}),
      ...(showRun ? { run: progressView(run), decisionLog: run.decisionLog, actions: runActions(run, project?.owner ?? 'unknown') } : {}),
      // Live activity only while its agent runs: a finished agent's last tool is not "current".
      ...(showRun && project?.activity && run.agentRuns.some((r) => r.executionId === project.activity!.executionId && r.state !== 'exited')
        ? { activity: project.activity }
        : {}),
      ...(showRun && project?.agents?.length
        ? { agents: project.agents.filter((a) => run.agentRuns.some((r) => r.executionId === a.executionId && r.state !== 'exited')) }
        : {}),
      ...(report ? { report: report.report, ...(report.svg ? { reportSvg: report.svg } : {}) } : {}),
      ...(this.busy ? { busy: this.busy } : {}),
    };
  }

  /** Opens the Report view of run `id` (Open Report, the tree's run node, notifications). */
  showReportOf(id: string): Promise<void> {
    return this.showReport(id);
  }

  /** The Report view: the report written when the run came to rest. */
  private async showReport(id: string): Promise<void> {
    const { readReport, reportPaths } = loadEngine();
    try {
      const report = await readReport(this.projectPath, id);
      const svg = await readFile(reportPaths(this.projectPath, id).svgPath, 'utf8').catch(() => undefined);
      this.report = { report, ...(svg ? { svg } : {}) };
      this.runId = id;
      this.mode = 'report';
    } catch (e) {
      void vscode.window.showInformationMessage(`SpecFlow: ${(e as Error).message}`);
    }
    this.push.schedule();
  }

  private async postState(): Promise<void> {
    if (!this.ready || this.isDisposed) return;
    await this.post({ type: 'state', state: this.state() });
  }

  private async post(msg: HostToWebview): Promise<void> {
    // Validate our own output too: a schema drift shows up here, in the log, not as a blank panel.
    const checked = HostToWebviewSchema.safeParse(msg);
    if (!checked.success) {
      this.deps.log.error(`not sending an invalid ${msg.type} message to the webview: ${formatIssues(checked.error).slice(0, 3).join('; ')}`);
      return;
    }
    await this.panel.webview.postMessage(checked.data);
  }

  private async onMessage(raw: unknown): Promise<void> {
    await routeMessage(
      raw,
      {
        ready: () => {
          this.ready = true;
          this.push.schedule();
          this.push.flush();
        },
        start: (m) => this.start(m.config),
        dismiss: () => {
          this.panel.dispose();
        },
        pause: (m) => this.act('Pausing', () => this.deps.service.pause(this.projectPath, m.id)),
        preview: (m) => this.preview(m.options),
        resume: (m) => this.act('Resuming', () => this.deps.service.resume(this.projectPath, m.id, m.budget ? { budget: m.budget } : undefined)),
        revertBatch: (m) => this.act('Reverting', () => revertBatchWithConfirmation(this.deps.service, this.projectPath, m.batch, m.id)),
        openChanges: (m) => openChangesOf(this.deps.service, this.projectPath, m.batch, m.id),
        showView: async (m) => {
          if (m.view === 'report') return this.showReport(m.id);
          this.mode = 'progress';
          this.push.schedule();
        },
        cancel: (m) => this.act('Cancelling', () => this.deps.service.cancel(this.projectPath, m.id)),
        merge: (m) => this.act('Merging', () => this.deps.service.merge(this.projectPath, m.id)),
        newRun: () => this.show('config'),
        openFile: (m) => this.openFile(m.path),
        exportLog: (m) => this.exportLog(m.id),
      },
      (problem) => this.deps.log.warn(problem),
    ).catch((e) => this.deps.log.error(`webview message failed: ${(e as Error).message}`));
  }

  private async start(config: OrchestrationConfig): Promise<void> {
    try {
      this.busy = 'Starting…';
      this.push.schedule();
      const handle = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `SpecFlow: starting orchestration of ${this.deps.service.get(this.projectPath)?.summary.name ?? 'project'}…`,
        },
        () => this.deps.service.start(this.projectPath, config),
      );
      await this.deps.context.workspaceState.update(LAST_CONFIG_KEY(this.projectPath), config);
      this.runId = handle.execution.id;
      this.mode = 'progress';
      await this.post({ type: 'startResult', ok: true });
    } catch (e) {
      const issues = e instanceof InputError ? e.issues : [];
      await this.post({ type: 'startResult', ok: false, message: (e as Error).message, ...(issues.length ? { issues } : {}) });
      if (e instanceof AlreadyInProgressError) await vscode.commands.executeCommand('specflow.completePhase', { projectPath: this.projectPath });
    } finally {
      this.busy = undefined;
      this.push.schedule();
    }
  }

  private async act(label: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      this.busy = `${label}…`;
      this.push.schedule();
      const r = await fn();
      const id = (r as { execution?: { id: string }; id?: string })?.execution?.id ?? (r as { id?: string })?.id;
      if (id) this.runId = id;
      this.mode = 'progress';
    } catch (e) {
      void vscode.window.showErrorMessage(`SpecFlow: ${(e as Error).message}`);
    } finally {
      this.busy = undefined;
      this.push.schedule();
    }
  }

  private async openFile(path: string): Promise<void> {
    const full = isAbsolute(path) ? resolve(path) : resolve(this.projectPath, path);
    const rel = relative(this.projectPath, full);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      this.deps.log.warn(`refused to open ${path}: it is outside the project`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(full), { preview: true });
  }

  private async exportLog(id: string): Promise<void> {
    const run = this.deps.service.get(this.projectPath)?.orchestrations.find((r) => r.id === id);
    if (!run) return;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(join(this.projectPath, `specflow-decision-log-${id}.json`)),
      filters: { JSON: ['json'] },
    });
    if (!target) return;
    const entries = await this.deps.service.orchestrator(this.projectPath).store.fullDecisionLog(run);
    await writeFile(target.fsPath, JSON.stringify(entries, null, 2));
    void vscode.window.showInformationMessage(`SpecFlow: decision log exported to ${target.fsPath}`);
  }
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    // The webview may load nothing but its own bundle folder.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}
