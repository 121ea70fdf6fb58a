// Cuts parsed tasks into implement batches (FR-010…013, ⚑ "Batches from tasks.md"). Pure.
//
// - Each section with open tasks is a batch, in file order; one with more than `maxBatchTasks` (default 20) is
//   split into parts (packUnits.ts), named "Phase 3: Core (part 1 of 2)".
// - When no section holds a task, the open tasks are cut into fixed batches of `batchSize` (FR-012, `fallback`);
//   there `batchSize` is the cap.
// - A numbered parent and its sub-tasks are one unit, never split across batches. A unit bigger than the cap is a
//   batch of its own (with a warning): cutting it would send sub-tasks without their parent.
// - Optional tasks (Kiro `- [ ]*`) are planned only with `includeOptional`; skipped ones are counted and warned.
import { collectUnits, type SectionUnits } from './collectUnits';
import { packGreedy, splitSection, type UnitRange } from './packUnits';
import type { ParsedTask, ParsedTasks, ParseWarning, TasksFormat, TaskStep } from './taskTypes';
import { formatLines, plural, warning } from './warnings';

export const DEFAULT_BATCH_SIZE = 15;
export const DEFAULT_MAX_BATCH_TASKS = 20;

/** What a prompt needs of a task; tasks rebuilt from the state carry the first four fields only. */
export interface PlannedTask {
  id: string;
  line: number;
  text: string;
  synthetic: boolean;
  key?: string;
  steps?: readonly TaskStep[];
  context?: readonly string[];
  optional?: boolean;
  parent?: string;
}

/** A task as the planner puts it in a batch: its key, its steps and detail lines for the prompt, and what waves need. */
export interface BatchTask extends PlannedTask {
  key: string;
  steps: TaskStep[];
  context: string[];
  /** Marked `[P]`: may run in a parallel wave (waves.ts). */
  parallel: boolean;
  /** Tagged `[serial]`, itself or under a tagged heading: never runs in a parallel wave. */
  serial: boolean;
}

export interface BatchSplit {
  /** 1-based part number, and how many parts the section was cut into. */
  part: number;
  of: number;
  /** The subsections (`###`) this part holds. */
  subsections: string[];
}

export interface PlannedBatch {
  /** 1-based position in the plan. */
  index: number;
  name: string;
  /** The tasks' keys: unique, in file order (a parent's sub-tasks follow it). */
  taskIds: string[];
  tasks: BatchTask[];
  /** The section heading this batch came from; absent for fallback chunks. */
  section?: string;
  /** Present when the section was cut into parts. */
  split?: BatchSplit;
}

export interface PlanOptions {
  /** The fallback's fixed batch size (FR-012). */
  batchSize?: number;
  /** The most open tasks a section batch holds before it is split. */
  maxBatchTasks?: number;
  includeOptional?: boolean;
}

export interface BatchPlan {
  format: TasksFormat;
  totalTasks: number;
  completedTasks: number;
  /** Open tasks the plan batches (skipped optional tasks are not among them). */
  openTasks: number;
  blockedTasks: number;
  deferredTasks: number;
  /** Open tasks marked in progress (Kiro `[-]`). */
  inProgressTasks: number;
  /** Open optional tasks, planned or not, and how many of them the plan skips. */
  optionalTasks: number;
  skippedOptionalTasks: number;
  /** Checklist items (not tasks) and how many are checked. */
  checklistItems: number;
  checklistDone: number;
  /** True when no section holds a task and the open tasks were cut into fixed-size chunks. */
  fallback: boolean;
  batchSize: number;
  maxBatchTasks: number;
  includeOptional: boolean;
  /** One line per kind (the parser's, then the planner's). */
  warnings: string[];
  /** The same warnings as data. */
  warningDetails: ParseWarning[];
  batches: PlannedBatch[];
}

/** Name of a fallback chunk, e.g. "Tasks T016–T030". */
export function chunkName(tasks: readonly Pick<PlannedTask, 'id'>[]): string {
  const first = tasks[0]?.id ?? '';
  const last = tasks[tasks.length - 1]?.id ?? '';
  return first === last ? `Task ${first}` : `Tasks ${first}–${last}`;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function assertBatchSize(batchSize: number, what = 'batch size'): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`${what} must be a whole number of at least 1 (got ${batchSize})`);
  }
}

type Group = Omit<PlannedBatch, 'index' | 'taskIds'>;

function tasksOf(units: SectionUnits, [start, end]: UnitRange, starts: readonly number[]): ParsedTask[] {
  return units.tasks.slice(starts[start], starts[end]);
}

/** Task offset of each unit, plus the end: `starts[u]…starts[u+1]` are unit u's tasks. */
function unitStarts(sizes: readonly number[]): number[] {
  const starts = [0];
  for (const s of sizes) starts.push(starts[starts.length - 1]! + s);
  return starts;
}

function sectionGroups(units: SectionUnits, name: string, cap: number): Group[] {
  const ranges = splitSection(units, cap);
  if (ranges.length === 1) return [{ name, section: name, tasks: units.tasks }];
  const starts = unitStarts(units.sizes);
  return ranges.map((r, i) => {
    const subsections = [...new Set(units.subs.slice(r[0], r[1]).filter((s): s is string => s !== undefined))];
    return {
      name: `${name} (part ${i + 1} of ${ranges.length})`,
      section: name,
      tasks: tasksOf(units, r, starts),
      split: { part: i + 1, of: ranges.length, subsections },
    };
  });
}

function fallbackGroups(units: SectionUnits | undefined, batchSize: number): Group[] {
  if (!units) return [];
  const starts = unitStarts(units.sizes);
  return packGreedy(units.sizes, 0, units.sizes.length, batchSize).map((r) => {
    const tasks = tasksOf(units, r, starts);
    return { name: chunkName(tasks), tasks };
  });
}

/** Units bigger than the cap (a parent with many sub-tasks): each is a batch of its own, said once. */
function oversized(units: readonly SectionUnits[], cap: number): ParseWarning | undefined {
  const big: { task: ParsedTask; size: number }[] = [];
  for (const u of units) {
    for (let i = 0, at = 0; i < u.sizes.length; at += u.sizes[i]!, i++) if (u.sizes[i]! > cap) big.push({ task: u.tasks[at]!, size: u.sizes[i]! });
  }
  if (big.length === 0) return undefined;
  const shown = big.slice(0, 5).map((b) => `${b.task.id} (${b.size} tasks, line ${b.task.line})`);
  const msg =
    `${plural(big.length, 'task with its sub-tasks is', 'tasks with their sub-tasks are')} bigger than the batch cap of ${cap}; ` +
    `each runs as one batch (a parent is never split from its sub-tasks): ${shown.join('; ')}${big.length > 5 ? '; …' : ''}`;
  return warning(
    'oversized-group',
    big.length,
    big.map((b) => b.task.line),
    msg,
  );
}

function resolveOptions(options: number | PlanOptions): Required<PlanOptions> {
  const o = typeof options === 'number' ? { batchSize: options } : options;
  const resolved = {
    batchSize: o.batchSize ?? DEFAULT_BATCH_SIZE,
    maxBatchTasks: o.maxBatchTasks ?? DEFAULT_MAX_BATCH_TASKS,
    includeOptional: o.includeOptional ?? false,
  };
  assertBatchSize(resolved.batchSize);
  assertBatchSize(resolved.maxBatchTasks, 'max batch tasks');
  return resolved;
}

function count(tasks: readonly ParsedTask[]) {
  const c = { done: 0, blocked: 0, deferred: 0, inProgress: 0, optionalOpen: 0 };
  for (const t of tasks) {
    if (t.status === 'done') c.done++;
    else if (t.status === 'blocked') c.blocked++;
    else if (t.status === 'deferred') c.deferred++;
    else {
      if (t.inProgress) c.inProgress++;
      if (t.optional) c.optionalOpen++;
    }
  }
  return c;
}

/** `planBatches(parsed, 15)` is `planBatches(parsed, { batchSize: 15 })`; every option has its default. */
export function planBatches(parsed: ParsedTasks, options: number | PlanOptions = {}): BatchPlan {
  const { batchSize, maxBatchTasks, includeOptional } = resolveOptions(options);
  const c = count(parsed.tasks);
  const planned = parsed.tasks.filter((t) => t.status === 'open' && (includeOptional || !t.optional));
  const fallback = parsed.tasks.length > 0 && parsed.tasks.every((t) => t.section < 0);
  const units = collectUnits(parsed.tasks, planned);
  const details = [...parsed.warnings];
  let groups: Group[];
  if (fallback) {
    groups = fallbackGroups(units[0], batchSize);
    if (planned.length > 0) {
      details.push(warning('no-sections', planned.length, [], `no ## sections with tasks found in tasks.md; using fixed batches of ${batchSize} tasks`));
    }
  } else {
    groups = units.flatMap((u) => sectionGroups(u, parsed.sections[u.section]?.name ?? '', maxBatchTasks));
  }
  const big = oversized(units, fallback ? batchSize : maxBatchTasks);
  if (big) details.push(big);
  const skipped = includeOptional ? [] : parsed.tasks.filter((t) => t.optional && t.status === 'open');
  if (skipped.length > 0) {
    const lines = skipped.map((t) => t.line);
    const msg = `${plural(skipped.length, 'optional task (- [ ]*) is', 'optional tasks (- [ ]*) are')} skipped; include optional tasks to run them: ${formatLines(lines)}`;
    details.push(warning('optional-skipped', skipped.length, lines, msg));
  }
  return {
    format: parsed.format,
    totalTasks: parsed.tasks.length,
    completedTasks: c.done,
    openTasks: planned.length,
    blockedTasks: c.blocked,
    deferredTasks: c.deferred,
    inProgressTasks: c.inProgress,
    optionalTasks: c.optionalOpen,
    skippedOptionalTasks: skipped.length,
    checklistItems: parsed.checklist.length,
    checklistDone: parsed.checklist.filter((i) => i.status === 'done').length,
    fallback,
    batchSize,
    maxBatchTasks,
    includeOptional,
    warnings: details.map((w) => w.message),
    warningDetails: details,
    batches: groups.map(({ name, tasks, section, split }, i) => ({
      index: i + 1,
      name,
      taskIds: tasks.map((t) => t.key),
      tasks,
      ...(section !== undefined ? { section } : {}),
      ...(split ? { split } : {}),
    })),
  };
}

/** The modal's and the CLI's one-line summary ("Detected 4 batches from tasks.md"). */
export function describePlan(plan: Pick<BatchPlan, 'batches'>): string {
  const n = plan.batches.length;
  return `Detected ${n} ${n === 1 ? 'batch' : 'batches'} from tasks.md`;
}
