// One implement batch: plan it afresh from tasks.md, start it, run the implement skill on exactly its
// open tasks, judge the result (dual confirmation), heal it when it failed, complete it, then check the
// budget and whether the run should pause at this boundary.
import type { BatchItem } from '../model/execution';
import type { ParsedTasks } from '../tasks/parseTasks';
import { callAgent, markApplied } from './agentCall';
import { openTasksOf, syncBatches } from './batchSync';
import { isTotalSpent, totalSpentMessage } from './budget';
import { judgeBatch, type BatchVerdict } from './confirmation';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';
import type { Decider } from './decisions';
import { checkpointAfter, checkpointBefore } from './checkpointStage';
import { ensureBaseline } from './gateStage';
import { healBatch } from './healing';
import { change } from './lifecycle';
import { pauseAtBatchBoundary } from './pausePoint';
import { batchPrompt, promptContext } from './prompts';
import { invocationsFor } from './skillProfiles';
import { BudgetStop } from './stops';
import { describeIds } from './wording';
import { describeWaves } from '../tasks/waves';
import { removeWaveWorktrees, runWaveBatch } from './waveStage';
import { batchWaves, planUnits, wavesUnavailable } from './waveUnits';

/** Re-plans from tasks.md only between batches: a batch already running means a restart, maybe with its
 * agent still editing tasks.md (re-attached), and a torn read would mark unstarted batches done. */
function resync(ctx: DriveContext, index: number, parsed: ParsedTasks): void {
  const orch = ctx.orch;
  if (orch.batches[index - 1]?.status === 'running') return;
  const synced = syncBatches(orch.batches, parsed, {
    fallback: orch.fallback,
    batchSize: orch.config.batchSizeFallback,
    includeOptional: orch.config.includeOptionalTasks,
  });
  orch.batches = synced.batches;
  for (const n of synced.notes) logEntry(orch, 'note', n);
  for (const i of synced.alreadyDone) {
    const b = orch.batches[i - 1]!;
    const note = 'already done: every task was checked before the batch ran';
    change(orch, { batch: { item: b, to: 'completed', note } }, `batch ${b.index} "${b.name}" skipped: all its tasks are already checked`);
  }
}

/** Plans the batch's [P] waves when parallel agents are on; says once per run why they cannot run. */
function planWaves(ctx: DriveContext, batch: BatchItem, parsed: ParsedTasks): void {
  const units = planUnits(ctx.orch, batch, parsed);
  if (units) {
    batch.units = units;
    logEntry(ctx.orch, 'note', `batch ${batch.index} runs in waves: ${describeWaves(batchWaves(batch, parsed, ctx.orch.config))}`, {
      units: units.map((u) => ({ index: u.index, step: u.step, parallel: u.parallel, taskIds: u.taskIds })),
    });
    return;
  }
  const why = ctx.orch.config.parallelAgents > 1 ? wavesUnavailable(ctx.orch) : undefined;
  if (why && !ctx.orch.decisionLog.some((e) => e.reason.startsWith('parallel agents are off for this run'))) {
    logEntry(ctx.orch, 'note', `parallel agents are off for this run: ${why}; batches run one agent at a time`);
  }
}

async function implement(ctx: DriveContext, batch: BatchItem, parsed: ParsedTasks, decider: Decider): Promise<BatchVerdict> {
  if (ctx.orch.status === 'healing') {
    // restarted while healing: the healing loop picks up its own unfinished run
    const last = ctx.orch.agentRuns.filter((r) => r.batchIndex === batch.index && (r.kind === 'implement' || r.kind === 'heal')).at(-1)!;
    const failure = { kind: 'error' as const, message: batch.error ?? 'resumed while healing', costUsd: 0, healable: true };
    return { ok: false, failure, run: last, openIds: openTasksOf(batch, parsed).map((t) => t.id) };
  }
  if (batch.units) return runWaveBatch(ctx, batch);
  const skill = invocationsFor(ctx.orch.config, 'implement')[0]!;
  const skillName = skill.kind === 'skill' ? skill.name : '';
  const tasks = openTasksOf(batch, parsed);
  const total = ctx.orch.batches.length;
  const result = await callAgent(ctx, {
    kind: 'implement',
    skill: skillName || '(implement prompt)',
    batchIndex: batch.index,
    prompt: batchPrompt(skillName, { index: batch.index, total, name: batch.name, tasks }, promptContext(ctx.orch)),
  });
  const verdict = await judgeBatch(ctx, batch, result, decider);
  if (verdict.ok) markApplied(result.run);
  return verdict;
}

/** Returns false when the drive must stop (paused or failed). */
export async function runBatch(ctx: DriveContext, index: number, decider: Decider): Promise<boolean> {
  const orch = ctx.orch;
  const parsed = await ctx.project.tasks();
  resync(ctx, index, parsed);
  const batch = orch.batches[index - 1]!;
  const total = orch.batches.length;
  if (batch.status === 'completed') {
    await ctx.save();
    return true;
  }
  if (batch.status === 'pending') {
    await ensureBaseline(ctx);
    await checkpointBefore(ctx, batch);
    planWaves(ctx, batch, parsed);
    change(orch, { status: 'running', phase: 'implement', batch: { item: batch, to: 'running' } }, `Implementing batch ${index} of ${total}: ${batch.name}`, {
      taskIds: openTasksOf(batch, parsed).map((t) => t.id),
    });
    await ctx.save();
  }
  const verdict = await implement(ctx, batch, parsed, decider);
  if (!verdict.ok) {
    if (!(await healBatch(ctx, batch, verdict, decider))) return false;
  } else {
    change(
      orch,
      { status: 'running', batch: { item: batch, to: 'completed' } },
      `batch ${index} of ${total} "${batch.name}" completed: the agent succeeded and tasks.md shows ${describeIds(batch.taskIds, 'checked')}`,
      { executionIds: batch.executionIds, costUsd: batch.costUsd, tasks: `${orch.taskProgress.completed}/${orch.taskProgress.total}` },
    );
  }
  if (batch.units) await removeWaveWorktrees(ctx, batch, { deleteBranches: true });
  await checkpointAfter(ctx, batch);
  await ctx.save();
  if (isTotalSpent(orch.config, orch.totalCostUsd))
    throw new BudgetStop(totalSpentMessage(orch.config, orch.totalCostUsd), { totalCostUsd: orch.totalCostUsd });
  if (await pauseAtBatchBoundary(ctx, index)) return false;
  await ctx.save();
  return true;
}
