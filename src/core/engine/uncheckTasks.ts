// Reverting a batch unchecks its tasks in tasks.md, so a resume runs them again. The lines are found by
// parsing the text as it is now (the tasks may have moved since the batch ran), and only their check box
// changes. Pure.
import { parseTasks } from '../tasks/parseTasks';

const BOX = /^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[[xX]\]/;

export function uncheckTasks(text: string, taskIds: readonly string[]): { text: string; unchecked: string[] } {
  const wanted = new Set(taskIds);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r\n|\n/);
  const unchecked: string[] = [];
  for (const t of parseTasks(text).tasks) {
    const key = (t as { key?: string }).key ?? t.id;
    if (t.status !== 'done' || !wanted.has(key)) continue;
    const i = t.line - 1;
    const before = lines[i] ?? '';
    const after = before.replace(BOX, '$1[ ]');
    if (after !== before) {
      lines[i] = after;
      unchecked.push(key);
    }
  }
  return { text: lines.join(eol), unchecked };
}
