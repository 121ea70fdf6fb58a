// Delivers notifications to one webhook: POST with Node's fetch, a time-out per request, retries with
// back-off (Retry-After honoured when short), one log line per attempt. It never throws and never holds the
// run up: the caller fires and forgets (the promise is there for tests and for a bounded wait at exit).
// The URL is a secret: it is never logged, never put in a message, never stored; logs name the format and host.
import { formatFor, webhookRequest, type NotifyFormat, type WebhookRequest } from './formats';
import type { Notification } from './notification';
import { redactUrl, scrubUrl } from './redact';
import { DEFAULT_RETRY, nextRetry, type AttemptOutcome, type RetryOptions } from './retryPolicy';
import type { NotificationSink, NotifyLogger } from './sink';

export interface WebhookOptions {
  url: string;
  /** Overrides the format picked from the URL. */
  format?: NotifyFormat;
  logger: NotifyLogger;
  /** Per request, body included. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  status?: number;
  /** Why it was not delivered (scrubbed of the URL). */
  problem?: string;
}

const SNIPPET = 200;

function httpUrl(url: string): URL | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

function describeError(e: unknown): string {
  const err = e as { message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const cause = err?.cause;
  if (cause && typeof cause.message === 'string') return cause.message;
  return typeof err?.message === 'string' ? err.message : String(e);
}

function isTimeout(e: unknown): boolean {
  const name = (e as { name?: unknown })?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

export class WebhookNotifier implements NotificationSink {
  readonly format: NotifyFormat;
  /** "webhook (slack, https://hooks.slack.com/…)": how logs and messages name this webhook. */
  readonly name: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly opts: WebhookOptions) {
    this.format = formatFor(opts.url, opts.format);
    this.name = `webhook (${this.format}, ${redactUrl(opts.url)})`;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.fetchFn = opts.fetch ?? fetch;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = opts.now ?? Date.now;
  }

  /** Resolves when delivered or given up; never rejects. */
  async send(n: Notification): Promise<DeliveryResult> {
    try {
      return await this.deliver(n);
    } catch (e) {
      const problem = this.scrub(describeError(e));
      this.opts.logger.warn(`notify: ${this.name} not delivered "${n.outcome.label}": ${problem}`);
      return { delivered: false, attempts: 0, problem };
    }
  }

  private scrub(text: string): string {
    return scrubUrl(text, this.opts.url);
  }

  private async deliver(n: Notification): Promise<DeliveryResult> {
    if (!httpUrl(this.opts.url)) throw new Error('the URL is not a valid http(s) URL; nothing sent');
    const req = webhookRequest(this.format, this.opts.url, n);
    const { logger } = this.opts;
    for (let attempt = 1; ; attempt++) {
      const o = await this.attemptOnce(req);
      const of = `attempt ${attempt} of ${this.retry.attempts}`;
      if (o.kind === 'response' && o.status >= 200 && o.status < 300) {
        logger.info(`notify: ${this.name} delivered "${n.outcome.label}" (${of}, HTTP ${o.status})`);
        return { delivered: true, attempts: attempt, status: o.status };
      }
      const problem = this.describe(o);
      const next = nextRetry(attempt, o, this.retry, this.now());
      if (!next.retry) {
        logger.warn(`notify: ${this.name} not delivered "${n.outcome.label}" (${of}): ${problem}; ${next.why}`);
        return { delivered: false, attempts: attempt, problem, ...(o.kind === 'response' ? { status: o.status } : {}) };
      }
      logger.warn(`notify: ${this.name} ${of} failed: ${problem}; retrying in ${Math.round(next.delayMs / 100) / 10} s`);
      await this.sleep(next.delayMs);
    }
  }

  private describe(o: AttemptOutcome & { body?: string }): string {
    switch (o.kind) {
      case 'timeout':
        return `no answer within ${Math.round(this.timeoutMs / 100) / 10} s`;
      case 'network':
        return this.scrub(o.message);
      case 'response': {
        if (o.status >= 300 && o.status < 400) return `HTTP ${o.status} (a redirect: notifications are not re-sent to another address)`;
        // Scrubbed before it is cut: a cut could leave half a token that no longer matches.
        const body = this.scrub(o.body ?? '')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, SNIPPET);
        return `HTTP ${o.status}${body ? `: ${body}` : ''}`;
      }
    }
  }

  private async attemptOnce(req: WebhookRequest): Promise<AttemptOutcome & { body?: string }> {
    try {
      const res = await this.fetchFn(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(this.timeoutMs),
        // A redirect would turn the POST into a GET or carry the body to a host the user never named.
        redirect: 'manual',
      });
      const body = await res.text().catch(() => '');
      return { kind: 'response', status: res.status, retryAfter: res.headers.get('retry-after'), body };
    } catch (e) {
      return isTimeout(e) ? { kind: 'timeout' } : { kind: 'network', message: describeError(e) };
    }
  }
}
