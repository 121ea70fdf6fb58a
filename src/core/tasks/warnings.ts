// Grouped warnings: one line per kind, with a count and the first lines ("27 tasks have no ID: lines 34–61, …"),
// and the same facts as data (code, count, lines) for the CLI, the modal and the state. Pure.
import type { ParseWarning, WarningCode } from './taskTypes';

/** A warning keeps its first lines only: a 100k-task file must not carry 100k line numbers into the state. */
const MAX_WARNING_LINES = 100;
const RANGES_SHOWN = 6;

/** `lines 34–61, 70, 72–80, …` from all the lines (sorted); runs of consecutive lines become ranges. */
export function formatLines(lines: readonly number[]): string {
  const ranges: string[] = [];
  let i = 0;
  while (i < lines.length && ranges.length < RANGES_SHOWN) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    ranges.push(i === j ? String(lines[i]) : `${lines[i]}–${lines[j]}`);
    i = j + 1;
  }
  return `${lines.length === 1 ? 'line' : 'lines'} ${ranges.join(', ')}${i < lines.length ? ', …' : ''}`;
}

export function warning(code: WarningCode, count: number, lines: readonly number[], message: string): ParseWarning {
  const kept = lines.length > MAX_WARNING_LINES ? lines.slice(0, MAX_WARNING_LINES) : [...lines];
  return { code, count, lines: kept, line: kept[0] ?? 0, message };
}

export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
