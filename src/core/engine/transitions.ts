// Every change of status, phase or batch goes through here and leaves one decision-log entry with its
// reason and evidence (FR-064, SC-005).
import type { DecisionLogEntry, OrchestrationExecution, Phase, RunStatus, StateRef } from '../model/execution';

export function currentBatch(exec: Pick<OrchestrationExecution, 'batches'>): number | undefined {
  return exec.batches.find((b) => b.status === 'running')?.index;
}

export function stateRef(exec: OrchestrationExecution): StateRef {
  const batch = exec.phase === 'implement' ? currentBatch(exec) : undefined;
  return { status: exec.status, phase: exec.phase, ...(batch !== undefined ? { batch } : {}) };
}

function append(exec: OrchestrationExecution, entry: Omit<DecisionLogEntry, 'seq'>): DecisionLogEntry {
  const seq = (exec.decisionLog.at(-1)?.seq ?? exec.decisionLogArchived) + 1;
  const full = { seq, ...entry };
  exec.decisionLog.push(full);
  return full;
}

export interface TransitionTarget {
  status?: RunStatus;
  phase?: Phase;
  /** Other changes that belong to this transition (a batch starting or ending), applied after `from` is taken. */
  mutate?: () => void;
}

/** Moves the run and logs it. A call that changes nothing still logs, as a note. */
export function transition(
  exec: OrchestrationExecution,
  to: TransitionTarget,
  reason: string,
  evidence: Record<string, unknown> = {},
  now = new Date(),
): DecisionLogEntry {
  const from = stateRef(exec);
  to.mutate?.();
  if (to.status) exec.status = to.status;
  if (to.phase) exec.phase = to.phase;
  exec.updatedAt = now.toISOString();
  const target = stateRef(exec);
  const changed = from.status !== target.status || from.phase !== target.phase || from.batch !== target.batch;
  return append(exec, { at: now.toISOString(), kind: changed ? 'transition' : 'note', from, to: target, reason, evidence });
}

/** A log entry that is not a transition: a claudeHelper decision, a reconciler finding, a note. */
export function logEntry(
  exec: OrchestrationExecution,
  kind: 'decision' | 'reconcile' | 'note',
  reason: string,
  evidence: Record<string, unknown> = {},
  now = new Date(),
): DecisionLogEntry {
  const ref = stateRef(exec);
  exec.updatedAt = now.toISOString();
  return append(exec, { at: now.toISOString(), kind, from: ref, to: ref, reason, evidence });
}
