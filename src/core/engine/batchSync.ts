// Keeps the run's batch list true to tasks.md. Each batch is planned freshly when it starts: tasks checked
// off meanwhile drop out, tasks added meanwhile join their section's batch (or a new one), and a pending
// batch with nothing left is reported as already done (lifecycle.ts marks it). Tasks are matched by their
// key, never by their ID alone (a repeated ID is two tasks). Pure.
import type { OrchestrationConfig } from '../model/config';
import type { BatchItem } from '../model/execution';
import type { ParsedTasks } from '../tasks/parseTasks';
import { chunk, chunkName, planBatches, type BatchPlan, type PlannedTask } from '../tasks/planBatches';

export interface SyncResult {
  batches: BatchItem[];
  notes: string[];
  /** Pending batches whose every task is already checked: done without running (lifecycle marks them). */
  alreadyDone: number[];
}

/** What the planner needs from the run's options. */
export function planOptions(config: Pick<OrchestrationConfig, 'batchSizeFallback' | 'maxBatchTasks' | 'includeOptionalTasks'>) {
  return { batchSize: config.batchSizeFallback, maxBatchTasks: config.maxBatchTasks, includeOptional: config.includeOptionalTasks };
}

export function planFromParsed(
  parsed: ParsedTasks,
  config: Pick<OrchestrationConfig, 'batchSizeFallback' | 'maxBatchTasks' | 'includeOptionalTasks'>,
): BatchPlan {
  return planBatches(parsed, planOptions(config));
}

export function batchesFromPlan(plan: BatchPlan): BatchItem[] {
  return plan.batches.map((b) => ({
    index: b.index,
    name: b.name,
    ...(b.section !== undefined ? { section: b.section } : {}),
    taskIds: b.taskIds,
    tasks: b.tasks.map((t) => ({ id: t.id, key: t.key, line: t.line, text: t.text })),
    status: 'pending' as const,
    healAttempts: 0,
    executionIds: [],
    costUsd: 0,
    history: [],
  }));
}

type OpenTask = PlannedTask & { key: string; section?: string };

/** Open work: an open task, unless it is an optional one the run leaves alone. */
export function isOpenWork(t: Pick<ParsedTasks['tasks'][number], 'status' | 'optional'>, includeOptional: boolean): boolean {
  return t.status === 'open' && !(t.optional && !includeOptional);
}

/** Open tasks of the file by key, with their section (undefined outside sections); skipped optional tasks excluded. */
function openTasks(parsed: ParsedTasks, includeOptional: boolean): Map<string, OpenTask> {
  const out = new Map<string, OpenTask>();
  for (const t of parsed.tasks) {
    if (!isOpenWork(t, includeOptional)) continue;
    const section = parsed.sections[t.section]?.name;
    out.set(t.key, {
      id: t.id,
      key: t.key,
      line: t.line,
      text: t.text,
      synthetic: t.synthetic,
      steps: t.steps,
      context: t.context,
      ...(section !== undefined ? { section } : {}),
    });
  }
  return out;
}

/** The batch's tasks that are still open in the file now, with their current line, text, steps and context. */
export function openTasksOf(batch: Pick<BatchItem, 'taskIds'>, parsed: ParsedTasks, includeOptional = true): OpenTask[] {
  const open = openTasks(parsed, includeOptional);
  return batch.taskIds.flatMap((key) => {
    const t = open.get(key);
    return t ? [t] : [];
  });
}

function newBatch(index: number, name: string, section?: string): BatchItem {
  return {
    index,
    name,
    ...(section !== undefined ? { section } : {}),
    taskIds: [],
    tasks: [],
    status: 'pending',
    healAttempts: 0,
    executionIds: [],
    costUsd: 0,
    history: [],
  };
}

function addTo(b: BatchItem, t: OpenTask): void {
  b.taskIds.push(t.key);
  b.tasks.push({ id: t.id, key: t.key, line: t.line, text: t.text });
}

/** New tasks join their section's pending batch (or a new batch); in fallback mode, new fixed-size batches. */
function placeAdded(next: BatchItem[], added: OpenTask[], opts: { fallback: boolean; batchSize: number }): void {
  if (opts.fallback) {
    for (const group of chunk(added, opts.batchSize)) {
      const b = newBatch(next.length + 1, chunkName(group));
      group.forEach((t) => addTo(b, t));
      next.push(b);
    }
    return;
  }
  for (const t of added) {
    const name = t.section ?? 'Unsectioned tasks';
    let target = next.find((b) => b.status === 'pending' && (b.section ?? b.name) === name);
    if (!target) {
      const taken = next.some((b) => b.name === name);
      target = newBatch(next.length + 1, taken ? `${name} (added)` : name, name);
      next.push(target);
    }
    addTo(target, t);
  }
}

export function syncBatches(
  batches: readonly BatchItem[],
  parsed: ParsedTasks,
  opts: { fallback: boolean; batchSize: number; includeOptional?: boolean },
): SyncResult {
  const notes: string[] = [];
  const open = openTasks(parsed, opts.includeOptional ?? false);
  const assigned = new Set(batches.flatMap((b) => b.taskIds));
  const next = batches.map((b) => ({ ...b, taskIds: [...b.taskIds], tasks: [...b.tasks] }));
  const added = [...open.values()].filter((t) => !assigned.has(t.key));
  if (added.length) {
    placeAdded(next, added, opts);
    notes.push(`tasks added to tasks.md since planning: ${added.map((t) => t.key).join(', ')}`);
  }
  const alreadyDone = next.filter((b) => b.status === 'pending' && !b.taskIds.some((key) => open.has(key))).map((b) => b.index);
  return { batches: next, notes, alreadyDone };
}
