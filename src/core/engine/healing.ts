// Auto-healing (FR-040…044, US3): a failed batch gets a healer run that sees the error, the section, the
// attempted/completed/failed tasks, and may only do the remaining ones. The cap is maxHealAttempts; the
// attempt after the last one is never made. Success needs dual confirmation again.
import type { BatchItem, OrchestrationExecution } from '../model/execution';
import { callAgent, markApplied } from './agentCall';
import { openTasksOf } from './batchSync';
import { judgeBatch, type BatchFailure, type BatchVerdict } from './confirmation';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';
import type { Decider, FailureClassification } from './decisions';
import { change } from './lifecycle';
import { healerPrompt, promptContext } from './prompts';
import { gateHealContext } from '../gate/gateText';

/** Outcomes after which the same heal attempt is retried in its slot (transient wait, fallback model, never started). */
const RETRIED_IN_SLOT = ['transient', 'model_unavailable', 'cancelled'];

/** The current heal attempt of `batch` already had a healer run that was judged. */
function attemptJudged(orch: OrchestrationExecution, batch: BatchItem): boolean {
  return orch.agentRuns.some(
    (r) =>
      r.kind === 'heal' &&
      r.batchIndex === batch.index &&
      r.healAttempt === batch.healAttempts &&
      r.applied &&
      !RETRIED_IN_SLOT.includes(r.outcome ?? 'cancelled'),
  );
}

/** Why no (further) heal attempt is made, or undefined when one may be. */
function noHealReason(orch: OrchestrationExecution, batch: BatchItem, failure: BatchFailure['failure']): string | undefined {
  const cfg = orch.config;
  if (!failure.healable) return 'this kind of failure cannot be healed by an agent';
  if (!cfg.autoHeal) return 'auto-heal is off';
  if (batch.healAttempts >= cfg.maxHealAttempts) return `no heal attempts left (${batch.healAttempts} of ${cfg.maxHealAttempts} used)`;
  return undefined;
}

interface HealState {
  first: BatchFailure;
  verdict: BatchFailure;
  classification?: FailureClassification;
  healerAnswer?: string;
}

/** Counts and announces a new attempt (status healing), asking the decider to classify the failure first. */
async function announceAttempt(ctx: DriveContext, batch: BatchItem, s: HealState, decider: Decider): Promise<void> {
  const { verdict } = s;
  s.classification = (await decider.classifyFailure(batch, verdict.run, verdict.failure, verdict.openIds)) ?? s.classification;
  batch.healAttempts++;
  markApplied(verdict.run);
  const max = ctx.orch.config.maxHealAttempts;
  change(
    ctx.orch,
    { status: 'healing', batch: { item: batch, to: 'running', error: verdict.failure.message } },
    `Auto-healing batch ${batch.index}... (attempt ${batch.healAttempts} of ${max}): ${verdict.failure.message}`,
    {
      failure: verdict.failure.kind,
      executionId: verdict.run.executionId,
      openTaskIds: verdict.openIds,
      ...(s.classification ? { classification: s.classification } : {}),
    },
  );
  await ctx.save();
}

/** One healer run on the remaining tasks, continuing the failed conversation in a fork when it has one. */
async function healOnce(ctx: DriveContext, batch: BatchItem, s: HealState, decider: Decider): Promise<BatchVerdict> {
  const cfg = ctx.orch.config;
  const remaining = openTasksOf(batch, await ctx.project.tasks());
  const failedRun = s.verdict.run;
  const prompt = healerPrompt(
    {
      batch: { index: batch.index, total: ctx.orch.batches.length, name: batch.name },
      error: s.verdict.failure.message,
      ...(failedRun.resultText ? { resultText: failedRun.resultText } : {}),
      ...(failedRun.stderrTail ? { stderrTail: failedRun.stderrTail } : {}),
      toolErrors: failedRun.toolErrors,
      attempted: batch.taskIds,
      completed: batch.taskIds.filter((id) => !remaining.some((t) => t.id === id)),
      remaining,
      ...(s.classification ? { classification: s.classification } : {}),
      attempt: batch.healAttempts,
      maxAttempts: cfg.maxHealAttempts,
      ...(s.verdict.gate ? { gate: gateHealContext(s.verdict.gate.result, s.verdict.gate.comparison) } : {}),
    },
    promptContext(ctx.orch),
  );
  // a wave group's session lives in its worktree (claude keeps sessions per folder): not resumable here
  const session = failedRun.unit === undefined ? failedRun.sessionId : undefined;
  const result = await callAgent(ctx, {
    kind: 'heal',
    skill: 'healer',
    batchIndex: batch.index,
    healAttempt: batch.healAttempts,
    prompt,
    ...(session ? { resume: session, forkSession: true } : {}),
  });
  s.healerAnswer = result.run.resultText ?? result.outcome.message;
  const verdict = await judgeBatch(ctx, batch, result, decider);
  markApplied(result.run);
  if (verdict.ok) {
    change(
      ctx.orch,
      { status: 'running', batch: { item: batch, to: 'healed' } },
      `batch ${batch.index} of ${ctx.orch.batches.length} "${batch.name}" healed on attempt ${batch.healAttempts}: the healer succeeded and tasks.md agrees`,
      { executionId: result.run.executionId, costUsd: batch.costUsd },
    );
  }
  return verdict;
}

/** True when the batch ends healed; false when the run stopped as failed. */
export async function healBatch(ctx: DriveContext, batch: BatchItem, first: BatchFailure, decider: Decider): Promise<boolean> {
  const s: HealState = { first, verdict: first };
  // Only the first round can be a restart in the middle of a heal: the attempt was announced (counted and
  // saved) but has no verdict yet — its healer may be running, finished unseen, or never started (the owner
  // died before recording it). Carry that attempt on instead of counting another.
  let resuming = ctx.orch.status === 'healing' && batch.healAttempts > 0 && !attemptJudged(ctx.orch, batch);
  if (resuming && !ctx.orch.agentRuns.some((r) => r.kind === 'heal' && r.batchIndex === batch.index && r.healAttempt === batch.healAttempts && !r.applied)) {
    logEntry(
      ctx.orch,
      'reconcile',
      `heal attempt ${batch.healAttempts} of batch ${batch.index} was announced but its healer was never started: starting it now`,
      {
        healAttempt: batch.healAttempts,
      },
    );
  }
  for (;;) {
    if (!resuming) {
      const why = noHealReason(ctx.orch, batch, s.verdict.failure);
      if (why) return failBatch(ctx, batch, s, why);
      await announceAttempt(ctx, batch, s, decider);
    }
    resuming = false;
    const verdict = await healOnce(ctx, batch, s, decider);
    if (verdict.ok) return true;
    s.verdict = verdict;
  }
}

/**
 * `first` is the batch's own failure, `verdict` the last one (the healer's, when one ran): the state keeps
 * both, so the user sees what broke and what the healer answered (FR-044).
 */
async function failBatch(ctx: DriveContext, batch: BatchItem, s: HealState, why: string): Promise<false> {
  const { first, verdict } = s;
  const orch = ctx.orch;
  const logs = orch.agentRuns.filter((r) => r.batchIndex === batch.index && r.kind !== 'decision').map((r) => r.logPath);
  const healerRan = verdict.run !== first.run;
  const attempts = `${batch.healAttempts} ${batch.healAttempts === 1 ? 'attempt' : 'attempts'}`;
  const message = healerRan
    ? `Batch ${batch.index} "${batch.name}" failed: ${first.failure.message}; auto-healing did not fix it (${attempts}): ${verdict.failure.message}`
    : `Batch ${batch.index} "${batch.name}" failed: ${verdict.failure.message}`;
  markApplied(verdict.run);
  orch.error = {
    message,
    kind: verdict.failure.kind,
    at: new Date().toISOString(),
    batchIndex: batch.index,
    details: {
      why,
      openTaskIds: verdict.openIds,
      error: first.failure.message,
      agentResult: first.run.resultText,
      ...(first.run.toolErrors.length ? { toolErrors: first.run.toolErrors.slice(-3) } : {}),
      ...(healerRan ? { healerError: verdict.failure.message } : {}),
      ...(s.healerAnswer ? { healerAnswer: s.healerAnswer } : {}),
      ...(s.classification ? { classification: s.classification } : {}),
      healAttempts: batch.healAttempts,
    },
    logPaths: logs,
  };
  change(orch, { status: 'failed', batch: { item: batch, to: 'failed', error: verdict.failure.message } }, `${message} (${why})`, {
    executionId: verdict.run.executionId,
    openTaskIds: verdict.openIds,
    logPaths: logs,
  });
  await ctx.save();
  return false;
}
