// Money budgets through the built CLI and the fake agent (issue 5, SC-006): every call gets
// --max-budget-usd = min(its cap, what is left of the total); a budget hit stops the run with
// budget_exceeded and exit 5, keeping the state so that `resume` with a higher cap finishes it.
import assert from 'node:assert/strict';
import type { LogEntry } from '../fixtures/fakeClaude/callLog';
import { FAKE_CLAUDE, runCli } from '../support/cli';
import { maxBudgetArg, status } from '../support/engineRuns';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';

const claude = ['--claude', FAKE_CLAUDE];
const EPS = 1e-9;

interface PricedCall {
  call: LogEntry;
  kind: string;
  maxBudgetUsd: number;
  /** Total spent before this call started, from the exit lines of the calls before it. */
  spentBefore: number;
  costUsd: number;
}

/** Pairs each invocation with its exit line (calls are sequential) and the money spent before it. */
function pricedCalls(p: TestProject): PricedCall[] {
  const out: PricedCall[] = [];
  let spent = 0;
  let open: PricedCall | undefined;
  for (const e of p.calls()) {
    if (!e.event) {
      assert.equal(open, undefined, 'calls do not overlap');
      const max = maxBudgetArg(e);
      assert.ok(max !== undefined, `call ${out.length + 1} (${String(e.kind)}) has --max-budget-usd`);
      open = { call: e, kind: String(e.kind), maxBudgetUsd: max, spentBefore: spent, costUsd: 0 };
    } else if (e.event === 'exit' && open) {
      open.costUsd = Number(e.costUsd ?? 0);
      spent += open.costUsd;
      out.push(open);
      open = undefined;
    }
  }
  assert.equal(open, undefined, 'every call ended');
  return out;
}

describe('engine: money budgets (SC-006)', function () {
  this.timeout(120_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  it('stops at budget_exceeded (exit 5) when the calls add up past the total; every call is capped by its own cap, its batch and what is left', () => {
    // 4 batches of one task. Batch 1 fails first (a decision and a healer run), then every batch costs $0.20.
    p = makeProject({ tasks: sectionedTasks(4, 4) });
    p.setScenario({
      defaults: { costUsd: 0.2 },
      rules: [
        { match: { kind: 'implement', taskId: 'T001' }, times: 1, do: { error: { text: "Error: ENOENT: no such file or directory, open 'src/x.ts'" } } },
        { match: { kind: 'decision' }, do: { costUsd: 0.03 } },
        { match: { kind: 'heal' }, do: { costUsd: 0.1 } },
      ],
    });
    const caps = { implement: 0.5, heal: 0.15, decision: 0.05, total: 0.8 };
    const r = runCli(
      [
        'start',
        '--project',
        p.dir,
        '--skip-analyze',
        '--budget-total',
        String(caps.total),
        '--budget-batch',
        String(caps.implement),
        '--budget-heal',
        String(caps.heal),
        '--budget-decision',
        String(caps.decision),
        ...claude,
      ],
      { env: p.env },
    );
    assert.equal(r.code, 5, r.stderr + r.stdout);

    const calls = pricedCalls(p);
    assert.deepEqual(
      calls.map((c) => c.kind),
      ['implement', 'decision', 'heal', 'implement', 'implement', 'implement'],
    );
    for (const [i, c] of calls.entries()) {
      const cap = caps[c.kind as 'implement' | 'heal' | 'decision'];
      assert.ok(c.maxBudgetUsd <= cap + EPS, `call ${i + 1} (${c.kind}): --max-budget-usd=${c.maxBudgetUsd} is within its cap $${cap}`);
      const left = caps.total - c.spentBefore;
      assert.ok(c.maxBudgetUsd <= left + EPS, `call ${i + 1} (${c.kind}): --max-budget-usd=${c.maxBudgetUsd} is within what was left ($${left.toFixed(4)})`);
      assert.equal(c.call.maxBudgetUsd, c.maxBudgetUsd, 'the fake read the same value');
    }
    assert.deepEqual(
      calls.map((c) => c.maxBudgetUsd),
      // batch 1 ($0.50 with its decision and heal): 0.5, then min(0.05, 0.3 left in the batch), then min(0.15, 0.27);
      // batches 2-4 get what is left of the total once it is below the batch cap: 0.47, 0.27, 0.07
      [0.5, 0.05, 0.15, 0.47, 0.27, 0.07],
    );
    const last = calls.at(-1)!;
    assert.equal(
      p
        .calls()
        .filter((e) => e.event === 'exit')
        .at(-1)!.subtype,
      'error_max_budget_usd',
      'the last call ran out of what was left',
    );

    const spent = calls.reduce((s, c) => s + c.costUsd, 0);
    const exec = status(p);
    assert.equal(exec.status, 'budget_exceeded');
    assert.ok(Math.abs(exec.totalCostUsd - spent) < 1e-6, `state total ${exec.totalCostUsd} = sum of the calls ${spent}`);
    const biggestCallCap = Math.max(caps.implement, caps.heal, caps.decision);
    assert.ok(exec.totalCostUsd <= caps.total + biggestCallCap + EPS, `spent $${exec.totalCostUsd} ≤ cap $${caps.total} + one call's cap $${biggestCallCap}`);
    assert.ok(exec.totalCostUsd <= caps.total + last.costUsd + EPS);
    assert.equal(exec.batches[3]!.status, 'failed');
    assert.equal(exec.steps.verify.status, 'pending', 'nothing ran after the budget stop');
    assert.equal(exec.error!.kind, 'budget_exceeded');
    assert.equal(exec.error!.message, 'the total budget of $0.80 is spent ($0.93 so far): batch 4 was given the $0.07 that was left and used it up');
    assert.match(String(exec.error!.details.result), /Reached maximum budget \(\$0\.07\)/);
    // a clear message on stdout
    assert.match(r.stdout, /Orchestration \S+: Budget exceeded/);
    assert.ok(
      r.stdout.includes(
        'budget exceeded: the total budget of $0.80 is spent ($0.93 so far): batch 4 was given the $0.07 that was left and used it up. Raise the budget and resume.',
      ),
    );
    assert.match(r.stdout, /Cost: \$0\.9300 of \$0\.80/);
  });

  it('counts a batch with its heals and decisions against the per-batch budget, and names that cap when it stops the run', () => {
    p = makeProject({ tasks: sectionedTasks(2, 1) });
    p.setScenario({
      defaults: { costUsd: 0.2 },
      rules: [
        { match: { kind: 'implement' }, times: 1, do: { error: { text: "Error: ENOENT: no such file or directory, open 'src/x.ts'" } } },
        { match: { kind: 'decision' }, do: { costUsd: 0.03 } },
        { match: { kind: 'heal' }, do: { costUsd: 0.1 } },
      ],
    });
    const r = runCli(
      ['start', '--project', p.dir, '--skip-analyze', '--budget-batch', '0.3', '--budget-heal', '0.15', '--budget-decision', '0.05', ...claude],
      { env: p.env },
    );
    assert.equal(r.code, 5, r.stderr + r.stdout);
    assert.deepEqual(
      pricedCalls(p).map((c) => [c.kind, c.maxBudgetUsd]),
      [
        ['implement', 0.3],
        ['decision', 0.05],
        ['heal', 0.07],
      ],
      'the healer gets what is left of the batch ($0.30 - $0.23), not its own $0.15 cap',
    );
    const exec = status(p);
    assert.equal(exec.status, 'budget_exceeded');
    assert.equal(exec.error!.details.cap, 'perBatchUsd', 'the cap to raise is the per-batch budget');
    assert.match(exec.error!.message, /^batch 1 reached its \$0\.30 per-batch budget \(--budget-batch\), heals and decisions included/);
  });

  it('with the default $50 total: calls that add up past it stop the run at budget_exceeded', () => {
    p = makeProject({ tasks: sectionedTasks(4, 4) });
    p.setScenario({ defaults: { costUsd: 19 } });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--budget-batch', '20', ...claude], { env: p.env });
    assert.equal(r.code, 5, r.stderr + r.stdout);
    const calls = pricedCalls(p);
    assert.deepEqual(
      calls.map((c) => [c.kind, c.maxBudgetUsd, c.spentBefore]),
      [
        ['implement', 20, 0],
        ['implement', 20, 19],
        ['implement', 12, 38],
      ],
    );
    const exec = status(p);
    assert.equal(exec.config.budget.totalUsd, 50, 'the default total');
    assert.equal(exec.status, 'budget_exceeded');
    assert.equal(exec.totalCostUsd, 57);
    assert.ok(exec.totalCostUsd <= 50 + 20, "at most the cap plus one call's cap");
    assert.equal(exec.error!.message, 'the total budget of $50.00 is spent ($57.00 so far): batch 3 was given the $12.00 that was left and used it up');
    assert.equal(exec.batches[3]!.status, 'pending', 'batch 4 never ran');
  });

  it('stops before the next call when the total is exactly used up', () => {
    p = makeProject({ tasks: sectionedTasks(3, 3) });
    p.setScenario({ defaults: { costUsd: 0.2 } });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--budget-total', '0.4', ...claude], { env: p.env });
    assert.equal(r.code, 5, r.stderr + r.stdout);
    const calls = pricedCalls(p);
    assert.deepEqual(
      calls.map((c) => [c.kind, c.maxBudgetUsd]),
      [
        ['implement', 0.4],
        ['implement', 0.2],
      ],
    );
    const exec = status(p);
    assert.equal(exec.status, 'budget_exceeded');
    assert.equal(exec.totalCostUsd, 0.4);
    assert.deepEqual(
      exec.batches.map((b) => b.status),
      ['completed', 'completed', 'pending'],
    );
    assert.equal(exec.error!.message, 'the total budget of $0.40 is spent ($0.40 so far)');
    assert.match(r.stdout, /budget exceeded: the total budget of \$0\.40 is spent/);
  });

  it('a healer that reaches the heal cap stops the run at budget_exceeded too, never healed again', () => {
    p = makeProject({ tasks: sectionedTasks(2, 1) });
    p.setScenario({
      rules: [
        { match: { kind: 'implement' }, do: { error: { text: 'Error: ENOENT: no such file or directory', afterTasks: 1 } } },
        { match: { kind: 'heal' }, do: { budget: true } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--max-heal-attempts', '2', ...claude], { env: p.env });
    assert.equal(r.code, 5, r.stderr + r.stdout);
    const calls = pricedCalls(p);
    assert.deepEqual(
      calls.map((c) => [c.kind, c.maxBudgetUsd]),
      [
        ['implement', 5],
        ['heal', 2],
      ],
    );
    const exec = status(p);
    assert.equal(exec.status, 'budget_exceeded');
    assert.equal(exec.batches[0]!.healAttempts, 1, 'no second heal attempt after a budget hit');
    assert.match(exec.error!.message, /^the healer of batch 1 reached the \$2\.00 heal budget \(--budget-heal\)/);
  });

  it('an error_max_budget_usd result stops the run (exit 5) and keeps the state; resume with a higher cap finishes it; status shows the cost per batch', () => {
    p = makeProject({ tasks: sectionedTasks(6, 3) });
    p.setScenario({ rules: [{ match: { kind: 'implement', taskId: 'T003' }, times: 1, do: { budget: true } }] });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', '--no-decisions', '--budget-batch', '1', ...claude], { env: p.env });
    assert.equal(r.code, 5, r.stderr + r.stdout);
    let exec = status(p);
    assert.equal(exec.status, 'budget_exceeded');
    assert.deepEqual(
      exec.batches.map((b) => b.status),
      ['completed', 'failed', 'pending'],
    );
    assert.equal(exec.error!.kind, 'budget_exceeded');
    assert.equal(exec.error!.message, 'batch 2 reached the $1.00 per-batch budget (--budget-batch) ($1.03 spent of the $50.00 total)');
    assert.match(r.stdout, /Budget exceeded/);
    assert.ok(r.stdout.includes(exec.error!.message));
    assert.ok(!p.invocations().some((c) => c.kind === 'heal'), 'a budget hit is never healed');
    // cost so far: total and per batch, in `status` and `status --json`
    assert.equal(exec.batches[0]!.costUsd, 0.02);
    assert.equal(exec.batches[1]!.costUsd, 1.01);
    assert.equal(exec.totalCostUsd, 1.03);
    const text = runCli(['status', '--project', p.dir], { env: p.env });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /\$1\.03/);
    assert.match(text.stdout, /1\. completed Phase 1: Section 1 \(2 tasks, \$0\.02\)/);
    assert.match(text.stdout, /2\. failed\s+Phase 2: Section 2 \(2 tasks, \$1\.01\)/);
    assert.match(text.stdout, /3\. pending\s+Phase 3: Section 3 \(2 tasks, \$0\.00\)/);
    const list = JSON.parse(runCli(['list', '--project', p.dir, '--json'], { env: p.env }).stdout) as { totalCostUsd: number }[];
    assert.equal(list[0]!.totalCostUsd, 1.03);

    assert.equal(exec.error!.details.cap, 'perBatchUsd', 'the per-batch budget is what stopped it');
    // Raising only the total does not help: batch 2 has spent its per-batch budget, and says so again.
    const same = runCli(['resume', '--project', p.dir, '--budget-total', '100', ...claude], { env: p.env });
    assert.equal(same.code, 5, same.stderr + same.stdout);
    assert.match(status(p).error!.message, /^batch 2 has spent its \$1\.00 per-batch budget/);
    const resumed = runCli(['resume', '--project', p.dir, '--budget-batch', '3', ...claude], { env: p.env });
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.config.budget.totalUsd, 100);
    assert.equal(exec.config.budget.perBatchUsd, 3);
    assert.deepEqual(
      exec.batches.map((b) => b.status),
      ['completed', 'completed', 'completed'],
    );
    const after = p.invocations().slice(2);
    assert.deepEqual(
      after.map((c) => [c.kind, c.taskIds, maxBudgetArg(c)]),
      [
        // batch 2 has $1.99 of its raised $3 left; batch 3 and verify get the full $3
        ['implement', ['T003', 'T004'], 1.99],
        ['implement', ['T005', 'T006'], 3],
        ['verify', [], 3],
      ],
    );
    assert.ok(exec.totalCostUsd > 1.03, 'the cost keeps adding up across the resume');
    assert.ok(exec.decisionLog.some((e) => e.kind === 'transition' && /resumed by the user \(was budget_exceeded\)/.test(e.reason)));
  });
});
