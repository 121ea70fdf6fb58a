// Where checkpoints live: private refs under refs/specflow/<run>/, invisible to `git log` and branches but kept
// by gc (reachable), and what a snapshot leaves out (SpecFlow's own runtime files, which change every second).
import { assertValidId } from '../model/ids';

export type CheckpointSide = 'before' | 'after';

/** `refs/specflow/<run>/` — everything one run recorded; the unit of listing and cleanup. */
export function runRefPrefix(runId: string): string {
  return `refs/specflow/${assertValidId(runId)}/`;
}

/** The tree before any agent work of the run. */
export function runStartRef(runId: string): string {
  return `${runRefPrefix(runId)}start`;
}

/** A batch's tree before it ran, or after it was confirmed (1-based batch numbers, as in the state file). */
export function checkpointRef(runId: string, batch: number, side: CheckpointSide): string {
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch number must be a positive integer, got ${batch}`);
  return `${runRefPrefix(runId)}${batch}/${side}`;
}

/** The working tree saved just before a revert overwrote anything (e.g. `revert-20260101T120000123Z`). */
export function revertRef(runId: string, at: Date): string {
  return `${runRefPrefix(runId)}revert-${at.toISOString().replace(/[-:.]/g, '')}`;
}

/** Paths (relative to the project directory) that no snapshot, batch commit or revert ever includes. */
export const RUNTIME_EXCLUDES = ['.specflow/workflows/', '.specflow/worktrees/', '.specflow/reports/', '.specflow/api-token'] as const;
