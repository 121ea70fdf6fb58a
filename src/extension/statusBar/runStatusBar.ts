// The status bar item: hidden when nothing runs; otherwise e.g. "$(sync~spin) SpecFlow: Implement 2/4 · 3 agents · 12/35"
// or, while a usage limit holds the run, "SpecFlow: Usage limit: resumes at 04:24 (in 3h 12m) · 12/35",
// with a markdown tooltip (project, phase, batch, elapsed, ETA, cost) and a click that opens the progress panel.
import * as vscode from 'vscode';
import { progressView } from '../../core/engine/progress';
import { formatDuration } from '../../core/model/timeText';
import { type RunStatus } from '../../core/model/statuses';
import { canResume, holdsProject } from '../../core/model/statusPolicy';
import { CommandId } from '../commandIds';
import { Disposable } from '../disposable';
import type { OrchestratorService, ProjectState } from '../services/orchestratorService';
import { RUN_ICONS } from '../tree/icons';

/** Runs that hold the project, and runs that stopped on a problem the user should see (a cancel is their own doing). */
const shown = (s: RunStatus) => holdsProject(s) || (canResume(s) && s !== 'cancelled');
const PRIORITY: readonly RunStatus[] = ['healing', 'running', 'waiting', 'merge_ready', 'paused', 'budget_exceeded', 'failed'];
const BACKGROUND: Partial<Record<RunStatus, string>> = {
  healing: 'statusBarItem.warningBackground',
  paused: 'statusBarItem.warningBackground',
  waiting: 'statusBarItem.warningBackground',
  merge_ready: 'statusBarItem.prominentBackground',
  failed: 'statusBarItem.errorBackground',
  budget_exceeded: 'statusBarItem.errorBackground',
};
const PHASE_LABEL = { design: 'Design', analyze: 'Analyze', implement: 'Implement', verify: 'Verify', merge: 'Merge' } as const;

export class RunStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private ticker: NodeJS.Timeout | undefined;
  private visible = false;

  constructor(private readonly service: OrchestratorService) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('specflow.run', vscode.StatusBarAlignment.Left, 50));
    this.item.name = 'SpecFlow Orchestration';
    this._register(service.onDidChangeProject(() => this.update()));
    this._register(service.onDidChangeProjects(() => this.update()));
    this._register({ dispose: () => this.ticker && clearInterval(this.ticker) });
    this.update();
  }

  /** The run most worth showing: an active one first, then one waiting for the user, then a failure. */
  pick(): ProjectState | undefined {
    const candidates = this.service.list().filter((p) => p.current && shown(p.current.status));
    return candidates.sort((a, b) => PRIORITY.indexOf(a.current!.status) - PRIORITY.indexOf(b.current!.status))[0];
  }

  update(): void {
    const state = this.pick();
    const run = state?.current;
    if (!state || !run) {
      this.visible = false;
      this.item.hide();
      this.setTicker(undefined);
      return;
    }
    const v = progressView(run);
    const [icon] = RUN_ICONS[run.status];
    const agents = v.agents > 1 ? ` · ${v.agents} agents` : '';
    const where = v.limit
      ? v.limit.message
      : run.status === 'merge_ready'
        ? 'Merge ready'
        : run.status === 'failed' || run.status === 'budget_exceeded' || run.status === 'paused' || run.status === 'waiting'
          ? v.statusLabel
          : run.phase === 'implement' && v.batch
            ? `Implement ${v.batch.index}/${v.batch.total}${agents}`
            : PHASE_LABEL[run.phase];
    this.item.text = `$(${icon}) SpecFlow: ${where} · ${v.tasks.completed}/${v.tasks.total}`;
    const bg = BACKGROUND[run.status];
    this.item.backgroundColor = bg ? new vscode.ThemeColor(bg) : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**SpecFlow — ${state.summary.name}**: ${v.statusLabel}\n\n`);
    md.appendMarkdown(`${v.headline}\n\n`);
    md.appendMarkdown(`Phase: ${PHASE_LABEL[run.phase]}${v.batch ? ` · batch ${v.batch.index} of ${v.batch.total}: ${v.batch.name}` : ''}\n\n`);
    md.appendMarkdown(`${v.tasksLine} · elapsed ${formatDuration(v.elapsedMs)}${v.etaMs !== undefined ? ` · ETA ${formatDuration(v.etaMs)}` : ''}\n\n`);
    md.appendMarkdown(
      `Cost: $${v.costUsd.toFixed(2)} of $${v.budgetUsd.toFixed(2)}${state.driving ? '' : state.owner === 'live' ? ' · driven by another window or the CLI' : state.owner === 'gone' ? ' · its owner stopped: Resume continues it' : ''}\n\n`,
    );
    md.appendMarkdown(`_Click to show progress_`);
    this.item.tooltip = md;
    this.item.command = { command: CommandId.ShowProgress, title: 'Show Progress', arguments: [{ projectPath: state.summary.path }] };
    this.item.accessibilityInformation = { label: `SpecFlow ${state.summary.name}: ${v.headline}. ${v.tasksLine}`, role: 'button' };
    this.visible = true;
    this.item.show();
    // a usage-limit countdown moves every 30 s; elapsed time in the tooltip once a minute; no timer at rest
    this.setTicker(v.limit?.until ? 30_000 : run.status === 'running' || run.status === 'healing' ? 60_000 : undefined);
  }

  private tickEvery: number | undefined;

  private setTicker(ms: number | undefined): void {
    if (ms === this.tickEvery) return;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = ms ? setInterval(() => this.update(), ms) : undefined;
    this.tickEvery = ms;
  }

  /** What the status bar shows now ('' when hidden). */
  get text(): string {
    return this.visible ? this.item.text : '';
  }
}
