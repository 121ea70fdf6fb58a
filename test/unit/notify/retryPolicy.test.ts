import assert from 'node:assert/strict';
import { DEFAULT_RETRY, nextRetry, parseRetryAfter } from '../../../src/core/notify/retryPolicy';

const now = Date.parse('2026-03-01T10:00:00Z');

describe('webhook retry policy', () => {
  it('backs off 1 s then 4 s over 3 attempts on network errors, time-outs, 408, 429 and 5xx', () => {
    assert.deepEqual(nextRetry(1, { kind: 'response', status: 500 }, DEFAULT_RETRY, now), { retry: true, delayMs: 1000 });
    assert.deepEqual(nextRetry(2, { kind: 'network', message: 'ECONNRESET' }, DEFAULT_RETRY, now), { retry: true, delayMs: 4000 });
    assert.deepEqual(nextRetry(1, { kind: 'timeout' }, DEFAULT_RETRY, now), { retry: true, delayMs: 1000 });
    assert.deepEqual(nextRetry(1, { kind: 'response', status: 408 }, DEFAULT_RETRY, now), { retry: true, delayMs: 1000 });
    assert.deepEqual(nextRetry(3, { kind: 'response', status: 503 }, DEFAULT_RETRY, now), { retry: false, why: 'gave up after 3 attempts' });
  });

  it('does not retry an answer that will not change', () => {
    for (const status of [400, 401, 403, 404, 410, 301])
      assert.equal(nextRetry(1, { kind: 'response', status }, DEFAULT_RETRY, now).retry, false, String(status));
  });

  it('honours a short Retry-After, gives up on a long one', () => {
    assert.deepEqual(nextRetry(1, { kind: 'response', status: 429, retryAfter: '2' }, DEFAULT_RETRY, now), { retry: true, delayMs: 2000 });
    assert.deepEqual(nextRetry(1, { kind: 'response', status: 503, retryAfter: 'Sun, 01 Mar 2026 10:00:10 GMT' }, DEFAULT_RETRY, now), {
      retry: true,
      delayMs: 10_000,
    });
    assert.deepEqual(nextRetry(1, { kind: 'response', status: 429, retryAfter: '3600' }, DEFAULT_RETRY, now), {
      retry: false,
      why: 'the server asks to wait 3600 s (Retry-After)',
    });
    assert.deepEqual(nextRetry(1, { kind: 'response', status: 429, retryAfter: 'soon' }, DEFAULT_RETRY, now), { retry: true, delayMs: 1000 });
  });

  it('parses both forms of Retry-After', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('-1', now), undefined);
  });
});
