// What to do after an agent call ends: return it, wait and call again (rate limits, overload, network —
// never counted as a failure or a heal attempt), give up after too long, or retry on the fallback model.
// The decision is pure; the waiting is done by the caller through the clock port.
import type { ClassifiedOutcome } from '../agent/classifyOutcome';
import type { OrchestrationConfig } from '../model/config';
import type { Wait } from '../model/execution';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';

const MAX_BACKOFF_MS = 15 * 60_000;
const MAX_TRANSIENT_RETRIES = 50;
/** A reset time is when the limit lifts; calling a moment later avoids being refused at the boundary. */
const AFTER_RESET_MS = 5_000;

export interface RetryState {
  transientCount: number;
  transientWaitedMs: number;
  model: string;
}

export type RetryDecision =
  | { action: 'return' }
  | { action: 'wait'; waitMs: number; wait: Wait; note: string }
  | { action: 'give_up'; outcome: ClassifiedOutcome }
  | { action: 'fallback'; model: string };

export function decideRetry(outcome: ClassifiedOutcome, state: RetryState, config: OrchestrationConfig, now: number): RetryDecision {
  if (outcome.kind === 'transient') {
    const count = state.transientCount + 1;
    const limitMs = config.maxRateLimitWaitMinutes * 60_000;
    const backoff = Math.min(config.retryBackoffSeconds * 1000 * 2 ** (count - 1), MAX_BACKOFF_MS);
    const waitMs = outcome.retryAt ? Math.max(0, outcome.retryAt - now) + AFTER_RESET_MS : backoff;
    // Bounded by time and by count (a zero backoff must not spin forever).
    if (state.transientWaitedMs + waitMs > limitMs || count > MAX_TRANSIENT_RETRIES) {
      const message = `${outcome.message} (gave up after ${count - 1} retries over ${Math.round(state.transientWaitedMs / 60_000)} min)`;
      return { action: 'give_up', outcome: { ...outcome, kind: 'error', healable: false, message } };
    }
    const until = new Date(now + waitMs).toISOString();
    const reason = outcome.transientReason === 'rate_limit' || outcome.transientReason === 'usage_limit' ? 'rate_limit' : 'transient_error';
    return {
      action: 'wait',
      waitMs,
      wait: {
        reason,
        message: `Waiting for the API (${outcome.transientReason?.replace('_', ' ')}): retrying at ${until.slice(11, 19)} UTC`,
        since: new Date(now).toISOString(),
        until,
      },
      note: `transient failure, not counted as a failure: ${outcome.message}; retry ${count} in ${Math.round(waitMs / 1000)} s`,
    };
  }
  const fallback = config.fallbackModel;
  if (outcome.kind === 'model_unavailable' && fallback && state.model !== fallback) return { action: 'fallback', model: fallback };
  return { action: 'return' };
}

/**
 * A previous owner stopped in the middle of an API wait (rate limit, overload) and left it in the state:
 * wait out what is left of it before calling again, then clear it — it must not outlive the wait.
 */
export async function finishInterruptedWait(ctx: DriveContext): Promise<void> {
  const wait = ctx.orch.wait;
  if (!wait || (wait.reason !== 'rate_limit' && wait.reason !== 'transient_error')) return;
  const leftMs = Math.max(0, wait.until ? Date.parse(wait.until) - ctx.clock.now() : 0);
  const what = wait.reason.replace('_', ' ');
  logEntry(
    ctx.orch,
    'reconcile',
    leftMs > 0
      ? `the previous owner stopped while waiting for the API (${what}): waiting the remaining ${Math.ceil(leftMs / 1000)} s before retrying`
      : `the previous owner stopped while waiting for the API (${what}): the wait is over, retrying now`,
    { reason: wait.reason, until: wait.until, leftMs },
  );
  try {
    if (leftMs > 0) {
      await ctx.save();
      await ctx.clock.sleep(leftMs, ctx.signal);
    }
  } finally {
    delete ctx.orch.wait;
  }
}
