import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RunNotifier } from '../../../src/core/notify/runNotifier';
import type { Notification } from '../../../src/core/notify/notification';
import type { NotificationSink } from '../../../src/core/notify/sink';
import { WebhookNotifier } from '../../../src/core/notify/webhook';
import { inProcess } from '../../support/inProcess';
import { sectionedTasks } from '../../support/projects';
import { entry, run } from './fixtures';
import { recordingLogger, startReceiver } from './receiver';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function collecting(): NotificationSink & { got: Notification[] } {
  const got: Notification[] = [];
  return { name: 'test', got, send: (n) => Promise.resolve(void got.push(n)) };
}

describe("RunNotifier: the engine's run events to the sinks", () => {
  it('a whole in-process run sends exactly one message (merge ready) and writes the URL nowhere under .specflow/', async () => {
    const receiver = await startReceiver();
    const r = inProcess({ tasks: sectionedTasks(6, 3) });
    try {
      const url = `${receiver.base}/hook/SECRET-41d0c2`;
      const logger = recordingLogger();
      const notifier = new RunNotifier({
        sinks: [new WebhookNotifier({ url, logger })],
        logger,
        reportPath: (o) => `.specflow/reports/orchestration-${o.id}.md`,
      });
      notifier.subscribe(r.orchestrator.events);
      const done = await r.start();
      assert.equal(done.status, 'merge_ready');
      assert.equal(await notifier.idle(10_000), true);
      assert.equal(receiver.received.length, 1);
      const body = JSON.parse(receiver.received[0]!.body) as { event: string; reportPath: string; summary: string };
      assert.equal(body.event, 'orchestration.merge_ready');
      assert.equal(body.reportPath, `.specflow/reports/orchestration-${done.id}.md`);
      assert.match(body.summary, /^Tasks 6\/6 · \$0\.\d\d of \$50\.00$/);
      const files = filesUnder(join(r.project.dir, '.specflow'));
      assert.ok(files.length > 3, files.join('\n'));
      for (const f of files) assert.ok(!readFileSync(f, 'utf8').includes('SECRET-41d0c2'), f);
      assert.ok(logger.lines.every((l) => !l.includes('SECRET-41d0c2')));
    } finally {
      r.project.cleanup();
      await receiver.close();
    }
  });

  it('a failing run sends one "failed" message with the error', async () => {
    const r = inProcess({
      tasks: sectionedTasks(4, 2),
      script: (c) => (c.kind === 'implement' || c.kind === 'heal' ? { check: 0, error: { text: 'tests failed: 3 of 40' } } : undefined),
    });
    try {
      const sink = collecting();
      const notifier = new RunNotifier({ sinks: [sink], logger: recordingLogger() });
      notifier.subscribe(r.orchestrator.events);
      const done = await r.start();
      assert.equal(done.status, 'failed');
      assert.equal(await notifier.idle(1000), true);
      assert.deepEqual(
        sink.got.map((n) => n.outcome.name),
        ['failed'],
      );
      assert.match(sink.got[0]!.summary, /tests failed: 3 of 40/);
    } finally {
      r.project.cleanup();
    }
  });

  it('a run first seen resting in a status it entered earlier is not news; its next change is', async () => {
    const sink = collecting();
    const notifier = new RunNotifier({ sinks: [sink], logger: recordingLogger(), now: () => Date.parse('2026-03-01T12:00:00.000Z') });
    const entered = entry(7, 'merge ready', { status: 'running', phase: 'verify' }, { status: 'merge_ready', phase: 'merge' }, '2026-03-01T11:00:00.000Z');
    assert.equal(notifier.observe(run({ status: 'merge_ready', decisionLog: [entered] })), undefined);
    // Another run that failed after the notifier started: news even at first sight.
    const fresh = entry(3, 'failed', { status: 'running', phase: 'implement' }, { status: 'failed', phase: 'implement' }, '2026-03-01T12:00:05.000Z');
    assert.equal(notifier.observe(run({ id: '20260301-120000-bbbbbb', status: 'failed', decisionLog: [fresh] }))?.outcome.name, 'failed');
    assert.equal(notifier.observe(run({ status: 'running' })), undefined);
    assert.equal(notifier.observe(run({ status: 'completed' }))?.outcome.name, 'completed');
    assert.equal(await notifier.idle(1000), true);
    assert.deepEqual(
      sink.got.map((n) => n.runId),
      ['20260301-120000-bbbbbb', '20260301-100000-abcdef'],
    );
  });

  it('a sink that throws or hangs does not break the others; idle() is bounded', async () => {
    const good = collecting();
    const logger = recordingLogger();
    const throwing: NotificationSink = {
      name: 'broken',
      send: () => {
        throw new Error('boom');
      },
    };
    const hanging: NotificationSink = { name: 'slow', send: () => new Promise(() => undefined) };
    const notifier = new RunNotifier({ sinks: [throwing, hanging, good], logger });
    notifier.observe(run({ status: 'running' }));
    assert.equal(notifier.observe(run({ status: 'budget_exceeded' }))?.outcome.name, 'budget_exceeded');
    assert.equal(await notifier.idle(50), false, 'the hanging sink is still under way');
    assert.equal(good.got.length, 1);
    assert.deepEqual(logger.lines, ['warn: notify: broken failed: boom']);
  });
});
