// Implement starts by planning the batches from tasks.md (FR-010…013), once per run.
import { batchesFromPlan, planFromParsed } from './batchSync';
import type { DriveContext } from './context';
import { change } from './lifecycle';

export async function planBatchesStage(ctx: DriveContext): Promise<void> {
  const plan = planFromParsed(await ctx.project.tasks(), ctx.orch.config);
  ctx.orch.batches = batchesFromPlan(plan);
  ctx.orch.fallback = plan.fallback;
  ctx.orch.plannedAt = new Date(ctx.clock.now()).toISOString();
  const n = plan.batches.length;
  change(
    ctx.orch,
    { phase: 'implement' },
    `Detected ${n} ${n === 1 ? 'batch' : 'batches'} from tasks.md${plan.fallback ? ` (no ## sections: fixed batches of ${plan.batchSize})` : ''} (${plan.format} format)`,
    {
      batches: plan.batches.map((b) => ({ index: b.index, name: b.name, taskIds: b.taskIds })),
      warnings: plan.warnings,
      format: plan.format,
      checklistItems: plan.checklistItems,
      skippedOptionalTasks: plan.skippedOptionalTasks,
      completedTasks: plan.completedTasks,
      totalTasks: plan.totalTasks,
    },
  );
  await ctx.save();
}
