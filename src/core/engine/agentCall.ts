// One agent call to a non-transient ending. A call is identified by its slot (kind, skill, batch, heal
// attempt): a restarted owner finds the slot's unfinished run and re-attaches to it, or applies a result
// written while nobody watched, instead of starting a duplicate. Transient API trouble is waited out and a
// missing model falls back, as the retry policy decides.
import { existsSync, readFileSync } from 'node:fs';
import { activityFromLog } from '../agent/agentActivity';
import type { ClassifiedOutcome } from '../agent/classifyOutcome';
import type { AgentRun } from '../model/execution';
import { recordOutcome } from './accounting';
import type { CallResult, CallSpec } from './callSpec';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';
import { markNeverStarted, reattachSlot } from './reattach';
import { decideRetry, finishInterruptedWait, type RetryState } from './retryPolicy';
import { startCall } from './spawnCall';
import { CancelStop } from './stops';

function sameSlot(run: AgentRun, spec: CallSpec): boolean {
  return run.kind === spec.kind && run.batchIndex === spec.batchIndex && run.healAttempt === spec.healAttempt && run.skill === spec.skill;
}

/** What a stored run says about its ending (a restart found it exited but not yet acted on). */
export function storedOutcome(run: AgentRun): ClassifiedOutcome {
  const kind = run.outcome === 'schema_invalid' ? 'error' : (run.outcome ?? 'crashed');
  return {
    kind,
    message: run.outcomeMessage ?? run.resultText ?? `the agent ended (${kind})`,
    costUsd: run.costUsd,
    healable: kind === 'error' || kind === 'crashed' || kind === 'stale',
  };
}

/** Marks a run acted upon; callers do it in the same save as the consequences. */
export function markApplied(run: AgentRun): void {
  run.applied = true;
}

function readLog(ctx: DriveContext, run: AgentRun): string {
  const path = `${ctx.projectPath}/${run.logPath}`;
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** One attempt in the slot: an exited-but-unapplied run, a re-attached one, or a fresh spawn. */
async function attempt(ctx: DriveContext, spec: CallSpec, model: string): Promise<CallResult> {
  const slot = ctx.orch.runs.filter((r) => sameSlot(r, spec) && !r.applied).at(-1);
  if (slot?.state === 'exited') return { run: slot, outcome: storedOutcome(slot), activity: activityFromLog(readLog(ctx, slot)) };
  const resumed = slot ? await reattachSlot(ctx, slot) : undefined;
  if (slot && !resumed) markNeverStarted(slot);
  const got = resumed ?? (await startCall(ctx, spec, model));
  const outcome = recordOutcome(ctx.orch, got.run, got.outcome, ctx.logger);
  await ctx.save();
  return { run: got.run, outcome, activity: got.activity };
}

/** Runs the call to a non-transient ending. Throws CancelStop or BudgetStop. */
export async function callAgent(ctx: DriveContext, spec: CallSpec): Promise<CallResult> {
  const state: RetryState = { transientCount: 0, transientWaitedMs: 0, model: spec.model ?? ctx.orch.config.model };
  await finishInterruptedWait(ctx);
  for (;;) {
    if (ctx.signal.aborted) throw new CancelStop();
    const result = await attempt(ctx, spec, state.model);
    const { run, outcome } = result;
    const next = decideRetry(outcome, state, ctx.orch.config, ctx.clock.now());
    switch (next.action) {
      case 'return':
        return result;
      case 'give_up':
        markApplied(run);
        await ctx.save();
        return { ...result, outcome: next.outcome };
      case 'fallback':
        markApplied(run);
        logEntry(ctx.orch, 'decision', `model ${state.model || '(default)'} is unavailable; retrying with the fallback model ${next.model}`, {
          executionId: run.executionId,
          result: outcome.message,
        });
        await ctx.save();
        state.model = next.model;
        continue;
      case 'wait':
        markApplied(run);
        state.transientCount++;
        state.transientWaitedMs += next.waitMs;
        ctx.orch.wait = next.wait;
        logEntry(ctx.orch, 'note', next.note, {
          executionId: run.executionId,
          transientReason: outcome.transientReason,
          waitMs: next.waitMs,
          until: next.wait.until,
          healAttemptsUsed: spec.batchIndex ? ctx.orch.batches[spec.batchIndex - 1]?.healAttempts : undefined,
        });
        await ctx.save();
        ctx.logger.warn(`${outcome.message}; waiting ${Math.round(next.waitMs / 1000)} s before retrying`);
        try {
          await ctx.clock.sleep(next.waitMs, ctx.signal);
        } finally {
          delete ctx.orch.wait;
        }
        continue;
    }
  }
}
