// tasks.md reading and checking-off that keeps the file's BOM and line endings. Checkbox bullets: `-`, `*`,
// `+`, `1.`/`1)`; states `[ ]`, `[x]`, `[X]` (others such as `[~]` count as not done and are left alone).

export interface TaskLine {
  /** 1-based line number. */
  line: number;
  /** The task ID (T013, T013a) or undefined for a checkbox without one. */
  id: string | undefined;
  checked: boolean;
  state: string;
  text: string;
  /** The full line without its line ending. */
  raw: string;
}

const CHECKBOX_RE = /^(\s*(?:[-*+]|\d+[.)])\s+)\[([^\]])\](\s+)(.*)$/;
const ID_RE = /(?:^|[\s*_`(])(T\d+[a-z]?)(?=$|[\s*_`:.,)])/;

export interface SplitText {
  bom: boolean;
  eol: '\n' | '\r\n';
  lines: string[];
}

export function splitText(content: string): SplitText {
  const bom = content.startsWith('\uFEFF');
  const body = bom ? content.slice(1) : content;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  return { bom, eol, lines: body.split(/\r?\n/) };
}

export function joinText(t: SplitText): string {
  return (t.bom ? '\uFEFF' : '') + t.lines.join(t.eol);
}

export function parseTaskLines(content: string): TaskLine[] {
  const out: TaskLine[] = [];
  splitText(content).lines.forEach((raw, i) => {
    const m = CHECKBOX_RE.exec(raw);
    if (!m) return;
    const state = m[2]!;
    const text = m[4]!;
    out.push({ line: i + 1, id: ID_RE.exec(text)?.[1], checked: state === 'x' || state === 'X', state, text, raw });
  });
  return out;
}

/** Find a task's checkbox: on the line the prompt gave, else by its T-ID, else by its number (`1.2 Title`). */
export function findTask(content: string, id: string, line?: number): TaskLine | undefined {
  const tasks = parseTaskLines(content);
  if (line !== undefined) return tasks.find((t) => t.line === line);
  if (/^L\d+$/.test(id)) return tasks.find((t) => t.line === Number(id.slice(1)));
  return tasks.find((t) => t.id === id) ?? tasks.find((t) => t.text.startsWith(`${id} `) || t.text.startsWith(`${id}. `));
}

/** The checked version of a task line (`[ ]` → `[x]`). */
export function checkedLine(raw: string): string {
  return raw.replace(CHECKBOX_RE, (_m, lead: string, _s: string, gap: string, rest: string) => `${lead}[x]${gap}${rest}`);
}

export interface TaskCounts {
  total: number;
  done: number;
  open: TaskLine[];
}

export function countTasks(content: string): TaskCounts {
  const tasks = parseTaskLines(content);
  const open = tasks.filter((t) => !t.checked);
  return { total: tasks.length, done: tasks.length - open.length, open };
}
