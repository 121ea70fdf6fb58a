// The run's waits (usage and rate limits, API trouble, pauses), from the wait log, from the wait notes an
// engine without a wait log wrote, and the wait going on now, each placed on its batch or on the run.
import type { DecisionLogEntry, OrchestrationExecution, WaitRecord } from '../model/execution';
import type { ReportWait } from '../model/report';
import { batchOfEntry, waitNoteMs } from './logReaders';
import { msBetween, oneLine } from './text';

interface Span {
  index: number;
  startedAt?: string | undefined;
  endedAt?: string | undefined;
}

export interface PlacedWaits {
  byBatch: Map<number, ReportWait[]>;
  run: ReportWait[];
}

function fromRecord(w: WaitRecord): ReportWait {
  return {
    reason: w.reason,
    message: oneLine(w.message, 500),
    since: w.since,
    endedAt: w.endedAt,
    ...(w.until ? { until: w.until } : {}),
    durationMs: msBetween(w.since, w.endedAt),
    ...(w.batchIndex !== undefined ? { batchIndex: w.batchIndex } : {}),
    ongoing: false,
  };
}

function fromNote(e: DecisionLogEntry, waitMs: number): ReportWait {
  const transient = e.evidence.transientReason;
  const reason = transient === 'usage_limit' || transient === 'rate_limit' ? transient : 'transient_error';
  const until = typeof e.evidence.until === 'string' ? e.evidence.until : new Date(Date.parse(e.at) + waitMs).toISOString();
  const batch = batchOfEntry(e);
  return {
    reason,
    message: oneLine(e.reason, 500),
    since: e.at,
    endedAt: until,
    until,
    durationMs: waitMs,
    ...(batch !== undefined ? { batchIndex: batch } : {}),
    ongoing: false,
  };
}

function current(orch: OrchestrationExecution): ReportWait | undefined {
  const w = orch.wait;
  if (!w) return undefined;
  // As the engine does when the wait ends: it belongs to the batch that is running (a pause leaves it so).
  const named = w.evidence?.batchIndex;
  const batch = typeof named === 'number' ? named : orch.batches.find((b) => b.status === 'running')?.index;
  return {
    reason: w.reason,
    message: oneLine(w.message, 500),
    since: w.since,
    ...(w.until ? { until: w.until } : {}),
    ...(batch !== undefined ? { batchIndex: batch } : {}),
    ongoing: true,
  };
}

function overlaps(a: ReportWait, b: ReportWait): boolean {
  const end = (w: ReportWait) => Date.parse(w.endedAt ?? w.until ?? w.since);
  return Date.parse(a.since) <= end(b) && Date.parse(b.since) <= end(a);
}

/** The batch a wait belongs to: the one it names, else the one running when it began. */
function placeOf(w: ReportWait, spans: readonly Span[], nowIso: string): number | undefined {
  if (w.batchIndex !== undefined && spans.some((s) => s.index === w.batchIndex)) return w.batchIndex;
  const t = Date.parse(w.since);
  return spans.find((s) => s.startedAt && Date.parse(s.startedAt) <= t && t < Date.parse(s.endedAt ?? nowIso))?.index;
}

export function collectWaits(orch: OrchestrationExecution, log: readonly DecisionLogEntry[], spans: readonly Span[], nowIso: string): PlacedWaits {
  const logged = orch.waitLog.map(fromRecord);
  const noted = log.flatMap((e) => {
    const ms = waitNoteMs(e);
    return ms === undefined ? [] : [fromNote(e, ms)];
  });
  const now = current(orch);
  // The engine logs a note and, when the wait ends, a wait-log record: the note counts only when neither exists.
  const known = [...logged, ...(now ? [now] : [])];
  const all = [...known, ...noted.filter((n) => !known.some((k) => overlaps(k, n)))];
  all.sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
  const placed: PlacedWaits = { byBatch: new Map(), run: [] };
  for (const w of all) {
    const index = placeOf(w, spans, nowIso);
    if (index === undefined) placed.run.push(w);
    else placed.byBatch.set(index, [...(placed.byBatch.get(index) ?? []), index === w.batchIndex ? w : { ...w, batchIndex: index }]);
  }
  return placed;
}
