// The parser's output: tasks, sections, checklist items and grouped warnings. Types only.

export type TaskStatus = 'open' | 'done' | 'blocked' | 'deferred';

/** The profile a tasks.md was written in; it decides what counts as an ID and what `[-]` means. */
export type TasksFormat = 'spec-kit' | 'specflow' | 'kiro' | 'openspec' | 'numbered' | 'plain';

/** A checkbox that belongs to a task (indented under it, or under a heading task): sent with it, never batched alone. */
export interface TaskStep {
  line: number;
  status: TaskStatus;
  text: string;
}

export interface ParsedTask {
  /** The task's identity everywhere (batch taskIds, state, prompts, decision log): its ID, or `T007#2` for a repeat. */
  key: string;
  /** As written (`T001`, `T007-TEST`, `1.2`), or derived from its section and text when none is written. */
  id: string;
  /** True when `id` is derived (no ID was written). */
  synthetic: boolean;
  /** A checkbox list item, or a heading that carries an ID (`### T001: …`). */
  kind: 'checkbox' | 'heading';
  /** 1-based line number in the file. */
  line: number;
  /** Effective status: a heading task or a numbered parent is done when all its steps / sub-tasks are. */
  status: TaskStatus;
  /** Kiro `[-]`: being worked on. The task is open. */
  inProgress?: boolean;
  /** Kiro `- [ ]*`: planned only when optional tasks are included. */
  optional?: boolean;
  /** Text after the checkbox (or the heading's text), as written (markers included). */
  text: string;
  parallel: boolean;
  /** `[serial]` on the task, or on a heading above it: never run in a parallel wave. */
  serial: boolean;
  story?: string;
  /** Index into `sections`, or -1 when the task sits outside any section. */
  section: number;
  /** The heading one level below the section heading (a `###` under a `##`): where a big section is split. */
  subsection?: string;
  /** Nearest heading below the section level above the task. */
  subheading?: string;
  /** Key of the numbered parent task (`2` for `2.1`, `1.0` for `1.1`); the two are always batched together. */
  parent?: string;
  steps: TaskStep[];
  /** Detail lines under the task (`_Requirements: 2.1_`, indented notes, a heading task's prose) for the prompt. */
  context: string[];
}

export interface ParsedSection {
  name: string;
  /** 1-based line of the heading (0 for the synthetic Preamble). */
  line: number;
  /** 2 for a `##` section; 3 for a `###` promoted out of a `##` that is plainly not a phase. */
  level: number;
}

/** An ID-less checkbox in a checklist-like section of a file whose tasks carry IDs: not work, never batched. */
export interface ChecklistItem {
  line: number;
  status: TaskStatus;
  text: string;
  /** The checklist-like heading it sits under. */
  heading: string;
}

export type WarningCode =
  | 'derived-id'
  | 'duplicate-id'
  | 'nested-id'
  | 'preamble-tasks'
  | 'unclosed-fence'
  | 'unknown-mark'
  | 'checklist-items'
  | 'no-sections'
  | 'optional-skipped'
  | 'oversized-group';

/** One line per kind of problem, with a count and the lines involved. */
export interface ParseWarning {
  code: WarningCode;
  /** How many occurrences this warning stands for. */
  count: number;
  /** The first lines involved, in order (at most MAX_WARNING_LINES; `count` says how many there are). */
  lines: number[];
  /** `lines[0]`, or 0 when no line applies. */
  line: number;
  message: string;
}

export interface ParsedTasks {
  title?: string;
  format: TasksFormat;
  sections: ParsedSection[];
  tasks: ParsedTask[];
  checklist: ChecklistItem[];
  warnings: ParseWarning[];
}

export interface ParseOptions {
  /** Where the file lives (`.kiro/specs/x/tasks.md`, `openspec/changes/x/tasks.md`): a hint for the format. */
  path?: string;
  /** 'items' (default): ID-less checkboxes in checklist-like sections of an ID'd file are checklist items. 'tasks' turns that off. */
  checklists?: 'items' | 'tasks';
}
