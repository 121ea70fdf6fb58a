// The composition root: builds the window's objects once, wires them together, and registers every
// disposable in one place. Activation only loads this light shell; the engine and the panel host load on
// first use (lazy.ts), and discovery and restart recovery start after activate() returns.
import * as vscode from 'vscode';
import { createApi, toApiRequest, type SpecflowApi } from './api';
import { CommandId, ContextKey, PANEL_VIEW_TYPE } from './commandIds';
import { completePhase } from './commands/completePhase';
import { cancel, merge, openDecisionLog, openRunLog, pause, resume, showProgress } from './commands/runControls';
import { runSkillInTerminal } from './commands/secondarySkills';
import { openBatchChangesCommand, openReport, revertBatchCommand, startLocalApi } from './commands/reportAndBatches';
import { CheckpointContentProvider, GIT_SCHEME } from './panel/batchChanges';
import { LocalApi } from './services/localApi';
import { tryDemo } from './commands/tryDemo';
import { loadEngine } from './lazy';
import { checkClaudeForWalkthrough } from './walkthrough';
import type { PanelDeps } from './panel/panelDeps';
import { PanelSerializer } from './panel/panelSerializer';
import { allows, type ProjectAction } from './runActions';
import { OrchestratorService } from './services/orchestratorService';
import { RunLog } from './services/runLog';
import { RunKeeper } from './services/runKeeper';
import { WebhookNotifications } from './services/webhookNotifications';
import { RunNotifications } from './services/runNotifications';
import { RunStatusBar } from './statusBar/runStatusBar';
import { ProjectsTree } from './tree/projectsTree';

/** Set by the bundle's first line (esbuild.mjs banner): when VS Code started loading this extension's code. */
declare const __specflowLoadStart: number | undefined;

export interface SpecflowExtensionApi extends SpecflowApi {
  /** For tests and other extensions: the status bar text as shown. */
  statusBarText(): string;
  /** The projects tree's top rows as shown (label, description, contextValue), for tests and tools. */
  treeSnapshot(): Promise<{ label: string; description: string; contextValue: string; children: string[] }[]>;
  /** Milliseconds the activate() call took. */
  readonly activationMs: number;
  /** Milliseconds from the first line of the bundle to the end of activate(): code loading included. */
  readonly loadAndActivateMs: number;
}

type Handler = (arg?: unknown) => unknown;

function commandTable(deps: PanelDeps, api: SpecflowApi, localApi: LocalApi): [CommandId, Handler][] {
  const { service } = deps;
  return [
    [CommandId.OpenReport, (a) => openReport(deps, a)],
    [CommandId.RevertBatch, (a) => revertBatchCommand(deps, a)],
    [CommandId.OpenBatchChanges, (a) => openBatchChangesCommand(deps, a)],
    [CommandId.StartApi, () => startLocalApi(localApi)],
    [CommandId.StopApi, () => localApi.stop()],
    [CommandId.ApiRevertBatch, (a) => api.revertBatch(toApiRequest(a))],
    [CommandId.CompletePhase, (a) => completePhase(deps, a)],
    [CommandId.ShowProgress, (a) => showProgress(deps, a)],
    [CommandId.OpenDecisionLog, (a) => openDecisionLog(deps, a)],
    [CommandId.Pause, (a) => pause(deps, a)],
    [CommandId.Resume, (a) => resume(deps, a)],
    [CommandId.Cancel, (a) => cancel(deps, a)],
    [CommandId.Merge, (a) => merge(deps, a)],
    [CommandId.Refresh, () => service.discover()],
    [CommandId.TryDemo, () => tryDemo(deps)],
    [CommandId.SkillOrchestrate, (a) => runSkillInTerminal(deps, 'orchestrate', a)],
    [CommandId.SkillMerge, (a) => runSkillInTerminal(deps, 'merge', a)],
    [CommandId.SkillReview, (a) => runSkillInTerminal(deps, 'review', a)],
    [CommandId.SkillMemory, (a) => runSkillInTerminal(deps, 'memory', a)],
    [CommandId.OpenRunLog, (a) => openRunLog(deps, a)],
    [CommandId.ApiStart, (a) => api.start(toApiRequest(a))],
    [CommandId.ApiStatus, (a) => api.status(toApiRequest(a))],
    [CommandId.ApiList, (a) => api.list(toApiRequest(a))],
    [CommandId.ApiCancel, (a) => api.cancel(toApiRequest(a))],
    [CommandId.ApiResume, (a) => api.resume(toApiRequest(a))],
    [CommandId.ApiMerge, (a) => api.merge(toApiRequest(a))],
  ];
}

export function activate(context: vscode.ExtensionContext): SpecflowExtensionApi {
  const t0 = performance.now();
  const log = new RunLog();
  const service = new OrchestratorService(context.extensionUri.fsPath, log);
  const deps: PanelDeps = { service, context, log };
  const tree = new ProjectsTree(service);
  const statusBar = new RunStatusBar(service);
  const api = createApi(service);
  const localApi = new LocalApi(service, log);

  // After activation: find projects, then take over runs whose owner is gone (a reload mid-run lands here).
  // On the next turn, not inside activate(): discovery loads the engine bundle (≈1.4 MB) before its first await.
  const startup = setTimeout(() => {
    void service
      .discover()
      .then(() => {
        reportSettingProblems(log);
        return service.reconcileAll();
      })
      .catch((e) => log.error(`startup failed: ${(e as Error).message}`));
  }, 0);

  context.subscriptions.push(
    { dispose: () => clearTimeout(startup) },
    log,
    service,
    tree,
    statusBar,
    new RunNotifications(service),
    new RunKeeper(service),
    new WebhookNotifications(service, log),
    vscode.window.createTreeView('specflow.projects', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, new PanelSerializer(deps)),
    localApi,
    checkClaudeForWalkthrough((path) => loadEngine().resolveClaude(path)),
    vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, new CheckpointContentProvider()),
    ...commandTable(deps, api, localApi).map(([id, fn]) => vscode.commands.registerCommand(id, fn)),
    service.onDidChangeProjects(() => updateContextKeys(service)),
    service.onDidChangeProject(() => updateContextKeys(service)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('specflow')) return;
      service.settingsChanged();
      reportSettingProblems(log);
    }),
  );

  const end = performance.now();
  const activationMs = end - t0;
  const loadAndActivateMs = end - (typeof __specflowLoadStart === 'number' ? __specflowLoadStart : t0);
  log.info(`activated in ${activationMs.toFixed(1)} ms (${loadAndActivateMs.toFixed(1)} ms with loading the code)`);
  return { ...api, statusBarText: () => statusBar.text, treeSnapshot: () => snapshotTree(service, tree), activationMs, loadAndActivateMs };
}

async function snapshotTree(service: OrchestratorService, tree: ProjectsTree) {
  if (!service.ready) await service.discover();
  const text = (label: string | vscode.TreeItemLabel | undefined) => (typeof label === 'string' ? label : (label?.label ?? ''));
  return tree.getChildren().map((node) => {
    const item = tree.getTreeItem(node);
    const children = tree.getChildren(node).map((c) => text(tree.getTreeItem(c).label));
    const description = typeof item.description === 'string' ? item.description : '';
    return { label: text(item.label), description, contextValue: item.contextValue ?? '', children };
  });
}

function updateContextKeys(service: OrchestratorService): void {
  const projects = service.list();
  const any = (action: ProjectAction) => projects.some((p) => p.current && allows(p, action));
  const set = (key: string, value: boolean) => void vscode.commands.executeCommand('setContext', key, value);
  set(ContextKey.HasProjects, projects.length > 0);
  set(
    ContextKey.AnyRun,
    projects.some((p) => p.current),
  );
  set(ContextKey.AnyPausable, any('pause'));
  set(ContextKey.AnyCancellable, any('cancel'));
  set(ContextKey.AnyResumable, any('resume'));
  set(ContextKey.AnyMergeable, any('merge'));
}

let warned = '';
function reportSettingProblems(log: RunLog): void {
  const { problems } = loadEngine().readSettings();
  const text = problems.join('\n');
  if (!text || text === warned) return;
  warned = text;
  for (const p of problems) log.warn(`setting ignored: ${p}`);
  void vscode.window
    .showWarningMessage(
      `SpecFlow: ${problems.length === 1 ? 'a setting is' : `${problems.length} settings are`} invalid and ignored: ${problems[0]}`,
      'Open Settings',
    )
    .then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'specflow'));
}

export function deactivate(): void {
  // context.subscriptions disposes everything; running agents are left alone for the next window.
}
