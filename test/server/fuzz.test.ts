// 500 hostile bodies (seeded, so a failure replays) at every POST route of a project holding a merge-ready
// run: each is answered 400 or 413 with the API's error shape, the server keeps answering, no agent is
// started and no file in the project changes (the run's state file included).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import type { AcceptedRun } from '../../src/server/schemas';
import { call, cliBundle, serve, stateFiles, waitForStatus, type ErrorReply, type Served } from './support';
import { mulberry32 } from '../support/tasksGenerator';

const BASE = '/api/workflow/orchestrate';
const ROUTES = [BASE, `${BASE}/cancel`, `${BASE}/resume`, `${BASE}/merge`, `${BASE}/pause`];
const SEED = 0x5eed17;

type Body = { raw: string | Buffer; what: string; contentType?: string };

function bodies(count: number, seed: number): Body[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(r() * 0xffff))).join('');
  const wrongValues: unknown[] = [null, 0, -1, 1e308, true, [], [1, 2], {}, '', ' ', '../../etc/passwd', 'x'.repeat(300), { $gt: '' }, '\u0000', 'a b'];
  const badConfigs: Record<string, unknown>[] = [
    { maxHealAttempts: -1 },
    { maxHealAttempts: 99 },
    { budget: { totalUsd: -5 } },
    { budget: { perBatchUsd: 'ten' } },
    { budget: { nope: 1 } },
    { skillProfile: 'evil' },
    { skillProfile: 'custom' },
    { agentEnv: { 'BAD NAME': 'x' } },
    { permissionMode: 'root' },
    { batchSizeFallback: 0 },
    { model: 'opus; rm -rf /' },
    { model: 'sonnet', fallbackModel: 'sonnet' },
    { unknownOption: true },
    { constructor: { prototype: { polluted: true } } },
    { additionalContext: 'x'.repeat(20_001) },
    { parallelAgents: 1.5 },
  ];
  const goodConfig = () => pick([{}, { autoMerge: true }, { skipDesign: true }, { budget: { totalUsd: 10 } }]);
  const makers: (() => Body)[] = [
    () => ({ raw: junk(1 + Math.floor(r() * 200)), what: 'random characters' }),
    () => ({ raw: JSON.stringify({ config: goodConfig(), projectId: 'project' }).slice(0, -1 - Math.floor(r() * 10)), what: 'truncated JSON' }),
    () => ({ raw: pick(['null', '0', '"start"', '[]', '[{}]', 'true', '1e999', '-0', '"{}"']), what: 'JSON that is not an object' }),
    () => ({ raw: JSON.stringify({ [junk(5) || 'k']: pick(wrongValues) }), what: 'an unknown key' }),
    () => ({ raw: JSON.stringify({ projectId: pick(wrongValues) }), what: 'a bad projectId' }),
    () => ({ raw: JSON.stringify({ id: pick(wrongValues) }), what: 'a bad id' }),
    () => ({ raw: JSON.stringify({ config: pick([null, [], 'autoMerge', 42, true]) }), what: 'a config that is not an object' }),
    () => ({ raw: JSON.stringify({ config: { ...goodConfig(), ...pick(badConfigs) } }), what: 'an invalid config' }),
    () => ({ raw: `{"__proto__":{"polluted":true}}`, what: '__proto__ at the top' }),
    () => ({ raw: `{"config":{"__proto__":{"autoMerge":true}}}`, what: '__proto__ in the config' }),
    () => ({ raw: '['.repeat(20_000) + ']'.repeat(20_000), what: 'deep nesting' }),
    () => ({ raw: JSON.stringify({ config: { additionalContext: 'x'.repeat(66_000) } }), what: 'over the size limit' }),
    () => ({ raw: Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0xc3, 0x28, 0x7d]), what: 'invalid UTF-8' }),
    () => ({ raw: JSON.stringify({ config: goodConfig() }) + junk(3), what: 'trailing garbage' }),
    () => ({ raw: 'projectId=project&config=%7B%7D', what: 'a form body', contentType: 'application/x-www-form-urlencoded' }),
    () => ({ raw: JSON.stringify({ projectId: 'project', config: goodConfig(), extra: 1 }), what: 'a valid body plus an unknown key' }),
  ];
  return Array.from({ length: count }, () => pick(makers)());
}

/** Every file under the project with its size and modification time, except git's own. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (name === '.git') continue;
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else out.set(relative(dir, full), `${st.size}:${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

describe('serve: 500 hostile bodies', function () {
  this.timeout(120_000);
  let p: TestProject;
  let s: Served;

  before(async () => {
    cliBundle();
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    s = await serve([p.dir], p.env);
    const started = await call<AcceptedRun>(s, 'POST', BASE, { body: {} });
    assert.equal(started.status, 202, started.text);
    await waitForStatus(s, `id=${started.body.id}`, ['merge_ready']);
    // the drive ends after the status: it writes the report, then releases the lock
    const lock = join(p.dir, '.specflow', 'workflows', 'orchestration.lock');
    for (let i = 0; i < 200 && existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(existsSync(lock), false, 'the drive ended');
  });
  after(async () => {
    await s?.stop();
    p?.cleanup();
  });

  it('answers each with 400 or 413, never crashes and changes nothing', async () => {
    const before = snapshot(p.dir);
    const runsBefore = stateFiles(p.dir);
    const calls = readFileSync(p.logFile, 'utf8');
    const list = (await call(s, 'GET', `${BASE}/list`)).text;
    const cases = bodies(500, SEED);
    const statuses = new Map<number, number>();
    for (const [i, b] of cases.entries()) {
      const route = ROUTES[i % ROUTES.length]!;
      const r = await call<ErrorReply>(s, 'POST', route, { raw: b.raw, headers: { 'content-type': b.contentType ?? 'application/json' } });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      assert.ok(r.status === 400 || r.status === 413, `case ${i} (${b.what}) on ${route}: ${r.status} ${r.text.slice(0, 300)}`);
      assert.equal(typeof r.body?.error?.code, 'string', `case ${i}: the error shape`);
      assert.equal(typeof r.body.error.message, 'string');
    }
    assert.ok((statuses.get(400) ?? 0) > 400, `mostly 400s: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(413) ?? 0) > 0, 'the size limit was hit');

    const health = await call(s, 'GET', '/api/health', { token: null });
    assert.equal(health.status, 200, 'still serving');
    assert.equal(s.child.exitCode, null, 'still running');
    assert.equal(runsBefore.length, 1);
    assert.deepEqual(stateFiles(p.dir), runsBefore, 'no run was created');
    assert.equal(existsSync(join(p.dir, '.specflow', 'workflows', 'orchestration.lock')), false, 'no ownership was taken');
    assert.deepEqual(snapshot(p.dir), before, 'no file in the project changed');
    assert.equal(readFileSync(p.logFile, 'utf8'), calls, 'no agent was started');
    assert.doesNotMatch(s.stderr(), /internal|Unhandled|TypeError/);
    assert.equal((await call(s, 'GET', `${BASE}/list`)).text, list);
  });
});
