// The server seen from inside (startApiServer in this process, as the extension host will run it; real
// HTTP): every stream a client drops is let go, heartbeats flow, Last-Event-ID skips decisions already seen,
// allowAgents guards the agent actions, and shutdown ends the streams that are still open. The run itself is made by the CLI in another process.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectOrchestrator } from '../../src/core/service/projectOrchestrator';
import type { OrchestrationExecution } from '../../src/core/model/execution';
import { startApiServer, type ApiServer } from '../../src/server/server';
import { FAKE_CLAUDE } from '../support/cli';
import { waitFor } from '../support/polling';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { call, cliBundle, openEvents, runCli, stateFiles, type ErrorReply } from './support';

const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => errors.push(m) };
const errors: string[] = [];

describe('serve: event stream housekeeping', function () {
  this.timeout(60_000);
  let p: TestProject;
  let server: ApiServer;
  let run: OrchestrationExecution;

  before(async () => {
    cliBundle();
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    const r = runCli(['start', '--project', p.dir, '--claude', FAKE_CLAUDE, '--json'], p.env);
    assert.equal(r.code, 0, r.stderr);
    run = JSON.parse(r.stdout) as OrchestrationExecution;
    server = await startApiServer({
      orchestrators: [new ProjectOrchestrator(p.dir, { owner: 'test', claudePath: FAKE_CLAUDE, logger: quiet })],
      port: 0,
      host: '127.0.0.1',
      owner: 'streams test',
      logger: quiet,
      detachOnClose: true,
      heartbeatMs: 50,
      allowAgents: () => false,
    });
  });
  after(async () => {
    await server?.close();
    p?.cleanup();
  });

  it('lets go of every stream whose client went away', async () => {
    const path = `/api/workflow/orchestrate/events?id=${run.id}`;
    const clients = await Promise.all(Array.from({ length: 10 }, () => openEvents(server, path)));
    await Promise.all(clients.map((c) => c.until((e) => e.event === 'run')));
    assert.equal(server.streamCount(), 10);
    for (const c of clients) c.destroy();
    await waitFor(() => server.streamCount() === 0, 10_000, 'all streams released');
    assert.equal((await call(server, 'GET', '/api/health', { token: null })).status, 200);
    assert.deepEqual(errors, []);
  });

  it('sends heartbeats, and after Last-Event-ID only the newer decisions', async () => {
    const path = `/api/workflow/orchestrate/events?id=${run.id}`;
    const all = await openEvents(server, path);
    await waitFor(() => all.comments >= 2, 10_000, 'two heartbeats');
    const seqs = all.events.filter((e) => e.event === 'decision').map((e) => Number(e.id));
    assert.deepEqual(
      seqs,
      run.decisionLog.map((d) => d.seq),
    );
    all.destroy();
    const cut = seqs[Math.floor(seqs.length / 2)]!;
    const later = await openEvents(server, path, { 'last-event-id': String(cut) });
    await later.until((e) => e.event === 'run');
    assert.deepEqual(
      later.events.filter((e) => e.event === 'decision').map((e) => Number(e.id)),
      seqs.filter((s) => s > cut),
    );
    later.destroy();
  });

  it('takes the token from ?access_token= on the events route (EventSource cannot send headers)', async () => {
    const res = await fetch(`${server.url}/api/workflow/orchestrate/events?id=${run.id}&access_token=${server.token}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    await res.body?.cancel();
    const wrong = await fetch(`${server.url}/api/workflow/orchestrate/events?id=${run.id}&access_token=nope`);
    assert.equal(wrong.status, 401);
  });

  it('refuses start, resume and merge when agents are not allowed (untrusted workspace), and reads still work', async () => {
    for (const path of ['', '/resume', '/merge']) {
      const r = await call<ErrorReply>(server, 'POST', `/api/workflow/orchestrate${path}`, { body: {} });
      assert.equal(r.status, 403, path);
      assert.equal(r.body.error.code, 'agents_not_allowed');
    }
    assert.equal((await call(server, 'GET', `/api/workflow/orchestrate/status?id=${run.id}`)).status, 200);
    assert.equal(stateFiles(p.dir).length, 1);
  });

  it('ends open streams and removes the token file on close', async () => {
    const c = await openEvents(server, `/api/workflow/orchestrate/events?id=${run.id}`);
    await c.until((e) => e.event === 'run');
    await server.close();
    await c.ended;
    assert.equal(server.streamCount(), 0);
    assert.equal(existsSync(join(p.dir, '.specflow', 'api-token')), false);
    assert.equal(existsSync(join(p.dir, '.specflow', 'workflows', 'api.lock')), false);
  });
});
