// The engine end to end through the built CLI and the scripted fake agent (issue: orchestration engine).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionLogEntry, OrchestrationExecution } from '../../src/core/model/execution';
import { FAKE_CLAUDE, runCli, runCliAsync } from '../support/cli';
import { flatTasks, makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { alive, waitFor } from '../support/polling';

const claude = ['--claude', FAKE_CLAUDE];

function status(p: TestProject): OrchestrationExecution {
  const r = runCli(['status', '--project', p.dir, '--json'], { env: p.env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as OrchestrationExecution;
}

function stateFiles(p: TestProject): string[] {
  return readdirSync(join(p.dir, '.specflow', 'workflows')).filter((f) => /^orchestration-.*\.json$/.test(f));
}

/** Each transition's `from` is the state the previous transition led `to`: nothing changed unlogged. */
function assertTransitionsChain(log: DecisionLogEntry[]): void {
  const transitions = log.filter((e) => e.kind === 'transition');
  assert.ok(transitions.length > 0);
  for (let i = 1; i < transitions.length; i++) {
    const prev = transitions[i - 1]!.to;
    const cur = transitions[i]!.from;
    assert.equal(cur.status, prev.status, `entry ${transitions[i]!.seq}: status ${prev.status} → ${cur.status} without an entry`);
    assert.equal(cur.phase, prev.phase, `entry ${transitions[i]!.seq}: phase ${prev.phase} → ${cur.phase} without an entry`);
  }
  for (const t of transitions) assert.notDeepEqual(t.from, t.to, `a transition changes something (seq ${t.seq})`);
  const seqs = log.map((e) => e.seq);
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => seqs[0]! + i),
    'seq numbers are consecutive',
  );
}

describe('engine: complete a phase headless', function () {
  this.timeout(120_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  it('runs analyze, 4 batches and verify on a 50-task phase, ends merge_ready, then merges', () => {
    p = makeProject({ tasks: sectionedTasks(50, 4, { names: ['Setup', 'Core Components', 'Integration', 'Polish'] }) });
    const r = runCli(['start', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /Detected 4 batches from tasks\.md/);
    assert.match(r.stdout, /Implementing batch 2 of 4: Phase 2: Core Components/);
    assert.deepEqual(
      p.invocations().map((c) => c.kind),
      ['analyze', 'implement', 'implement', 'implement', 'implement', 'verify'],
    );

    const exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches.length, 4);
    for (const b of exec.batches) {
      assert.equal(b.status, 'completed');
      assert.ok(b.startedAt && b.completedAt, `batch ${b.index} has timestamps`);
      assert.ok(Date.parse(b.completedAt) >= Date.parse(b.startedAt));
      assert.equal(b.executionIds.length, 1);
      assert.ok(b.costUsd > 0, `batch ${b.index} has a cost`);
      assert.ok(existsSync(join(p.dir, '.specflow', 'workflows', 'runs', `${b.executionIds[0]}.jsonl`)), 'run log exists');
    }
    assert.equal(exec.taskProgress.completed, 50);
    assert.ok(exec.totalCostUsd > 0);
    assert.ok(exec.decisionLog.some((e) => /Detected 4 batches from tasks\.md/.test(e.reason)));
    assertTransitionsChain(exec.decisionLog);
    const batchStarts = exec.decisionLog.filter((e) => e.kind === 'transition' && /^Implementing batch \d of 4/.test(e.reason));
    assert.equal(batchStarts.length, 4);

    const m = runCli(['merge', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(m.code, 0, m.stderr);
    const merged = status(p);
    assert.equal(merged.status, 'completed');
    assert.equal(merged.steps.merge.status, 'completed');
    assert.equal(p.invocations().at(-1)!.kind, 'merge');
    assertTransitionsChain(merged.decisionLog);
  });

  it('runs design first when spec.md is missing (US1-2)', () => {
    p = makeProject({ tasks: sectionedTasks(6, 2), spec: false });
    const r = runCli(['start', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr);
    const kinds = p.invocations().map((c) => c.kind);
    assert.equal(kinds[0], 'design');
    assert.ok(kinds.indexOf('design') < kinds.indexOf('implement'));
    assert.ok(existsSync(join(p.dir, 'specs/001-feature/spec.md')), 'design wrote spec.md');
    assert.equal(status(p).steps.design.status, 'completed');
  });

  it('goes straight to implement with skipDesign and skipAnalyze (US2-4)', () => {
    p = makeProject({ tasks: sectionedTasks(6, 2), spec: false });
    const r = runCli(['start', '--project', p.dir, '--skip-design', '--skip-analyze', ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(p.invocations()[0]!.kind, 'implement');
    const exec = status(p);
    assert.equal(exec.steps.design.status, 'skipped');
    assert.equal(exec.steps.analyze.status, 'skipped');
  });

  it('puts the additional context into every implement prompt, verbatim (US2-3)', () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    const context = 'Focus on performance';
    const tricky = `${context}\nQuotes "x" 'y', $(rm -rf /) and \`backticks\` stay text`;
    const r = runCli(['start', '--project', p.dir, '--context', tricky, ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr);
    const implement = p.invocations().filter((c) => c.kind === 'implement');
    assert.equal(implement.length, 3);
    for (const c of implement) {
      assert.ok(String(c.prompt).includes(tricky), 'context arrives verbatim in the prompt');
      const argv = c.argv as string[];
      assert.equal(argv.at(-2), '--', 'options end before the prompt');
      assert.ok(argv.at(-1)!.startsWith('/flow.implement '), 'the prompt is the batch skill');
    }
  });

  it('never completes a batch whose agent exits 0 without checking its tasks; the error names the open IDs', () => {
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    p.setScenario({ rules: [{ match: { kind: ['implement', 'heal'] }, do: { noop: true } }] });
    const r = runCli(['start', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(r.code, 1, r.stdout);
    const exec = status(p);
    assert.equal(exec.status, 'failed');
    assert.equal(exec.batches[0]!.status, 'failed');
    assert.notEqual(exec.batches[0]!.status, 'completed');
    assert.match(exec.error!.message, /T001 and T002 are still open after the agent reported success/);
    assert.match(r.stdout, /T001 and T002 are still open/);
    assert.equal(p.invocations().filter((c) => c.kind === 'implement').length, 1, 'batch 2 never ran');
  });

  it('cancels from a second process mid-batch, kills the agent tree within 2 s, and resume finishes', async () => {
    p = makeProject({ tasks: sectionedTasks(9, 3) });
    p.setScenario({ rules: [{ match: { kind: 'implement', call: 2 }, times: 1, do: { hang: { afterTasks: 1, silent: true } } }] });
    const run = runCliAsync(['start', '--project', p.dir, ...claude], { env: { ...process.env, ...p.env } });
    const hung = await waitFor(() => p.calls().find((e) => e.event === 'grandchild'), 30_000);
    const agentPid = Number(hung.pid);
    const grandchild = Number(hung.grandchildPid);
    assert.ok(alive(agentPid) && alive(grandchild));
    const t0 = Date.now();
    const c = runCli(['cancel', '--project', p.dir, '--json'], { env: p.env });
    assert.equal(c.code, 0, c.stderr);
    await waitFor(() => !alive(agentPid) && !alive(grandchild), 2_000);
    assert.ok(Date.now() - t0 < 4_000);
    const started = await run.done;
    assert.equal(started.code, 1, 'start ends as cancelled');
    let exec = status(p);
    assert.equal(exec.status, 'cancelled');
    assert.equal(exec.batches[1]!.status, 'cancelled');
    assert.equal(exec.batches[2]!.status, 'pending', 'no further batch ran');

    const resumed = runCli(['resume', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(resumed.code, 0, resumed.stderr);
    exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    assert.ok(exec.batches.every((b) => b.status === 'completed'));
    const batch2Calls = p.invocations().filter((c) => c.kind === 'implement' && (c.taskIds as string[]).some((id) => ['T004', 'T005', 'T006'].includes(id)));
    assert.equal(batch2Calls.length, 2);
    assert.deepEqual(batch2Calls[1]!.taskIds, ['T005', 'T006'], 'the resumed batch only gets its still-open tasks');
  });

  it('falls back to 15-task batches without ## sections and never re-sends completed tasks', () => {
    p = makeProject({ tasks: flatTasks(40, 10) });
    p.setScenario({
      rules: [
        { match: { kind: 'implement', call: 1 }, times: 1, do: { partial: { count: 5 } } },
        { match: { kind: 'heal' }, do: { complete: true } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, '--no-decisions', ...claude], { env: p.env });
    assert.equal(r.code, 0, r.stderr);
    const exec = status(p);
    assert.equal(exec.fallback, true);
    assert.deepEqual(
      exec.batches.map((b) => b.taskIds.length),
      [15, 15],
    );
    const sent = p.invocations().flatMap((c) => (c.taskIds as string[]) ?? []);
    for (let n = 1; n <= 10; n++) assert.ok(!sent.includes(`T${String(n).padStart(3, '0')}`), 'done tasks are never sent');
    const heal = p.invocations().find((c) => c.kind === 'heal')!;
    assert.deepEqual(heal.taskIds, ['T016', 'T017', 'T018', 'T019', 'T020', 'T021', 'T022', 'T023', 'T024', 'T025'], 'the healer gets only what is left');
    assert.equal(exec.batches[0]!.status, 'healed');
  });

  it('exits 2 with a clear message when claude is missing', () => {
    p = makeProject({ tasks: sectionedTasks(2, 1) });
    const r = runCli(['start', '--project', p.dir], { env: { ...p.env, PATH: '/nonexistent', SPECFLOW_CLAUDE_PATH: '' } });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'specflow-orchestrate: claude CLI not found: set --claude or SPECFLOW_CLAUDE_PATH');
    const r2 = runCli(['start', '--project', p.dir, '--claude', '/no/such/claude'], { env: p.env });
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /claude CLI not found at \/no\/such\/claude/);
  });

  it('reports a corrupt state file clearly and keeps it', () => {
    p = makeProject({ tasks: sectionedTasks(2, 1) });
    assert.equal(runCli(['start', '--project', p.dir, ...claude], { env: p.env }).code, 0);
    const [file] = stateFiles(p);
    const full = join(p.dir, '.specflow', 'workflows', file!);
    const id = file!.replace(/^orchestration-|\.json$/g, '');
    writeFileSync(full, '{"schemaVersion": 1, "id": "trunc');
    const r = runCli(['status', '--project', p.dir, '--id', id, '--json'], { env: p.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /state file .*orchestration-.*\.json is unusable: it is not valid JSON/);
    assert.match(r.stderr, /kept as .*\.corrupt-/);
    const aside = readdirSync(join(p.dir, '.specflow', 'workflows')).find((f) => f.includes('.corrupt-'))!;
    assert.equal(readFileSync(join(p.dir, '.specflow', 'workflows', aside), 'utf8'), '{"schemaVersion": 1, "id": "trunc');
    rmSync(join(p.dir, '.specflow', 'workflows', aside));
  });

  it('refuses a second start while one holds the project (exit 3)', () => {
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    assert.equal(runCli(['start', '--project', p.dir, '--pause-between-batches', ...claude], { env: p.env }).code, 4);
    const second = runCli(['start', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(second.code, 3);
    assert.match(second.stderr, /Orchestration already in progress \(id \S+, paused/);
    assert.match(second.stderr, /specflow-orchestrate cancel --project/);
  });
});
