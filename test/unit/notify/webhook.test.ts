import assert from 'node:assert/strict';
import { EngineEvents } from '../../../src/core/engine/events';
import type { OrchestrationExecution } from '../../../src/core/model/execution';
import { notificationFor, type Notification } from '../../../src/core/notify/notification';
import { RunNotifier } from '../../../src/core/notify/runNotifier';
import { WebhookNotifier, type WebhookOptions } from '../../../src/core/notify/webhook';
import { run } from './fixtures';
import { recordingLogger, startReceiver, type Receiver } from './receiver';

const SECRETS = ['SECRET-7c1e9a', 'tok_5f2b8d'];
const secretUrl = (r: Receiver) => `${r.base}/hooks/SECRET-7c1e9a?token=tok_5f2b8d`;
const since = '2026-03-01T10:00:00.000Z';
const failed: Notification = notificationFor('running', run({ status: 'failed' }))!;

function assertNoSecret(texts: string[]): void {
  for (const t of texts) for (const s of SECRETS) assert.ok(!t.includes(s), `the URL leaked: ${t}`);
}

function notifier(url: string, extra: Partial<WebhookOptions> = {}) {
  const logger = recordingLogger();
  const sleeps: number[] = [];
  const n = new WebhookNotifier({
    url,
    logger,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
  return { n, logger, sleeps };
}

describe('WebhookNotifier against a real receiver on 127.0.0.1', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('gets one message per outcome for a sequence of status changes', async () => {
    receiver = await startReceiver();
    const events = new EngineEvents();
    const logger = recordingLogger();
    const webhook = new WebhookNotifier({ url: secretUrl(receiver), logger });
    const notifier = new RunNotifier({ sinks: [webhook], logger, reportPath: (o) => `${o.projectPath}/.specflow/reports/orchestration-${o.id}.md` });
    notifier.subscribe(events);
    const states: Partial<OrchestrationExecution>[] = [
      { status: 'running' },
      { status: 'running', taskProgress: { completed: 14, total: 35 } },
      { status: 'waiting', wait: { reason: 'user_gate', message: 'Waiting at the USER GATE: confirm the phase, then merge', since } },
      { status: 'waiting', wait: { reason: 'user_gate', message: 'Waiting at the USER GATE: confirm the phase, then merge', since } },
      { status: 'running' },
      { status: 'paused', wait: { reason: 'usage_limit', message: 'Usage limit (5-hour): paused', since, until: '2026-03-01T15:00:00.000Z' } },
      { status: 'running' },
      { status: 'budget_exceeded' },
      { status: 'running' },
      { status: 'failed' },
      { status: 'running' },
      { status: 'merge_ready' },
      { status: 'merge_ready' },
      { status: 'running', phase: 'merge' },
      { status: 'completed' },
      { status: 'completed' },
    ];
    for (const s of states) events.emit('run', { orchestration: run(s) });
    assert.equal(await notifier.idle(10_000), true);
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as { event: string; reportPath: string; runId: string });
    assert.deepEqual(bodies.map((b) => b.event).sort(), [
      'orchestration.budget_exceeded',
      'orchestration.completed',
      'orchestration.failed',
      'orchestration.merge_ready',
      'orchestration.usage_limit',
      'orchestration.user_gate',
    ]);
    for (const r of receiver.received) {
      assert.equal(r.method, 'POST');
      assert.equal(r.path, '/hooks/SECRET-7c1e9a?token=tok_5f2b8d');
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    }
    assert.ok(bodies.every((b) => b.reportPath === '/home/dev/shop-api/.specflow/reports/orchestration-20260301-100000-abcdef.md'));
    assert.equal(logger.lines.filter((l) => l.startsWith('info: notify: webhook (json, http://127.0.0.1:')).length, 6);
    assertNoSecret(logger.lines);
  });

  it('retries a receiver that fails twice (500) and succeeds on the third attempt, backing off 1 s then 4 s', async () => {
    receiver = await startReceiver([
      { status: 500, body: 'oops' },
      { status: 500, body: 'oops' },
      { status: 200, body: 'ok' },
    ]);
    const { n, logger, sleeps } = notifier(secretUrl(receiver));
    const r = await n.send(failed);
    assert.deepEqual(r, { delivered: true, attempts: 3, status: 200 });
    assert.equal(receiver.received.length, 3);
    assert.deepEqual(sleeps, [1000, 4000]);
    assert.deepEqual(
      logger.lines.map((l) => l.replace(/127\.0\.0\.1:\d+/, 'HOST')),
      [
        'warn: notify: webhook (json, http://HOST/…) attempt 1 of 3 failed: HTTP 500: oops; retrying in 1 s',
        'warn: notify: webhook (json, http://HOST/…) attempt 2 of 3 failed: HTTP 500: oops; retrying in 4 s',
        'info: notify: webhook (json, http://HOST/…) delivered "Failed" (attempt 3 of 3, HTTP 200)',
      ],
    );
  });

  it('honours a short Retry-After on 429, and stops at once on a 404', async () => {
    receiver = await startReceiver([{ status: 429, headers: { 'retry-after': '2' } }, { status: 204 }]);
    const a = notifier(secretUrl(receiver));
    assert.deepEqual(await a.n.send(failed), { delivered: true, attempts: 2, status: 204 });
    assert.deepEqual(a.sleeps, [2000]);
    await receiver.close();
    receiver = await startReceiver([{ status: 404, body: `Cannot POST /hooks/SECRET-7c1e9a` }]);
    const b = notifier(secretUrl(receiver));
    const r = await b.n.send(failed);
    assert.equal(r.delivered, false);
    assert.equal(r.attempts, 1);
    assert.equal(r.problem, 'HTTP 404: Cannot POST …');
    assert.equal(receiver.received.length, 1);
    assertNoSecret([...a.logger.lines, ...b.logger.lines, r.problem]);
  });

  it('does not follow a redirect with the notification', async () => {
    receiver = await startReceiver([{ status: 302, headers: { location: '/elsewhere' } }]);
    const { n } = notifier(secretUrl(receiver));
    assert.deepEqual(await n.send(failed), {
      delivered: false,
      attempts: 1,
      status: 302,
      problem: 'HTTP 302 (a redirect: notifications are not re-sent to another address)',
    });
    assert.deepEqual(
      receiver.received.map((r) => r.path),
      ['/hooks/SECRET-7c1e9a?token=tok_5f2b8d'],
    );
  });

  it('abandons a receiver that never answers at the time-out, and resolves', async () => {
    receiver = await startReceiver(['hang']);
    const { n, logger, sleeps } = notifier(secretUrl(receiver), { timeoutMs: 300, retry: { attempts: 2 } });
    const r = await n.send(failed);
    assert.deepEqual(r, { delivered: false, attempts: 2, problem: 'no answer within 0.3 s' });
    assert.equal(receiver.received.length, 2);
    assert.deepEqual(sleeps, [1000]);
    assert.match(
      logger.lines.at(-1)!,
      /^warn: notify: webhook \(json, http:\/\/127\.0\.0\.1:\d+\/…\) not delivered "Failed" \(attempt 2 of 2\): no answer within 0\.3 s; gave up after 2 attempts$/,
    );
  });

  it('never throws and never names the URL: refused connections, unparsable URLs, a throwing fetch', async () => {
    receiver = await startReceiver();
    const closedUrl = secretUrl(receiver);
    await receiver.close();
    receiver = undefined;
    const refused = notifier(closedUrl);
    const r1 = await refused.n.send(failed);
    assert.equal(r1.delivered, false);
    assert.equal(r1.attempts, 3);
    assert.match(r1.problem!, /ECONNREFUSED/);

    const broken = notifier('htps:/hooks.slack.com services/SECRET-7c1e9a?token=tok_5f2b8d');
    const r2 = await broken.n.send(failed);
    assert.deepEqual(r2, { delivered: false, attempts: 0, problem: 'the URL is not a valid http(s) URL; nothing sent' });
    assert.equal(broken.n.name, 'webhook (json, <webhook URL>)');

    const throwing = notifier('https://hooks.slack.com/services/SECRET-7c1e9a?token=tok_5f2b8d', {
      fetch: (input) =>
        Promise.reject(new TypeError(`Failed to parse URL from ${typeof input === 'string' ? input : input instanceof URL ? input.href : input.url}`)),
    });
    const r3 = await throwing.n.send(failed);
    assert.equal(r3.delivered, false);
    assert.equal(r3.problem, 'Failed to parse URL from …');
    assertNoSecret([...refused.logger.lines, ...broken.logger.lines, ...throwing.logger.lines, r1.problem!, r2.problem, r3.problem, throwing.n.name]);
  });
});
