// Deciding a revert before touching anything: which paths go back, and which cannot because something after the
// batch changed them too (a later batch, or the user since the batch's `after` checkpoint).

interface RevertFacts {
  /** Paths batch N changed (before → after). */
  touched: readonly string[];
  /** tasks.md, root-relative: rewritten by the caller, never restored, never a conflict. */
  tasksPath: string;
  /** Paths each later batch changed, by batch number. */
  laterBatches: ReadonlyMap<number, readonly string[]>;
  /** Paths that differ between batch N's `after` and the working tree now. */
  sinceAfter: readonly string[];
  /** Paths that differ between the last batch's `after` (N's when none came later) and the working tree now. */
  sinceLastCheckpoint: readonly string[];
}

export interface RevertConflict {
  path: string;
  /** Later batches that changed it. */
  batches: number[];
  /** Changed outside any batch: uncommitted (or committed) edits since the checkpoints. */
  workingTree: boolean;
}

interface RevertPlan {
  restore: string[];
  conflicts: RevertConflict[];
}

export function planRevert(facts: RevertFacts): RevertPlan {
  const sinceAfter = new Set(facts.sinceAfter);
  const sinceLast = new Set(facts.sinceLastCheckpoint);
  const later = [...facts.laterBatches].map(([batch, paths]) => [batch, new Set(paths)] as const);
  const restore: string[] = [];
  const conflicts: RevertConflict[] = [];
  for (const path of facts.touched) {
    if (path === facts.tasksPath) continue;
    const batches = later.filter(([, paths]) => paths.has(path)).map(([batch]) => batch);
    // A change since N's `after` that no later batch explains, or any change since the last checkpoint, is the user's.
    const workingTree = sinceLast.has(path) || (sinceAfter.has(path) && batches.length === 0);
    if (batches.length > 0 || workingTree) conflicts.push({ path, batches: batches.sort((a, b) => a - b), workingTree });
    else restore.push(path);
  }
  return { restore, conflicts };
}
