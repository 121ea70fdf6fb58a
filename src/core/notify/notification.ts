// What a run tells whoever walked away: one notification per status change that needs (or rewards) a human —
// done, merge ready, failed, out of budget, waiting at a USER GATE, paused at a usage limit. Pure: the
// sinks (webhook, desktop) decide how it looks and where it goes.
import '../model/zodSetup';
import * as z from 'zod';
import type { OrchestrationExecution } from '../model/execution';
import { STATUS_LABELS, type RunStatus } from '../model/statuses';

const NOTIFY_OUTCOMES = ['completed', 'merge_ready', 'failed', 'budget_exceeded', 'user_gate', 'usage_limit'] as const;
export type NotifyOutcome = (typeof NOTIFY_OUTCOMES)[number];

const OUTCOME_LABELS: Record<NotifyOutcome, string> = {
  completed: STATUS_LABELS.completed,
  merge_ready: STATUS_LABELS.merge_ready,
  failed: STATUS_LABELS.failed,
  budget_exceeded: STATUS_LABELS.budget_exceeded,
  user_gate: 'Waiting at the USER GATE',
  usage_limit: 'Paused at a usage limit',
};

/** Crosses a boundary (a webhook body is built from it), so it has a schema like every stored shape. */
export const NotificationSchema = z.object({
  runId: z.string(),
  project: z.object({ name: z.string(), path: z.string() }),
  outcome: z.object({ name: z.enum(NOTIFY_OUTCOMES), label: z.string() }),
  /** "SpecFlow · shop-api: Merge Ready" */
  title: z.string(),
  /** One line: tasks, cost against the budget, and what the outcome needs said (the error, the reset time). */
  summary: z.string(),
  reportPath: z.string().optional(),
  /** When the status changed (the run's updatedAt). */
  at: z.string(),
  /** Usage-limit pauses: when the limit resets (ISO). */
  resumesAt: z.string().optional(),
});
export type Notification = z.infer<typeof NotificationSchema>;

const MAX_DETAIL = 300;

function outcomeOf(orch: Pick<OrchestrationExecution, 'status' | 'wait'>): NotifyOutcome | undefined {
  switch (orch.status) {
    case 'completed':
    case 'merge_ready':
    case 'failed':
    case 'budget_exceeded':
      return orch.status;
    case 'waiting':
      return orch.wait?.reason === 'user_gate' ? 'user_gate' : undefined;
    case 'paused':
      return orch.wait?.reason === 'usage_limit' ? 'usage_limit' : undefined;
    default:
      return undefined;
  }
}

/** Error texts can hold an agent's multi-line output: one line, bounded. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

function utcText(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function detailFor(outcome: NotifyOutcome, orch: OrchestrationExecution): string | undefined {
  switch (outcome) {
    case 'failed':
      return orch.error ? oneLine(orch.error.message) : 'see the decision log';
    case 'budget_exceeded':
      return orch.error ? oneLine(orch.error.message) : 'raise the budget and resume';
    case 'user_gate':
      return oneLine(orch.wait?.message ?? 'confirm the phase, then merge');
    case 'usage_limit':
      return orch.wait?.until ? `resets at ${utcText(orch.wait.until)}` : oneLine(orch.wait?.message ?? 'resume when the limit resets');
    default:
      return undefined;
  }
}

export function summaryLine(outcome: NotifyOutcome, orch: OrchestrationExecution): string {
  const { completed, total } = orch.taskProgress;
  const parts = [`Tasks ${completed}/${total}`, `$${orch.totalCostUsd.toFixed(2)} of $${orch.config.budget.totalUsd.toFixed(2)}`];
  const detail = detailFor(outcome, orch);
  if (detail) parts.push(detail);
  return parts.join(' · ');
}

/**
 * The notification for a run that just changed status, or undefined: the status did not change (a save that
 * only moved progress), or the new status is not one anybody needs to hear about. `previous` undefined means
 * "not seen before" and counts as a change.
 */
export function notificationFor(previous: RunStatus | undefined, orch: OrchestrationExecution, opts: { reportPath?: string } = {}): Notification | undefined {
  if (previous === orch.status) return undefined;
  const outcome = outcomeOf(orch);
  if (!outcome) return undefined;
  const label = OUTCOME_LABELS[outcome];
  return {
    runId: orch.id,
    project: { name: orch.projectName, path: orch.projectPath },
    outcome: { name: outcome, label },
    title: `SpecFlow · ${orch.projectName}: ${label}`,
    summary: summaryLine(outcome, orch),
    ...(opts.reportPath ? { reportPath: opts.reportPath } : {}),
    at: orch.updatedAt,
    ...(outcome === 'usage_limit' && orch.wait?.until ? { resumesAt: orch.wait.until } : {}),
  };
}
