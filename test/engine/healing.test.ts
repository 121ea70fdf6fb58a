// Auto-healing through the built CLI and the scripted fake agent (issue 5: US3-1…4, SC-003, transient waits).
// The failures are real: a fixture project fails (`node src/app.js`, `node --check`, `node --test`, a missing
// package) when the fake agent runs its command (`runCommand`), and the healer fixes it (`writeFiles`).
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEntry } from '../fixtures/fakeClaude/callLog';
import { FAKE_CLAUDE, runCli, runCliAsync } from '../support/cli';
import { FAILURE_FIXTURES, fixture, stateOnDisk, status, writeProjectFiles } from '../support/engineRuns';
import { waitFor } from '../support/polling';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';

const claude = ['--claude', FAKE_CLAUDE];
const fast = ['--skip-analyze', '--no-decisions', ...claude];

/** 3 batches of 2 tasks: T001-T002, T003-T004, T005-T006. */
function threeBatches(): TestProject {
  return makeProject({ tasks: sectionedTasks(6, 3) });
}

/** 1 batch of 2 tasks, T001-T002 (fewer agent calls where batch 2 does not matter). */
function oneBatch(): TestProject {
  return makeProject({ tasks: sectionedTasks(2, 1) });
}

const heals = (p: TestProject): LogEntry[] => p.invocations().filter((c) => c.kind === 'heal');

/** The section of the healer prompt that lists what to do ("Do ONLY these tasks…" up to the blank line). */
function todoBlock(prompt: string): string {
  const start = prompt.indexOf('Do ONLY these tasks');
  assert.ok(start >= 0, 'the healer prompt has a task block');
  return prompt.slice(start, prompt.indexOf('\n\n', start));
}

describe('engine: auto-healing (US3)', function () {
  this.timeout(120_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  it('US3-1/2: batch 2 fails with "file not found"; the healer gets the error and the remaining task IDs, heals it, and batch 3 runs', async () => {
    p = threeBatches();
    const f = fixture('missing_file');
    writeProjectFiles(p, f.files);
    const diagnosis = {
      recoverable: true,
      kind: 'missing_file',
      summary: 'src/config/db.js does not exist',
      tasksDone: ['T003'],
      tasksLeft: ['T004'],
      suggestion: 'create src/config/db.js',
    };
    p.setScenario({
      rules: [
        // batch 2 does T003, then checks the app: it cannot start (a real "file not found")
        { match: { kind: 'implement', taskId: 'T003' }, do: { partial: { count: 1 }, runCommand: f.command } },
        { match: { kind: 'decision' }, do: { structured: diagnosis } },
        // a healer that takes a moment, so the healing state can be watched from outside
        { match: { kind: 'heal' }, do: { writeFiles: f.fix, runCommand: f.command, delayMsPerTask: 2000 } },
      ],
    });
    const run = runCliAsync(['start', '--project', p.dir, '--skip-analyze', ...claude], { env: { ...process.env, ...p.env } });
    await waitFor(() => stateOnDisk(p)?.status === 'healing', 60_000, 'the healing status');
    const watched = runCli(['status', '--project', p.dir], { env: p.env });
    assert.equal(watched.code, 0, watched.stderr);
    assert.match(watched.stdout, /^\S+ {2}healing\n/, 'status says healing');
    assert.ok(watched.stdout.includes(' · Auto-healing batch 2... · '), `the progress text: ${watched.stdout}`);
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr + r.stdout);

    const calls = p.invocations();
    assert.deepEqual(
      calls.map((c) => c.kind),
      ['implement', 'implement', 'decision', 'heal', 'implement', 'verify'],
      'batch 2 fails, is classified, healed, then batch 3 runs',
    );
    const [heal] = heals(p);
    const prompt = String(heal!.prompt);
    // the error, as the agent reported it: the real output of `node src/app.js`
    assert.ok(prompt.includes("Cannot find module './config/db.js'"), prompt);
    assert.ok(prompt.includes('Command failed (exit code 1): node src/app.js'));
    // the attempted / completed / failed task IDs, and only the remaining one to do
    assert.match(prompt, /^Attempted tasks: T003, T004$/m);
    assert.match(prompt, /^Completed tasks: T003$/m);
    assert.match(prompt, /^Failed tasks \(still open\): T004$/m);
    assert.match(prompt, /^Section: Phase 2: Section 2$/m);
    assert.deepEqual(heal!.taskIds, ['T004'], 'the healer is asked for the remaining task only');
    assert.ok(todoBlock(prompt).includes('T004') && !todoBlock(prompt).includes('T003'), "the checked T003 is not in the healer's work list");
    assert.ok(prompt.includes('"kind":"missing_file"'), 'the diagnosis of the decision call is in the prompt');
    // it continues the failed conversation in a fork
    const failed = calls[1]!;
    assert.equal(heal!.resume, failed.sessionId);
    assert.equal(heal!.fork, true);
    assert.equal(heal!.maxBudgetUsd, 2, 'the heal cap ($2 by default)');

    const exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    assert.deepEqual(
      exec.batches.map((b) => b.status),
      ['completed', 'healed', 'completed'],
    );
    assert.equal(exec.batches[1]!.healAttempts, 1);
    assert.equal(exec.batches[1]!.executionIds.length, 2, 'the failed run and the healer run');
    const healing = exec.decisionLog.find((e) => e.kind === 'transition' && e.to.status === 'healing');
    assert.ok(healing, 'the status became healing');
    assert.match(healing.reason, /^Auto-healing batch 2\.\.\. \(attempt 1 of 1\)/);
    assert.ok(exec.decisionLog.some((e) => e.kind === 'decision' && (e.evidence.answer as { kind?: string })?.kind === 'missing_file'));
    assert.ok(exec.decisionLog.some((e) => e.kind === 'transition' && /batch 2 of 3 .* healed on attempt 1/.test(e.reason)));
    assert.match(r.stdout, /Auto-healing batch 2\.\.\./);
    assert.match(r.stdout, /Batches: 3\/3 done \(1 healed\)/);
    // the project really works now
    execSync(f.command, { cwd: p.dir, stdio: 'pipe' });
  });

  it("US3-3: the healer fails → the run stops failed with the error, the healer's answer and both run logs in state and output", () => {
    p = threeBatches();
    const f = fixture('missing_file');
    writeProjectFiles(p, f.files);
    p.setScenario({
      rules: [
        { match: { kind: 'implement', taskId: 'T003' }, do: { partial: { count: 1 }, runCommand: f.command } },
        // the healer writes a broken config and does not get to T004: the app now fails differently
        { match: { kind: 'heal' }, do: { noop: true, writeFiles: { 'src/config/db.js': 'module.exports = {\n' }, runCommand: f.command } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, ...fast], { env: p.env });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.equal(heals(p).length, 1);
    assert.equal(p.invocations().filter((c) => c.kind === 'implement').length, 2, 'batch 3 never ran');

    const exec = status(p);
    assert.equal(exec.status, 'failed');
    assert.deepEqual(
      exec.batches.map((b) => b.status),
      ['completed', 'failed', 'pending'],
    );
    const err = exec.error!;
    assert.equal(err.batchIndex, 2);
    // the original error and what the healer answered, both
    assert.match(
      err.message,
      /^Batch 2 "Phase 2: Section 2" failed: the agent reported an error \(error_during_execution\): Command failed \(exit code 1\): node src\/app\.js; auto-healing did not fix it \(1 attempt\): the agent reported an error/,
    );
    assert.match(String(err.details.error), /Command failed \(exit code 1\): node src\/app\.js/);
    assert.ok(String(err.details.agentResult).includes("Cannot find module './config/db.js'"), "the failed run's own answer is kept");
    assert.ok((err.details.toolErrors as string[]).some((e) => e.includes("Cannot find module './config/db.js'")));
    assert.ok(String(err.details.healerAnswer).includes('SyntaxError: Unexpected end of input'), "the healer's answer (its own failure)");
    assert.ok(!String(err.details.healerAnswer).includes("Cannot find module './config/db.js'"));
    assert.match(String(err.details.healerError), /Command failed/);
    assert.deepEqual(err.details.openTaskIds, ['T004']);
    assert.equal(err.details.healAttempts, 1);
    // the run logs of the failed run and of the healer, which exist
    assert.equal(err.logPaths.length, 2);
    for (const log of err.logPaths) assert.ok(existsSync(join(p.dir, log)), `${log} exists`);
    assert.deepEqual(
      err.logPaths,
      exec.batches[1]!.executionIds.map((id) => `.specflow/workflows/runs/${id}.jsonl`),
    );
    // and the user sees it
    assert.match(r.stdout, /Orchestration \S+: Failed/);
    assert.ok(r.stdout.includes(`Error: ${err.message}`));
    for (const log of err.logPaths) assert.ok(r.stdout.includes(`Run log: ${log}`));
  });

  it('US3-4: maxHealAttempts=1 → exactly one healer run, never a second', () => {
    p = oneBatch();
    p.setScenario({
      rules: [
        { match: { kind: 'implement' }, do: { error: { text: "Error: ENOENT: no such file or directory, open 'src/config/db.ts'", afterTasks: 1 } } },
        { match: { kind: 'heal' }, do: { error: { text: 'Healer: still cannot find src/config/db.ts' } } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, '--max-heal-attempts', '1', ...fast], { env: p.env });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.equal(heals(p).length, 1, 'one healer run');
    const exec = status(p);
    assert.equal(exec.batches[0]!.healAttempts, 1);
    assert.match(String(exec.error!.details.why), /no heal attempts left \(1 of 1 used\)/);
    assert.equal(exec.decisionLog.filter((e) => e.to.status === 'healing' && e.from.status !== 'healing').length, 1);
  });

  it("maxHealAttempts=2 → two healer runs (the second continues the first healer's session); --no-auto-heal → none", () => {
    p = oneBatch();
    p.setScenario({
      rules: [
        { match: { kind: 'implement' }, do: { error: { text: "Error: ENOENT: no such file or directory, open 'src/config/db.ts'", afterTasks: 1 } } },
        { match: { kind: 'heal' }, do: { error: { text: 'Healer: still cannot find src/config/db.ts' } } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, '--max-heal-attempts', '2', ...fast], { env: p.env });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const h = heals(p);
    assert.equal(h.length, 2, 'two healer runs');
    assert.match(String(h[0]!.prompt), /Heal attempt 1 of 2/);
    assert.match(String(h[1]!.prompt), /Heal attempt 2 of 2/);
    assert.ok(String(h[1]!.prompt).includes('Healer: still cannot find src/config/db.ts'), "the second healer sees the first one's failure");
    assert.equal(h[1]!.resume, h[0]!.sessionId);
    assert.equal(status(p).batches[0]!.healAttempts, 2);

    const q = oneBatch();
    try {
      q.setScenario({ rules: [{ match: { kind: 'implement' }, do: { error: { text: 'Error: ENOENT: no such file or directory', afterTasks: 1 } } }] });
      const r2 = runCli(['start', '--project', q.dir, '--no-auto-heal', ...fast], { env: q.env });
      assert.equal(r2.code, 1, r2.stderr + r2.stdout);
      assert.equal(heals(q).length, 0, 'no healer with auto-heal off');
      const exec = status(q);
      assert.equal(exec.status, 'failed');
      assert.equal(exec.batches[0]!.healAttempts, 0);
      assert.match(String(exec.error!.details.why), /auto-heal is off/);
    } finally {
      q.cleanup();
    }
  });
});

describe('engine: SC-003 — the healer sees the real error of each failure kind', function () {
  this.timeout(120_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  for (const f of FAILURE_FIXTURES) {
    it(`${f.kind.replace('_', ' ')}: \`${f.command}\` fails, the healer's prompt carries ${f.expected.map((e) => JSON.stringify(e)).join(' and ')}, and the fix heals the batch`, () => {
      p = oneBatch();
      writeProjectFiles(p, f.files);
      // the fixture really fails before the run
      assert.throws(() => execSync(f.command, { cwd: p.dir, stdio: 'pipe' }));
      p.setScenario({
        rules: [
          // the agent does T001, then checks its work with the project's command: it really fails
          { match: { kind: 'implement' }, do: { partial: { count: 1 }, runCommand: f.command } },
          { match: { kind: 'heal' }, do: { writeFiles: f.fix, runCommand: f.command } },
        ],
      });
      const r = runCli(['start', '--project', p.dir, ...fast], { env: p.env });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const [heal, ...more] = heals(p);
      assert.equal(more.length, 0);
      const prompt = String(heal!.prompt);
      for (const text of f.expected) assert.ok(prompt.includes(text), `the healer prompt carries "${text}":\n${prompt}`);
      assert.deepEqual(heal!.taskIds, ['T002']);
      const exec = stateOnDisk(p)!;
      assert.equal(exec.status, 'merge_ready');
      assert.equal(exec.batches[0]!.status, 'healed');
      const failedRun = exec.agentRuns.find((run) => run.kind === 'implement' && run.batchIndex === 1)!;
      assert.equal(failedRun.outcome, 'error');
      assert.ok(
        failedRun.toolErrors.some((e) => e.includes(f.expected[0]!)),
        'the Bash tool error is in the run record',
      );
      execSync(f.command, { cwd: p.dir, stdio: 'pipe' }); // fixed for real
    });
  }
});

describe('engine: transient API errors are waited out, not healed', function () {
  this.timeout(120_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  it('a rate-limited batch and an overloaded batch wait with backoff and retry, using no heal attempt', () => {
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    p.setScenario({
      rules: [
        { match: { kind: 'implement', taskId: 'T001' }, times: 1, do: { rateLimit: true } },
        { match: { kind: 'implement', taskId: 'T003' }, times: 1, do: { overloaded: { retries: 0 } } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, '--retry-backoff-seconds', '0.2', '--skip-analyze', ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.deepEqual(
      p.invocations().map((c) => c.kind),
      ['implement', 'implement', 'implement', 'implement', 'verify'],
      'each transient failure is retried: no decision call, no healer',
    );
    const exits = p.calls().filter((e) => e.event === 'exit');
    assert.equal(exits.filter((e) => e.isError).length, 2);
    const exec = stateOnDisk(p)!;
    assert.equal(exec.status, 'merge_ready');
    assert.deepEqual(
      exec.batches.map((b) => [b.status, b.healAttempts]),
      [
        ['completed', 0],
        ['completed', 0],
      ],
    );
    const notes = exec.decisionLog.filter((e) => e.kind === 'note' && /^transient failure, not counted as a failure/.test(e.reason));
    assert.equal(notes.length, 2);
    assert.equal(notes[0]!.evidence.transientReason, 'rate_limit');
    assert.match(notes[0]!.reason, /rate limit: API Error: Request rejected \(429\)/);
    assert.equal(notes[0]!.evidence.waitMs, 200);
    assert.equal(notes[0]!.evidence.healAttemptsUsed, 0);
    assert.equal(notes[1]!.evidence.transientReason, 'overloaded');
    assert.equal(notes[1]!.evidence.waitMs, 200);
    assert.ok(notes.every((n) => typeof n.evidence.until === 'string'));
    assert.ok(!exec.decisionLog.some((e) => e.to.status === 'healing'), 'never healing');
    assert.ok(!exec.wait, 'the wait is cleared once the retry ran');
    assert.ok(!exec.agentRuns.some((run) => run.kind === 'heal'));
  });

  it('a usage limit waits until its reset time, with the wait shown in the state, then retries', async () => {
    p = makeProject({ tasks: sectionedTasks(2, 1) });
    // claude 2.1.197's subscriber limit: a rate_limit_event and "You've hit your session limit · resets …"
    p.setScenario({ rules: [{ match: { kind: 'implement' }, times: 1, do: { usageLimit: { resetsInSeconds: 2 } } }] });
    // a 1 s backoff keeps the margin after the reset at 0.17–0.67 s (5–20 s at the default 30 s)
    const run = runCliAsync(['start', '--project', p.dir, '--retry-backoff-seconds', '1', ...fast], { env: { ...process.env, ...p.env } });
    const waiting = await waitFor(
      () => {
        const s = stateOnDisk(p);
        return s?.wait ? s : undefined;
      },
      30_000,
      'the state to show the wait',
    );
    assert.equal(waiting.wait!.reason, 'usage_limit');
    assert.match(waiting.wait!.message, /^Usage limit \(five-hour session limit\): resumes at \d\d:\d\d UTC$/);
    const shown = runCli(['status', '--project', p.dir], { env: p.env });
    assert.match(shown.stdout, /Usage limit: resumes at \d\d:\d\d \(in \d+s\)/, `status shows the countdown: ${shown.stdout}`);
    assert.equal(waiting.status, 'running');
    assert.equal(waiting.batches[0]!.healAttempts, 0);
    const done = await run.done;
    assert.equal(done.code, 0, done.stderr + done.stdout);

    const calls = p.invocations();
    assert.equal(calls.length, 3, 'implement, its retry, verify');
    const firstExit = p.calls().find((e) => e.event === 'exit')!;
    assert.equal(firstExit.isError, true);
    const note = stateOnDisk(p)!.decisionLog.find((e) => e.kind === 'note' && e.evidence.transientReason === 'usage_limit')!;
    assert.ok(note, 'the wait is in the decision log');
    const until = Date.parse(String(note.evidence.until));
    assert.ok(Date.parse(String(calls[1]!.ts)) >= until - 50, 'the retry starts only when the wait is over');
    const reset = Date.parse(String(firstExit.ts)) + 1000; // resetsInSeconds 2, floored to whole seconds
    assert.ok(Date.parse(String(calls[1]!.ts)) >= reset, 'and not before the limit resets');
    const exec = stateOnDisk(p)!;
    assert.equal(exec.batches[0]!.status, 'completed');
    assert.equal(exec.batches[0]!.healAttempts, 0);
  });

  it('a rate-limited healer retries inside the same heal attempt', () => {
    p = oneBatch();
    p.setScenario({
      rules: [
        { match: { kind: 'implement' }, do: { error: { text: 'Error: ENOENT: no such file or directory', afterTasks: 1 } } },
        { match: { kind: 'heal' }, times: 1, do: { rateLimit: true } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, '--retry-backoff-seconds', '0.2', '--max-heal-attempts', '1', ...fast], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const h = heals(p);
    assert.equal(h.length, 2, 'the rate-limited healer and its retry');
    assert.match(String(h[1]!.prompt), /Heal attempt 1 of 1/);
    const exec = stateOnDisk(p)!;
    assert.equal(exec.batches[0]!.status, 'healed');
    assert.equal(exec.batches[0]!.healAttempts, 1, 'the wait used no heal attempt');
  });
});
