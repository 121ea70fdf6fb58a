// Which section (batch source) each task belongs to. Pure.
//
// - Each `##` heading is a section; `###` and deeper headings belong to the `##` above them (⚑).
// - A `##` that is plainly not a phase — its name says so (Notes, Overview, Format, Dependencies, Strategy…, see
//   NOT_A_PHASE) and no task sits directly under it, before its first `###` — does not swallow the `###`
//   subsections that follow it: each of those becomes a section of its own. So an incidental `## Notes` between
//   two task sections, or at the top of a file organised by `###`, never turns the rest into one batch. A
//   `## Notes` that holds tasks directly stays a section, so no task changes hands silently.
// - Tasks before the first section, when sections also hold tasks, form the section "Preamble" (with a warning).
// - Heading tasks are not structure: they close the plain headings of their level and deeper, nothing else.
// - A plain heading tagged `[serial]` (the `##`, `###`, `####` or nearest deeper one above a task) makes every
//   task under it serial.
import type { TaskRows } from './assignRoles';
import { isChecklistHeading } from './checklists';
import { hasSerialTag, withoutInlineCode } from './taskIds';
import type { RawHeading } from './scanLines';
import type { ParsedSection } from './taskTypes';

export const PREAMBLE_SECTION = 'Preamble';

const NOT_A_PHASE =
  /^(?:notes?|overview|summary|introduction|background|context|references?|legend|format\b|conventions?|path conventions|glossary|instructions|how to use|usage|dependencies|execution order|parallel\b|(?:implementation )?strategy|(?:progress )?dashboard|status\b|out of scope|open questions|assumptions|risks|appendix|changelog|faq|resources|links|tips)/i;

function isPlainlyNotAPhase(name: string): boolean {
  return NOT_A_PHASE.test(name.replace(/^[^\p{L}]+/u, ''));
}

/** Where a reader stands after a heading: heading indexes (-1 = none) of the `##`, the plain `###` and `####`. */
export interface HeadingContext {
  h2: number;
  h3: number;
  h4: number;
  /** Nearest plain heading of level 3 or deeper. */
  deep: number;
  /** Nearest enclosing checklist-like heading. */
  checklist: number;
}

const TOP: HeadingContext = Object.freeze({ h2: -1, h3: -1, h4: -1, deep: -1, checklist: -1 });

/** One context per heading, in one pass; `isTask[i]` marks the accepted heading tasks. */
export function headingContexts(headings: readonly RawHeading[], isTask: readonly boolean[]): HeadingContext[] {
  const cur = [-1, -1, -1, -1, -1, -1, -1];
  const checklistLike = headings.map((h) => isChecklistHeading(h.name));
  const out: HeadingContext[] = [];
  headings.forEach((h, i) => {
    if (h.level >= 2) {
      for (let l = h.level; l <= 6; l++) cur[l] = -1;
      if (!isTask[i]) cur[h.level] = i;
    }
    let deep = -1;
    let checklist = -1;
    for (let l = 2; l <= 6; l++) {
      const at = cur[l]!;
      if (at < 0) continue;
      if (l >= 3) deep = at;
      if (checklistLike[at]) checklist = at;
    }
    out.push({ h2: cur[2]!, h3: cur[3]!, h4: cur[4]!, deep, checklist });
  });
  return out;
}

export interface Sections {
  sections: ParsedSection[];
  /** Tasks placed in the Preamble, and the line of the first. */
  preamble?: { count: number; line: number };
}

/** The sections of the file; sets each task's `section`, `subsection` and `subheading` (and `serial` from headings). */
export function placeInSections(headings: readonly RawHeading[], isTask: readonly boolean[], contexts: readonly HeadingContext[], rows: TaskRows): Sections {
  const { tasks, at } = rows;
  const ctx = (i: number) => (at[i]! >= 0 ? contexts[at[i]!]! : TOP);
  const direct = new Set<number>();
  for (let i = 0; i < tasks.length; i++) {
    const c = ctx(i);
    if (c.h2 >= 0 && c.h3 < 0) direct.add(c.h2);
  }
  const promoted = headings.map((h, i) => h.level === 2 && !direct.has(i) && isPlainlyNotAPhase(h.name));

  const sections: ParsedSection[] = [];
  const sectionOf = new Map<number, number>();
  let h2 = -1;
  headings.forEach((h, i) => {
    if (h.level === 2) h2 = i;
    if (h.level === 2 || (h.level === 3 && !isTask[i] && h2 >= 0 && promoted[h2])) {
      sectionOf.set(i, sections.push({ name: h.name, line: h.line, level: h.level }) - 1);
    }
  });

  const serialHeading = headings.map((h) => hasSerialTag(withoutInlineCode(h.name)));
  const tagged = (h: number) => h >= 0 && serialHeading[h] === true;
  let outside = 0;
  tasks.forEach((t, i) => {
    const c = ctx(i);
    if (tagged(c.h2) || tagged(c.h3) || tagged(c.h4) || tagged(c.deep)) t.serial = true;
    const up = c.h2 >= 0 && promoted[c.h2] && c.h3 >= 0;
    const sub = up ? c.h4 : c.h3;
    const deep = up && c.deep === c.h3 ? -1 : c.deep;
    t.section = up ? sectionOf.get(c.h3)! : c.h2 >= 0 ? sectionOf.get(c.h2)! : -1;
    if (sub >= 0) t.subsection = headings[sub]!.name;
    if (deep >= 0) t.subheading = headings[deep]!.name;
    if (t.section < 0) outside++;
  });
  if (outside === 0 || outside === tasks.length) return { sections };
  sections.unshift({ name: PREAMBLE_SECTION, line: 0, level: 2 });
  for (const t of tasks) t.section += 1;
  return { sections, preamble: { count: outside, line: tasks.find((t) => t.section === 0)!.line } };
}
