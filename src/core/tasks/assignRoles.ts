// Second pass, first step: what each scanned checkbox and heading is — a task, or a step of a task — and its
// status under the file's format. Pure.
//
// - A checkbox indented under a task is a step of it (sent with it, not batched alone); one that carries its own
//   T-ID is still a step, with a warning. In the numbered formats, a numbered checkbox indented under a checkbox
//   task is a sub-task: a task of its own, batched with its parent.
// - The checkboxes under an accepted heading task (see headingTasks.ts) are its steps.
import { markMeaning, numbersAreIds } from './formats';
import { MAX_CONTEXT_LINES, NO_LINES, NO_STEPS, type RawHeading, type Scan } from './scanLines';
import { hasSerialTag, withoutInlineCode } from './taskIds';
import { settleStatus } from './taskTree';
import type { ParsedTask, TasksFormat } from './taskTypes';

/**
 * The tasks in file order and, per task, the heading whose context applies (-1: none). A task's `id` is its
 * written ID (a T-ID, or a number in the numbered formats), or '' until one is derived.
 */
export interface TaskRows {
  tasks: ParsedTask[];
  at: Int32Array;
}

export interface Roles extends TaskRows {
  /** Steps that carry an ID of their own: line, ID, and the task they were folded into. */
  nestedIds: { line: number; id: string; under: ParsedTask }[];
  unknownMarks: { line: number; mark: string }[];
}

/** Heading candidates that are tasks: none of their own checkboxes carries an ID. */
export function acceptedHeadingTasks(scan: Scan, format: TasksFormat): boolean[] {
  const accepted = scan.headings.map((h) => h.candidate !== undefined);
  const numIds = numbersAreIds(format);
  const { tasks, owner, num } = scan.boxes;
  for (let i = 0; i < tasks.length; i++) {
    const o = owner[i]!;
    if (o >= 0 && (tasks[i]!.id !== '' || (numIds && num.has(i)))) accepted[o] = false;
  }
  return accepted;
}

function headingTask(h: RawHeading, format: TasksFormat): ParsedTask {
  const c = h.candidate!;
  const meaning = markMeaning(c.mark ?? ' ', format);
  const text = h.name.replace(/^\[.\][ \t]*/u, '');
  const status = c.markedDone ? 'done' : meaning.status;
  const task: ParsedTask = {
    key: '',
    id: c.id,
    synthetic: false,
    kind: 'heading',
    line: h.line,
    status,
    text,
    parallel: text.includes('[P]'),
    serial: hasSerialTag(withoutInlineCode(text)),
    section: -1,
    steps: NO_STEPS,
    context: h.context,
  };
  if (meaning.inProgress && !c.markedDone) task.inProgress = true;
  return task;
}

/** Folds a checkbox into a task as a step; its own detail lines travel with the task (bounded). */
function addStep(task: ParsedTask, step: ParsedTask): void {
  const s = { line: step.line, status: step.status, text: step.text };
  if (task.steps === NO_STEPS) task.steps = [s];
  else task.steps.push(s);
  if (step.context.length === 0) return;
  if (task.context === NO_LINES) task.context = [];
  for (const c of step.context) if (task.context.length < 2 * MAX_CONTEXT_LINES) task.context.push(c);
}

export function assignRoles(scan: Scan, format: TasksFormat, accepted: readonly boolean[]): Roles {
  const numIds = numbersAreIds(format);
  const { tasks, mark, num, heading, nestedIn, owner } = scan.boxes;
  const roles: Roles = { tasks: [], at: new Int32Array(tasks.length + scan.headings.length), nestedIds: [], unknownMarks: [] };
  const push = (t: ParsedTask, at: number) => (roles.at[roles.tasks.push(t) - 1] = at);
  /** Per box: the task it is or belongs to; `isSelf` when it is that task. */
  const ownerTask: (ParsedTask | undefined)[] = new Array<ParsedTask | undefined>(tasks.length);
  const isSelf = new Uint8Array(tasks.length);
  const headingTasks = new Map<number, ParsedTask>();
  let nextHeading = 0;
  const headingsBefore = (line: number) => {
    for (; nextHeading < scan.headings.length && scan.headings[nextHeading]!.line < line; nextHeading++) {
      if (!accepted[nextHeading]) continue;
      const t = headingTask(scan.headings[nextHeading]!, format);
      headingTasks.set(nextHeading, t);
      push(t, nextHeading);
    }
  };

  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    headingsBefore(t.line);
    const meaning = markMeaning(String.fromCharCode(mark[i]!), format);
    settleStatus(t, meaning.status);
    if (meaning.inProgress) t.inProgress = true;
    if (meaning.unknown) roles.unknownMarks.push({ line: t.line, mark: String.fromCharCode(mark[i]!) });
    const number = numIds && t.id === '' ? num.get(i) : undefined;
    if (number !== undefined) t.id = number;
    const p = nestedIn[i]!;
    const owned = p >= 0 ? ownerTask[p] : owner[i]! >= 0 && accepted[owner[i]!] ? headingTasks.get(owner[i]!) : undefined;
    if (owned && !(p >= 0 && isSelf[p] === 1 && number !== undefined)) {
      addStep(owned, t);
      if (t.id !== '') roles.nestedIds.push({ line: t.line, id: t.id, under: owned });
      ownerTask[i] = owned;
      continue;
    }
    push(t, heading[i]!);
    ownerTask[i] = t;
    isSelf[i] = 1;
  }
  headingsBefore(Number.POSITIVE_INFINITY);
  return roles;
}
