// One batch of the report: its tasks, times, commit and files, gate, heals, decisions and waits.
import { describeExit, describeGate } from '../gate/gateText';
import type { BatchCheckpoint } from '../model/checkpoint';
import type { AgentRun, BatchItem, DecisionLogEntry, GateEvidence } from '../model/execution';
import type { ReportBatch, ReportCheckpoint, ReportGate, ReportWait } from '../model/report';
import { buildHeals } from './heals';
import { batchOfEntry, describeEntry, entryMatters, waitNoteMs } from './logReaders';
import { lanesOf } from './source';
import { msBetween, oneLine, taskTitle } from './text';

function checkpointOf(c: BatchCheckpoint): ReportCheckpoint {
  return {
    status: c.status,
    ...(c.commitSha ? { commitSha: c.commitSha, shortSha: c.commitSha.slice(0, 7) } : {}),
    beforeRef: c.beforeRef,
    beforeSha: c.beforeSha,
    ...(c.afterSha ? { afterSha: c.afterSha } : {}),
    ...(c.error ? { error: oneLine(c.error, 1000) } : {}),
    files: c.files,
    totals: {
      files: c.files.length,
      additions: c.files.reduce((n, f) => n + f.additions, 0),
      deletions: c.files.reduce((n, f) => n + f.deletions, 0),
    },
    skippedPaths: c.skippedPaths,
    ...(c.reverted ? { reverted: c.reverted } : {}),
  };
}

export function gateOf(g: GateEvidence): ReportGate {
  const r = g.result;
  return {
    badge: describeGate(r),
    verdict: g.comparison.verdict,
    reason: g.comparison.reason,
    command: r.command,
    exit: describeExit(r),
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    ...(r.counts ? { counts: r.counts } : {}),
    newFailures: g.comparison.newFailures,
    logPath: r.logPath,
    runs: g.runs,
  };
}

/** What the batch builder reads besides the batch itself. */
export interface BatchSources {
  runs: readonly AgentRun[];
  log: readonly DecisionLogEntry[];
  /** The run is working now (running or healing): a running batch is still going on. */
  working: boolean;
}

/** When a batch that did not complete stopped: its last agent run or gate run ended then. */
function stoppedAt(b: BatchItem, src: BatchSources): string | undefined {
  if (b.completedAt) return b.completedAt;
  // A running batch of a run that rests (paused at a usage limit, cancelled) stopped with its last agent run.
  const stopped = b.status === 'failed' || b.status === 'cancelled' || (b.status === 'running' && !src.working);
  if (!stopped) return undefined;
  const ends = src.runs.flatMap((r) => (r.batchIndex === b.index && r.endedAt ? [Date.parse(r.endedAt)] : []));
  if (b.gate) ends.push(Date.parse(b.gate.result.startedAt) + b.gate.result.durationMs);
  return ends.length ? new Date(Math.max(...ends)).toISOString() : undefined;
}

/** When the batch started and ended, as the report shows it (also used to place waits). */
export function batchSpan(b: BatchItem, src: BatchSources): { index: number; startedAt?: string; endedAt?: string } {
  const endedAt = b.startedAt ? stoppedAt(b, src) : undefined;
  return { index: b.index, ...(b.startedAt ? { startedAt: b.startedAt } : {}), ...(endedAt ? { endedAt } : {}) };
}

export function buildBatch(b: BatchItem, src: BatchSources, waits: ReportWait[]): ReportBatch {
  const { runs, log } = src;
  const { startedAt, endedAt } = batchSpan(b, src);
  // Wait notes are shown as waits, not twice.
  const entries = log.filter((e) => entryMatters(e) && waitNoteMs(e) === undefined && batchOfEntry(e) === b.index);
  const heals = buildHeals(b, runs, log);
  const decisions = entries.map((e) => ({ at: e.at, kind: e.kind === 'transition' ? ('note' as const) : e.kind, text: describeEntry(e) }));
  return {
    index: b.index,
    name: b.name,
    ...(b.section && b.section !== b.name ? { section: b.section } : {}),
    status: b.status,
    tasks: b.tasks.map((t) => ({ id: t.id, title: taskTitle(t.id, t.text), line: t.line })),
    ...(startedAt ? { startedAt } : {}),
    ...(endedAt ? { endedAt } : {}),
    ...(startedAt && endedAt ? { durationMs: msBetween(startedAt, endedAt) } : {}),
    costUsd: b.costUsd,
    healAttempts: b.healAttempts,
    ...(b.error ? { error: oneLine(b.error, 1000) } : {}),
    ...(b.note ? { note: oneLine(b.note, 500) } : {}),
    history: b.history.map((h) => ({ at: h.at, status: h.status, ...(h.error ? { error: oneLine(h.error, 1000) } : {}), healAttempts: h.healAttempts })),
    ...(b.checkpoint ? { checkpoint: checkpointOf(b.checkpoint) } : {}),
    ...(b.gate ? { gate: gateOf(b.gate) } : {}),
    heals,
    // A failure classification is shown as its heal's diagnosis, not twice.
    decisions: decisions.filter((d) => !heals.some((h) => h.diagnosis && d.text.endsWith(h.diagnosis))),
    waits,
    lanes: lanesOf(b),
  };
}
