// tasks.md belongs to the orchestrator during a parallel wave: each group's agent checks its tasks in its own
// worktree's copy, and SpecFlow carries those checkmarks over to the main file itself, so parallel edits of
// adjacent lines never meet in a merge. Pure.
//
// Tasks are matched by key (`T007`, `T007#2` for a repeated ID), never by line: the two copies are parsed the same
// way (pass the same ParseOptions as the engine's reader). Only a task's checkbox changes; everything else in the
// file, its BOM and its line endings included, stays byte for byte.
import { parseTasks } from './parseTasks';
import type { ParsedTask, ParseOptions } from './taskTypes';

const BOM = '\uFEFF';
/** The box of a checkbox line (the mark is one character; Kiro's optional `]*` stays). */
const CHECKBOX_BOX = /^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[[^\]]\]/;
/** A heading task's own box (`### [ ] T001 …`), or where one goes (`### T001 …`). */
const HEADING_BOX = /^( {0,3}#{1,6}[ \t]+)\[[^\]]\][ \t]*/;
const HEADING_START = /^( {0,3}#{1,6}[ \t]+)/;

/** The keys of `groupKeys` that are open in the main file and done in the worktree's copy, in file order. */
export function worktreeChecked(mainText: string, worktreeText: string, groupKeys: readonly string[], options: ParseOptions = {}): string[] {
  const wanted = new Set(groupKeys);
  const done = new Set<string>();
  for (const t of parseTasks(worktreeText, options).tasks) if (t.status === 'done' && wanted.has(t.key)) done.add(t.key);
  return parseTasks(mainText, options)
    .tasks.filter((t) => t.status === 'open' && done.has(t.key))
    .map((t) => t.key);
}

/** Line edits that make one open task done: its box, or for a heading task every step not yet done. */
function edits(task: ParsedTask, lines: string[]): Map<number, string> {
  const out = new Map<number, string>();
  const tick = (line: number, pattern: RegExp) => {
    const before = lines[line - 1] ?? '';
    const after = before.replace(pattern, '$1[x]');
    if (after !== before) out.set(line, after);
  };
  if (task.kind === 'checkbox') {
    tick(task.line, CHECKBOX_BOX);
    return out;
  }
  for (const step of task.steps) if (step.status !== 'done') tick(step.line, CHECKBOX_BOX);
  const heading = lines[task.line - 1] ?? '';
  if (HEADING_BOX.test(heading)) out.set(task.line, heading.replace(HEADING_BOX, '$1[x] '));
  else if (task.steps.length === 0) out.set(task.line, heading.replace(HEADING_START, '$1[x] '));
  return out;
}

/**
 * Ticks exactly the open tasks among `keys` in the main file: a checkbox task's box, a heading task's steps (and
 * its own box; one is added to a heading task that has neither box nor steps). Keys that are not open tasks are
 * left alone; `checked` says which were ticked, in file order.
 */
export function checkKeys(mainText: string, keys: readonly string[], options: ParseOptions = {}): { text: string; checked: string[] } {
  const wanted = new Set(keys);
  const bom = mainText.startsWith(BOM) ? BOM : '';
  // Lines and their own endings, so a file with mixed endings comes back as it was.
  const parts = mainText.slice(bom.length).split(/(\r\n|\r|\n)/);
  const lines = parts.filter((_, i) => i % 2 === 0);
  const checked: string[] = [];
  for (const task of parseTasks(mainText, options).tasks) {
    if (task.status !== 'open' || !wanted.has(task.key)) continue;
    const changes = edits(task, lines);
    if (changes.size === 0) continue;
    for (const [line, text] of changes) parts[2 * (line - 1)] = lines[line - 1] = text;
    checked.push(task.key);
  }
  return { text: bom + parts.join(''), checked };
}
