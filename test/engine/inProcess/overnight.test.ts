// Overnight runs in-process (fake clock, fake agents): usage limits are waits or pauses, never failures;
// pause is honoured at every step boundary; early exits are continued; resume keeps history; merge and
// analyze are confirmed only by what can be checked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { agentEnvironment } from '../../../src/core/agent/agentEnv';
import { inProcess, type InProcessRun } from '../../support/inProcess';
import { sectionedTasks } from '../../support/projects';

const HOUR = 3_600_000;

/** What claude 2.1.197 prints for a subscriber at the limit (claude-cli.md §10). */
function limitRefusal(resetsAtMs: number, type = 'five_hour', text = "You've hit your session limit · resets 4:24am (UTC)") {
  return {
    lines: [
      {
        type: 'rate_limit_event',
        rate_limit_info: { status: 'rejected', resetsAt: Math.floor(resetsAtMs / 1000), rateLimitType: type, isUsingOverage: false },
      },
    ],
    error: { text, apiErrorStatus: 429 },
    costUsd: 0,
  };
}

describe('engine in-process: usage limits', () => {
  let r: InProcessRun | undefined;
  afterEach(() => r?.project.cleanup());

  it('waits out a five-hour limit until its reset, with one refused request and no heal, and records the wait', async () => {
    let refusedAt = 0;
    r = inProcess({
      tasks: sectionedTasks(4, 2),
      script: (c) => {
        if (c.kind !== 'implement' || c.taskIds[0] !== 'T003' || refusedAt) return undefined;
        refusedAt = r!.clock.now();
        return limitRefusal(refusedAt + 2 * HOUR);
      },
    });
    const done = await r.start();
    assert.equal(done.status, 'merge_ready');
    const implementCalls = r.agents.calls.filter((c) => c.kind === 'implement');
    assert.equal(implementCalls.length, 3, 'one refused request, then the batch ran');
    assert.equal(r.agents.calls.filter((c) => c.kind === 'heal').length, 0);
    assert.equal(done.batches[1]!.healAttempts, 0);
    assert.equal(r.clock.sleeps.length, 1);
    const slept = r.clock.sleeps[0]!;
    assert.ok(slept >= 2 * HOUR + 5_000 && slept <= 2 * HOUR + 20_000, `slept until the reset plus a little jitter (${slept} ms)`);
    assert.equal(done.waitLog.length, 1);
    assert.equal(done.waitLog[0]!.reason, 'usage_limit');
    assert.equal(done.waitLog[0]!.batchIndex, 2);
    assert.ok(done.decisionLog.some((e) => /five-hour session limit reached: waiting until it resets/.test(e.reason)));
    assert.ok(done.activeMs < HOUR, `the wait is not active time (${done.activeMs} ms)`);
  });

  it('a pause during a usage-limit wait pauses the run at once, not after the reset; resume continues', async () => {
    let refused = false;
    r = inProcess({
      tasks: sectionedTasks(2, 2),
      script: (c) => {
        if (c.kind !== 'implement' || c.taskIds[0] !== 'T002' || refused) return undefined;
        refused = true;
        return limitRefusal(r!.clock.now() + 4 * HOUR);
      },
    });
    r.clock.hold = true;
    const handle = await r.orchestrator.start({ skipAnalyze: true, decisions: false });
    const id = (await r.orchestrator.list())[0]!.id;
    for (let i = 0; i < 200 && !(await r.orchestrator.list())[0]?.wait; i++) await new Promise((res) => setTimeout(res, 10));
    assert.equal((await r.orchestrator.list())[0]!.wait?.reason, 'usage_limit', 'waiting for the reset');
    await r.orchestrator.pause(id);
    const paused = await handle.done;
    assert.equal(paused.status, 'paused');
    assert.equal(paused.wait?.reason, 'user_pause');
    assert.match(paused.wait.message, /^Paused by the user during a wait \(Usage limit/);
    assert.equal(paused.pauseRequested, false);
    assert.equal(paused.waitLog.at(-1)!.reason, 'usage_limit', 'the interrupted wait is on record');
    assert.equal(r.agents.calls.filter((c) => c.kind === 'implement').length, 2, 'nothing was called after the refusal');
    r.clock.hold = false;
    const resumed = await (await r.orchestrator.resume(id)).done;
    assert.equal(resumed.status, 'merge_ready');
  });

  it('pauses at a weekly limit that resets later than maxLimitWaitHours, keeping the reset time; resume continues', async () => {
    let refused = false;
    r = inProcess({
      tasks: sectionedTasks(2, 2),
      script: (c) => {
        if (c.kind !== 'implement' || c.taskIds[0] !== 'T002' || refused) return undefined;
        refused = true;
        return limitRefusal(r!.clock.now() + 3 * 24 * HOUR, 'seven_day', "You've hit your weekly limit · resets Dec 9, 5pm (UTC)");
      },
    });
    const paused = await r.start();
    assert.equal(paused.status, 'paused');
    assert.equal(paused.wait?.reason, 'usage_limit');
    assert.ok(Date.parse(paused.wait.until!) >= r.clock.now() + 3 * 24 * HOUR - 1000, 'the state keeps the reset time');
    assert.match(paused.wait.message, /weekly limit/);
    assert.equal(r.clock.sleeps.length, 0, 'no waiting in place for days');
    assert.deepEqual(
      paused.batches.map((b) => b.status),
      ['completed', 'running'],
    );
    const resumed = await (await r.orchestrator.resume(paused.id)).done;
    assert.equal(resumed.status, 'merge_ready');
    assert.equal(resumed.waitLog.at(-1)!.reason, 'usage_limit');
  });

  it('keeps an API key 429 ("Request rejected") a plain rate limit with back-off', async () => {
    let refused = false;
    r = inProcess({
      tasks: sectionedTasks(1, 1),
      script: (c) => {
        if (c.kind !== 'implement' || refused) return undefined;
        refused = true;
        return { error: { text: 'API Error: Request rejected (429) · {"type":"rate_limit_error"}', apiErrorStatus: 429 } };
      },
    });
    const done = await r.start({ retryBackoffSeconds: 30 });
    assert.equal(done.status, 'merge_ready');
    assert.deepEqual(r.clock.sleeps, [30_000]);
    assert.equal(done.waitLog[0]!.reason, 'rate_limit');
  });
});

describe('engine in-process: pause, early exits, resume', () => {
  let r: InProcessRun | undefined;
  afterEach(() => r?.project.cleanup());

  it('honours a pause pressed during analyze before the next step, and clears it when the run rests', async () => {
    r = inProcess({
      tasks: sectionedTasks(2, 1),
      script: (c) => {
        if (c.kind === 'analyze') return { run: () => r!.orchestrator.pause().then(() => undefined) };
        return undefined;
      },
    });
    const paused = await r.start({ skipAnalyze: false });
    assert.equal(paused.status, 'paused');
    assert.equal(paused.steps.analyze.status, 'completed');
    assert.equal(r.agents.calls.filter((c) => c.kind === 'implement').length, 0, 'no batch started after the pause');
    assert.equal(paused.pauseRequested, false);
    assert.match(paused.wait!.message, /after analyze/);
    const done = await (await r.orchestrator.resume(paused.id)).done;
    assert.equal(done.status, 'merge_ready');
  });

  it('continues a session that ended on tool_use once, in the same session, without a heal', async () => {
    r = inProcess({ tasks: sectionedTasks(2, 1), script: (c) => (c.kind === 'implement' && c.n === 1 ? { check: 1, stopReason: 'tool_use' } : undefined) });
    const done = await r.start();
    assert.equal(done.status, 'merge_ready');
    const [first, second] = r.agents.calls;
    assert.equal(second!.prompt, 'continue');
    assert.ok(second!.resume, 'resumes the stopped session');
    assert.ok(!second!.args.includes('--fork-session'), 'in the same session, not a fork');
    assert.equal(done.batches[0]!.healAttempts, 0);
    assert.ok(first);
  });

  it('keeps heal counts and errors across a resume: the cap applies per batch unless raised', async () => {
    r = inProcess({
      tasks: sectionedTasks(2, 1),
      script: (c) =>
        c.kind === 'implement' || c.kind === 'heal' ? { check: 0, error: { text: 'Error: boom', subtype: 'error_during_execution' } } : undefined,
    });
    const failed = await r.start({ maxHealAttempts: 1 });
    assert.equal(failed.status, 'failed');
    assert.equal(r.agents.calls.filter((c) => c.kind === 'heal').length, 1);
    const again = await (await r.orchestrator.resume(failed.id)).done;
    assert.equal(again.status, 'failed');
    assert.equal(r.agents.calls.filter((c) => c.kind === 'heal').length, 1, 'no second heal: the cap holds across resumes');
    assert.equal(again.batches[0]!.history.length, 1);
    assert.match(again.batches[0]!.history[0]!.error!, /boom/);
    await (
      await r.orchestrator.resume(failed.id, { maxHealAttempts: 2 })
    ).done;
    assert.equal(r.agents.calls.filter((c) => c.kind === 'heal').length, 2, 'a raised cap allows one more');
  });
});

describe('engine in-process: honest confirmations', () => {
  let r: InProcessRun | undefined;
  afterEach(() => r?.project.cleanup());

  const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });

  it('says analyze had no independent check instead of "confirmed"', async () => {
    r = inProcess({ tasks: sectionedTasks(1, 1) });
    const done = await r.start({ skipAnalyze: false });
    assert.ok(done.decisionLog.some((e) => e.reason === 'analyze: the agent reported success; no independent check for this step'));
    assert.ok(!done.decisionLog.some((e) => /analyze confirmed/.test(e.reason)));
  });

  it('fails an auto-merge that merged nothing, and completes one that git confirms', async () => {
    r = inProcess({ tasks: sectionedTasks(1, 1), git: true });
    // without batch commits the agents' work stays uncommitted, and a merge that commits nothing leaves it so
    const failed = await r.start({ autoMerge: true, checkpoints: 'off' });
    assert.equal(failed.status, 'failed');
    assert.match(failed.error!.message, /^merge reported success but .*still uncommitted/);
    r.project.cleanup();
    r = inProcess({
      tasks: sectionedTasks(1, 1),
      git: true,
      script: (c) => (c.kind === 'merge' ? { run: (dir) => void git(dir, 'commit', '-qam', 'merge the feature') } : undefined),
    });
    const done = await r.start({ autoMerge: true, checkpoints: 'off' });
    assert.equal(done.status, 'completed');
    assert.ok(done.decisionLog.some((e) => /^merge confirmed: the work is committed on \S+ and nothing is left uncommitted/.test(e.reason)));
  });

  it('confirms a merge of a feature branch into its base by git ancestry', async () => {
    r = inProcess({ tasks: sectionedTasks(1, 1), git: true });
    const base = execFileSync('git', ['symbolic-ref', '--short', 'HEAD'], { cwd: r.project.dir }).toString().trim();
    git(r.project.dir, 'checkout', '-qb', '001-feature');
    r.agents.setScript((c) =>
      c.kind === 'merge'
        ? {
            run: (dir) => void (git(dir, 'checkout', '-q', base), git(dir, 'merge', '-q', '--no-ff', '-m', 'merge', '001-feature')),
          }
        : undefined,
    );
    const done = await r.start({ autoMerge: true });
    assert.equal(done.status, 'completed', done.error?.message);
    assert.ok(done.decisionLog.some((e) => e.reason === `merge confirmed: git shows 001-feature merged into ${base}`));
  });
});

describe('agent environment', () => {
  it('turns off background work and cron, drops an enclosing Claude Code session, keeps the rest', () => {
    const env = agentEnvironment(
      { PATH: '/bin', CLAUDECODE: '1', CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ID: 'x', CLAUDECODE_FOO: 'y', HOME: '/h' },
      { MY: 'v' },
    );
    assert.deepEqual(env, { PATH: '/bin', HOME: '/h', CLAUDE_CODE_DISABLE_BACKGROUND_TASKS: '1', CLAUDE_CODE_DISABLE_CRON: '1', MY: 'v' });
  });
});
