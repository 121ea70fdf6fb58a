// What `start`, `resume` and `merge` print while they drive. In a terminal: one live progress line
// (phase bar, "Implementing batch 2 of 4: Core Components", "Tasks: 12/35", elapsed and ETA) with the
// decision log scrolling above it. Otherwise: one plain line per decision-log entry.
import type { AgentActivity } from '../core/agent/agentActivity';
import { progressView } from '../core/engine/progress';
import { formatDuration } from '../core/model/timeText';
import type { EngineEvents } from '../core/engine/events';
import type { DecisionLogEntry, OrchestrationExecution } from '../core/model/execution';
import { existsSync } from 'node:fs';
import type { CliIo } from './io';

const PHASE_MARK = { done: '✓', current: '▶', pending: '·', skipped: '–', failed: '✗' } as const;

export class ProgressRenderer {
  private lastSeq = 0;
  private exec: OrchestrationExecution | undefined;
  private tool: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly opts: { live: boolean; quiet: boolean; columns?: number },
  ) {
    if (opts.live && !opts.quiet) {
      this.timer = setInterval(() => this.draw(), 1000);
      this.timer.unref();
    }
  }

  /** Follows the engine's events: decisions scroll, the run redraws the line, activity names the tool. */
  subscribe(events: EngineEvents): () => void {
    const off = [
      events.on('decision', ({ entry }) => this.onDecision(entry)),
      events.on('run', ({ orchestration }) => this.onRun(orchestration)),
      events.on('activity', ({ activity }) => this.onActivity(activity)),
    ];
    return () => off.forEach((f) => f());
  }

  private onDecision(e: DecisionLogEntry): void {
    if (this.opts.quiet || e.seq <= this.lastSeq) return;
    this.clear();
    this.io.out(`${e.at.slice(11, 19)}  ${e.reason}`);
    this.lastSeq = e.seq;
  }

  private onRun(exec: OrchestrationExecution): void {
    this.exec = exec;
    if (!this.opts.quiet) this.draw();
  }

  private onActivity(activity: AgentActivity): void {
    const t = activity.currentTool;
    this.tool = t ? `${t.name}${t.target ? ` ${t.target}` : ''}` : undefined;
    this.draw();
  }

  line(exec: OrchestrationExecution, now = Date.now()): string {
    const v = progressView(exec, now);
    const bar = v.phases.map((p) => `${PHASE_MARK[p.state]}${p.label}`).join(' ');
    const pct = v.tasks.total ? v.tasks.completed / v.tasks.total : 0;
    const blocks = Math.round(pct * 10);
    const parts = [
      `[${'█'.repeat(blocks)}${'░'.repeat(10 - blocks)}]`,
      bar,
      v.headline,
      `Tasks: ${v.tasks.completed}/${v.tasks.total}`,
      formatDuration(v.elapsedMs),
      ...(v.etaMs !== undefined ? [`ETA ${formatDuration(v.etaMs)}`] : []),
      `$${v.costUsd.toFixed(2)}`,
      ...(this.tool ? [this.tool] : []),
    ];
    return parts.join(' · ');
  }

  private clear(): void {
    if (this.opts.live && this.drawn) {
      process.stdout.write('\r\x1b[2K');
      this.drawn = false;
    }
  }

  private draw(): void {
    if (!this.opts.live || this.opts.quiet || !this.exec) return;
    const cols = this.opts.columns ?? process.stdout.columns ?? 120;
    let text = this.line(this.exec);
    if (text.length > cols - 1) text = text.slice(0, cols - 2) + '…';
    process.stdout.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  finish(exec: OrchestrationExecution): void {
    if (this.timer) clearInterval(this.timer);
    for (const e of exec.decisionLog) this.onDecision(e);
    this.onRun(exec);
    this.clear();
  }
}

export function summary(exec: OrchestrationExecution, stateFilePath: string, reportPath?: string): string {
  const v = progressView(exec);
  const done = exec.batches.filter((b) => b.status === 'completed' || b.status === 'healed').length;
  const lines = [
    '',
    `Orchestration ${exec.id}: ${v.statusLabel}`,
    // the headline only when it says more than the status ("Complete" twice says nothing)
    ...(v.headline.toLowerCase() === v.statusLabel.toLowerCase() ? [] : [`  ${v.headline}`]),
    `  Batches: ${done}/${exec.batches.length} done${exec.batches.some((b) => b.status === 'healed') ? ` (${exec.batches.filter((b) => b.status === 'healed').length} healed)` : ''}`,
    `  ${v.tasksLine}`,
    `  Active time: ${formatDuration(v.activeMs)}   Cost: $${exec.totalCostUsd.toFixed(4)} of $${exec.config.budget.totalUsd.toFixed(2)}`,
    `  Decision log: ${stateFilePath} (decisionLog)`,
    ...(reportPath && existsSync(reportPath) ? [`  Report: ${reportPath}`] : []),
  ];
  if (exec.error) lines.push(`  Error: ${exec.error.message}`, ...exec.error.logPaths.map((p) => `  Run log: ${p}`));
  return lines.join('\n');
}
