// Reads the decision log for the report: which batch an entry is about, which entries matter, and the words
// for a claudeHelper answer. The answers are read leniently (a subset of their fields): the report must render
// whatever an older or newer engine wrote, and never fail on it.
import * as z from 'zod';
import type { DecisionLogEntry } from '../model/execution';
import { oneLine } from './text';

const ClassificationReader = z.object({ kind: z.string(), summary: z.string(), suggestion: z.string().optional(), recoverable: z.boolean().optional() });
const DisagreementReader = z.object({ verdict: z.string(), evidence: z.string() });

/** A failure classification in one line: "failing_test: the import is wrong. Suggestion: fix the path". */
export function describeClassification(value: unknown): string | undefined {
  const c = ClassificationReader.safeParse(value);
  if (!c.success) return undefined;
  const { kind, summary, suggestion, recoverable } = c.data;
  return `${kind.replace(/_/g, ' ')}${recoverable === false ? ' (not recoverable)' : ''}: ${summary}${suggestion ? ` Suggestion: ${suggestion}` : ''}`;
}

function stringField(e: DecisionLogEntry, key: string): string | undefined {
  const v = e.evidence[key];
  return typeof v === 'string' ? v : undefined;
}

/** The batch an entry is about: said in its evidence or its words, else where the run was. */
export function batchOfEntry(e: DecisionLogEntry): number | undefined {
  const explicit = e.evidence.batchIndex;
  if (typeof explicit === 'number') return explicit;
  const words = stringField(e, 'purpose') ?? e.reason;
  const named = /^batch (\d+)\b/.exec(words) ?? /\b(?:for|after|before) batch (\d+)\b/.exec(e.reason);
  if (named) return Number(named[1]);
  return e.to.batch ?? e.from.batch;
}

/** An API wait the engine logged as a note (rate or usage limit, overload): its length in ms. */
export function waitNoteMs(e: DecisionLogEntry): number | undefined {
  const ms = e.evidence.waitMs;
  return e.kind === 'note' && typeof ms === 'number' ? ms : undefined;
}

/** Notes a reader of the report needs: what went wrong on the way, even when the batch ended well. */
const NOTES_THAT_MATTER = [
  /^dual confirmation failed/,
  /the decision call failed/,
  /^test gate after batch \d+: .* — worse than the baseline/,
  /^checkpoint (?:before|after) batch \d+ failed/,
  /^batch \d+ could not be committed/,
];

/** Decisions, restart recovery, API waits, and the notes that matter. */
export function entryMatters(e: DecisionLogEntry): boolean {
  if (e.kind === 'decision' || e.kind === 'reconcile') return true;
  if (e.kind !== 'note') return false;
  return NOTES_THAT_MATTER.some((re) => re.test(e.reason)) || waitNoteMs(e) !== undefined;
}

/** An entry in words: a decision's answer is read, not shown as JSON. */
export function describeEntry(e: DecisionLogEntry): string {
  const answer = e.evidence.answer;
  const purpose = stringField(e, 'purpose');
  if (e.kind === 'decision' && answer !== undefined && purpose) {
    const classified = describeClassification(answer);
    if (classified) return oneLine(`${purpose}: ${classified}`, 1000);
    const d = DisagreementReader.safeParse(answer);
    if (d.success) return oneLine(`${purpose}: ${d.data.verdict.replace(/_/g, ' ')} — ${d.data.evidence}`, 1000);
  }
  return oneLine(e.reason, 1000);
}
