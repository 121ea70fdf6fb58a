// Where the engine decides with claudeHelper (issue 5, FR-050…054), through the built CLI and the fake agent:
// read-only decision calls, their structured answers in the decision log, the one repair of an invalid answer,
// and model fallback (by the CLI with --fallback-model, and by the engine after a 404 "model not found").
import assert from 'node:assert/strict';
import type { LogEntry } from '../fixtures/fakeClaude/callLog';
import { FAKE_CLAUDE, runCli } from '../support/cli';
import { listArg, maxBudgetArg, status } from '../support/engineRuns';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';

const claude = ['--claude', FAKE_CLAUDE];
const READ_ONLY = ['Read', 'Grep', 'Glob'];
const WRITE_TOOLS = ['Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Bash'];

const decisions = (p: TestProject): LogEntry[] => p.invocations().filter((c) => c.kind === 'decision');

function assertReadOnly(call: LogEntry): void {
  const argv = call.argv as string[];
  assert.deepEqual(listArg(call, '--tools'), READ_ONLY, argv.join(' '));
  assert.deepEqual(listArg(call, '--allowedTools'), READ_ONLY);
  assert.ok(argv.includes('--permission-mode=default'), 'no acceptEdits for a decision');
  for (const a of argv.slice(0, argv.indexOf('--'))) {
    assert.ok(!/^--(dangerously-skip-permissions|allow-dangerously-skip-permissions|disallowedTools|add-dir)/.test(a), a);
    if (a.startsWith('--tools=') || a.startsWith('--allowedTools='))
      for (const w of WRITE_TOOLS) assert.ok(!a.split('=')[1]!.split(',').includes(w), `${w} in ${a}`);
  }
  assert.deepEqual(call.tools, READ_ONLY, 'the fake saw the same tool set');
  assert.notEqual(call.jsonSchema, null, 'a structured answer is asked for');
}

/** The one batch (T001, T002) does T001, then fails. */
const FAIL_BATCH = {
  match: { kind: 'implement' },
  times: 1,
  do: { error: { text: "Error: ENOENT: no such file or directory, open 'src/config/db.ts'", afterTasks: 1 } },
};

describe('engine: decisions through claudeHelper', function () {
  this.timeout(120_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  it('classifies a failed batch with a read-only call and logs its structured answer (kind decision)', () => {
    p = makeProject({ tasks: sectionedTasks(2, 1) });
    const answer = {
      recoverable: true,
      kind: 'missing_file',
      summary: 'src/config/db.ts is read by the batch but was never created',
      tasksDone: ['T001'],
      tasksLeft: ['T002'],
      suggestion: 'create src/config/db.ts exporting the connection settings',
    };
    p.setScenario({ rules: [FAIL_BATCH, { match: { kind: 'decision' }, do: { structured: answer, costUsd: 0.004 } }] });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);

    const [d, ...more] = decisions(p);
    assert.equal(more.length, 0);
    assertReadOnly(d!);
    const argv = d!.argv as string[];
    assert.ok(argv.includes('--model=haiku'), 'the decision model');
    assert.equal(maxBudgetArg(d!), 0.5, 'the decision cap');
    const schema = d!.jsonSchema as { type: string; properties: Record<string, { enum?: string[] }>; required: string[] };
    assert.equal(schema.type, 'object');
    assert.deepEqual(Object.keys(schema.properties).sort(), ['kind', 'recoverable', 'suggestion', 'summary', 'tasksDone', 'tasksLeft']);
    assert.deepEqual(schema.properties.kind!.enum, ['missing_file', 'syntax_error', 'failing_test', 'dependency', 'rate_limit', 'other']);
    assert.match(String(d!.prompt), /^SpecFlow decision: classify why an implement batch failed/);
    assert.ok(String(d!.prompt).includes("no such file or directory, open 'src/config/db.ts'"), 'the decision sees the error');

    const exec = status(p);
    const entry = exec.decisionLog.find((e) => e.kind === 'decision')!;
    assert.ok(entry, 'the answer is in the decision log');
    assert.equal(entry.evidence.purpose, 'batch 1 failure classified');
    assert.deepEqual(entry.evidence.answer, answer, 'with its structured content');
    assert.equal(entry.evidence.repaired, false);
    assert.equal(entry.evidence.costUsd, 0.004);
    assert.equal(entry.evidence.sessionId, d!.sessionId);
    assert.ok(entry.reason.startsWith('batch 1 failure classified: {"recoverable":true,"kind":"missing_file"'));
    const run = exec.agentRuns.find((x) => x.kind === 'decision')!;
    assert.equal(run.batchIndex, 1);
    assert.equal(run.applied, true);
    assert.equal(run.costUsd, 0.004);
    // the healer gets the diagnosis
    const heal = p.invocations().find((c) => c.kind === 'heal')!;
    assert.ok(String(heal.prompt).includes(`Diagnosis: ${JSON.stringify(answer)}`));
    assert.equal(exec.batches[0]!.status, 'healed');
  });

  it('settles "agent said success but tasks.md disagrees" with a read-only call, logged with its verdict', () => {
    p = makeProject({ tasks: sectionedTasks(2, 1) });
    const verdict = { verdict: 'work_not_done', tasksActuallyDone: [], evidence: 'no src/part1.ts or src/part2.ts exists' };
    p.setScenario({
      rules: [
        { match: { kind: 'implement' }, times: 1, do: { noop: true } },
        { match: { kind: 'decision', promptIncludes: 'tasks in tasks.md are still unchecked' }, do: { structured: verdict } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const ds = decisions(p);
    assert.equal(ds.length, 2, 'the disagreement, then the failure classification');
    ds.forEach(assertReadOnly);
    assert.match(String(ds[0]!.prompt), /^SpecFlow decision: an agent reported success, but tasks in tasks\.md are still unchecked/);
    assert.match(String(ds[0]!.prompt), /Still unchecked: T001, T002\./);
    const exec = status(p);
    const entries = exec.decisionLog.filter((e) => e.kind === 'decision');
    assert.deepEqual(
      entries.map((e) => e.evidence.purpose),
      ['batch 1 success/status disagreement', 'batch 1 failure classified'],
    );
    assert.deepEqual(entries[0]!.evidence.answer, verdict);
    assert.equal(exec.batches[0]!.status, 'healed');
  });

  it('repairs a schema-invalid answer once in the same session; a second invalid answer is logged as schema_validation_failed and the run goes on', () => {
    p = makeProject({ tasks: sectionedTasks(2, 1) });
    const valid = { recoverable: true, kind: 'missing_file', summary: 'db.ts missing', tasksDone: ['T001'], tasksLeft: ['T002'], suggestion: 'create it' };
    p.setScenario({ rules: [FAIL_BATCH, { match: { kind: 'decision' }, do: { structuredSequence: [{ recoverable: 'maybe', kind: 'gremlins' }, valid] } }] });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const [first, repair, ...more] = decisions(p);
    assert.equal(more.length, 0, 'one repair only');
    assertReadOnly(first!);
    assertReadOnly(repair!);
    assert.equal(repair!.resume, first!.sessionId, 'the repair resumes the same session');
    assert.equal(repair!.fork, false);
    assert.ok(!(repair!.argv as string[]).includes('--fork-session'));
    assert.match(String(repair!.prompt), /did not match the required schema \(recoverable: .*kind: .*\)/);
    const exec = status(p);
    const entry = exec.decisionLog.find((e) => e.kind === 'decision')!;
    assert.equal(entry.evidence.repaired, true);
    assert.deepEqual(entry.evidence.answer, valid);

    const q = makeProject({ tasks: sectionedTasks(2, 1) });
    try {
      q.setScenario({ rules: [FAIL_BATCH, { match: { kind: 'decision' }, do: { structured: { recoverable: 'maybe' } } }] });
      const r2 = runCli(['start', '--project', q.dir, '--skip-analyze', ...claude], { env: q.env });
      assert.equal(r2.code, 0, r2.stderr + r2.stdout);
      assert.equal(decisions(q).length, 2, 'asked, repaired once, then given up');
      const e2 = status(q);
      assert.ok(!e2.decisionLog.some((e) => e.kind === 'decision'));
      const note = e2.decisionLog.find((e) => e.kind === 'note' && e.evidence.error === 'schema_validation_failed')!;
      assert.ok(note, 'the failed decision is logged');
      assert.match(
        note.reason,
        /^batch 1 failure classified: the decision call failed \(schema_validation_failed\): the answer did not match the schema: .*; going on without it$/,
      );
      assert.match(r2.stderr, /decision call failed \(schema_validation_failed\)/);
      assert.equal(e2.batches[0]!.status, 'healed', 'a failed decision never stops the run');
    } finally {
      q.cleanup();
    }
  });
});

describe('engine: model fallback', function () {
  this.timeout(120_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  it('passes --fallback-model; when the model is unavailable the CLI falls back and the run goes on', () => {
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    p.setScenario({ defaults: { modelUnavailable: { model: 'opus' } } });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--model', 'opus', '--fallback-model', 'sonnet', ...claude], {
      env: p.env,
    });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const calls = p.invocations();
    assert.deepEqual(
      calls.map((c) => c.kind),
      ['implement', 'implement', 'verify'],
    );
    for (const c of calls) {
      const argv = c.argv as string[];
      assert.ok(argv.includes('--model=opus') && argv.includes('--fallback-model=sonnet'), argv.join(' '));
    }
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    for (const run of exec.agentRuns) assert.equal(run.model, 'claude-sonnet-5', 'each run ended on the fallback model');
  });

  it('retries with the fallback model when a call ends with the 404 "model not found" error, using no heal attempt', () => {
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    const notFound =
      "There's an issue with the selected model (opus). It may not exist or you may not have access to it. Run /model to pick a different model.";
    p.setScenario({ rules: [{ match: { kind: 'implement', model: 'opus' }, times: 1, do: { error: { text: notFound, apiErrorStatus: 404 } } }] });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--model', 'opus', '--fallback-model', 'sonnet', ...claude], {
      env: p.env,
    });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const calls = p.invocations();
    assert.deepEqual(
      calls.map((c) => [c.kind, c.model]),
      [
        ['implement', 'opus'],
        ['implement', 'sonnet'],
        ['implement', 'opus'],
        ['verify', 'opus'],
      ],
    );
    assert.deepEqual(calls[1]!.taskIds, ['T001', 'T002'], 'the same batch, again');
    const exec = status(p);
    const entry = exec.decisionLog.find((e) => /is unavailable; retrying with the fallback model/.test(e.reason))!;
    assert.ok(entry);
    assert.equal(entry.reason, 'model opus is unavailable; retrying with the fallback model sonnet');
    assert.equal(exec.batches[0]!.status, 'completed');
    assert.equal(exec.batches[0]!.healAttempts, 0);
    assert.ok(!calls.some((c) => c.kind === 'heal'));
  });

  it('without a fallback model a 404 "model not found" fails the batch without a healer', () => {
    p = makeProject({ tasks: sectionedTasks(2, 1) });
    p.setScenario({ defaults: { modelUnavailable: true } });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--model', 'opus', ...claude], { env: p.env });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.equal(p.invocations().length, 1);
    const exec = status(p);
    assert.equal(exec.status, 'failed');
    assert.match(exec.error!.message, /the model is not available: There's an issue with the selected model \(opus\)/);
    assert.match(String(exec.error!.details.why), /cannot be healed/);
  });
});
