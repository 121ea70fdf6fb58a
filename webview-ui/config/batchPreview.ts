// What the modal shows about the batches before a run (FR-004/005). With `##` sections the host's plan is
// shown as is; without (fallback) the count and list are recomputed here as the batch size changes. Pure.
import { chunk, chunkName } from '../../src/core/tasks/planBatches';
import type { PreflightView } from '../../src/protocol/messages';

export interface PreviewBatch {
  index: number;
  name: string;
  taskCount: number;
}

export interface BatchPreview {
  /** "Detected 4 batches from tasks.md"; absent when there is no tasks.md yet. */
  planText?: string;
  batches: PreviewBatch[];
  fallback: boolean;
  /** FR-005: shown when tasks.md has open tasks but no `##` section holds any. */
  noSectionsWarning?: string;
}

/** The same wording as the engine's describePlan(). */
export function planText(batchCount: number): string {
  return `Detected ${batchCount} ${batchCount === 1 ? 'batch' : 'batches'} from tasks.md`;
}

export function noSectionsWarning(batchSize: number): string {
  return `No ## sections found in tasks.md: tasks will run in fixed batches of ${batchSize}`;
}

/**
 * Fixed-size chunks of the open tasks. With their IDs (file order) the chunks carry the engine's own names
 * ("Tasks T016–T030", the same chunkName); without, they are named by position ("Tasks 16–30").
 */
export function fallbackBatches(openTasks: number, batchSize: number, openTaskIds?: readonly string[]): PreviewBatch[] {
  if (openTaskIds && openTaskIds.length === openTasks) {
    return chunk(
      openTaskIds.map((id) => ({ id })),
      batchSize,
    ).map((tasks, i) => ({ index: i + 1, name: chunkName(tasks), taskCount: new Set(tasks.map((t) => t.id)).size }));
  }
  const out: PreviewBatch[] = [];
  for (let start = 1, index = 1; start <= openTasks; start += batchSize, index++) {
    const end = Math.min(openTasks, start + batchSize - 1);
    out.push({ index, name: start === end ? `Task ${start}` : `Tasks ${start}–${end}`, taskCount: end - start + 1 });
  }
  return out;
}

/**
 * @param batchSize the size typed in the modal, or undefined while that field is invalid (then the host's
 * plan is shown unchanged).
 */
export function batchPreview(preflight: PreflightView | undefined, batchSize: number | undefined): BatchPreview {
  if (!preflight) return { batches: [], fallback: false };
  const hostBatches = preflight.batches.map((b) => ({ index: b.index, name: b.name, taskCount: b.taskCount }));
  const hostPlan = preflight.planText !== undefined ? { planText: preflight.planText } : {};
  if (!preflight.fallback || batchSize === undefined) {
    const warn = preflight.fallback && preflight.openTasks > 0 ? { noSectionsWarning: warningFromHost(preflight) } : {};
    return { ...hostPlan, batches: hostBatches, fallback: preflight.fallback, ...warn };
  }
  let batches = fallbackBatches(preflight.openTasks, batchSize, preflight.openTaskIds);
  // Same cut as the host's plan: keep the host's names ("Tasks T001–T015"), also right when no IDs were sent.
  if (batches.length === hostBatches.length && batches.every((b, i) => b.taskCount === hostBatches[i]!.taskCount)) batches = hostBatches;
  return {
    ...(preflight.planText !== undefined ? { planText: planText(batches.length) } : {}),
    batches,
    fallback: true,
    ...(preflight.openTasks > 0 ? { noSectionsWarning: noSectionsWarning(batchSize) } : {}),
  };
}

function warningFromHost(preflight: PreflightView): string {
  return preflight.warnings.find((w) => w.code === 'no_sections')?.message ?? 'No ## sections found in tasks.md: tasks will run in fixed-size batches';
}
