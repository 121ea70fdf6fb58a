// Numbered sub-tasks and derived statuses. Pure.
//
// - In the numbered formats a task `2.1` is a sub-task of the nearest earlier task `2` (or `2.0`, the numbered-list
//   convention) in the same section; `3.1.4` of `3.1`, else `3`. The planner keeps a parent and its sub-tasks in
//   one batch.
// - A parent is done when it is marked done, or when it is open and every sub-task that is not optional is done.
// - A heading task is done when marked done, or when it has steps and every step is done.
import { headingTaskStatus } from './headingTasks';
import type { ParsedTask, TaskStatus } from './taskTypes';

/**
 * The parser settles a task's status in steps (the mark's meaning once the format is known, then what its steps
 * and sub-tasks say). This is a parsed task's status, not a run's, batch's or step's: lifecycle.ts does not own it.
 */
export function settleStatus(task: ParsedTask, status: TaskStatus): void {
  // eslint-disable-next-line no-restricted-syntax -- see above: the parser's own object, before anyone reads it
  task.status = status;
}

/** `1.2.3` → `1.2`, `1.2.0`, `1`, `1.0` (never the ID itself). */
function parentCandidates(id: string): string[] {
  const parts = id.split('.');
  const out: string[] = [];
  for (let k = parts.length - 1; k >= 1; k--) {
    const prefix = parts.slice(0, k).join('.');
    out.push(prefix);
    if (`${prefix}.0` !== id) out.push(`${prefix}.0`);
  }
  return out;
}

/** Sets `parent` on numbered sub-tasks (checkbox tasks whose written ID is a number); returns each one's parent. */
export function linkSubTasks(tasks: readonly ParsedTask[], numbersAreIds: boolean): Map<ParsedTask, ParsedTask> {
  const parentOf = new Map<ParsedTask, ParsedTask>();
  if (!numbersAreIds) return parentOf;
  const seen = new Map<string, ParsedTask>();
  tasks.forEach((t) => {
    const c = t.id.charCodeAt(0);
    if (t.synthetic || t.kind !== 'checkbox' || c < 48 || c > 57) return;
    const where = `${t.section}\u0000`;
    for (const c of parentCandidates(t.id)) {
      const p = seen.get(where + c);
      if (p) {
        t.parent = p.key;
        parentOf.set(t, p);
        break;
      }
    }
    if (!seen.has(where + t.id)) seen.set(where + t.id, t);
  });
  return parentOf;
}

/** Children come after their parent, so one backward pass settles every level. */
export function deriveStatuses(tasks: readonly ParsedTask[], parentOf: ReadonlyMap<ParsedTask, ParsedTask>): void {
  if (parentOf.size === 0) {
    for (const t of tasks) if (t.kind === 'heading') settleStatus(t, headingTaskStatus(t.status, t.steps));
    return;
  }
  const tally = new Map<ParsedTask, { required: number; done: number }>();
  for (let i = tasks.length - 1; i >= 0; i--) {
    const t = tasks[i]!;
    if (t.kind === 'heading') settleStatus(t, headingTaskStatus(t.status, t.steps));
    const own = tally.get(t);
    if (own && own.required > 0 && own.done === own.required && t.status === 'open') {
      settleStatus(t, 'done');
      delete t.inProgress;
    }
    const p = parentOf.get(t);
    if (!p || t.optional) continue;
    const pt = tally.get(p) ?? { required: 0, done: 0 };
    pt.required++;
    if (t.status === 'done') pt.done++;
    tally.set(p, pt);
  }
}
