// Derives what a user sees from the stored execution (FR-060…063). Pure.
import { type BatchItem, type OrchestrationExecution } from '../model/execution';
import { type Phase } from '../model/statuses';
import type { ProgressView } from '../model/progress';
import { STATUS_LABELS } from '../model/statuses';
import { activeTimeMs } from './waits';
import { describeGate } from '../gate/gateText';
import { isActive } from '../model/statusPolicy';
import { formatDuration, whenText } from '../model/timeText';

const PHASE_LABELS: Record<Phase, string> = { design: 'Design', analyze: 'Analyze', implement: 'Implement', verify: 'Verify', merge: 'Merge' };
const ORDER: Phase[] = ['design', 'analyze', 'implement', 'verify', 'merge'];
const GERUNDS: Record<Phase, string> = { design: 'Designing', analyze: 'Analyzing', implement: 'Implementing', verify: 'Verifying', merge: 'Merging' };

function phaseState(exec: OrchestrationExecution, phase: Phase): ProgressView['phases'][number]['state'] {
  const idx = ORDER.indexOf(phase);
  const cur = ORDER.indexOf(exec.phase);
  if (phase === 'implement') {
    if (exec.phase === 'implement') return exec.status === 'failed' ? 'failed' : 'current';
    if (idx < cur) return exec.plannedAt && exec.batches.length === 0 ? 'skipped' : 'done';
    return 'pending';
  }
  const rec = exec.steps[phase];
  if (rec.status === 'skipped') return 'skipped';
  if (rec.status === 'completed') return 'done';
  if (rec.status === 'failed') return 'failed';
  if (phase === exec.phase) return exec.status === 'completed' ? 'done' : 'current';
  return idx < cur ? 'done' : 'pending';
}

function durationOf(b: { startedAt?: string | undefined; completedAt?: string | undefined }): number | undefined {
  return b.startedAt && b.completedAt ? Date.parse(b.completedAt) - Date.parse(b.startedAt) : undefined;
}

/** Time per task measured on this run's finished batches, times the tasks left. */
export function estimateRemainingMs(exec: OrchestrationExecution): number | undefined {
  let ms = 0;
  let tasks = 0;
  for (const b of exec.batches) {
    const d = durationOf(b);
    if ((b.status === 'completed' || b.status === 'healed') && d !== undefined && !b.note) {
      ms += d;
      tasks += b.taskIds.length;
    }
  }
  if (!tasks) return undefined;
  const left = Math.max(0, exec.taskProgress.total - exec.taskProgress.completed);
  return Math.round((ms / tasks) * left);
}

/** "Usage limit: resumes at 04:24 (in 3h 12m)": the countdown every surface shows while a limit holds the run. */
export function limitText(wait: { until?: string | undefined }, now: number): string {
  if (!wait.until) return 'Usage limit: waiting for it to reset';
  const at = Date.parse(wait.until);
  return `Usage limit: resumes at ${whenText(at, now)} (in ${formatDuration(Math.max(0, at - now))})`;
}

function headline(exec: OrchestrationExecution, batch: ProgressView['batch'], now: number): string {
  if (exec.wait?.reason === 'usage_limit') return limitText(exec.wait, now);
  switch (exec.status) {
    case 'healing':
      return `Auto-healing batch ${batch?.index ?? '?'}...`;
    case 'merge_ready':
      return 'Merge ready';
    case 'completed':
      return 'Complete';
    case 'waiting':
      return exec.wait?.message ?? 'Waiting at the USER GATE: confirm the phase, then merge';
    case 'paused':
      return exec.wait?.message ?? 'Paused';
    case 'failed':
      return `Failed: ${exec.error?.message ?? 'see the decision log'}`;
    case 'cancelled':
      return 'Cancelled';
    case 'budget_exceeded':
      return `Budget exceeded: ${exec.error?.message ?? 'raise the budget and resume'}`;
    case 'running':
      if (exec.wait) return exec.wait.message;
      if (exec.phase === 'implement' && batch) return `Implementing batch ${batch.index} of ${batch.total}: ${batch.name}`;
      if (exec.phase === 'implement') return 'Planning batches from tasks.md';
      return GERUNDS[exec.phase];
  }
}

export function progressView(exec: OrchestrationExecution, now = Date.now()): ProgressView {
  const live = exec.batches.find((b) => b.status === 'running') ?? (exec.status === 'healing' ? exec.batches.find((b) => b.status === 'failed') : undefined);
  const shown = live ?? (exec.status === 'failed' ? exec.batches.find((b) => b.status === 'failed') : undefined);
  const batch = shown ? { index: shown.index, total: exec.batches.length, name: shown.name } : undefined;
  const end = exec.completedAt ? Date.parse(exec.completedAt) : ['running', 'healing'].includes(exec.status) ? now : Date.parse(exec.updatedAt);
  const eta = ['running', 'healing', 'paused'].includes(exec.status) ? estimateRemainingMs(exec) : undefined;
  return {
    id: exec.id,
    projectName: exec.projectName,
    status: exec.status,
    statusLabel: STATUS_LABELS[exec.status],
    phase: exec.phase,
    phases: ORDER.map((p) => ({ phase: p, label: PHASE_LABELS[p], state: phaseState(exec, p) })),
    headline: headline(exec, batch, now),
    tasksLine: `Tasks: ${exec.taskProgress.completed}/${exec.taskProgress.total} complete`,
    tasks: { ...exec.taskProgress },
    ...(batch ? { batch } : {}),
    elapsedMs: Math.max(0, end - Date.parse(exec.startedAt)),
    activeMs: activeTimeMs(exec, now),
    ...(eta !== undefined ? { etaMs: eta } : {}),
    costUsd: exec.totalCostUsd,
    budgetUsd: exec.config.budget.totalUsd,
    batches: exec.batches.map((b) => batchRow(exec, b)),
    agents: exec.agentRuns.filter((r) => r.state !== 'exited').length,
    warnings: exec.warnings,
    ...(exec.wait?.reason === 'usage_limit' ? { limit: { ...(exec.wait.until ? { until: exec.wait.until } : {}), message: limitText(exec.wait, now) } } : {}),
    ...(exec.gate?.spec ? { gate: { command: exec.gate.spec.command, ...(exec.gate.baseline ? { baseline: describeGate(exec.gate.baseline) } : {}) } } : {}),
    ...(exec.checkpoints ? { checkpoints: { mode: exec.checkpoints.mode, ...(exec.checkpoints.reason ? { reason: exec.checkpoints.reason } : {}) } } : {}),
    ...(exec.wait ? { wait: { reason: exec.wait.reason, message: exec.wait.message, ...(exec.wait.until ? { until: exec.wait.until } : {}) } } : {}),
    ...(exec.error ? { error: errorView(exec.error) } : {}),
    pauseRequested: exec.pauseRequested,
    startedAt: exec.startedAt,
    updatedAt: exec.updatedAt,
    ...(exec.completedAt ? { completedAt: exec.completedAt } : {}),
  };
}

type BatchRow = ProgressView['batches'][number];

function errorView(e: NonNullable<OrchestrationExecution['error']>): NonNullable<ProgressView['error']> {
  const cap = e.details.cap;
  return { message: e.message, kind: e.kind, logPaths: e.logPaths, ...(typeof cap === 'string' ? { cap } : {}) };
}

function checkpointView(b: BatchItem): BatchRow['checkpoint'] {
  const cp = b.checkpoint;
  if (!cp) return undefined;
  const commit = cp.commitSha ?? (cp.status === 'refs' ? cp.afterSha : undefined);
  return {
    status: cp.status,
    ...(commit ? { commit } : {}),
    files: cp.files.length,
    additions: cp.files.reduce((s, f) => s + f.additions, 0),
    deletions: cp.files.reduce((s, f) => s + f.deletions, 0),
    ...(cp.error ? { error: cp.error } : {}),
    reverted: Boolean(cp.reverted),
  };
}

/** One row of the batch table: status, time, heals, cost, and the evidence (gate, checkpoint). */
function batchRow(exec: OrchestrationExecution, b: BatchItem): BatchRow {
  const d = durationOf(b);
  const cp = checkpointView(b);
  const revertable = ['completed', 'healed'].includes(b.status) && Boolean(b.checkpoint?.afterSha) && !b.checkpoint?.reverted && !isActive(exec.status);
  return {
    index: b.index,
    name: b.name,
    status: b.status,
    taskCount: b.taskIds.length,
    ...(d !== undefined ? { durationMs: d } : {}),
    healAttempts: b.healAttempts,
    costUsd: b.costUsd,
    ...(b.note ? { note: b.note } : {}),
    ...(b.error ? { error: b.error } : {}),
    ...(b.gate ? { gate: { badge: describeGate(b.gate.result), verdict: b.gate.comparison.verdict, logPath: b.gate.result.logPath } } : {}),
    ...(cp ? { checkpoint: cp } : {}),
    canRevert: revertable,
    ...(b.units?.some((u) => u.parallel) ? { groups: groupRows(b) } : {}),
  };
}

const CONFLICT_NOTE = { healed: 'conflict healed', rerun: 'conflict: re-run in the project', unresolved: 'conflict unresolved' } as const;

/** The groups of the batch's waves: live while a wave runs, kept as a record after it. */
function groupRows(b: BatchItem): NonNullable<BatchRow['groups']> {
  return b
    .units!.filter((u) => u.parallel)
    .map((u) => ({
      index: u.group ?? u.index,
      wave: u.step,
      taskIds: u.taskIds,
      status: u.status,
      ...(u.executionIds.length ? { executionId: u.executionIds.at(-1)! } : {}),
      costUsd: u.costUsd,
      healAttempts: u.healAttempts,
      ...(u.conflict ? { note: CONFLICT_NOTE[u.conflict.resolution] } : {}),
    }));
}
