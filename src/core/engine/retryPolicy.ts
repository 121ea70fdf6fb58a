// What to do after an agent call ends: return it, wait and call again, pause the run until a usage limit
// resets, give up after too long, or retry on the fallback model. Rate limits, overload and network
// trouble are waited out with back-off; a subscriber's usage limit is waited out until its reset (plus a
// little jitter) with no request in between, or — when it resets later than maxLimitWaitHours — pauses
// the run until then. None of these is a failure or a heal attempt. The decision is pure; the waiting is
// done by the caller through the clock port.
import type { ClassifiedOutcome } from '../agent/classifyOutcome';
import { limitLabel, type UsageLimit } from '../agent/usageLimit';
import type { OrchestrationConfig } from '../model/config';
import type { Wait } from '../model/execution';
import { sleepInRun, type DriveContext } from './context';
import { logEntry } from './decisionLog';
import { endWait } from './waits';

const MAX_BACKOFF_MS = 15 * 60_000;
const MAX_TRANSIENT_RETRIES = 50;
/** A usage limit with no reset time is asked about again at most this often. */
const UNKNOWN_RESET_MS = 30 * 60_000;
/** The limit lifts at its reset time; calling a few seconds later avoids being refused at the boundary. */
const RESET_JITTER_MS = [5_000, 20_000] as const;

export interface RetryState {
  transientCount: number;
  transientWaitedMs: number;
  model: string;
}

export type RetryDecision =
  | { action: 'return' }
  | { action: 'wait'; waitMs: number; wait: Wait; note: string }
  | { action: 'pause'; wait: Wait; note: string }
  | { action: 'give_up'; outcome: ClassifiedOutcome }
  | { action: 'fallback'; model: string };

function clockText(at: number): string {
  return new Date(at).toISOString().slice(11, 16) + ' UTC';
}

function dateText(at: number, now: number): string {
  const iso = new Date(at).toISOString();
  return at - now < 20 * 3_600_000 ? clockText(at) : `${iso.slice(0, 10)} ${clockText(at)}`;
}

function limitEvidence(limit: UsageLimit): Record<string, unknown> {
  return { limitType: limit.type, resetsAt: limit.resetsAt ? new Date(limit.resetsAt).toISOString() : null, text: limit.text.slice(0, 300) };
}

function decideLimit(limit: UsageLimit, config: OrchestrationConfig, now: number, jitter: number): RetryDecision {
  const label = limitLabel(limit.type);
  if (!limit.resetsAt) {
    const waitMs = UNKNOWN_RESET_MS;
    const until = new Date(now + waitMs).toISOString();
    const wait: Wait = {
      reason: 'usage_limit',
      message: `Usage limit (${label}, no reset time given): asking again at ${clockText(now + waitMs)}`,
      since: new Date(now).toISOString(),
      until,
      evidence: limitEvidence(limit),
    };
    return { action: 'wait', waitMs, wait, note: `${label} reached and claude gave no reset time: waiting ${Math.round(waitMs / 60_000)} min, not a failure` };
  }
  const resetIn = Math.max(0, limit.resetsAt - now);
  const until = new Date(limit.resetsAt + jitter).toISOString();
  const base = { since: new Date(now).toISOString(), until, evidence: limitEvidence(limit) };
  if (resetIn > config.maxLimitWaitHours * 3_600_000) {
    const wait: Wait = { reason: 'usage_limit', message: `Usage limit (${label}): paused until it resets at ${dateText(limit.resetsAt, now)}`, ...base };
    return {
      action: 'pause',
      wait,
      note: `${label} reached; it resets at ${dateText(limit.resetsAt, now)}, later than maxLimitWaitHours (${config.maxLimitWaitHours} h): the run pauses until then`,
    };
  }
  const waitMs = resetIn + jitter;
  // the time the run goes on (the reset plus the margin): the same moment every countdown shows
  const wait: Wait = { reason: 'usage_limit', message: `Usage limit (${label}): resumes at ${dateText(limit.resetsAt + jitter, now)}`, ...base };
  return {
    action: 'wait',
    waitMs,
    wait,
    note: `${label} reached: waiting until it resets at ${dateText(limit.resetsAt, now)} (${Math.round(waitMs / 60_000)} min), with no request in between; not a failure`,
  };
}

/** `jitter` is injected so tests are exact; the caller draws it at random. */
export function decideRetry(
  outcome: ClassifiedOutcome,
  state: RetryState,
  config: OrchestrationConfig,
  now: number,
  jitter: number = RESET_JITTER_MS[0],
): RetryDecision {
  if (outcome.kind === 'transient' && outcome.limit) return decideLimit(outcome.limit, config, now, jitter);
  if (outcome.kind === 'transient') {
    const count = state.transientCount + 1;
    const limitMs = config.maxRateLimitWaitMinutes * 60_000;
    const waitMs = Math.min(config.retryBackoffSeconds * 1000 * 2 ** (count - 1), MAX_BACKOFF_MS);
    // Bounded by time and by count (a zero backoff must not spin forever).
    if (state.transientWaitedMs + waitMs > limitMs || count > MAX_TRANSIENT_RETRIES) {
      const message = `${outcome.message} (gave up after ${count - 1} retries over ${Math.round(state.transientWaitedMs / 60_000)} min)`;
      return { action: 'give_up', outcome: { ...outcome, kind: 'error', healable: false, message } };
    }
    const until = new Date(now + waitMs).toISOString();
    const reason = outcome.transientReason === 'rate_limit' ? 'rate_limit' : 'transient_error';
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

/** The margin after a limit's reset: 5–20 s at the default 30 s retry backoff, scaled down with a shorter
 * backoff (a CI job or a test that retries fast also waits out a reset fast). */
export function resetJitter(config: Pick<OrchestrationConfig, 'retryBackoffSeconds'>): number {
  const scale = Math.min(1, config.retryBackoffSeconds / 30);
  const [low, high] = RESET_JITTER_MS.map((ms) => ms * scale) as [number, number];
  return Math.round(low + Math.random() * (high - low));
}

const API_WAITS = ['rate_limit', 'usage_limit', 'transient_error'];

/**
 * A previous owner stopped in the middle of an API wait (usage limit, rate limit, overload) and left it in
 * the state: wait out what is left of it before calling again, then end it — it must not outlive the wait.
 */
export async function finishInterruptedWait(ctx: DriveContext): Promise<void> {
  const wait = ctx.orch.wait;
  if (!wait || !API_WAITS.includes(wait.reason)) return;
  const leftMs = Math.max(0, wait.until ? Date.parse(wait.until) - ctx.clock.now() : 0);
  const what = wait.reason.replace('_', ' ');
  logEntry(
    ctx.orch,
    'reconcile',
    leftMs > 0
      ? `the previous owner stopped while waiting (${what}): waiting the remaining ${Math.ceil(leftMs / 1000)} s before calling again`
      : `the previous owner stopped while waiting (${what}): the wait is over, calling again now`,
    { reason: wait.reason, until: wait.until, leftMs },
  );
  try {
    if (leftMs > 0) {
      await ctx.save();
      await sleepInRun(ctx, leftMs);
    }
  } finally {
    endWait(ctx.orch, ctx.clock.now());
  }
}
