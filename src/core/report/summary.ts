// The report's first line and its structured summary: outcome, active time, cost against the budget, tasks.
import { formatDuration } from '../model/timeText';
import type { OrchestrationExecution } from '../model/execution';
import type { Report, ReportBatch, ReportSummary } from '../model/report';
import { STATUS_LABELS, type RunStatus } from '../model/statuses';
import { formatUsd, msBetween } from './text';

const OUTCOMES: Record<RunStatus, ReportSummary['outcome']> = {
  completed: 'success',
  merge_ready: 'success',
  paused: 'stopped',
  cancelled: 'stopped',
  budget_exceeded: 'stopped',
  waiting: 'stopped',
  failed: 'failed',
  running: 'in_progress',
  healing: 'in_progress',
};

/** The run is working now: running or healing. */
export function isWorking(status: RunStatus): boolean {
  return OUTCOMES[status] === 'in_progress';
}

/** When the run stopped: completed, or its last change for a run that rests; none while it works. */
function endOf(orch: OrchestrationExecution): string | undefined {
  if (orch.completedAt) return orch.completedAt;
  return OUTCOMES[orch.status] === 'in_progress' ? undefined : orch.updatedAt;
}

/** "Failed at batch 3", "Paused (usage limit)", or the status's own label. */
function outcomeLabel(orch: OrchestrationExecution): string {
  const label = STATUS_LABELS[orch.status];
  if (orch.status === 'failed' && orch.error?.batchIndex !== undefined) return `${label} at batch ${orch.error.batchIndex}`;
  if (orch.status === 'paused' && orch.wait?.reason === 'usage_limit') return `${label} (usage limit)`;
  return label;
}

export function buildSummary(orch: OrchestrationExecution, batches: readonly ReportBatch[], now: Date): Report['summary'] {
  const endedAt = endOf(orch);
  const working = orch.activeSince && OUTCOMES[orch.status] === 'in_progress';
  const activeMs = orch.activeMs + (working && orch.activeSince ? msBetween(orch.activeSince, now.toISOString()) : 0);
  const budget = orch.config.budget.totalUsd;
  const tasks = orch.taskProgress;
  const line = [
    outcomeLabel(orch),
    `${formatDuration(activeMs)} active`,
    `${formatUsd(orch.totalCostUsd)} of ${formatUsd(budget)} budget`,
    `${tasks.completed}/${tasks.total} tasks`,
  ].join(' · ');
  return {
    line,
    status: orch.status,
    statusLabel: STATUS_LABELS[orch.status],
    outcome: OUTCOMES[orch.status],
    activeMs,
    elapsedMs: msBetween(orch.startedAt, endedAt ?? now.toISOString()),
    costUsd: orch.totalCostUsd,
    budgetUsd: budget,
    tasks: { completed: tasks.completed, total: tasks.total },
    batches: {
      total: batches.length,
      completed: batches.filter((b) => b.status === 'completed' || b.status === 'healed').length,
      healed: batches.filter((b) => b.status === 'healed').length,
      failed: batches.filter((b) => b.status === 'failed').length,
    },
    heals: batches.reduce((n, b) => n + b.heals.length, 0),
    startedAt: orch.startedAt,
    ...(endedAt ? { endedAt } : {}),
  };
}
