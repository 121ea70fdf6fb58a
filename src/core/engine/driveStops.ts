// How a drive ends when a stop is thrown from deep inside a stage: cancelled, budget exceeded, or failed
// (with the context a user needs). Handled once, here.
import type { BatchChange, StepChange } from './lifecycle';
import { change } from './lifecycle';
import type { DriveContext } from './context';
import { BudgetStop, CancelStop, DetachStop, FailStop, PauseStop } from './stops';
import { beginWait, endWait } from './waits';

function recentLogs(ctx: DriveContext): string[] {
  return ctx.orch.agentRuns.slice(-3).map((r) => r.logPath);
}

/** A long usage limit, or the user's pause during a wait: the run pauses (its batch or step stays where it was). */
async function pauseForLimit(ctx: DriveContext, e: PauseStop): Promise<void> {
  ctx.orch.pauseRequested = false;
  beginWait(ctx.orch, e.wait, ctx.clock.now());
  change(ctx.orch, { status: 'paused' }, e.reason, e.evidence);
  await ctx.save();
}

export async function stopDrive(ctx: DriveContext, e: unknown): Promise<void> {
  if (e instanceof DetachStop) {
    ctx.logger.info(`stopped driving orchestration ${ctx.orch.id}: ${e.message}`);
    return;
  }
  if (e instanceof PauseStop) return pauseForLimit(ctx, e);
  const orch = ctx.orch;
  const running = orch.batches.find((b) => b.status === 'running');
  const step = (['design', 'analyze', 'verify', 'merge'] as const).find((s) => orch.steps[s].status === 'running');
  endWait(orch, ctx.clock.now());
  orch.pauseRequested = false;
  const at = new Date(ctx.clock.now()).toISOString();
  if (e instanceof CancelStop) {
    const batch: BatchChange | undefined = running && { item: running, to: 'cancelled' };
    const stepChange: StepChange | undefined = step && { name: step, to: 'cancelled' };
    change(orch, { status: 'cancelled', ...(batch ? { batch } : {}), ...(stepChange ? { step: stepChange } : {}) }, e.message, { batch: running?.index, step });
  } else if (e instanceof BudgetStop) {
    const batch: BatchChange | undefined = running && { item: running, to: 'failed', error: `stopped: ${e.message}` };
    const stepChange: StepChange | undefined = step && { name: step, to: 'failed' };
    orch.error = { message: e.message, kind: 'budget_exceeded', at, details: e.evidence, logPaths: recentLogs(ctx) };
    change(
      orch,
      { status: 'budget_exceeded', ...(batch ? { batch } : {}), ...(stepChange ? { step: stepChange } : {}) },
      `budget exceeded: ${e.message}. Raise the budget and resume.`,
      { ...e.evidence, totalCostUsd: orch.totalCostUsd },
    );
  } else {
    const fail = e instanceof FailStop ? e : new FailStop(`internal error: ${(e as Error)?.message ?? String(e)}`, 'internal');
    const batch: BatchChange | undefined = running && { item: running, to: 'failed', error: fail.message };
    const stepChange: StepChange | undefined = step && { name: step, to: 'failed', error: fail.message };
    orch.error = {
      message: fail.message,
      kind: fail.kind,
      at,
      ...(running ? { batchIndex: running.index } : {}),
      details: fail.evidence,
      logPaths: recentLogs(ctx),
    };
    change(orch, { status: 'failed', ...(batch ? { batch } : {}), ...(stepChange ? { step: stepChange } : {}) }, fail.message, fail.evidence);
    if (fail.kind === 'internal') ctx.logger.error(String((e as Error)?.stack ?? e));
  }
  await ctx.save();
}
