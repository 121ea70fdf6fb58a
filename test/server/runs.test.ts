// Whole runs through the API, driven by the fake agent: `{}` starts one with the defaults, the event stream
// tells it from start to merge ready, a second start is refused with the running id, status is exactly
// `status --json`, and cancel, resume (with a config patch), pause and merge work on a run the server drives.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../src/core/model/config';
import type { OrchestrationExecution } from '../../src/core/model/execution';
import { buildReport } from '../../src/core/report/buildReport';
import { writeReport } from '../../src/core/report/reportFiles';
import type { AcceptedRun, RunEvent } from '../../src/server/schemas';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { call, cliBundle, openEvents, runCli, serve, waitForStatus, type ErrorReply, type Served, type SseEvent } from './support';

const BASE = '/api/workflow/orchestrate';

/** Consecutive duplicates removed: the sequence of states a watcher saw. */
function transitions(values: string[]): string[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}

/** The first run checked every task: give the next one open tasks again. */
function reopenTasks(p: TestProject): void {
  writeFileSync(p.tasksFile, sectionedTasks(6, 2));
  execFileSync('git', ['commit', '-qam', 'reopen tasks'], { cwd: p.dir, env: { ...process.env, ...p.env } });
}

const runs = (events: SseEvent[]) => events.filter((e) => e.event === 'run').map((e) => e.data as RunEvent);

describe('serve: runs over HTTP', function () {
  this.timeout(120_000);
  let p: TestProject;
  let s: Served;

  before(async () => {
    cliBundle();
    p = makeProject({ tasks: sectionedTasks(6, 2) });
    p.setScenario({ defaults: { delayMsPerTask: 150 }, rules: [] });
    s = await serve([p.dir], p.env);
  });
  after(async () => {
    await s?.stop();
    p?.cleanup();
  });

  it('starts a run with the default options from {}, streams it to merge ready, and refuses a second start', async () => {
    const started = await call<AcceptedRun>(s, 'POST', BASE, { body: {} });
    assert.equal(started.status, 202, started.text);
    const { id } = started.body;
    assert.match(id, /^\d{8}-\d{6}/);
    assert.equal(started.body.status, 'running');
    assert.equal(started.body.projectId, 'project');
    const stream = await openEvents(s, started.body.links.events);
    assert.equal(stream.status, 200);
    await stream.until((e) => e.event === 'run' && (e.data as RunEvent).status === 'merge_ready');

    const seen = runs(stream.events);
    assert.deepEqual(transitions(seen.map((r) => r.status)), ['running', 'merge_ready']);
    // Design is skipped (spec.md exists); a fast client may see the run before it is.
    assert.deepEqual(transitions(seen.map((r) => r.phase).filter((ph) => ph !== 'design')), ['analyze', 'implement', 'verify', 'merge']);
    assert.ok(seen.every((r) => r.id === id && r.projectId === 'project'));

    const stored = (await call<OrchestrationExecution>(s, 'GET', `${BASE}/status?id=${id}`)).body;
    assert.deepEqual(stored.config, DEFAULT_CONFIG, '{} means the default options');
    const decisions = stream.events.filter((e) => e.event === 'decision').map((e) => (e.data as { entry: { seq: number } }).entry.seq);
    assert.deepEqual(
      decisions,
      stored.decisionLog.map((d) => d.seq),
      'every decision, once, in order',
    );
    assert.deepEqual(
      stream.events.filter((e) => e.event === 'decision').map((e) => e.id),
      decisions.map(String),
    );
    const batchEvents = stream.events.filter((e) => e.event === 'batch').map((e) => e.data as { batch: { index: number; status: string } });
    for (const b of stored.batches) {
      assert.deepEqual(
        transitions(batchEvents.filter((e) => e.batch.index === b.index).map((e) => e.batch.status)),
        ['pending', 'running', 'completed'],
        `batch ${b.index}`,
      );
    }
    const activity = stream.events.filter((e) => e.event === 'activity').map((e) => e.data as { orchestrationId: string; kind: string });
    assert.ok(activity.some((a) => a.kind === 'implement'));
    assert.ok(activity.every((a) => a.orchestrationId === id));
    stream.destroy();

    const again = await call<ErrorReply>(s, 'POST', BASE, { body: {} });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'already_in_progress');
    assert.match(again.body.error.message, /^Orchestration already in progress/);
    assert.equal(again.body.error.existingId, id);
  });

  it('answers status exactly as `status --json`, list as `list --json`, and the report once it exists', async () => {
    const status = await call<OrchestrationExecution>(s, 'GET', `${BASE}/status`);
    assert.equal(status.status, 200);
    const cli = runCli(['status', '--project', p.dir, '--json'], p.env);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(status.body, JSON.parse(cli.stdout));
    const list = await call(s, 'GET', `${BASE}/list`);
    assert.deepEqual(list.body, JSON.parse(runCli(['list', '--project', p.dir, '--json'], p.env).stdout));

    const id = status.body.id;
    const url = `${BASE}/report?id=${id}`;
    const before = await call<ErrorReply>(s, 'GET', url);
    if (before.status === 404) assert.equal(before.body.error.code, 'report_not_found');
    else assert.equal(before.status, 200, `a report written by the engine is served: ${before.text.slice(0, 200)}`);
    const paths = await writeReport(p.dir, buildReport(status.body, { remaining: { open: [], blocked: [], deferred: [] } }));
    const json = await call(s, 'GET', url);
    assert.equal(json.status, 200, json.text);
    assert.deepEqual(json.body, JSON.parse(readFileSync(paths.jsonPath, 'utf8')));
    const md = await call(s, 'GET', `${url}&format=md`);
    assert.equal(md.text, readFileSync(paths.markdownPath, 'utf8'));
    assert.match(md.headers.get('content-type') ?? '', /^text\/markdown/);
    const svg = await call(s, 'GET', `${url}&format=svg`);
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(svg.text, /<svg/);
    writeFileSync(paths.jsonPath, '{"not":"a report"}');
    const damaged = await call<ErrorReply>(s, 'GET', url);
    assert.equal(damaged.status, 500);
    assert.equal(damaged.body.error.code, 'report_unreadable');
    await writeReport(p.dir, buildReport(status.body, { remaining: { open: [], blocked: [], deferred: [] } }));
  });

  it('merges a merge-ready run, then refuses to cancel the completed one', async () => {
    const merged = await call<AcceptedRun>(s, 'POST', `${BASE}/merge`, { body: {} });
    assert.equal(merged.status, 202, merged.text);
    assert.equal(merged.body.phase, 'merge');
    const done = await waitForStatus(s, `id=${merged.body.id}`, ['completed', 'failed']);
    assert.equal(done.status, 'completed');
    const cancel = await call<ErrorReply>(s, 'POST', `${BASE}/cancel`, { body: { id: done.id } });
    assert.equal(cancel.status, 409);
    assert.equal(cancel.body.error.code, 'state_conflict');
  });

  it('cancels a run it drives, resumes it with a config patch, pauses it and resumes it to merge ready', async () => {
    reopenTasks(p);
    p.setScenario({ defaults: { delayMsPerTask: 1_000 }, rules: [] });
    const started = await call<AcceptedRun>(s, 'POST', BASE, { body: { config: { skipAnalyze: true, budget: { totalUsd: 20 } } } });
    assert.equal(started.status, 202, started.text);
    const { id } = started.body;
    const stream = await openEvents(s, started.body.links.events);
    await stream.until((e) => e.event === 'batch' && (e.data as { batch: { status: string } }).batch.status === 'running');

    const cancelled = await call<OrchestrationExecution>(s, 'POST', `${BASE}/cancel`, { body: { id } });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.status, 'cancelled');

    const badPatch = await call<ErrorReply>(s, 'POST', `${BASE}/resume`, { body: { id, config: { maxHealAttempts: 99 } } });
    assert.equal(badPatch.status, 400);
    assert.equal(badPatch.body.error.code, 'invalid_config');
    assert.ok(badPatch.body.error.issues?.some((i) => i.startsWith('maxHealAttempts')));

    const resumed = await call<AcceptedRun>(s, 'POST', `${BASE}/resume`, { body: { id, config: { budget: { totalUsd: 30 } } } });
    assert.equal(resumed.status, 202, resumed.text);
    assert.equal(resumed.body.status, 'running');
    const paused = await call<OrchestrationExecution>(s, 'POST', `${BASE}/pause`, { body: { id } });
    assert.equal(paused.status, 202, paused.text);
    assert.equal(paused.body.pauseRequested, true);
    await stream.until((e) => e.event === 'run' && (e.data as RunEvent).status === 'paused');

    p.setScenario({ defaults: { delayMsPerTask: 100 }, rules: [] });
    const again = await call<AcceptedRun>(s, 'POST', `${BASE}/resume`, { body: { id } });
    assert.equal(again.status, 202, again.text);
    await stream.until((e) => e.event === 'run' && (e.data as RunEvent).status === 'merge_ready');
    assert.deepEqual(transitions(runs(stream.events).map((r) => r.status)), ['running', 'cancelled', 'running', 'paused', 'running', 'merge_ready']);
    stream.destroy();

    const final = await waitForStatus(s, `id=${id}`, ['merge_ready']);
    assert.equal(final.config.budget.totalUsd, 30, 'the patch was merged over the stored config');
    assert.equal(final.config.skipAnalyze, true, 'the rest of the stored config is kept');
    const conflict = await call<ErrorReply>(s, 'POST', `${BASE}/resume`, { body: { id } });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error.code, 'state_conflict');
  });
});
