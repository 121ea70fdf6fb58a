// What is left in tasks.md after the run: open, blocked and deferred tasks, each with why. The caller reads
// tasks.md; an open task without a reason gets one from the batch of this run that holds it.
import type { BatchItem } from '../model/execution';
import type { LeftTask, Report } from '../model/report';
import type { RunStatus } from '../model/statuses';
import { oneLine, runStopped, taskTitle } from './text';

/** A task as the caller read it from tasks.md. */
interface RemainingTask {
  id: string;
  text: string;
  line: number;
  reason?: string;
}

export interface RemainingTasks {
  open: readonly RemainingTask[];
  blocked: readonly RemainingTask[];
  deferred: readonly RemainingTask[];
}

/** `resting`: how the run rests (paused, cancelled…), when it is not working now. */
function batchReason(b: BatchItem, resting: RunStatus | undefined): string {
  switch (b.status) {
    case 'failed':
      return `batch ${b.index} failed${b.error ? `: ${b.error}` : ''}`;
    case 'pending':
      return `batch ${b.index} has not run yet`;
    case 'running':
      return resting ? `batch ${b.index} stopped when ${runStopped(resting)}` : `batch ${b.index} is still running`;
    case 'cancelled':
      return `batch ${b.index} was cancelled`;
    default:
      return b.checkpoint?.reverted ? `batch ${b.index} was reverted` : `batch ${b.index} ended with the task unchecked`;
  }
}

function leftTask(t: RemainingTask, batches: readonly BatchItem[], explain: boolean, resting: RunStatus | undefined): LeftTask {
  const holder = batches.find((b) => b.taskIds.includes(t.id) || b.tasks.some((x) => x.id === t.id));
  const reason = t.reason ?? (explain ? (holder ? batchReason(holder, resting) : 'not planned in this run') : undefined);
  return {
    id: t.id,
    title: taskTitle(t.id, t.text),
    line: t.line,
    ...(reason ? { reason: oneLine(reason, 500) } : {}),
    ...(holder ? { batchIndex: holder.index } : {}),
  };
}

export function buildLeft(remaining: RemainingTasks, batches: readonly BatchItem[], resting: RunStatus | undefined): Report['left'] {
  return {
    open: remaining.open.map((t) => leftTask(t, batches, true, resting)),
    blocked: remaining.blocked.map((t) => leftTask(t, batches, false, resting)),
    deferred: remaining.deferred.map((t) => leftTask(t, batches, false, resting)),
  };
}
