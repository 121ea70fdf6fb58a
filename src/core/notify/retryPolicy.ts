// When a failed webhook delivery is tried again. Pure: the notifier asks, sleeps and tries.

export interface RetryOptions {
  /** Total attempts, the first included. */
  attempts: number;
  /** The pause before attempt 2, 3…; the last value repeats. */
  backoffMs: readonly number[];
  /** A Retry-After above this is not waited for: a notification hours late is noise. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 3, backoffMs: [1000, 4000], maxRetryAfterMs: 30_000 };

/** What one attempt came to: its HTTP status, or the reason no response came. */
export type AttemptOutcome = { kind: 'response'; status: number; retryAfter?: string | null } | { kind: 'network'; message: string } | { kind: 'timeout' };

/** Network errors, time-outs, 408, 429 and 5xx may pass; any other answer will be the same next time. */
function isRetryable(o: AttemptOutcome): boolean {
  if (o.kind !== 'response') return true;
  return o.status === 408 || o.status === 429 || o.status >= 500;
}

/** `Retry-After: 5` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; why: string };

/** After attempt `attempt` (1-based) failed with `o`: try again, and after how long, or stop and why. */
export function nextRetry(attempt: number, o: AttemptOutcome, opts: RetryOptions, now: number): RetryDecision {
  if (!isRetryable(o)) return { retry: false, why: 'the answer will not change on a retry' };
  if (attempt >= opts.attempts) return { retry: false, why: `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}` };
  const retryAfterMs = o.kind === 'response' ? parseRetryAfter(o.retryAfter, now) : undefined;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > opts.maxRetryAfterMs) return { retry: false, why: `the server asks to wait ${Math.round(retryAfterMs / 1000)} s (Retry-After)` };
    return { retry: true, delayMs: retryAfterMs };
  }
  const i = Math.min(attempt - 1, opts.backoffMs.length - 1);
  return { retry: true, delayMs: opts.backoffMs[i] ?? 0 };
}
