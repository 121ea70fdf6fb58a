// Small wordings shared by the report's builder and renderers: task titles, money, times. Pure.
import type { RunStatus } from '../model/statuses';

/** The task's words: its text without the leading ID and markers (`T004 [P] [US1] Add login` → `Add login`). */
export function taskTitle(id: string, text: string): string {
  let rest = text.trim();
  if (rest.startsWith(id)) rest = rest.slice(id.length);
  rest = rest.replace(/^[\s:.)-]*/, '').replace(/^(?:\[[^\]]*\]\s*)+/, '');
  return rest.trim() || text.trim();
}

/** Whitespace folded to single spaces, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** Cut to `max` characters with an ellipsis, line breaks kept (the JSON keeps an agent's words as written). */
export function clip(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1).trimEnd()}…` : trimmed;
}

export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.005) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

/** "22:14" (UTC). */
export function clock(iso: string): string {
  return iso.slice(11, 16);
}

/** "2026-01-01 22:14 UTC". */
export function stamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function msBetween(from: string, to: string): number {
  return Math.max(0, Date.parse(to) - Date.parse(from));
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A command-line argument as a POSIX shell reads it: quoted only when it has to be. */
export function shellArg(arg: string): string {
  return /^[\w./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const STOPPED: Partial<Record<RunStatus, string>> = {
  paused: 'paused',
  cancelled: 'was cancelled',
  failed: 'failed',
  budget_exceeded: 'ran out of budget',
  waiting: 'stopped at a user gate',
};

/** "the run paused": why a batch still marked running is not running (the run rests). */
export function runStopped(status: RunStatus): string {
  return `the run ${STOPPED[status] ?? 'stopped'}`;
}
