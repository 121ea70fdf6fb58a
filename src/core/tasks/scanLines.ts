// First pass over a tasks.md: headings, checkboxes (with their list nesting), detail lines and format signals, in
// file order. Roles (task, step, checklist item), statuses and IDs are decided afterwards, once the format is
// known. Pure.
//
// Each checkbox becomes its ParsedTask object right here, and its raw facts go into parallel arrays: one object
// per task, not three, because a 100k-task file must parse in about the time the old single-pass parser took.
import { emptySignals, noteHeading, type FormatSignals } from './formats';
import { headingTaskOf, type HeadingTaskCandidate } from './headingTasks';
import { checkboxOf, closesFence, fenceOpening, firstChar, headingOf, indentWidth, type CheckboxLine, type HeadingLine } from './markdownLines';
import { hasSerialTag, numberIdOf, storyOf, tIdOf, withoutInlineCode } from './taskIds';
import type { ParsedTask, TaskStep } from './taskTypes';

/** A task carries at most this many detail lines into the prompt. */
export const MAX_CONTEXT_LINES = 20;
/** Shared by every task without detail lines or steps: most have none, and 100k empty arrays are real GC work. */
export const NO_LINES: string[] = Object.freeze([]) as unknown as string[];
export const NO_STEPS: TaskStep[] = Object.freeze([]) as unknown as TaskStep[];
/** Kiro's `_Requirements: 2.1_` and the like: a labelled detail line, kept even when it is not indented. */
const LABEL_LINE = /^(?:[-*+][ \t]+)?[_*]{1,2}[A-Z][\w ]{0,30}:/;
const REQUIREMENTS = /requirements?:/i;
const RULE_LINE = /^(?:[-*_=][ \t]*){3,}$/;

export interface RawHeading {
  level: number;
  name: string;
  line: number;
  candidate?: HeadingTaskCandidate;
  context: string[];
}

/**
 * Facts about the checkboxes, one entry per checkbox in file order (parallel arrays; typed arrays, sized by the
 * line count, cost the garbage collector nothing). A checkbox's T-ID, if any, is already its task's `id`.
 */
interface Boxes {
  /** Each checkbox as a task; status, key and section are filled in by the second pass. */
  tasks: ParsedTask[];
  /** The box's character code. */
  mark: Uint16Array;
  /** Leading dotted numbers, by checkbox index (only the checkboxes that have one). */
  num: Map<number, string>;
  /** Index of the last heading above it, or -1. */
  heading: Int32Array;
  /** Index of the checkbox it is indented under, or -1. */
  nestedIn: Int32Array;
  /** The heading-task candidate it sits under (top-level items only), or -1. */
  owner: Int32Array;
}

export interface Scan {
  title?: string;
  headings: RawHeading[];
  boxes: Boxes;
  signals: FormatSignals;
  /** Line of a code fence that is never closed. */
  unclosedFence?: number;
}

function addContext(item: { context: string[] }, text: string): void {
  if (RULE_LINE.test(text)) return;
  if (item.context === NO_LINES) item.context = [text];
  else if (item.context.length < MAX_CONTEXT_LINES) item.context.push(text);
}

class Scanner {
  readonly headings: RawHeading[] = [];
  readonly boxes: Boxes;
  readonly signals = emptySignals();
  title: string | undefined;
  /** Open list items (box indexes and indents), shallowest first. */
  private readonly openItems: number[] = [];
  private readonly openIndents: number[] = [];
  /** The heading-task candidate whose steps are being collected, or -1. */
  private owner = -1;

  constructor(lineCount: number) {
    this.boxes = {
      tasks: [],
      mark: new Uint16Array(lineCount),
      num: new Map(),
      heading: new Int32Array(lineCount),
      nestedIn: new Int32Array(lineCount),
      owner: new Int32Array(lineCount),
    };
  }

  heading(h: HeadingLine, line: number): void {
    noteHeading(this.signals, h.level, h.name);
    if (h.level === 1 && this.title === undefined) this.title = h.name;
    this.openItems.length = this.openIndents.length = 0;
    const candidate = h.level >= 3 ? headingTaskOf(h.name) : undefined;
    const index = this.headings.push({ level: h.level, name: h.name, line, candidate, context: NO_LINES }) - 1;
    if (this.owner >= 0 && h.level <= this.headings[this.owner]!.level) this.owner = -1;
    if (candidate) {
      this.owner = index;
      if (candidate.id.startsWith('T')) this.signals.tIds++;
      else this.signals.numbers++;
    }
  }

  box(cb: CheckboxLine, line: number): void {
    const visible = withoutInlineCode(cb.body);
    const tId = tIdOf(cb.body, visible);
    const num = tId === undefined ? numberIdOf(cb.body) : undefined;
    const { openItems, openIndents, boxes } = this;
    while (openIndents.length > 0 && openIndents[openIndents.length - 1]! >= cb.indent) {
      openItems.pop();
      openIndents.pop();
    }
    const nestedIn = openItems.length > 0 ? openItems[openItems.length - 1]! : -1;
    const task: ParsedTask = {
      key: '',
      id: tId ?? '',
      synthetic: false,
      kind: 'checkbox',
      line,
      status: 'open',
      text: cb.body,
      parallel: visible.includes('[P]'),
      serial: hasSerialTag(visible),
      section: -1,
      steps: NO_STEPS,
      context: NO_LINES,
    };
    const story = storyOf(visible);
    if (story !== undefined) task.story = story;
    if (cb.optional) task.optional = true;
    const i = boxes.tasks.push(task) - 1;
    openItems.push(i);
    openIndents.push(cb.indent);
    boxes.mark[i] = cb.mark.charCodeAt(0);
    if (num !== undefined) boxes.num.set(i, num);
    boxes.heading[i] = this.headings.length - 1;
    boxes.nestedIn[i] = nestedIn;
    boxes.owner[i] = nestedIn >= 0 ? -1 : this.owner;
    if (tId !== undefined) this.signals.tIds++;
    else if (num !== undefined) this.signals.numbers++;
    if (cb.optional) this.signals.kiro++;
    if (visible.includes('[V]') || visible.includes('[W]')) this.signals.specflow++;
  }

  /** A line that is neither heading, checkbox nor fence: detail of the list item above, or the end of the list. */
  other(raw: string): void {
    const text = raw.trim();
    const labelled = LABEL_LINE.test(text);
    if (labelled && REQUIREMENTS.test(text)) this.signals.kiro++;
    const { openItems, openIndents } = this;
    const indent = indentWidth(raw);
    if (openItems.length > 0 && (indent > 0 || labelled)) {
      // The deepest open item this line is indented under (a labelled line at the margin: the outermost one).
      let i = openItems.length - 1;
      while (i > 0 && openIndents[i]! >= indent) i--;
      addContext(this.boxes.tasks[openItems[i]!]!, text);
      return;
    }
    openItems.length = openIndents.length = 0;
    if (this.owner >= 0) addContext(this.headings[this.owner]!, text);
  }
}

export function scanLines(text: string): Scan {
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  const s = new Scanner(lines.length);
  let fence: { marker: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (fence) {
      if (closesFence(raw, fence.marker)) fence = undefined;
      continue;
    }
    const first = firstChar(raw);
    if (first === '') continue;
    const marker = fenceOpening(raw, first);
    if (marker) {
      fence = { marker, line: i + 1 };
      continue;
    }
    const heading = headingOf(raw, first);
    if (heading) s.heading(heading, i + 1);
    else {
      const cb = checkboxOf(raw, first);
      if (cb) s.box(cb, i + 1);
      else s.other(raw);
    }
  }
  const scan: Scan = { headings: s.headings, boxes: s.boxes, signals: s.signals };
  if (s.title !== undefined) scan.title = s.title;
  if (fence) scan.unclosedFence = fence.line;
  return scan;
}
