// One per window: owns the core ProjectOrchestrators, the file watchers and restart recovery, and tells
// the UI (tree, status bar, panels, notifications) what changed through typed events. Nothing polls.
import { relative } from 'node:path';
import * as vscode from 'vscode';
import type { AgentActivity } from '../../core/agent/agentActivity';
import type { OrchestrationConfigInput } from '../../core/model/config';
import { type AgentRun, type OrchestrationExecution } from '../../core/model/execution';
import { holdsProject, isActive, type OwnerState } from '../../core/model/statusPolicy';
import type { ProjectSummary } from '../../core/projects/projectSummary';
import type { DriveHandle, ProjectOrchestrator } from '../../core/service/projectOrchestrator';
import { loadEngine } from '../lazy';
import type { Preflight } from '../../core/service/preflight';
import { activityView } from '../../protocol/activityView';
import type { ActivityView } from '../../protocol/messages';
import { Disposable } from '../disposable';
import type { RunLog } from './runLog';

export interface ProjectState {
  summary: ProjectSummary;
  /** Newest first. */
  orchestrations: OrchestrationExecution[];
  /** The run that holds the project (running…merge ready), else the newest one. */
  current?: OrchestrationExecution;
  /** This window drives `current` (it owns the lock); otherwise it only observes the state file. */
  driving: boolean;
  /** Whether a live process drives `current`: this window, another window or a CLI that heartbeats. */
  owner: OwnerState;
  activity?: ActivityView;
  /** The latest activity of each agent of the run (several while a wave of [P] tasks runs). */
  agents?: ActivityView[];
}

/** At most 8 agents run at once (parallelAgents); a few more cover a wave's healers. */
const MAX_AGENTS = 12;

/** The activities of agents that are still running in `run`. */
function liveAgents(agents: readonly ActivityView[], run: OrchestrationExecution): ActivityView[] {
  return agents.filter((a) => run.agentRuns.some((r) => r.executionId === a.executionId && r.state !== 'exited'));
}

/**
 * The engine reads tasks.md at batch boundaries; the file watcher sees every check-off. While a run is
 * active, show the live count (the same file, read moments ago) so "Tasks: 12/35" moves during a batch.
 */
function withLiveTasks(exec: OrchestrationExecution, summary: ProjectSummary): OrchestrationExecution {
  const live = summary.tasks;
  if (!['running', 'healing'].includes(exec.status) || !live.total || live.completed <= exec.taskProgress.completed) return exec;
  return { ...exec, taskProgress: { completed: live.completed, total: live.total } };
}

/** Who drives an active run: this window, a live process elsewhere (its lock heartbeats), or nobody. */
async function ownerOf(projectPath: string, run: OrchestrationExecution | undefined, driving: boolean): Promise<OwnerState> {
  if (!run || !isActive(run.status)) return 'unknown';
  if (driving) return 'live';
  const { readLock, isLockLive } = loadEngine();
  const lock = await readLock(projectPath);
  return lock && lock.orchestrationId === run.id && isLockLive(lock) ? 'live' : 'gone';
}

export class UntrustedWorkspaceError extends Error {
  constructor() {
    super('SpecFlow does not start agents in an untrusted workspace. Trust this workspace to run Complete Phase.');
    this.name = 'UntrustedWorkspaceError';
  }
}

const DEBOUNCE_MS = 150;

export class OrchestratorService extends Disposable {
  private readonly projects = new Map<string, ProjectState>();
  private readonly orchestrators = new Map<string, ProjectOrchestrator>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private discovered = false;

  private readonly _onDidChangeProjects = this._register(new vscode.EventEmitter<void>());
  /** The set of projects changed (folders added, discovery finished). */
  readonly onDidChangeProjects = this._onDidChangeProjects.event;
  private readonly _onDidChangeProject = this._register(new vscode.EventEmitter<ProjectState>());
  /** A project's summary, runs or live run changed. */
  readonly onDidChangeProject = this._onDidChangeProject.event;
  private readonly _onDidChangeActivity = this._register(new vscode.EventEmitter<{ project: string; activity: ActivityView }>());
  readonly onDidChangeActivity = this._onDidChangeActivity.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: RunLog,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.discover()));
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.watchFolder(folder);
    this._register(vscode.workspace.onDidChangeWorkspaceFolders((e) => e.added.forEach((f) => this.watchFolder(f))));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reconcileAll()));
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  list(): ProjectState[] {
    return [...this.projects.values()].sort((a, b) => a.summary.name.localeCompare(b.summary.name));
  }

  get(path: string): ProjectState | undefined {
    return this.projects.get(path);
  }

  get ready(): boolean {
    return this.discovered;
  }

  /** Finds the projects of every workspace folder; cheap enough to run on activation. */
  async discover(): Promise<void> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const { discoverProjects } = loadEngine();
    const found = new Set(roots.flatMap((r) => discoverProjects(r)));
    for (const path of [...this.projects.keys()]) if (!found.has(path)) this.projects.delete(path);
    await Promise.all([...found].map((p) => this.refresh(p)));
    this.discovered = true;
    this._onDidChangeProjects.fire();
  }

  orchestrator(path: string): ProjectOrchestrator {
    let o = this.orchestrators.get(path);
    if (!o) {
      const settings = loadEngine().readSettings(vscode.Uri.file(path));
      o = new (loadEngine().ProjectOrchestrator)(path, {
        owner: `VS Code window (pid ${process.pid})`,
        ...(settings.claudePath ? { claudePath: settings.claudePath } : {}),
        ...(settings.specflowPath ? { specflowPath: settings.specflowPath } : {}),
        agentEnv: settings.agentEnv,
        logger: this.log.logger(relative(this.rootOf(path), path) || undefined),
      });
      o.events.on('run', ({ orchestration }) => this.onRunChange(path, orchestration));
      o.events.on('activity', ({ run, activity }) => this.onActivity(path, run, activity));
      this.orchestrators.set(path, o);
    }
    return o;
  }

  /** Settings can change the claude path: drop idle orchestrators so the next use reads them again. */
  settingsChanged(): void {
    for (const path of [...this.orchestrators.keys()]) {
      if (!this.projects.get(path)?.driving) this.orchestrators.delete(path);
    }
  }

  private rootOf(path: string): string {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path))?.uri.fsPath ?? path;
  }

  /** Recomputes one project's summary and runs (debounced when `soon`). */
  async refresh(path: string, soon = false): Promise<void> {
    if (soon) {
      clearTimeout(this.pending.get(path));
      this.pending.set(
        path,
        setTimeout(() => {
          this.pending.delete(path);
          void this.refresh(path);
        }, DEBOUNCE_MS),
      );
      return;
    }
    const o = this.orchestrator(path);
    const batchSize = loadEngine().readSettings(vscode.Uri.file(path)).defaults.batchSizeFallback ?? 15;
    const [summary, runs] = await Promise.all([loadEngine().summarizeProject(path, batchSize), o.list().catch(() => [])]);
    const prev = this.projects.get(path);
    const holding = runs.find((r) => holdsProject(r.status)) ?? runs[0];
    const current = holding && withLiveTasks(holding, summary);
    const driving = current ? o.isDriving(current.id) : false;
    const state: ProjectState = {
      summary,
      orchestrations: runs,
      ...(current ? { current } : {}),
      driving,
      owner: await ownerOf(path, current, driving),
      ...(prev?.activity && current && prev.activity.executionId && current.agentRuns.some((r) => r.executionId === prev.activity!.executionId)
        ? { activity: prev.activity }
        : {}),
      ...(prev?.agents && current ? { agents: liveAgents(prev.agents, current) } : {}),
    };
    const isNew = !prev;
    this.projects.set(path, state);
    if (isNew && this.discovered) this._onDidChangeProjects.fire();
    this._onDidChangeProject.fire(state);
  }

  private watchFolder(folder: vscode.WorkspaceFolder): void {
    if (folder.uri.scheme !== 'file') return;
    // tasks.md edits change the plan; state files change when another window or a CLI drives a run.
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(
        folder,
        '**/{tasks.md,spec.md,.specflow/workflows/orchestration-*.json,.specflow/orchestration-state.json,.specify/feature.json}',
      ),
    );
    const onFile = (uri: vscode.Uri) => {
      if (uri.fsPath.includes('/node_modules/')) return;
      const project = this.projectFor(uri.fsPath);
      if (project) void this.refresh(project, true);
      else if (/tasks\.md$|\.specflow|\.specify/.test(uri.fsPath)) void this.discover();
    };
    this._register(watcher.onDidChange(onFile));
    this._register(watcher.onDidCreate(onFile));
    this._register(watcher.onDidDelete(onFile));
    this._register(watcher);
  }

  private projectFor(file: string): string | undefined {
    let best: string | undefined;
    for (const p of this.projects.keys()) if (file.startsWith(p + '/') && (!best || p.length > best.length)) best = p;
    return best;
  }

  private onRunChange(path: string, exec: OrchestrationExecution): void {
    const state = this.projects.get(path);
    if (!state) return void this.refresh(path);
    const runs = [exec, ...state.orchestrations.filter((r) => r.id !== exec.id)].sort((a, b) => b.id.localeCompare(a.id));
    const driving = this.orchestrator(path).isDriving(exec.id);
    const next: ProjectState = {
      ...state,
      orchestrations: runs,
      current: withLiveTasks(exec, state.summary),
      driving,
      owner: driving ? 'live' : state.owner,
    };
    this.projects.set(path, next);
    this.log.mirror(exec);
    this._onDidChangeProject.fire(next);
  }

  private onActivity(path: string, run: AgentRun, a: AgentActivity): void {
    const activity = activityView(run, a);
    const state = this.projects.get(path);
    if (state) {
      state.activity = activity;
      state.agents = [...(state.agents ?? []).filter((x) => x.executionId !== activity.executionId), activity].slice(-MAX_AGENTS);
    }
    this._onDidChangeActivity.fire({ project: path, activity });
  }

  // ---- actions (the UI, the commands and the API all come through here) -----------------------------

  async preflight(path: string, config?: OrchestrationConfigInput): Promise<Preflight> {
    return this.orchestrator(path).preflight(config);
  }

  async start(path: string, config?: OrchestrationConfigInput): Promise<DriveHandle> {
    if (!this.trusted) throw new UntrustedWorkspaceError();
    const handle = await this.orchestrator(path).start(config);
    this.watchDrive(path, handle);
    return handle;
  }

  async resume(path: string, id?: string, patch?: OrchestrationConfigInput): Promise<DriveHandle> {
    if (!this.trusted) throw new UntrustedWorkspaceError();
    const handle = await this.orchestrator(path).resume(id, patch);
    this.watchDrive(path, handle);
    return handle;
  }

  async merge(path: string, id?: string): Promise<DriveHandle> {
    if (!this.trusted) throw new UntrustedWorkspaceError();
    const handle = await this.orchestrator(path).merge(id);
    this.watchDrive(path, handle);
    return handle;
  }

  async cancel(path: string, id?: string): Promise<OrchestrationExecution> {
    const exec = await this.orchestrator(path).cancel(id);
    await this.refresh(path);
    return exec;
  }

  async revertBatch(path: string, index: number, id?: string) {
    if (!this.trusted) throw new UntrustedWorkspaceError();
    const { outcome } = await this.orchestrator(path).revertBatch(index, id);
    await this.refresh(path);
    return outcome;
  }

  async pause(path: string, id?: string): Promise<OrchestrationExecution> {
    return this.orchestrator(path).pause(id);
  }

  private watchDrive(path: string, handle: DriveHandle): void {
    this.onRunChange(path, handle.execution);
    void handle.done.then(
      () => this.refresh(path),
      (e) => this.log.error(`orchestration ${handle.execution.id} stopped with an internal error: ${(e as Error).message}`),
    );
  }

  /** Restart recovery for every project: re-attach to runs whose owner is gone (never in untrusted workspaces). */
  async reconcileAll(): Promise<void> {
    if (!this.trusted) return;
    for (const path of this.projects.keys()) await this.reconcile(path);
  }

  /** Takes over a run of `path` whose owner is gone (re-attaching to its agent), if there is one. */
  async reconcile(path: string): Promise<void> {
    if (!this.trusted) return;
    {
      try {
        const handle = await this.orchestrator(path).reconcile();
        if (handle) {
          this.log.info(`re-attached to orchestration ${handle.execution.id} in ${path}`);
          this.watchDrive(path, handle);
        }
      } catch (e) {
        this.log.error(`could not recover the orchestration in ${path}: ${(e as Error).message}`);
      }
    }
  }

  get extensionRoot(): string {
    return this.extensionPath;
  }

  override dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    // Leave running agents alone: the next window (after a reload) re-attaches to them.
    for (const o of this.orchestrators.values()) void o.detachAll();
    super.dispose();
  }
}
