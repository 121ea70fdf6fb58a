// The server's life as a process: its token file and locks, shutdown on SIGTERM (runs detached, not
// cancelled), one server per project, exit codes for bad input, two projects on one server, clients that
// vanish mid-stream, runs driven by another process, and --cors.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { AcceptedRun, RunEvent } from '../../src/server/schemas';
import { FAKE_CLAUDE } from '../support/cli';
import { waitFor } from '../support/polling';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { call, cliBundle, openEvents, runCli, serve, stateFiles, waitForStatus, type ErrorReply, type Served } from './support';

const BASE = '/api/workflow/orchestrate';
const workflows = (p: TestProject) => join(p.dir, '.specflow', 'workflows');
const statuses = (events: { event: string; data: unknown }[]) =>
  events
    .filter((e) => e.event === 'run')
    .map((e) => (e.data as RunEvent).status)
    .filter((v, i, all) => i === 0 || v !== all[i - 1]);

describe('serve: the server process', function () {
  this.timeout(120_000);
  const projects: TestProject[] = [];
  const servers: Served[] = [];
  const project = (tasks = sectionedTasks(4, 2), delayMsPerTask = 0) => {
    const p = makeProject({ tasks });
    p.setScenario({ defaults: { delayMsPerTask }, rules: [] });
    projects.push(p);
    return p;
  };
  const start = async (dirs: string[], env: NodeJS.ProcessEnv, extra: string[] = []) => {
    const s = await serve(dirs, env, extra);
    servers.push(s);
    return s;
  };

  before(() => cliBundle());
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    for (const p of projects.splice(0)) p.cleanup();
  });

  it('removes its token file and releases its lock on SIGTERM', async () => {
    const p = project();
    const s = await start([p.dir], p.env);
    const token = join(p.dir, '.specflow', 'api-token');
    assert.equal(statSync(token).mode & 0o777, 0o600);
    assert.equal(readFileSync(token, 'utf8'), s.token);
    const holder = JSON.parse(readFileSync(join(workflows(p), 'api-server.json'), 'utf8')) as { pid: number; url: string };
    assert.equal(holder.pid, s.child.pid);
    assert.equal(holder.url, s.url);
    assert.equal(await s.stop('SIGTERM'), 0);
    assert.equal(existsSync(token), false, 'token file removed');
    assert.equal(existsSync(join(workflows(p), 'api.lock')), false, 'lock released');
    assert.equal(existsSync(join(workflows(p), 'api-server.json')), false, 'holder note removed');
    const again = await start([p.dir], p.env);
    assert.notEqual(again.token, s.token, 'a new token per start');
  });

  it('refuses a second server on the same project with exit 3, naming the first', async () => {
    const p = project();
    const first = await start([p.dir], p.env);
    const other = project();
    const second = runCli(['serve', '--project', other.dir, '--project', p.dir, '--port', '0', '--claude', FAKE_CLAUDE], p.env);
    assert.equal(second.code, 3, second.stderr);
    assert.match(second.stderr, new RegExp(`already served by .*pid ${first.child.pid}`));
    assert.equal(existsSync(join(workflows(other), 'api.lock')), false, 'the lock it did take is released');
    assert.equal(existsSync(join(other.dir, '.specflow', 'api-token')), false);
    assert.equal((await call(first, 'GET', '/api/health', { token: null })).status, 200);
  });

  it('exits 2 for a missing project, a bad port, a port in use and a folder it cannot lock', async () => {
    const p = project();
    const unlockable = project();
    writeFileSync(join(unlockable.dir, '.specflow'), 'a file where the folder should be');
    const cases = [
      ['--project', join(p.dir, 'nope')],
      ['--project', p.dir, '--port', 'abc'],
      ['--project', p.dir, '--port', '70000'],
      ['--project', p.dir, '--cors', 'not a url'],
      ['--project', unlockable.dir],
    ];
    for (const args of cases) {
      const r = runCli(['serve', ...args], p.env);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^specflow-orchestrate: /);
    }
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = runCli(['serve', '--project', p.dir, '--port', String(port)], p.env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /port is in use/);
      assert.equal(existsSync(join(workflows(p), 'api.lock')), false);
    } finally {
      busy.close();
    }
  });

  it('serves two projects, told apart by projectId', async () => {
    const a = project();
    const b = project();
    const s = await start([a.dir, b.dir], a.env);
    const listed = await call<{ projectId: string; path: string }[]>(s, 'GET', '/api/projects');
    assert.deepEqual(
      listed.body.map((x) => [x.projectId, x.path]),
      [
        ['project', a.dir],
        ['project-2', b.dir],
      ],
    );
    const ambiguous = await call<ErrorReply>(s, 'POST', BASE, { body: {} });
    assert.equal(ambiguous.status, 400);
    assert.match(ambiguous.body.error.message, /projectId is required/);
    const ra = await call<AcceptedRun>(s, 'POST', BASE, { body: { projectId: 'project' } });
    const rb = await call<AcceptedRun>(s, 'POST', BASE, { body: { projectId: 'project-2', config: { skipAnalyze: true } } });
    assert.equal(ra.status, 202, ra.text);
    assert.equal(rb.status, 202, rb.text);
    const doneA = await waitForStatus(s, `projectId=project&id=${ra.body.id}`, ['merge_ready']);
    const doneB = await waitForStatus(s, `projectId=project-2&id=${rb.body.id}`, ['merge_ready']);
    assert.equal(doneA.projectPath, a.dir);
    assert.equal(doneB.projectPath, b.dir);
    assert.equal(doneB.config.skipAnalyze, true);
    for (const [id, run] of [
      ['project', ra.body.id],
      ['project-2', rb.body.id],
    ]) {
      const list = await call<{ id: string }[]>(s, 'GET', `${BASE}/list?projectId=${id}`);
      assert.deepEqual(
        list.body.map((x) => x.id),
        [run],
      );
    }
    assert.equal(readFileSync(join(a.dir, '.specflow', 'api-token'), 'utf8'), s.token);
    assert.equal(readFileSync(join(b.dir, '.specflow', 'api-token'), 'utf8'), s.token);
    const wrongProject = await call<ErrorReply>(s, 'GET', `${BASE}/status?projectId=project&id=${rb.body.id}`);
    assert.equal(wrongProject.status, 404);
  });

  it('keeps serving when clients vanish mid-stream', async () => {
    const p = project(sectionedTasks(6, 2), 200);
    const s = await start([p.dir], p.env);
    const started = await call<AcceptedRun>(s, 'POST', BASE, { body: {} });
    assert.equal(started.status, 202, started.text);
    for (let i = 0; i < 20; i++) {
      const c = await openEvents(s, started.body.links.events);
      if (i % 2) await c.until(() => true);
      c.destroy();
      await c.ended;
    }
    const watcher = await openEvents(s, started.body.links.events);
    await watcher.until((e) => e.event === 'run' && (e.data as RunEvent).status === 'merge_ready');
    watcher.destroy();
    assert.equal((await call(s, 'GET', '/api/health', { token: null })).status, 200);
    assert.equal((await call(s, 'GET', `${BASE}/status`)).status, 200);
    assert.equal(s.child.exitCode, null);
    assert.doesNotMatch(s.stderr(), /error|Unhandled|ERR_/i);
  });

  it('follows a run driven by another process through its state file, and refuses to start over it', async () => {
    const p = project(sectionedTasks(6, 2), 300);
    const s = await start([p.dir], p.env);
    const cli = spawn(process.execPath, [cliBundle(), 'start', '--project', p.dir, '--claude', FAKE_CLAUDE], {
      env: { ...process.env, ...p.env },
      stdio: 'ignore',
    });
    const cliExit = new Promise<number | null>((r) => cli.on('exit', (code) => r(code)));
    await waitFor(() => stateFiles(p.dir).length > 0, 30_000, 'the CLI run');
    const id = /^orchestration-(.+)\.json$/.exec(stateFiles(p.dir)[0]!)![1]!;
    const refused = await call<ErrorReply>(s, 'POST', BASE, { body: {} });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.existingId, id);
    const stream = await openEvents(s, `${BASE}/events?id=${id}`);
    await stream.until((e) => e.event === 'run' && (e.data as RunEvent).status === 'merge_ready');
    stream.destroy();
    assert.deepEqual(statuses(stream.events), ['running', 'merge_ready']);
    assert.ok(stream.events.some((e) => e.event === 'batch' && (e.data as { batch: { status: string } }).batch.status === 'completed'));
    assert.equal(await cliExit, 0);
  });

  it('cancels a run driven by another process through its control channel', async () => {
    const p = project(sectionedTasks(6, 2), 1_000);
    const s = await start([p.dir], p.env);
    const cli = spawn(process.execPath, [cliBundle(), 'start', '--project', p.dir, '--claude', FAKE_CLAUDE], {
      env: { ...process.env, ...p.env },
      stdio: 'ignore',
    });
    const cliExit = new Promise<number | null>((r) => cli.on('exit', (code) => r(code)));
    // The state file is created just before the owner's lock is written: wait for both.
    await waitFor(() => stateFiles(p.dir).length > 0 && existsSync(join(workflows(p), 'orchestration.lock')), 30_000, 'the CLI run and its lock');
    const cancelled = await call<{ status: string }>(s, 'POST', `${BASE}/cancel`, { body: {} });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal(await cliExit, 1, 'the CLI run ended as cancelled');
  });

  it('detaches (never cancels) the runs it drives on SIGTERM; the CLI resumes them', async () => {
    const p = project(sectionedTasks(4, 2), 600);
    const s = await start([p.dir], p.env);
    const started = await call<AcceptedRun>(s, 'POST', BASE, { body: { config: { skipAnalyze: true } } });
    const stream = await openEvents(s, started.body.links.events);
    await stream.until((e) => e.event === 'batch' && (e.data as { batch: { status: string } }).batch.status === 'running');
    assert.equal(await s.stop('SIGTERM'), 0);
    await stream.ended;
    const state = JSON.parse(readFileSync(join(workflows(p), `orchestration-${started.body.id}.json`), 'utf8')) as { status: string };
    assert.equal(state.status, 'running', 'left running for the next owner');
    const resumed = spawnSync(process.execPath, [cliBundle(), 'resume', '--project', p.dir, '--claude', FAKE_CLAUDE, '--json'], {
      env: { ...process.env, ...p.env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal((JSON.parse(resumed.stdout) as { status: string }).status, 'merge_ready');
  });

  it('answers CORS preflights for the one --cors origin only', async () => {
    const p = project();
    const s = await start([p.dir], p.env, ['--cors', 'http://localhost:3000']);
    const ok = await call(s, 'OPTIONS', BASE, { token: null, headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
    const other = await call(s, 'GET', '/api/projects', { headers: { origin: 'http://evil.example' } });
    assert.notEqual(other.headers.get('access-control-allow-origin'), 'http://evil.example');
    const noToken = await call(s, 'GET', '/api/projects', { token: null, headers: { origin: 'http://localhost:3000' } });
    assert.equal(noToken.status, 401, 'CORS never replaces the token');
  });
});
