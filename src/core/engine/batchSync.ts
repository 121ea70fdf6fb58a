// Keeps the run's batch list true to tasks.md. Each batch is planned freshly when it starts: tasks checked
// off meanwhile drop out, tasks added meanwhile join their section's batch (or a new one), and a batch
// with nothing left is marked done without running. Pure.
import type { BatchItem } from '../model/execution';
import type { ParsedTasks } from '../tasks/parseTasks';
import { chunk, chunkName, planBatches, type BatchPlan, type PlannedTask } from '../tasks/planBatches';

export interface SyncResult {
  batches: BatchItem[];
  notes: string[];
  /** Pending batches whose every task is already checked: done without running (lifecycle marks them). */
  alreadyDone: number[];
}

export function batchesFromPlan(plan: BatchPlan): BatchItem[] {
  return plan.batches.map((b) => ({
    index: b.index,
    name: b.name,
    ...(b.section !== undefined ? { section: b.section } : {}),
    taskIds: b.taskIds,
    tasks: b.tasks.map((t) => ({ id: t.id, line: t.line, text: t.text })),
    status: 'pending' as const,
    healAttempts: 0,
    executionIds: [],
    costUsd: 0,
    history: [],
  }));
}

/** Open tasks of the file, keyed by ID, with their section name (undefined outside sections). */
function openTasks(parsed: ParsedTasks): Map<string, PlannedTask & { section?: string }> {
  const out = new Map<string, PlannedTask & { section?: string }>();
  for (const t of parsed.tasks) {
    if (t.status !== 'open' || out.has(t.id)) continue;
    const section = parsed.sections[t.section]?.name;
    out.set(t.id, { id: t.id, line: t.line, text: t.text, synthetic: t.synthetic, ...(section !== undefined ? { section } : {}) });
  }
  return out;
}

/** The batch's tasks that are still open in the file now, with their current line and text. */
export function openTasksOf(batch: Pick<BatchItem, 'taskIds'>, parsed: ParsedTasks): PlannedTask[] {
  const open = openTasks(parsed);
  return batch.taskIds.flatMap((id) => {
    const t = open.get(id);
    return t ? [{ id: t.id, line: t.line, text: t.text, synthetic: t.synthetic }] : [];
  });
}

export function syncBatches(batches: readonly BatchItem[], parsed: ParsedTasks, opts: { fallback: boolean; batchSize: number }): SyncResult {
  const notes: string[] = [];
  const open = openTasks(parsed);
  const assigned = new Set(batches.flatMap((b) => b.taskIds));
  const next = batches.map((b) => ({ ...b, taskIds: [...b.taskIds], tasks: [...b.tasks] }));
  const addTo = (b: BatchItem, t: PlannedTask) => {
    b.taskIds.push(t.id);
    b.tasks.push({ id: t.id, line: t.line, text: t.text });
  };

  const added = [...open.values()].filter((t) => !assigned.has(t.id));
  if (added.length) {
    if (opts.fallback) {
      for (const group of chunk(added, opts.batchSize)) {
        const b = newBatch(next.length + 1, chunkName(group));
        group.forEach((t) => addTo(b, t));
        next.push(b);
      }
    } else {
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
    notes.push(`tasks added to tasks.md since planning: ${added.map((t) => t.id).join(', ')}`);
  }

  const alreadyDone = next.filter((b) => b.status === 'pending' && !b.taskIds.some((id) => open.has(id))).map((b) => b.index);
  return { batches: next, notes, alreadyDone };
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

export function planFromParsed(parsed: ParsedTasks, batchSize: number): BatchPlan {
  return planBatches(parsed, batchSize);
}
