// Cuts parsed tasks into implement batches (FR-010…013, ⚑ "Batches from tasks.md"). Pure.
import type { ParsedTask, ParsedTasks } from './parseTasks';

export const DEFAULT_BATCH_SIZE = 15;

export interface PlannedTask {
  id: string;
  line: number;
  text: string;
  synthetic: boolean;
}

export interface PlannedBatch {
  /** 1-based position in the plan. */
  index: number;
  name: string;
  /** Unique IDs in file order. A duplicated ID appears once and stands for every task that carries it. */
  taskIds: string[];
  tasks: PlannedTask[];
  /** The `##` heading this batch came from; absent for fallback chunks. */
  section?: string;
}

export interface BatchPlan {
  totalTasks: number;
  completedTasks: number;
  openTasks: number;
  blockedTasks: number;
  deferredTasks: number;
  /** True when no `##` section holds a task and the open tasks were cut into fixed-size chunks. */
  fallback: boolean;
  batchSize: number;
  warnings: string[];
  batches: PlannedBatch[];
}

/** A parsed task already is a planned task (it has every field): no copy, which matters at 100k tasks. */
const toPlanned = (t: ParsedTask): PlannedTask => t;

function uniqueIds(tasks: readonly PlannedTask[]): string[] {
  return [...new Set(tasks.map((t) => t.id))];
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

export function assertBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batch size must be a whole number of at least 1 (got ${batchSize})`);
  }
}

export function planBatches(parsed: ParsedTasks, batchSize: number = DEFAULT_BATCH_SIZE): BatchPlan {
  assertBatchSize(batchSize);
  const count = (s: ParsedTask['status']) => parsed.tasks.filter((t) => t.status === s).length;
  const open = parsed.tasks.filter((t) => t.status === 'open');
  const fallback = parsed.tasks.length > 0 && parsed.tasks.every((t) => t.section < 0);
  const warnings = parsed.warnings.map((w) => w.message);

  let groups: { name: string; section?: string; tasks: PlannedTask[] }[];
  if (fallback) {
    groups = chunk(open.map(toPlanned), batchSize).map((tasks) => ({ name: chunkName(tasks), tasks }));
    if (open.length > 0) {
      warnings.push(`no ## sections with tasks found in tasks.md; using fixed batches of ${batchSize} tasks`);
    }
  } else {
    const bySection = new Map<number, PlannedTask[]>();
    for (const t of open) {
      const list = bySection.get(t.section) ?? [];
      list.push(toPlanned(t));
      bySection.set(t.section, list);
    }
    groups = [...bySection.entries()]
      .sort(([a], [b]) => a - b)
      .map(([section, tasks]) => {
        const name = parsed.sections[section]?.name ?? '';
        return { name, section: name, tasks };
      });
  }

  return {
    totalTasks: parsed.tasks.length,
    completedTasks: count('done'),
    openTasks: open.length,
    blockedTasks: count('blocked'),
    deferredTasks: count('deferred'),
    fallback,
    batchSize,
    warnings,
    batches: groups.map((g, i) => ({
      index: i + 1,
      name: g.name,
      taskIds: uniqueIds(g.tasks),
      tasks: g.tasks,
      ...(g.section !== undefined ? { section: g.section } : {}),
    })),
  };
}

/** The modal's and the CLI's one-line summary ("Detected 4 batches from tasks.md"). */
export function describePlan(plan: Pick<BatchPlan, 'batches'>): string {
  const n = plan.batches.length;
  return `Detected ${n} ${n === 1 ? 'batch' : 'batches'} from tasks.md`;
}
