// Issue 15, fault: pause pressed from another process while analyze runs is honoured at the next step boundary
// — right after analyze, before any implement call — and `resume` finishes the run. Plus the `pause` command's
// own contract: usage errors and "nothing to pause" exit 2 with a clear message; an orphan's pause waits for
// whoever adopts the run.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlFile } from '../../src/core/store/paths';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { alive, callsForBatch, claude, finishProject, projectProcesses, readStates, stateOf, waitFor } from './support';
import { runSource, startSource } from './sourceCli';

/** Analyze takes 3 s (the simulated step sleeps `delayMsPerTask` once): long enough to press pause during it. */
const SLOW_ANALYZE = { rules: [{ name: 'slow analyze', match: { kind: 'analyze' }, do: { delayMsPerTask: 3000 } }] };

describe('faults: pause from another process', function () {
  this.timeout(90_000);
  let p: TestProject | undefined;

  afterEach(function () {
    finishProject(p, this.currentTest);
    p = undefined;
  });

  /** Starts a 2-batch run with a slow analyze and waits until the analyze agent is at work. */
  async function startUntilAnalyze() {
    p = makeProject({ tasks: sectionedTasks(6, 2) });
    p.setScenario(SLOW_ANALYZE);
    const run = startSource(p, ['--no-decisions']);
    const agent = await waitFor(
      () => {
        const exec = readStates(p!).ok[0];
        const a = exec?.agentRuns.find((r) => r.kind === 'analyze' && r.state === 'running' && r.pid);
        return a && exec?.status === 'running' && p!.invocations().some((c) => c.pid === a.pid) ? a : undefined;
      },
      30_000,
      'the analyze agent at work',
    );
    return { run, agent };
  }

  it('pause during analyze: the run pauses right after analyze (exit 4), no implement call; resume finishes it', async () => {
    const { run, agent } = await startUntilAnalyze();
    const t0 = Date.now();
    const pause = runSource(p!, ['pause', '--project', p!.dir, '--json']);
    assert.equal(pause.code, 0, pause.stderr);
    const answer = JSON.parse(pause.stdout) as { id: string; status: string; pauseRequested: boolean; drivenBy: { pid: number } | null };
    assert.equal(answer.pauseRequested, true);
    assert.equal(answer.status, 'running');
    assert.equal(answer.drivenBy?.pid, run.child.pid, 'the live owner is named');

    const r = await run.done;
    const pausedMs = Date.now() - t0;
    assert.equal(r.code, 4, r.stderr + r.stdout);
    let exec = stateOf(p!);
    assert.equal(exec.id, answer.id);
    assert.equal(exec.status, 'paused');
    assert.equal(exec.steps.analyze.status, 'completed', 'analyze was not cut short');
    assert.equal(exec.agentRuns.find((x) => x.executionId === agent.executionId)?.outcome, 'success');
    assert.equal(exec.wait?.reason, 'user_pause');
    assert.equal(exec.wait.message, 'Paused by the user after analyze: resume to continue');
    assert.equal(exec.pauseRequested, false);
    assert.deepEqual(
      exec.batches.filter((b) => b.status !== 'pending'),
      [],
      'no batch started',
    );
    assert.equal(p!.invocations().filter((c) => c.kind === 'implement').length, 0, 'no implement call');
    const log = exec.decisionLog.map((e) => e.reason);
    const asked = log.findIndex((m) => /^pause requested: the run pauses when the current step or batch ends, or now if it is waiting$/.test(m));
    const paused = log.findIndex((m) => m === 'paused after analyze as the user asked');
    assert.ok(asked >= 0 && paused > asked, log.join('\n'));
    assert.match(r.stdout, /Paused by the user after analyze/);
    assert.equal(existsSync(controlFile(p!.dir, exec.id)), false, 'the request was consumed');

    const resumed = runSource(p!, ['resume', '--project', p!.dir, ...claude]);
    assert.equal(resumed.code, 0, resumed.stderr);
    exec = stateOf(p!);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.wait, undefined);
    assert.equal(p!.invocations().filter((c) => c.kind === 'analyze').length, 1, 'analyze did not run again');
    assert.deepEqual(
      exec.batches.map((b) => callsForBatch(p!, b.taskIds).length),
      [1, 1],
    );
    assert.deepEqual(projectProcesses(p!), []);
    const analyzeEnd = Date.parse(exec.agentRuns.find((x) => x.executionId === agent.executionId)!.endedAt!);
    const pausedAt = Date.parse(exec.decisionLog.find((e) => e.reason === 'paused after analyze as the user asked')!.at);
    console.log(`      paused ${pausedMs} ms after the pause command (analyze takes 3 s), ${pausedAt - analyzeEnd} ms after analyze ended`);
  });

  it('pause of an orphan (its owner killed): the request waits; `resume` adopts the run and pauses it after analyze', async () => {
    const { run, agent } = await startUntilAnalyze();
    run.child.kill('SIGKILL');
    await run.done;
    assert.ok(alive(agent.pid!), 'the analyze agent outlives its owner');
    const pause = runSource(p!, ['pause', '--project', p!.dir]);
    assert.equal(pause.code, 0, pause.stderr);
    assert.match(pause.stdout, /^Pause requested for orchestration \S+: it pauses when the current step or batch ends\.$/m);
    assert.match(pause.stdout, /Nobody drives it right now \(its owner is gone\): the pause takes effect when a window or `resume` adopts it\./);

    const resumed = runSource(p!, ['resume', '--project', p!.dir, ...claude]);
    assert.equal(resumed.code, 4, resumed.stderr + resumed.stdout);
    const exec = stateOf(p!);
    assert.equal(exec.status, 'paused');
    assert.equal(exec.steps.analyze.status, 'completed');
    assert.equal(p!.invocations().filter((c) => c.kind === 'analyze').length, 1, 're-attached to the analyze agent, not run again');
    assert.equal(p!.invocations().filter((c) => c.kind === 'implement').length, 0);
  });

  describe('the pause command', () => {
    let empty: string | undefined;
    after(() => empty && rmSync(empty, { recursive: true, force: true }));

    it('usage errors exit 2 with a clear message', () => {
      p = makeProject({ tasks: sectionedTasks(3, 1) });
      const cases: [string[], RegExp][] = [
        [['pause', '--project', p.dir, '--bogus'], /^specflow-orchestrate: Unknown option '--bogus'$/m],
        [['pause', '--project', p.dir, 'now'], /^specflow-orchestrate: unexpected argument: now$/m],
        [['pause', '--project', join(p.dir, 'missing')], /^specflow-orchestrate: project directory not found: .*missing$/m],
        [['pause', '--project', p.dir, '--id', '../x'], /^specflow-orchestrate: .*\.\.\/x/m],
      ];
      for (const [args, message] of cases) {
        const r = runSource(p, args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
      }
    });

    it('nothing to pause exits 2 naming why: no run, an unknown id, a run that is not running', () => {
      empty = mkdtempSync(join(tmpdir(), 'specflow-pause-empty-'));
      p = makeProject({ tasks: sectionedTasks(3, 1) });
      let r = runSource(p, ['pause', '--project', empty]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^specflow-orchestrate: no orchestration found in .*specflow-pause-empty-/m);

      const ok = runSource(p, ['start', '--project', p.dir, '--skip-analyze', '--no-decisions', ...claude]);
      assert.equal(ok.code, 0, ok.stderr);
      const id = stateOf(p).id;
      r = runSource(p, ['pause', '--project', p.dir]);
      assert.equal(r.code, 2);
      assert.equal(r.stderr.trim(), `specflow-orchestrate: orchestration ${id} is merge_ready: nothing to pause`);
      assert.equal(r.stdout, '');
      assert.equal(existsSync(controlFile(p.dir, id)), false, 'no request was left behind');

      r = runSource(p, ['pause', '--project', p.dir, '--id', '20991231-235959-abcdef', '--json']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^specflow-orchestrate: .*20991231-235959-abcdef/m);
      assert.equal(r.stdout, '');
    });
  });
});
