// When a run comes to rest, the worktrees of its waves go (their work is committed on the group branches).
// The branches stay while a batch is unconfirmed (a resume needs them); a completed or cancelled run's go too.
import type { OrchestrationExecution } from '../model/execution';
import type { EngineLogger } from '../engine/ports';
import { pruneRunWorktrees } from '../worktrees/cleanup';

export async function tidyWorktrees(projectPath: string, orch: OrchestrationExecution, logger: EngineLogger): Promise<void> {
  if (!orch.batches.some((b) => b.units?.some((u) => u.parallel))) return;
  const finished = orch.status === 'completed' || orch.status === 'cancelled';
  try {
    const gone = await pruneRunWorktrees(projectPath, orch.id, { deleteBranches: finished });
    if (gone.worktrees || gone.branches) logger.info(`removed ${gone.worktrees} worktree(s) and ${gone.branches} group branch(es) of run ${orch.id}`);
  } catch (e) {
    logger.warn(`could not remove the worktrees of run ${orch.id}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
