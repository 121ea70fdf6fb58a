// Turns a tasks.md text into tasks, sections, checklist items and grouped warnings. Pure: no I/O, no clock.
//
// The rules (README "tasks.md rules") live next to the code that applies them:
// - formats.ts      which format (spec-kit, SpecFlow, Kiro, OpenSpec, numbered, plain); what IDs and marks mean
// - taskIds.ts      written IDs (`T001`, `T007-TEST`, `` `T001` ``, `1.2`) and markers
// - headingTasks.ts `### T001: …` headings as tasks, their checkboxes as steps
// - assignRoles.ts  steps under tasks, numbered sub-tasks
// - checklists.ts   checklist-like sections that are not work
// - sections.ts     sections, headings that are plainly not a phase, the Preamble
// - taskKeys.ts     derived IDs (never from a line number) and unique keys (`T007#2`)
// - taskTree.ts     numbered parents, derived statuses
import { acceptedHeadingTasks, assignRoles } from './assignRoles';
import { separateChecklist } from './checklists';
import { detectFormat, numbersAreIds } from './formats';
import { parseWarnings } from './parseWarnings';
import { scanLines } from './scanLines';
import { headingContexts, placeInSections } from './sections';
import { KeyRegistry } from './taskKeys';
import { deriveStatuses, linkSubTasks } from './taskTree';
import type { ParsedSection, ParsedTask, ParsedTasks, ParseOptions } from './taskTypes';

export { PREAMBLE_SECTION } from './sections';
export type { ParsedTask, ParsedTasks, ParseOptions } from './taskTypes';

/** Gives each task its key, and an ID to those without one, in file order; returns the lines of the latter. */
function nameTasks(tasks: readonly ParsedTask[], sections: readonly ParsedSection[], keys: KeyRegistry): number[] {
  const derivedLines: number[] = [];
  for (const t of tasks) {
    if (t.id !== '') t.key = keys.writtenKey(t.id, t.line);
    else {
      t.id = t.key = keys.derivedId(sections[t.section]?.name, t.text);
      t.synthetic = true;
      derivedLines.push(t.line);
    }
  }
  return derivedLines;
}

export function parseTasks(source: string, options: ParseOptions = {}): ParsedTasks {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const scan = scanLines(text);
  const format = detectFormat(scan.signals, options.path);
  const accepted = acceptedHeadingTasks(scan, format);
  const contexts = headingContexts(scan.headings, accepted);
  const roles = assignRoles(scan, format, accepted);
  const { rows, checklist } = separateChecklist(roles, contexts, scan.headings, options.checklists !== 'tasks');
  const placed = placeInSections(scan.headings, accepted, contexts, rows);
  const keys = new KeyRegistry();
  const derivedLines = nameTasks(rows.tasks, placed.sections, keys);
  deriveStatuses(rows.tasks, linkSubTasks(rows.tasks, numbersAreIds(format)));
  const warnings = parseWarnings({
    unclosedFence: scan.unclosedFence,
    derivedLines,
    numbersAreIds: numbersAreIds(format),
    repeated: keys.repeated(),
    nestedIds: roles.nestedIds,
    preamble: placed.preamble,
    unknownMarks: roles.unknownMarks,
    checklist,
  });
  const parsed: ParsedTasks = { format, sections: placed.sections, tasks: rows.tasks, checklist, warnings };
  return scan.title !== undefined ? { title: scan.title, ...parsed } : parsed;
}
