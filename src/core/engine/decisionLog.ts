// The decision log (FR-064, SC-005): every entry records where the run was and is, why, and the evidence.
// Status changes are written by lifecycle.ts; everything else worth knowing is a note, a decision or a
// reconciler finding, written here.
import type { DecisionLogEntry, OrchestrationExecution, StateRef } from '../model/execution';

export function currentBatch(orch: Pick<OrchestrationExecution, 'batches'>): number | undefined {
  return orch.batches.find((b) => b.status === 'running')?.index;
}

export function stateRef(orch: OrchestrationExecution): StateRef {
  const batch = orch.phase === 'implement' ? currentBatch(orch) : undefined;
  return { status: orch.status, phase: orch.phase, ...(batch !== undefined ? { batch } : {}) };
}

export function appendEntry(orch: OrchestrationExecution, entry: Omit<DecisionLogEntry, 'seq'>): DecisionLogEntry {
  const seq = (orch.decisionLog.at(-1)?.seq ?? orch.decisionLogArchived) + 1;
  const full = { seq, ...entry };
  orch.decisionLog.push(full);
  return full;
}

/** A log entry that is not a transition: a claudeHelper decision, a reconciler finding, a note. */
export function logEntry(
  orch: OrchestrationExecution,
  kind: 'decision' | 'reconcile' | 'note',
  reason: string,
  evidence: Record<string, unknown> = {},
  now = new Date(),
): DecisionLogEntry {
  const ref = stateRef(orch);
  orch.updatedAt = now.toISOString();
  return appendEntry(orch, { at: now.toISOString(), kind, from: ref, to: ref, reason, evidence });
}
