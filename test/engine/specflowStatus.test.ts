// The project's status from a real `specflow` executable (a test stand-in that reads the project's files):
// a USER GATE holds the run before merge, even with auto-merge on, and notifies once; a failing or changed
// `specflow status --json` falls back to the built-in status and says so in the run's warnings.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_CLAUDE, ROOT, runCli, runCliAsync } from '../support/cli';
import { status } from '../support/engineRuns';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';

const FAKE_SPECFLOW = join(ROOT, 'test', 'fixtures', 'fake-specflow');

function withSpecflow(p: TestProject): { args: string[]; env: NodeJS.ProcessEnv; modeFile: string } {
  const modeFile = join(p.home, 'specflow-mode');
  writeFileSync(modeFile, 'ok');
  return {
    args: ['--project', p.dir, '--claude', FAKE_CLAUDE, '--specflow', FAKE_SPECFLOW, '--skip-analyze', '--no-decisions'],
    env: { ...p.env, FAKE_SPECFLOW_MODE_FILE: modeFile, FAKE_SPECFLOW_LOG: join(p.home, 'specflow-calls.jsonl') },
    modeFile,
  };
}

/** A webhook receiver on 127.0.0.1: what the run posted, in order. */
async function webhookSink(): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, server };
}

describe('engine: specflow status and the USER GATE', function () {
  this.timeout(120_000);
  let p: TestProject;
  let sink: Awaited<ReturnType<typeof webhookSink>> | undefined;
  afterEach(() => {
    p?.cleanup();
    sink?.server.close();
    sink = undefined;
  });

  it('waits at a USER GATE instead of auto-merging, notifies once, and merges after the user confirms', async () => {
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    writeFileSync(join(p.dir, 'ROADMAP.md'), '| Phase | Name | Status | Gate |\n|---|---|---|---|\n| 001 | Feature | In progress | **USER GATE**: try it |\n');
    const sf = withSpecflow(p);
    sink = await webhookSink();
    const run = runCliAsync(['start', ...sf.args, '--auto-merge', '--notify-webhook', sink.url, '--notify-format', 'json'], { env: sf.env });
    const r = await run.done;
    assert.equal(r.code, 4, `waiting exits 4: ${r.stderr}${r.stdout}`);
    const waiting = status(p);
    assert.equal(waiting.status, 'waiting');
    assert.equal(waiting.wait?.reason, 'user_gate');
    assert.equal(waiting.steps.verify.status, 'completed');
    assert.equal(waiting.steps.merge.status, 'pending', 'auto-merge does not pass the gate');
    assert.ok(!p.invocations().some((c) => c.kind === 'merge'), 'no merge call');
    assert.ok(waiting.decisionLog.some((e) => /USER GATE/.test(e.reason) && e.evidence.hasUserGate === true));
    const gateNotes = sink.bodies.filter((b) => JSON.stringify(b).includes('USER GATE'));
    assert.equal(gateNotes.length, 1, `one notification for the gate: ${JSON.stringify(sink.bodies)}`);

    // the user confirms the gate the way /flow.verify records it
    mkdirSync(join(p.dir, '.specflow'), { recursive: true });
    writeFileSync(
      join(p.dir, '.specflow', 'orchestration-state.json'),
      JSON.stringify({ schema_version: '3.0', orchestration: { phase: { number: '001', hasUserGate: true, userGateStatus: 'confirmed' } } }),
    );
    const resumed = runCli(['resume', ...sf.args], { env: sf.env });
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    const done = status(p);
    assert.equal(done.status, 'completed');
    assert.equal(done.steps.merge.status, 'completed');
    assert.equal(p.invocations().filter((c) => c.kind === 'merge').length, 1);
  });

  it('a failing specflow status is a visible warning, and the run goes on with the built-in status', () => {
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    const sf = withSpecflow(p);
    writeFileSync(sf.modeFile, 'fail');
    const r = runCli(['start', ...sf.args], { env: sf.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /warning: specflow status failed \(.*exit code 3.*\); used the built-in status/);
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    const warnings = exec.warnings.filter((w) => /specflow status failed/.test(w));
    assert.equal(warnings.length, 1, `said once, not once per step: ${JSON.stringify(exec.warnings)}`);
    assert.equal(exec.decisionLog.filter((e) => /^status: specflow status failed/.test(e.reason)).length, 1);
  });

  it('a changed specflow status shape is a visible warning too', () => {
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    const sf = withSpecflow(p);
    writeFileSync(sf.modeFile, 'changed');
    const r = runCli(['start', ...sf.args], { env: sf.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    assert.ok(exec.warnings.includes('specflow status --json printed an unexpected shape; used the built-in status'), JSON.stringify(exec.warnings));
  });
});
