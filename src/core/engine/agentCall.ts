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
import { sleepInRun, type DriveContext } from './context';
import { logEntry } from './decisionLog';
import { markNeverStarted, reattachSlot } from './reattach';
import { decideRetry, finishInterruptedWait, resetJitter, type RetryDecision, type RetryState } from './retryPolicy';
import { beginWait, endWait } from './waits';
import { startCall } from './spawnCall';
import { CancelStop, DetachStop, PauseStop } from './stops';

function sameSlot(run: AgentRun, spec: CallSpec): boolean {
  return (
    run.kind === spec.kind && run.batchIndex === spec.batchIndex && run.healAttempt === spec.healAttempt && run.skill === spec.skill && run.unit === spec.unit
  );
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
  const slot = ctx.orch.agentRuns.filter((r) => sameSlot(r, spec) && !r.applied).at(-1);
  if (slot?.state === 'exited') return { run: slot, outcome: storedOutcome(slot), activity: activityFromLog(readLog(ctx, slot)) };
  const resumed = slot ? await reattachSlot(ctx, slot) : undefined;
  if (slot && !resumed) markNeverStarted(slot);
  const got = resumed ?? (await startCall(ctx, spec, model));
  if (got.outcome.released) throw new DetachStop(`let go of agent ${got.run.executionId}; it keeps running for the next owner`);
  const outcome = recordOutcome(ctx.orch, got.run, got.outcome, ctx.logger);
  await ctx.save();
  return { run: got.run, outcome, activity: got.activity };
}

/**
 * In -p, background work or a scheduled wake-up can end the CLI with exit 0 while its last turn still
 * asked for a tool. Such a "success" is continued in the same session once, without a heal attempt.
 * Structured-output (decision) calls end on the StructuredOutput tool by design and are exempt.
 */
function stoppedMidTask(spec: CallSpec, { outcome, activity }: CallResult): boolean {
  return outcome.kind === 'success' && activity.result?.stop_reason === 'tool_use' && spec.jsonSchema === undefined && !spec.continuation;
}

async function continueSession(ctx: DriveContext, spec: CallSpec, stopped: CallResult): Promise<CallResult> {
  const session = stopped.run.sessionId;
  if (!session) return stopped;
  markApplied(stopped.run);
  logEntry(
    ctx.orch,
    'note',
    `agent ${stopped.run.executionId} ended while its last turn still asked for a tool (background work can end claude -p early): continuing its session once`,
    {
      executionId: stopped.run.executionId,
      sessionId: session,
    },
  );
  await ctx.save();
  return callAgent(ctx, { ...spec, prompt: 'continue', resume: session, forkSession: false, continuation: true });
}

/** Records the wait in the state (a restart keeps waiting), sleeps through it, and ends it. */
async function waitOut(
  ctx: DriveContext,
  next: Extract<RetryDecision, { action: 'wait' }>,
  executionId: string,
  spec: CallSpec,
  outcome: ClassifiedOutcome,
): Promise<void> {
  beginWait(ctx.orch, next.wait, ctx.clock.now());
  logEntry(ctx.orch, 'note', next.note, {
    executionId,
    transientReason: outcome.transientReason,
    waitMs: next.waitMs,
    until: next.wait.until,
    healAttemptsUsed: spec.batchIndex ? ctx.orch.batches[spec.batchIndex - 1]?.healAttempts : undefined,
    ...(next.wait.evidence ? { limit: next.wait.evidence } : {}),
  });
  await ctx.save();
  ctx.logger.warn(`${outcome.message}; waiting ${Math.round(next.waitMs / 1000)} s before calling again`);
  try {
    await sleepInRun(ctx, next.waitMs);
  } finally {
    endWait(ctx.orch, ctx.clock.now());
  }
}

/** Runs the call to a non-transient ending. Throws CancelStop, BudgetStop or PauseStop (a long usage limit). */
export async function callAgent(ctx: DriveContext, spec: CallSpec): Promise<CallResult> {
  const state: RetryState = { transientCount: 0, transientWaitedMs: 0, model: spec.model ?? ctx.orch.config.model };
  await finishInterruptedWait(ctx);
  for (;;) {
    if (ctx.signal.aborted) throw new CancelStop();
    const result = await attempt(ctx, spec, state.model);
    const { run, outcome } = result;
    const next = decideRetry(outcome, state, ctx.orch.config, ctx.clock.now(), resetJitter(ctx.orch.config));
    switch (next.action) {
      case 'return':
        return stoppedMidTask(spec, result) ? continueSession(ctx, spec, result) : result;
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
      case 'pause':
        markApplied(run);
        throw new PauseStop(next.wait, next.note, { executionId: run.executionId, ...next.wait.evidence });
      case 'wait':
        markApplied(run);
        if (!outcome.limit) {
          state.transientCount++;
          state.transientWaitedMs += next.waitMs;
        }
        await waitOut(ctx, next, run.executionId, spec, outcome);
        continue;
    }
  }
}
