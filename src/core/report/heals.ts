// Each heal attempt of a batch: the error that started it → what the healer did, its ending and cost. The
// error comes from the log entry that announced the attempt; without it (archived, or an older engine), from
// the run before the healer.
import type { AgentRun, BatchItem, DecisionLogEntry } from '../model/execution';
import type { ReportHeal } from '../model/report';
import { describeClassification } from './logReaders';
import { clip, oneLine } from './text';

/** Runs retried in the same attempt (an API wait, the fallback model): one attempt, not two. */
const RETRIED_IN_SLOT = new Set(['transient', 'model_unavailable']);
const ANNOUNCED = /^Auto-healing batch (\d+)\.\.\. \(attempt (\d+) of \d+\): ([\s\S]*)$/;
const TEXT_MAX = 1000;

interface Announcement {
  at: string;
  attempt: number;
  error: string;
  diagnosis?: string;
}

function announcements(log: readonly DecisionLogEntry[], batchIndex: number): Announcement[] {
  const found: Announcement[] = [];
  for (const e of log) {
    const m = ANNOUNCED.exec(e.reason);
    if (!m || Number(m[1]) !== batchIndex) continue;
    const error = typeof e.evidence.error === 'string' ? e.evidence.error : (m[3] ?? '');
    const diagnosis = describeClassification(e.evidence.classification);
    found.push({ at: e.at, attempt: Number(m[2]), error: oneLine(error, TEXT_MAX), ...(diagnosis ? { diagnosis: oneLine(diagnosis, TEXT_MAX) } : {}) });
  }
  return found;
}

function attemptsOf(healRuns: readonly AgentRun[]): AgentRun[][] {
  const groups: AgentRun[][] = [];
  for (const run of healRuns) {
    const last = groups.at(-1)?.at(-1);
    if (last && last.healAttempt === run.healAttempt && RETRIED_IN_SLOT.has(last.outcome ?? '')) groups.at(-1)?.push(run);
    else groups.push([run]);
  }
  return groups;
}

/** What failed just before the healer started: the batch's previous implement or heal run. */
function previousFailure(batch: BatchItem, batchRuns: readonly AgentRun[], first: AgentRun): string {
  const before = batchRuns.slice(0, batchRuns.indexOf(first)).filter((r) => r.kind === 'implement' || r.kind === 'heal');
  const prev = before.at(-1);
  // An agent that succeeded did not fail the batch: tasks.md or the gate did, and its own words would mislead.
  if (prev?.outcome === 'success') return 'the agent reported success, but the batch was not confirmed (tasks.md or the test gate disagreed)';
  return oneLine(prev?.outcomeMessage ?? prev?.resultText ?? batch.error ?? 'the batch failed', TEXT_MAX);
}

function fromRuns(group: AgentRun[], announced: Announcement | undefined, fallback: string, healed: boolean): ReportHeal {
  const first = group[0] as AgentRun;
  const last = group.at(-1) as AgentRun;
  const said = last.resultText ?? last.outcomeMessage;
  const durations = group.map((r) => r.durationMs).filter((d): d is number => d !== undefined);
  return {
    attempt: first.healAttempt ?? 1,
    trigger: announced?.error || fallback,
    ...(announced?.diagnosis ? { diagnosis: announced.diagnosis } : {}),
    ...(said ? { healerSaid: clip(said, TEXT_MAX) } : {}),
    outcome: last.state === 'exited' ? (last.outcome ?? 'unknown') : 'running',
    healed,
    costUsd: Math.round(group.reduce((sum, r) => sum + r.costUsd, 0) * 1e6) / 1e6,
    ...(durations.length ? { durationMs: durations.reduce((a, b) => a + b, 0) } : {}),
    startedAt: first.startedAt,
    ...(last.endedAt ? { endedAt: last.endedAt } : {}),
  };
}

export function buildHeals(batch: BatchItem, runs: readonly AgentRun[], log: readonly DecisionLogEntry[]): ReportHeal[] {
  const batchRuns = runs.filter((r) => r.batchIndex === batch.index);
  const groups = attemptsOf(batchRuns.filter((r) => r.kind === 'heal'));
  const announced = announcements(log, batch.index);
  const used = new Set<Announcement>();
  const heals = groups.map((group, i) => {
    const first = group[0] as AgentRun;
    const match = announced.filter((a) => a.attempt === (first.healAttempt ?? 1) && Date.parse(a.at) <= Date.parse(first.startedAt)).at(-1);
    if (match) used.add(match);
    return fromRuns(group, match, previousFailure(batch, batchRuns, first), batch.status === 'healed' && i === groups.length - 1);
  });
  // An attempt announced after the last healer run, whose healer was never started (the run stopped first).
  const lastStart = Date.parse(groups.at(-1)?.[0]?.startedAt ?? '1970-01-01T00:00:00Z');
  for (const a of announced) {
    if (used.has(a) || Date.parse(a.at) < lastStart) continue;
    heals.push({ attempt: a.attempt, trigger: a.error, ...(a.diagnosis ? { diagnosis: a.diagnosis } : {}), outcome: 'not_started', healed: false, costUsd: 0 });
  }
  return heals;
}
