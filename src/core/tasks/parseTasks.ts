// Turns a tasks.md text into tasks, sections and warnings. Pure: no I/O, no clock.
//
// Decisions beyond the architecture's ⚑ rules (documented in README "tasks.md rules"):
// - An indented checkbox directly under a task (deeper indent, same list) is a *sub-step* of that task:
//   it is kept on the parent (`subtasks`), never counted or batched on its own. A sub-step that carries
//   its own ID gets a warning, so a user who meant it as a task finds out.
// - Tasks before the first `##` heading, when later `##` sections also hold tasks, form their own
//   section named "Preamble" (reported with a warning) so that no open task is silently dropped.

export type TaskStatus = 'open' | 'done' | 'blocked' | 'deferred';

export interface SubTask {
  line: number;
  status: TaskStatus;
  text: string;
}

export interface ParsedTask {
  /** `T001`, `T012a`, or a synthetic `L42` (by line) when the checkbox has no ID. */
  id: string;
  synthetic: boolean;
  /** 1-based line number in the file. */
  line: number;
  status: TaskStatus;
  /** Text after the checkbox, as written (markers included). */
  text: string;
  parallel: boolean;
  story?: string;
  /** Index into `sections`, or -1 when the task sits before any `##` heading. */
  section: number;
  /** Nearest `###`-or-deeper heading above the task inside its section. */
  subheading?: string;
  subtasks: SubTask[];
}

export interface ParsedSection {
  name: string;
  /** 1-based line of the `##` heading (0 for the synthetic Preamble). */
  line: number;
}

export interface ParseWarning {
  line: number;
  code: 'synthetic-id' | 'duplicate-id' | 'nested-id' | 'preamble-tasks' | 'unclosed-fence';
  message: string;
}

export interface ParsedTasks {
  title?: string;
  sections: ParsedSection[];
  tasks: ParsedTask[];
  warnings: ParseWarning[];
}

export const PREAMBLE_SECTION = 'Preamble';

/** Shared by every task without sub-steps: most tasks have none, and 100k empty arrays are real GC work. */
const NO_SUBTASKS: SubTask[] = Object.freeze([]) as unknown as SubTask[];

const CHECKBOX = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xXbB~-])\](?:[ \t]+(.*))?$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const TASK_ID = /(?:^|[^A-Za-z0-9_])(T\d+[a-z]?)(?![A-Za-z0-9_])/;
const STORY = /\[(US\d+)\]/;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;

function statusOf(box: string): TaskStatus {
  switch (box) {
    case 'x':
    case 'X':
      return 'done';
    case 'b':
    case 'B':
      return 'blocked';
    case '~':
    case '-':
      return 'deferred';
    default:
      return 'open';
  }
}

function indentWidth(ws: string): number {
  let w = 0;
  for (const c of ws) w += c === '\t' ? 4 : 1;
  return w;
}

/** IDs and markers inside inline code (`T999`, `[P]`) are examples, not metadata. */
function withoutInlineCode(text: string): string {
  return text.includes('`') ? text.replace(INLINE_CODE, ' ') : text;
}

/** First non-blank character of a line, so that most lines are rejected without running a regex. */
function firstChar(line: string): string {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c !== ' ' && c !== '\t') return c;
  }
  return '';
}

const LIST_START = new Set(['-', '*', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

export function parseTasks(source: string): ParsedTasks {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = text.split(/\r\n|\r|\n/);
  const sections: ParsedSection[] = [];
  const tasks: ParsedTask[] = [];
  const warnings: ParseWarning[] = [];
  let title: string | undefined;
  let fence: { marker: string; line: number } | undefined;
  let subheading: string | undefined;
  // The task that an indented checkbox would belong to, with its indent; reset by headings and blank gaps
  // that end the list.
  let parent: { task: ParsedTask; indent: number } | undefined;

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (fence) {
      const close = raw.match(/^ {0,3}(`{3,}|~{3,})[ \t]*$/);
      if (close && close[1]![0] === fence.marker[0] && close[1]!.length >= fence.marker.length) fence = undefined;
      return;
    }
    const first = firstChar(raw);
    const open = first === '`' || first === '~' ? raw.match(FENCE_OPEN) : null;
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { marker: open[1]!, line: lineNo };
      return;
    }
    const heading = first === '#' ? raw.match(HEADING) : null;
    if (heading) {
      const level = heading[1]!.length;
      const name = heading[2]!.trim();
      if (level === 1 && title === undefined) title = name;
      if (level === 2) {
        sections.push({ name, line: lineNo });
        subheading = undefined;
      } else if (level > 2) {
        subheading = name;
      }
      parent = undefined;
      return;
    }
    const m = LIST_START.has(first) ? raw.match(CHECKBOX) : null;
    if (!m) {
      // A non-indented, non-blank line that is not a list item ends the list a sub-step could belong to.
      if (raw.trim() !== '' && !/^[ \t]/.test(raw)) parent = undefined;
      return;
    }
    const indent = indentWidth(m[1]!);
    const status = statusOf(m[2]!);
    const body = (m[3] ?? '').trim();
    const visible = withoutInlineCode(body);
    if (parent && indent > parent.indent) {
      const sub = { line: lineNo, status, text: body };
      parent.task.subtasks = parent.task.subtasks === NO_SUBTASKS ? [sub] : [...parent.task.subtasks, sub];
      const nestedId = visible.match(TASK_ID)?.[1];
      if (nestedId) {
        warnings.push({
          line: lineNo,
          code: 'nested-id',
          message: `line ${lineNo}: ${nestedId} is indented under ${parent.task.id} (line ${parent.task.line}) and is treated as a sub-step of it, not as a task`,
        });
      }
      return;
    }
    const found = visible.match(TASK_ID)?.[1];
    const task: ParsedTask = {
      id: found ?? `L${lineNo}`,
      synthetic: !found,
      line: lineNo,
      status,
      text: body,
      parallel: visible.includes('[P]'),
      section: sections.length - 1,
      subtasks: NO_SUBTASKS,
    };
    const story = visible.match(STORY)?.[1];
    if (story) task.story = story;
    if (subheading && task.section >= 0) task.subheading = subheading;
    if (!found) {
      warnings.push({
        line: lineNo,
        code: 'synthetic-id',
        message: `line ${lineNo}: checkbox has no task ID (T###); using ${task.id}`,
      });
    }
    tasks.push(task);
    parent = { task, indent };
  });

  if (fence) {
    warnings.push({
      line: fence.line,
      code: 'unclosed-fence',
      message: `line ${fence.line}: code fence is never closed; everything after it is treated as code`,
    });
  }

  const firstSeen = new Map<string, number>();
  for (const t of tasks) {
    if (t.synthetic) continue;
    const first = firstSeen.get(t.id);
    if (first === undefined) firstSeen.set(t.id, t.line);
    else
      warnings.push({
        line: t.line,
        code: 'duplicate-id',
        message: `line ${t.line}: duplicate task ID ${t.id} (also on line ${first})`,
      });
  }

  const preamble = tasks.filter((t) => t.section === -1);
  if (preamble.length > 0 && tasks.some((t) => t.section >= 0)) {
    sections.unshift({ name: PREAMBLE_SECTION, line: 0 });
    for (const t of tasks) t.section += 1;
    warnings.push({
      line: preamble[0]!.line,
      code: 'preamble-tasks',
      message: `line ${preamble[0]!.line}: ${preamble.length} task(s) appear before the first ## heading; they run first, as the batch "${PREAMBLE_SECTION}"`,
    });
  }

  warnings.sort((a, b) => a.line - b.line);
  return { ...(title !== undefined ? { title } : {}), sections, tasks, warnings };
}
