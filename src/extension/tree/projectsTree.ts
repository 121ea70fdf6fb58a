// The projects tree (`specflow.projects`): a row per project with its feature, tasks x/y and run status;
// under it the batches the planner sees (live while a run goes) and the past orchestrations.
import * as vscode from 'vscode';
import { progressView } from '../../core/engine/progress';
import { formatDuration } from '../../core/model/timeText';
import { type OrchestrationExecution } from '../../core/model/execution';
import { holdsProject, isActive, isTerminal } from '../../core/model/statusPolicy';
import { projectContextValue } from '../runActions';
import { STATUS_LABELS } from '../../core/model/statuses';
import { CommandId } from '../commandIds';
import { Disposable } from '../disposable';
import type { OrchestratorService, ProjectState } from '../services/orchestratorService';
import { BATCH_ICONS, RUN_ICONS, themeIcon } from './icons';

export type TreeNode =
  | { kind: 'project'; path: string }
  | { kind: 'batch'; path: string; index: number }
  | { kind: 'history'; path: string }
  | { kind: 'run'; path: string; id: string };

export class ProjectsTree extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;

  /** What the rows last showed: a run saves its state many times a second, but rows change far less often. */
  private shown = '';

  constructor(private readonly service: OrchestratorService) {
    super();
    this._register(service.onDidChangeProjects(() => this.refresh(true)));
    this._register(service.onDidChangeProject(() => this.refresh(false)));
  }

  /**
   * Re-renders only when a row would look different. Every re-render rebuilds the rows under the pointer, which
   * can swallow a click in an open context menu; the live parts (elapsed, cost) live in tooltips, resolved on hover.
   */
  private refresh(force: boolean): void {
    const next = this.signature();
    if (!force && next === this.shown) return;
    this.shown = next;
    this._onDidChangeTreeData.fire(undefined);
  }

  private signature(): string {
    const rows: unknown[] = [];
    const walk = (node: TreeNode | undefined) => {
      for (const child of this.getChildren(node)) {
        const item = this.getTreeItem(child);
        rows.push([
          item.id,
          item.label,
          item.description,
          item.contextValue,
          item.collapsibleState,
          (item.iconPath as vscode.ThemeIcon | undefined)?.id,
          item.command?.command,
        ]);
        if (child.kind !== 'history') walk(child); // past-run rows: covered by the runs pushed below
      }
    };
    walk(undefined);
    for (const p of this.service.list())
      for (const r of p.orchestrations) rows.push([r.id, r.status, r.taskProgress.completed, r.taskProgress.total, r.totalCostUsd.toFixed(2)]);
    return JSON.stringify(rows);
  }

  /** Tooltips carry the moving parts (elapsed, ETA, cost): computed when the user hovers, so they are never stale. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    const state = this.service.get(node.path);
    if (!state) return item;
    if (node.kind === 'project') item.tooltip = projectTooltip(state);
    if (node.kind === 'run') {
      const run = state.orchestrations.find((r) => r.id === node.id);
      if (run) item.tooltip = `${run.id}\n${progressView(run).headline}`;
    }
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.service.list().map((p) => ({ kind: 'project', path: p.summary.path }));
    const state = this.service.get(node.path);
    if (!state) return [];
    if (node.kind === 'project') {
      const batches = liveBatches(state);
      const out: TreeNode[] = batches.map((b) => ({ kind: 'batch', path: node.path, index: b.index }));
      if (state.orchestrations.length) out.push({ kind: 'history', path: node.path });
      return out;
    }
    if (node.kind === 'history') return state.orchestrations.map((r) => ({ kind: 'run', path: node.path, id: r.id }));
    return [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = this.service.get(node.path);
    if (!state) return new vscode.TreeItem('…');
    switch (node.kind) {
      case 'project':
        return projectItem(state);
      case 'batch': {
        const b = liveBatches(state).find((x) => x.index === node.index);
        const item = new vscode.TreeItem(`${node.index}. ${b?.name ?? ''}`);
        item.id = `${node.path}#batch-${node.index}-${state.current?.id ?? 'plan'}`;
        item.description = `${b?.taskCount ?? 0} tasks${b?.status && b.status !== 'pending' ? ` · ${b.status}` : ''}${b?.healAttempts ? ` · healed ×${b.healAttempts}` : ''}`;
        item.iconPath = themeIcon(BATCH_ICONS[b?.status ?? 'pending']);
        item.contextValue = ['specflow.batch', ...(b?.canRevert ? ['revert'] : []), ...(b?.hasChanges ? ['changes'] : [])].join(':');
        if (b?.gate) item.description += ` · ${b.gate}`;
        if (b?.error) item.tooltip = b.error;
        return item;
      }
      case 'history': {
        const item = new vscode.TreeItem(`Past orchestrations (${state.orchestrations.length})`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.path}#history`;
        item.iconPath = new vscode.ThemeIcon('history');
        return item;
      }
      case 'run': {
        const run = state.orchestrations.find((r) => r.id === node.id);
        const item = new vscode.TreeItem(run ? new Date(run.createdAt).toLocaleString() : node.id);
        item.id = `${node.path}#run-${node.id}`;
        if (run) {
          item.description = `${STATUS_LABELS[run.status]} · ${run.taskProgress.completed}/${run.taskProgress.total} · $${run.totalCostUsd.toFixed(2)}`;
          item.iconPath = themeIcon(RUN_ICONS[run.status]);
        }
        item.contextValue = 'specflow.history';
        // A run that came to rest opens its morning-after report; one still going opens its progress.
        const rested = run && !isActive(run.status);
        item.command = rested
          ? { command: CommandId.OpenReport, title: 'Open Report', arguments: [{ projectPath: node.path, id: node.id }] }
          : { command: CommandId.ShowProgress, title: 'Show Progress', arguments: [{ projectPath: node.path, id: node.id }] };
        return item;
      }
    }
  }
}

interface LiveBatch {
  index: number;
  name: string;
  taskCount: number;
  status?: OrchestrationExecution['batches'][number]['status'];
  healAttempts?: number;
  error?: string;
  gate?: string;
  canRevert?: boolean;
  hasChanges?: boolean;
}

/** The current run's batches while it holds the project; otherwise what the planner sees in tasks.md now. */
function liveBatches(state: ProjectState): LiveBatch[] {
  const run = state.current;
  // A finished run's batches stay while they have checkpoints: they can still be reverted or compared.
  if (run && run.batches.length && (!isTerminal(run.status) || run.batches.some((b) => b.checkpoint?.afterSha))) {
    const rows = progressView(run).batches;
    return run.batches.map((b, i) => ({
      index: b.index,
      name: b.name,
      taskCount: b.taskIds.length,
      status: b.status,
      healAttempts: b.healAttempts,
      ...(b.error ? { error: b.error } : {}),
      ...(rows[i]?.gate ? { gate: rows[i].gate.badge } : {}),
      canRevert: rows[i]?.canRevert ?? false,
      hasChanges: Boolean(b.checkpoint?.afterSha && b.checkpoint.files.length),
    }));
  }
  return state.summary.plan?.batches ?? [];
}

export function runStatusOf(state: ProjectState): keyof typeof RUN_ICONS {
  return state.current?.status ?? 'idle';
}

function projectItem(state: ProjectState): vscode.TreeItem {
  const { summary, current } = state;
  const status = runStatusOf(state);
  const active = current && holdsProject(current.status);
  const item = new vscode.TreeItem(summary.name, active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = summary.path;
  const tasks = `${summary.tasks.completed}/${summary.tasks.total}`;
  const parts = [summary.feature ?? 'no feature', tasks];
  if (current && status !== 'idle') parts.push(STATUS_LABELS[current.status]);
  item.description = parts.join(' · ');
  item.iconPath = themeIcon(RUN_ICONS[status]);
  item.contextValue = projectContextValue(state);
  item.resourceUri = vscode.Uri.file(summary.path);
  if (current) item.command = { command: CommandId.ShowProgress, title: 'Show Progress', arguments: [{ projectPath: summary.path }] };
  return item;
}

function projectTooltip(state: ProjectState): vscode.MarkdownString {
  const { summary, current } = state;
  const tasks = `${summary.tasks.completed}/${summary.tasks.total}`;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${summary.name}** — ${summary.path}\n\n`);
  md.appendMarkdown(`Feature: ${summary.feature ?? '—'}${summary.featureDir ? ` (\`${summary.featureDir}\`)` : ''}\n\n`);
  // "Detected 0 batches" says nothing useful once every task is done.
  const plan = summary.plan && summary.plan.batches.length > 0 ? ` · ${summary.plan.text}${summary.plan.fallback ? ' (no ## sections)' : ''}` : '';
  md.appendMarkdown(`Tasks: ${tasks} complete${plan}\n\n`);
  if (current) {
    const v = progressView(current);
    const headline = v.headline.toLowerCase() === v.statusLabel.toLowerCase() ? '' : ` — ${v.headline}`;
    md.appendMarkdown(`Orchestration \`${current.id}\`: **${v.statusLabel}**${headline}\n\n`);
    // Only a run with an agent at work is driven by someone; merge-ready or paused runs wait for the user.
    const elsewhere =
      !state.driving && state.owner === 'live'
        ? ' · driven by another window or the CLI'
        : state.owner === 'gone'
          ? ' · its owner stopped: Resume continues it'
          : '';
    md.appendMarkdown(
      `Elapsed ${formatDuration(v.elapsedMs)}${v.etaMs !== undefined ? ` · ETA ${formatDuration(v.etaMs)}` : ''} · $${v.costUsd.toFixed(2)} of $${v.budgetUsd.toFixed(2)}${elsewhere}\n\n`,
    );
  }
  if (summary.problem) md.appendMarkdown(`$(warning) ${summary.problem}\n\n`);
  return md;
}
