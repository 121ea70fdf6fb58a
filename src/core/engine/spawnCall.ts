// Starts one agent call: checks the budget, records the run before spawning (so a restart finds it),
// links it to its batch or step (FR-033), spawns `claude`, and stops early when the session does not
// know the requested skill.
import type { AgentActivity } from '../agent/agentActivity';
import type { AgentOutcome } from '../agent/agentProcess';
import { buildClaudeArgs, type ClaudeInvocation } from '../agent/claudeArgs';
import type { AgentRun } from '../model/execution';
import { newExecutionId } from '../model/newIds';
import { projectRelative, runLogFile, runStderrFile } from '../store/paths';
import { callBudget } from './budget';
import type { CallSpec } from './callSpec';
import type { DriveContext } from './context';
import { BudgetStop } from './stops';

/** spec-kit installs `/speckit.plan` as the skill folder `speckit-plan`: compare names with . : - alike. */
export function knowsSkill(slashCommands: readonly string[], skill: string): boolean {
  const norm = (n: string) => n.replace(/^\//, '').replace(/[.:-]/g, '-').toLowerCase();
  const want = norm(skill);
  return slashCommands.some((c) => norm(c) === want);
}

function invocationFor(ctx: DriveContext, spec: CallSpec, model: string, maxBudgetUsd: number): ClaudeInvocation {
  const cfg = ctx.orch.config;
  return {
    prompt: spec.prompt,
    ...(model ? { model } : {}),
    ...(cfg.fallbackModel ? { fallbackModel: cfg.fallbackModel } : {}),
    permissionMode: spec.permissionMode ?? cfg.permissionMode,
    ...(spec.tools ? { tools: spec.tools } : {}),
    allowedTools: spec.allowedTools ?? cfg.allowedTools,
    maxBudgetUsd,
    ...(spec.resume ? { resume: spec.resume, forkSession: spec.forkSession ?? true } : {}),
    ...(spec.jsonSchema !== undefined ? { jsonSchema: spec.jsonSchema } : {}),
  };
}

function recordRun(ctx: DriveContext, spec: CallSpec, model: string, maxBudgetUsd: number): { run: AgentRun; logPath: string; stderrPath: string } {
  const executionId = newExecutionId();
  const logPath = runLogFile(ctx.projectPath, executionId);
  const stderrPath = runStderrFile(ctx.projectPath, executionId);
  const run: AgentRun = {
    executionId,
    kind: spec.kind,
    ...(spec.batchIndex !== undefined ? { batchIndex: spec.batchIndex } : {}),
    ...(spec.healAttempt !== undefined ? { healAttempt: spec.healAttempt } : {}),
    ...(spec.unit !== undefined ? { unit: spec.unit } : {}),
    ...(spec.skill ? { skill: spec.skill } : {}),
    state: 'starting',
    startedAt: new Date(ctx.clock.now()).toISOString(),
    ...(model ? { model } : {}),
    ...(spec.resume ? { resumedSessionId: spec.resume } : {}),
    maxBudgetUsd,
    costUsd: 0,
    permissionDenials: [],
    toolErrors: [],
    applied: false,
    logPath: projectRelative(ctx.projectPath, logPath),
    stderrPath: projectRelative(ctx.projectPath, stderrPath),
  };
  const orch = ctx.orch;
  orch.agentRuns.push(run);
  if (spec.batchIndex !== undefined && (spec.kind === 'implement' || spec.kind === 'heal')) {
    const batch = orch.batches[spec.batchIndex - 1];
    batch?.executionIds.push(executionId);
    if (spec.unit !== undefined) batch?.units?.find((u) => u.index === spec.unit)?.executionIds.push(executionId);
  } else if (spec.kind !== 'implement' && spec.kind !== 'heal' && spec.kind !== 'decision') orch.steps[spec.kind].executionIds.push(executionId);
  return { run, logPath, stderrPath };
}

export async function startCall(ctx: DriveContext, spec: CallSpec, model: string): Promise<{ run: AgentRun; outcome: AgentOutcome; activity: AgentActivity }> {
  const cfg = ctx.orch.config;
  const batch = spec.batchIndex !== undefined ? ctx.orch.batches[spec.batchIndex - 1] : undefined;
  const budget = callBudget(cfg, ctx.orch.totalCostUsd, spec.kind, batch && { index: batch.index, spentUsd: batch.costUsd }, spec.budgetShare);
  if (!budget.ok) throw new BudgetStop(budget.message, { totalCostUsd: ctx.orch.totalCostUsd, totalUsd: cfg.budget.totalUsd, cap: budget.cap });
  const { run, logPath, stderrPath } = recordRun(ctx, spec, model, budget.maxBudgetUsd);
  run.budgetLimitedBy = budget.limitedBy;
  await ctx.save();
  // A skill claude does not know is not always an error: dotted names (/flow.implement) are sent to the
  // model as plain text (realcli README). The init line lists the skills it knows: stop early, pay nothing.
  const skillGuard = new AbortController();
  let missingSkill: string | undefined;
  const signals = [ctx.signal, skillGuard.signal, ...(spec.timeoutMs ? [AbortSignal.timeout(spec.timeoutMs)] : [])];
  const outcome = await ctx.agents.spawn({
    claudePath: ctx.claudePath,
    cwd: spec.cwd ?? ctx.projectPath,
    args: buildClaudeArgs(invocationFor(ctx, spec, model, budget.maxBudgetUsd)),
    env: { ...ctx.env, ...cfg.agentEnv },
    executionId: run.executionId,
    logPath,
    stderrPath,
    staleAfterMs: cfg.staleAfterMinutes * 60_000,
    signal: AbortSignal.any(signals),
    release: ctx.release,
    onSpawn: async (pid, pidStartTime) => {
      run.spawnedAt = new Date(ctx.clock.now()).toISOString();
      run.pid = pid;
      if (pidStartTime) run.pidStartTime = pidStartTime;
      run.state = 'running';
      await ctx.save();
    },
    onEvent: (e, activity) => {
      if (e.type === 'init' && spec.skill?.startsWith('/') && e.init.slash_commands && !knowsSkill(e.init.slash_commands, spec.skill)) {
        missingSkill = spec.skill;
        skillGuard.abort();
      }
      ctx.activity(run, activity);
    },
  });
  if (missingSkill && !ctx.signal.aborted) outcome.missingSkill = missingSkill;
  return { run, outcome, activity: outcome.activity };
}
