// The only code that changes a run's, a batch's or a step's status. Every change is checked against the
// tables of allowed transitions below (anything else is a bug and throws), stamps the times that go with
// it, and leaves one decision-log entry with its reason and evidence. A lint rule forbids assigning
// `.status` anywhere else in src/core.
import type { BatchItem, DecisionLogEntry, OrchestrationExecution, StepRecord, WorkUnit } from '../model/execution';
import type { BatchStatus, Phase, RunStatus, StepName, StepStatus } from '../model/statuses';
import { isActive } from '../model/statusPolicy';
import { appendEntry, stateRef } from './decisionLog';
import { endWait, startActiveClock, stopActiveClock } from './waits';

const RUN_TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  running: ['running', 'healing', 'paused', 'waiting', 'merge_ready', 'completed', 'failed', 'cancelled', 'budget_exceeded'],
  healing: ['running', 'healing', 'paused', 'failed', 'cancelled', 'budget_exceeded'],
  paused: ['paused', 'running', 'cancelled'],
  // a reverted batch: the phase is no longer done and waits for a resume
  waiting: ['waiting', 'running', 'cancelled', 'paused'],
  merge_ready: ['merge_ready', 'running', 'cancelled', 'paused'],
  failed: ['failed', 'running'],
  cancelled: ['cancelled', 'running'],
  budget_exceeded: ['budget_exceeded', 'running'],
  completed: ['completed'],
};

const BATCH_TRANSITIONS: Record<BatchStatus, readonly BatchStatus[]> = {
  // pending → completed: every task was checked before the batch ran (batch sync skips it)
  pending: ['running', 'completed', 'cancelled'],
  running: ['running', 'completed', 'healed', 'failed', 'cancelled'],
  failed: ['pending'],
  cancelled: ['pending'],
  // a reverted batch runs again
  completed: ['pending'],
  healed: ['pending'],
};

const STEP_TRANSITIONS: Record<StepStatus, readonly StepStatus[]> = {
  pending: ['running', 'skipped', 'pending'],
  running: ['running', 'completed', 'failed', 'cancelled'],
  failed: ['pending'],
  cancelled: ['pending'],
  completed: [],
  skipped: [],
};

/** The run table, for the README and tests. */
export const ALLOWED_RUN_TRANSITIONS = RUN_TRANSITIONS;

export class IllegalTransitionError extends Error {
  constructor(what: string, from: string, to: string) {
    super(`illegal ${what} transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export interface BatchChange {
  item: BatchItem;
  to: BatchStatus;
  /** Set (a string) or clear (null) the batch's error. */
  error?: string | null;
  note?: string;
}

export interface StepChange {
  name: StepName;
  to: StepStatus;
  error?: string | null;
  note?: string;
}

export interface Change {
  status?: RunStatus;
  phase?: Phase;
  batch?: BatchChange;
  step?: StepChange;
}

function check<T extends string>(table: Record<T, readonly T[]>, what: string, from: T, to: T): void {
  if (!table[from].includes(to)) throw new IllegalTransitionError(what, from, to);
}

/** Validates every part of the change before touching anything, so a refused change leaves no trace. */
function validate(orch: OrchestrationExecution, change: Change): void {
  if (change.status) check(RUN_TRANSITIONS, 'run', orch.status, change.status);
  if (change.batch) check(BATCH_TRANSITIONS, `batch ${change.batch.item.index}`, change.batch.item.status, change.batch.to);
  if (change.step) check(STEP_TRANSITIONS, `${change.step.name} step`, orch.steps[change.step.name].status, change.step.to);
}

function applyBatch(c: BatchChange, at: string): void {
  const b = c.item;
  if (c.to === 'running' && b.status !== 'running') b.startedAt = at;
  if (c.to === 'pending') {
    delete b.startedAt;
    delete b.completedAt;
  }
  if (['completed', 'healed'].includes(c.to)) {
    b.completedAt = at;
    delete b.error;
  }
  b.status = c.to;
  if (c.error === null) delete b.error;
  else if (c.error !== undefined) b.error = c.error;
  if (c.note !== undefined) b.note = c.note;
}

function applyStep(rec: StepRecord, c: StepChange, at: string): void {
  if (c.to === 'running' && rec.status !== 'running') rec.startedAt = at;
  if (c.to === 'completed' || c.to === 'skipped') rec.completedAt = at;
  rec.status = c.to;
  if (c.error === null) delete rec.error;
  else if (c.error !== undefined) rec.error = c.error;
  if (c.note !== undefined) rec.note = c.note;
}

/** A run that stops being driven stops its active-time clock, and a pause asked for no longer applies. */
function moveStatus(orch: OrchestrationExecution, to: RunStatus, at: number): void {
  if (isActive(orch.status) && !isActive(to)) {
    stopActiveClock(orch, at);
    orch.pauseRequested = false;
  }
  orch.status = to;
  if (isActive(to)) startActiveClock(orch, at);
}

/**
 * Applies a change of run status, phase, one batch and/or one step, and logs it. A change that moves
 * nothing is still logged, as a note.
 */
export function change(orch: OrchestrationExecution, c: Change, reason: string, evidence: Record<string, unknown> = {}, now = new Date()): DecisionLogEntry {
  validate(orch, c);
  const at = now.toISOString();
  const from = stateRef(orch);
  if (c.batch) applyBatch(c.batch, at);
  if (c.step) applyStep(orch.steps[c.step.name], c.step, at);
  if (c.status) moveStatus(orch, c.status, now.getTime());
  if (c.phase) orch.phase = c.phase;
  if (c.status === 'completed') orch.completedAt = at;
  orch.updatedAt = at;
  const to = stateRef(orch);
  const moved = from.status !== to.status || from.phase !== to.phase || from.batch !== to.batch;
  return appendEntry(orch, { at, kind: moved ? 'transition' : 'note', from, to, reason, evidence });
}

/**
 * Resume: failed or cancelled batches and steps go back to pending. A batch keeps its heal attempts (the cap
 * applies per batch across resumes, unless the user raises it) and its earlier ending goes to its history.
 */
export function reopenForResume(orch: OrchestrationExecution, reason: string, evidence: Record<string, unknown> = {}): DecisionLogEntry {
  const at = new Date().toISOString();
  for (const b of orch.batches) {
    if (b.status === 'failed' || b.status === 'cancelled') {
      check(BATCH_TRANSITIONS, `batch ${b.index}`, b.status, 'pending');
      b.history.push({ at, status: b.status, ...(b.error ? { error: b.error } : {}), healAttempts: b.healAttempts });
      applyBatch({ item: b, to: 'pending', error: null }, at);
    }
  }
  for (const s of ['design', 'analyze', 'verify', 'merge'] as const) {
    const rec = orch.steps[s];
    if (rec.status === 'failed' || rec.status === 'cancelled') applyStep(rec, { name: s, to: 'pending', error: null }, new Date().toISOString());
  }
  endWait(orch, Date.now());
  delete orch.error;
  delete orch.completedAt;
  orch.pauseRequested = false;
  return change(orch, { status: 'running' }, reason, evidence);
}

const UNIT_TRANSITIONS: Record<WorkUnit['status'], readonly WorkUnit['status'][]> = {
  pending: ['running'],
  running: ['running', 'done', 'committed', 'failed'],
  committed: ['merged', 'rerun'],
  // a group re-run in the project's tree after a conflict nobody could heal
  rerun: ['rerun', 'done', 'failed'],
  merged: [],
  done: [],
  failed: [],
};

/** A wave unit's status (its own log line is the caller's: units change inside one batch transition). */
export function changeUnit(unit: WorkUnit, to: WorkUnit['status'], at: string): void {
  if (!UNIT_TRANSITIONS[unit.status].includes(to)) throw new Error(`illegal unit transition ${unit.status} → ${to} (unit ${unit.index})`);
  if (to === 'running' || to === 'rerun') unit.startedAt ??= at;
  if (to !== 'running' && to !== 'rerun') unit.endedAt = at;
  unit.status = to;
}
