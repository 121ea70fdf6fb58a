// `serve` over real HTTP: the open health route, the token on every other route, the routes' answers when
// nothing has run yet, the published schema, and the error shape for every kind of bad request.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_STATUSES } from '../../src/core/model/statuses';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { call, cliBundle, serve, stateFiles, type ErrorReply, type Served } from './support';

const BASE = '/api/workflow/orchestrate';
const UNKNOWN_ID = '20200101-000000-abcdef';

describe('serve: routes, token and errors', function () {
  this.timeout(60_000);
  let p: TestProject;
  let s: Served;

  before(async () => {
    cliBundle();
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    s = await serve([p.dir], p.env);
  });
  after(async () => {
    await s?.stop();
    p?.cleanup();
  });

  it('answers /api/health without a token, and writes the token 0600 to .specflow/api-token', async () => {
    const r = await call(s, 'GET', '/api/health', { token: null });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { ok: true });
    const file = join(p.dir, '.specflow', 'api-token');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8'), s.token);
    assert.match(s.token, /^[A-Za-z0-9_-]{43,}$/, 'at least 32 random bytes, base64url');
    // whoever runs `git add -A` in the project (an agent, a merge skill) never commits it
    const ignored = spawnSync('git', ['check-ignore', '-q', '.specflow/api-token'], { cwd: p.dir });
    assert.equal(ignored.status, 0, '.specflow/api-token is git-ignored');
    const stateFile = spawnSync('git', ['check-ignore', '-q', '.specflow/orchestration-state.json'], { cwd: p.dir });
    assert.equal(stateFile.status, 1, "SpecFlow CLI's own state file beside it is not");
  });

  it('answers 401 without the token, with a wrong one and with a malformed header', async () => {
    const cases: { token?: string | null; headers?: Record<string, string> }[] = [
      { token: null },
      { token: 'wrong' },
      { token: s.token + 'x' },
      { token: s.token.slice(0, -1) },
      { token: null, headers: { authorization: `Basic ${s.token}` } },
      { token: null, headers: { authorization: 'Bearer' } },
    ];
    for (const c of cases) {
      for (const [method, path] of [
        ['GET', '/api/projects'],
        ['GET', `${BASE}/list`],
        ['POST', BASE],
        ['GET', '/api/schema'],
      ] as const) {
        const r = await call<ErrorReply>(s, method, path, { ...c, ...(method === 'POST' ? { body: {} } : {}) });
        assert.equal(r.status, 401, `${method} ${path} with ${JSON.stringify(c)}`);
        assert.equal(r.body.error.code, 'unauthorized');
        assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer/);
      }
    }
    // The query token is for EventSource on the events route only.
    const q = await call<ErrorReply>(s, 'GET', `${BASE}/list?access_token=${s.token}`, { token: null });
    assert.equal(q.status, 401);
    assert.deepEqual(stateFiles(p.dir), [], 'nothing was started');
  });

  it('lists the served project and publishes the schemas', async () => {
    const projects = await call(s, 'GET', '/api/projects');
    assert.equal(projects.status, 200);
    assert.deepEqual(projects.body, [{ projectId: 'project', name: 'project', path: p.dir }]);

    const r = await call<{ routes: { method: string; path: string }[]; schemas: Record<string, Record<string, unknown>> }>(s, 'GET', '/api/schema');
    assert.equal(r.status, 200);
    const paths = r.body.routes.map((x) => `${x.method} ${x.path}`);
    for (const route of ['POST ', 'GET /status', 'GET /list', 'POST /cancel', 'POST /resume', 'POST /merge', 'GET /events', 'GET /report']) {
      const [method, suffix] = route.split(' ');
      assert.ok(paths.includes(`${method} ${BASE}${suffix}`), `${route} is documented`);
    }
    const exec = r.body.schemas.OrchestrationExecution as { properties: { status: { enum: string[] } } };
    assert.deepEqual(exec.properties.status.enum, [...RUN_STATUSES]);
    const start = r.body.schemas.StartRequest as { additionalProperties: boolean; properties: { config: { properties: Record<string, unknown> } } };
    assert.equal(start.additionalProperties, false);
    assert.ok(start.properties.config.properties.autoMerge, 'the config is the engine schema');
    for (const name of ['Report', 'RunBrief', 'AcceptedRun', 'Error', 'RunEvent', 'BatchEvent', 'DecisionEvent', 'ActivityEvent', 'ResumeRequest']) {
      assert.equal(typeof r.body.schemas[name], 'object', name);
    }
  });

  it('answers 404 for runs and projects that do not exist, 400 for a malformed id', async () => {
    const list = await call(s, 'GET', `${BASE}/list`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body, []);
    const notFound: [string, string, unknown?][] = [
      ['GET', `${BASE}/status`],
      ['GET', `${BASE}/status?id=${UNKNOWN_ID}`],
      ['GET', `${BASE}/report?id=${UNKNOWN_ID}`],
      ['GET', `${BASE}/events?id=${UNKNOWN_ID}`],
      ['POST', `${BASE}/cancel`, {}],
      ['POST', `${BASE}/resume`, { id: UNKNOWN_ID }],
      ['POST', `${BASE}/merge`, {}],
      ['POST', `${BASE}/pause`, {}],
    ];
    for (const [method, path, body] of notFound) {
      const r = await call<ErrorReply>(s, method, path, body === undefined ? {} : { body });
      assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
      assert.equal(r.body.error.code, 'run_not_found');
    }
    const project = await call<ErrorReply>(s, 'GET', `${BASE}/list?projectId=elsewhere`);
    assert.equal(project.status, 404);
    assert.equal(project.body.error.code, 'unknown_project');
    const startElsewhere = await call<ErrorReply>(s, 'POST', BASE, { body: { projectId: 'elsewhere' } });
    assert.equal(startElsewhere.status, 404);
    const badId = await call<ErrorReply>(s, 'GET', `${BASE}/status?id=../../etc/passwd`);
    assert.equal(badId.status, 400);
    assert.match(badId.body.error.message, /id/);
    assert.deepEqual(stateFiles(p.dir), []);
  });

  it('answers 405 for a known route with another method, 404 for unknown routes', async () => {
    const wrong = await call<ErrorReply>(s, 'GET', BASE);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'POST');
    assert.equal(wrong.body.error.code, 'method_not_allowed');
    const post = await call<ErrorReply>(s, 'POST', `${BASE}/status`, { body: {} });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
    const unknown = await call<ErrorReply>(s, 'GET', '/api/nothing-here');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
    const outside = await call<ErrorReply>(s, 'GET', '/index.html', { token: null });
    assert.equal(outside.status, 404);
  });

  it('answers 413 to a body over 64 KB, with or without a Content-Length', async () => {
    const big = JSON.stringify({ config: { additionalContext: 'x'.repeat(70 * 1024) } });
    const r = await call<ErrorReply>(s, 'POST', BASE, { raw: big, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'payload_too_large');
    const chunks = new ReadableStream({
      start(c) {
        for (let i = 0; i < 70; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        c.close();
      },
    });
    const res = await fetch(s.url + BASE, { method: 'POST', headers: { authorization: `Bearer ${s.token}` }, body: chunks, duplex: 'half' });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as ErrorReply).error.code, 'payload_too_large');
    assert.deepEqual(stateFiles(p.dir), []);
  });

  it('sends no CORS headers by default', async () => {
    const r = await call(s, 'GET', '/api/projects', { headers: { origin: 'http://evil.example' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), null);
    const preflight = await call(s, 'OPTIONS', BASE, { token: null, headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });
});
