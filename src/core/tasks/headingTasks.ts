// Tasks written as headings: `### T001: Create the model` followed by checkbox steps. Pure.
//
// Decisions:
// - A `###`…`######` heading is a task when its text *starts* with a T-ID (`T001`, `**T001**`, `` `T001` ``), or
//   with the word Task and an ID (`Task T001`, `Task 1.2`, `Task 3:`), after an optional box (`[x]`) or check mark.
//   Numbered headings without the word Task (`### 1.2 Setup`) are document structure, not tasks; a `##` heading is
//   always a section.
// - A heading that names a range (`### T001–T005`), or whose own checkboxes carry IDs, is a group heading: its
//   checkboxes are the tasks.
// - It is done when marked done (`[x]`, ✅, `~~…~~`, `(done)`), or when it has steps and every step is done.
import { T_ID_CORE as T_ID } from './taskIds';
import type { TaskStatus, TaskStep } from './taskTypes';

const PREFIX = String.raw`^(?:\[(.)\][ \t]*)?(?:[✅✔☑✓][ \t]*)?(?:~~)?(?:\*\*|__)?`;
const T_HEADING = new RegExp(String.raw`${PREFIX}(?:[Tt]ask[ \t]+)?\x60?(${T_ID})(?![A-Za-z0-9_])`, 'u');
/** `Task 1.2 …`, or `Task 3` followed by a separator (`Task 3: …`, `Task 3 – …`): "Task 3 tests" is prose. */
const TASK_NUMBER_HEADING = new RegExp(String.raw`${PREFIX}[Tt]ask[ \t]+(\d+(?:\.\d+)+|\d+(?=[ \t]*(?:[.:)\-–—]|$)))(?![A-Za-z0-9_])`, 'u');
const RANGE_AFTER_ID = /^[\x60*_]*[ \t]*(?:[-–—]|\.\.|to\b)[ \t]*(?:T\d|\d)/;
const DONE_MARK = /[✅✔☑✓]|^~~|\((?:done|completed?)\)|\[(?:done|completed?)\]/iu;

export interface HeadingTaskCandidate {
  id: string;
  /** The box written in the heading, if any (`### [x] T001 …`). */
  mark?: string;
  markedDone: boolean;
}

/** Quick test first: most headings are not tasks. */
export function headingTaskOf(name: string): HeadingTaskCandidate | undefined {
  if (!/T\d|[Tt]ask[ \t]/.test(name)) return undefined;
  const m = T_HEADING.exec(name) ?? TASK_NUMBER_HEADING.exec(name);
  if (!m) return undefined;
  if (RANGE_AFTER_ID.test(name.slice(m[0].length))) return undefined;
  const mark = m[1];
  const markedDone = mark === 'x' || mark === 'X' || DONE_MARK.test(name);
  return { id: m[2]!, ...(mark !== undefined ? { mark } : {}), markedDone };
}

/** An open heading task with steps is done when every step is done (one marked done is done already). */
export function headingTaskStatus(marked: TaskStatus, steps: readonly TaskStep[]): TaskStatus {
  return marked === 'open' && steps.length > 0 && steps.every((s) => s.status === 'done') ? 'done' : marked;
}
