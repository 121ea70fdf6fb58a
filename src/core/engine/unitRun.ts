// One unit of a wave batch, run to a confirmed end in its own tree: a group in its worktree, or a serial part
// (and a group re-run after a conflict) in the project's tree. Its own agent, run log, cost and heal loop:
// a failing group heals alone while the others go on. Dual confirmation holds per unit: the agent's success
// and every task of the unit checked in that tree's copy of tasks.md.
import { join } from 'node:path';
import { activityFromLog } from '../agent/agentActivity';
import type { BatchItem, WorkUnit } from '../model/execution';
import { readParsedTasks } from '../tasks/readTasksFile';
import { callAgent, markApplied } from './agentCall';
import { isOpenWork, openTasksOf } from './batchSync';
import type { CallResult, CallSpec } from './callSpec';
import { stopOnUnhealable } from './confirmation';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';
import { groupPrompt, healerPrompt, promptContext, batchPrompt } from './prompts';
import { invocationsFor } from './skillProfiles';
import { describeIds } from './wording';

/** Where a unit runs: the project's tree, or a group's worktree (its project folder). */
export interface UnitTree {
  dir: string;
  /** Share of the remaining batch and run budget for each call (1 / groups running at once). */
  budgetShare: number;
}

export function unitLabel(batch: Pick<BatchItem, 'index'>, unit: WorkUnit): string {
  return unit.parallel ? `group ${unit.group} of ${unit.groupTotal} of batch ${batch.index}` : `part ${unit.index} of batch ${batch.index}`;
}

/** The unit's tasks that are still open in the tree's tasks.md (with their text there). */
async function openInTree(ctx: DriveContext, unit: WorkUnit, tree: UnitTree) {
  const parsed = (await readParsedTasks(join(tree.dir, ctx.orch.tasksPath!), { checklistsAreTasks: ctx.orch.config.checklistsAreTasks })).parsed;
  const keys = new Set(unit.taskIds);
  const open = parsed.tasks.filter((t) => keys.has(t.key) && isOpenWork(t, ctx.orch.config.includeOptionalTasks)).map((t) => t.key);
  return openTasksOf({ taskIds: open }, parsed, ctx.orch.config.includeOptionalTasks);
}

function implementSpec(ctx: DriveContext, batch: BatchItem, unit: WorkUnit, tree: UnitTree, tasks: Awaited<ReturnType<typeof openInTree>>): CallSpec {
  const inv = invocationsFor(ctx.orch.config, 'implement')[0]!;
  const skill = inv.kind === 'skill' ? inv.name : '';
  const total = ctx.orch.batches.length;
  const b = { index: batch.index, total, name: batch.name, tasks };
  const prompt =
    unit.parallel && tree.dir !== ctx.projectPath
      ? groupPrompt(skill, b, { group: unit.group!, groupTotal: unit.groupTotal! }, promptContext(ctx.orch))
      : batchPrompt(skill, b, promptContext(ctx.orch));
  return {
    kind: 'implement',
    skill: skill || '(implement prompt)',
    batchIndex: batch.index,
    unit: unit.index,
    cwd: tree.dir,
    budgetShare: tree.budgetShare,
    prompt,
  };
}

function healSpec(
  ctx: DriveContext,
  batch: BatchItem,
  unit: WorkUnit,
  tree: UnitTree,
  failed: CallResult,
  remaining: Awaited<ReturnType<typeof openInTree>>,
): CallSpec {
  const prompt = healerPrompt(
    {
      batch: {
        index: batch.index,
        total: ctx.orch.batches.length,
        name: unit.parallel ? `${batch.name}, group ${unit.group} of ${unit.groupTotal}` : batch.name,
      },
      error:
        failed.outcome.kind === 'success' ? `${describeIds(remaining.map((t) => t.key))} still open after the agent reported success` : failed.outcome.message,
      ...(failed.run.resultText ? { resultText: failed.run.resultText } : {}),
      ...(failed.run.stderrTail ? { stderrTail: failed.run.stderrTail } : {}),
      toolErrors: failed.run.toolErrors,
      attempted: unit.taskIds,
      completed: unit.taskIds.filter((k) => !remaining.some((t) => t.key === k)),
      remaining,
      attempt: unit.healAttempts,
      maxAttempts: ctx.orch.config.maxHealAttempts,
    },
    promptContext(ctx.orch),
  );
  const session = failed.run.sessionId;
  return {
    kind: 'heal',
    skill: 'healer',
    batchIndex: batch.index,
    unit: unit.index,
    healAttempt: unit.healAttempts,
    cwd: tree.dir,
    budgetShare: tree.budgetShare,
    prompt,
    ...(session ? { resume: session, forkSession: true } : {}),
  };
}

/** The unit's last judged call, when a restart finds one (a heal attempt continues from it). */
function lastCall(ctx: DriveContext, batch: BatchItem, unit: WorkUnit): CallResult | undefined {
  const run = ctx.orch.agentRuns.filter((r) => r.batchIndex === batch.index && r.unit === unit.index && r.applied).at(-1);
  return (
    run && {
      run,
      outcome: { kind: 'error', message: unit.error ?? run.outcomeMessage ?? 'the unit failed', costUsd: 0, healable: true },
      activity: activityFromLog(''),
    }
  );
}

/** Runs the unit until its tasks are confirmed done (true) or its heal attempts are used up (false). */
export async function runUnit(ctx: DriveContext, batch: BatchItem, unit: WorkUnit, tree: UnitTree): Promise<boolean> {
  const cfg = ctx.orch.config;
  let failed = unit.healAttempts > 0 ? lastCall(ctx, batch, unit) : undefined;
  for (;;) {
    const remaining = await openInTree(ctx, unit, tree);
    const spec = failed ? healSpec(ctx, batch, unit, tree, failed, remaining) : implementSpec(ctx, batch, unit, tree, remaining);
    const result = await callAgent(ctx, spec);
    stopOnUnhealable(ctx, result);
    markApplied(result.run);
    const open = await openInTree(ctx, unit, tree);
    if (result.outcome.kind === 'success' && open.length === 0) return true;
    const why =
      result.outcome.kind === 'success' ? `${describeIds(open.map((t) => t.key))} still open after the agent reported success` : result.outcome.message;
    unit.error = why;
    const noMore = !cfg.autoHeal
      ? 'auto-heal is off'
      : unit.healAttempts >= cfg.maxHealAttempts
        ? `no heal attempts left (${unit.healAttempts} of ${cfg.maxHealAttempts} used)`
        : undefined;
    if (noMore || (!result.outcome.healable && result.outcome.kind !== 'success')) {
      logEntry(ctx.orch, 'note', `${unitLabel(batch, unit)} failed: ${why} (${noMore ?? 'not healable'})`, {
        executionId: result.run.executionId,
        openTaskIds: open.map((t) => t.key),
      });
      await ctx.save();
      return false;
    }
    unit.healAttempts++;
    logEntry(ctx.orch, 'note', `${unitLabel(batch, unit)} failed: ${why}; healing it alone (attempt ${unit.healAttempts} of ${cfg.maxHealAttempts})`, {
      executionId: result.run.executionId,
      openTaskIds: open.map((t) => t.key),
    });
    await ctx.save();
    failed = result;
  }
}
