// Checklists are not work: in a file whose tasks carry IDs, the ID-less checkboxes under a checklist-like heading
// ("Validation Checklist", "Acceptance Criteria", "Definition of Done", "Quality Gates"…) are checklist items —
// counted apart, never batched, never counted as done tasks. Pure.
import type { TaskRows } from './assignRoles';
import type { RawHeading } from './scanLines';
import type { HeadingContext } from './sections';
import type { ChecklistItem } from './taskTypes';

const CHECKLIST_HEADING =
  /checklist|check list|\bvalidation\b|\bverification\b|acceptance criteria|success criteria|exit criteria|definition of done|\bDoD\b|quality gates?|\bsign[- ]?off\b|pre-?merge checks?|review checks?/i;

export function isChecklistHeading(name: string): boolean {
  return CHECKLIST_HEADING.test(name);
}

/**
 * "A file whose tasks carry IDs": at least one written ID, and no fewer written IDs than ID-less tasks outside
 * checklist-like sections. In a file of ID-less tasks nothing tells a checklist from work, so nothing is moved.
 */
function fileCarriesIds(written: number, idLessOutsideChecklists: number): boolean {
  return written > 0 && written >= idLessOutsideChecklists;
}

/** The one summary warning: how many items, under which headings. */
export function checklistMessage(count: number, headings: readonly string[], lineList: string): string {
  const names = headings.slice(0, 3).map((h) => `"${h}"`);
  if (headings.length > 3) names.push('…');
  const items = count === 1 ? '1 checkbox' : `${count} checkboxes`;
  return (
    `${items} without a task ID under ${names.join(', ')} ${count === 1 ? 'is a checklist item' : 'are checklist items'}, ` +
    `not tasks: never batched, not counted as done work (${lineList})`
  );
}

/** Moves the ID-less tasks under checklist-like headings out of the tasks, when the file carries IDs. */
export function separateChecklist(
  rows: TaskRows,
  contexts: readonly HeadingContext[],
  headings: readonly RawHeading[],
  enabled: boolean,
): { rows: TaskRows; checklist: ChecklistItem[] } {
  const checklistOf = (i: number) => (rows.at[i]! >= 0 ? contexts[rows.at[i]!]!.checklist : -1);
  let written = 0;
  let idLessOutside = 0;
  let candidates = 0;
  rows.tasks.forEach((t, i) => {
    if (t.id !== '') written++;
    else if (checklistOf(i) < 0) idLessOutside++;
    else candidates++;
  });
  if (!enabled || candidates === 0 || !fileCarriesIds(written, idLessOutside)) return { rows, checklist: [] };
  const kept: TaskRows = { tasks: [], at: new Int32Array(rows.tasks.length - candidates) };
  const checklist: ChecklistItem[] = [];
  rows.tasks.forEach((t, i) => {
    const under = checklistOf(i);
    if (t.id !== '' || under < 0) {
      kept.at[kept.tasks.push(t) - 1] = rows.at[i]!;
      return;
    }
    const heading = headings[under]!.name;
    checklist.push({ line: t.line, status: t.status, text: t.text, heading });
    for (const s of t.steps) checklist.push({ line: s.line, status: s.status, text: s.text, heading });
  });
  return { rows: kept, checklist };
}
