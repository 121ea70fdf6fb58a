import assert from 'node:assert/strict';
import type { OrchestrationExecution } from '../../../src/core/model/execution';
import { buildReport } from '../../../src/core/report/buildReport';
import { renderMarkdown } from '../../../src/core/report/markdown';
import { taskTitle } from '../../../src/core/report/text';
import { renderTimelineSvg } from '../../../src/core/report/timelineSvg';
import { completedRemaining, completedRun } from './completedRun';
import { reportOf } from './cases';
import { at } from './fixtureParts';
import { failedRun } from './otherRuns';
import { all, byKind, parseSvg } from './svgTree';

const none = { open: [], blocked: [], deferred: [] };

/** The completed run, changed: how it would read had it stopped otherwise. */
function variant(change: (o: OrchestrationExecution) => void): OrchestrationExecution {
  const o = completedRun();
  change(o);
  return o;
}

describe('buildReport', () => {
  it('summary: outcome, active time, cost against the budget, tasks', () => {
    const { summary } = reportOf('completed');
    assert.equal(summary.line, 'Complete · 1h 09m active · $4.64 of $50.00 budget · 12/12 tasks');
    assert.deepEqual(
      [summary.outcome, summary.elapsedMs, summary.heals, summary.batches],
      ['success', 96 * 60_000, 1, { total: 4, completed: 4, healed: 1, failed: 0 }],
    );
    assert.equal(reportOf('failed').summary.line, 'Failed at batch 2 · 28m 40s active · $2.07 of $50.00 budget · 3/10 tasks');
    assert.equal(reportOf('paused-usage-limit').summary.outcome, 'stopped');
  });

  it('a heal: the gate error that started it → what the healer said, its diagnosis, outcome and cost', () => {
    const [heal, ...more] = reportOf('completed').batches[1]!.heals;
    assert.equal(more.length, 0);
    assert.equal(heal!.trigger, 'the test gate is worse than before the run: 1 new failing test: cart > totals include tax');
    assert.match(heal!.diagnosis!, /^failing test: PriceCalculator applies tax before the discount/);
    assert.match(heal!.healerSaid!, /^Fixed the order of discount and tax/);
    assert.deepEqual([heal!.outcome, heal!.healed, heal!.costUsd, heal!.durationMs], ['success', true, 0.48, 320_000]);
  });

  it('a heal whose announcement is no longer in the log takes its error from the run before it', () => {
    const orch = completedRun();
    const log = orch.decisionLog.filter((e) => !e.reason.startsWith('Auto-healing'));
    const [heal] = buildReport(orch, { remaining: none, fullDecisionLog: log, now: new Date(at(97)) }).batches[1]!.heals;
    assert.equal(heal!.trigger, 'the agent reported success, but the batch was not confirmed (tasks.md or the test gate disagreed)');
    assert.equal(heal!.diagnosis, undefined);
    const failedOrch = failedRun();
    const failedLog = failedOrch.decisionLog.filter((e) => !e.reason.startsWith('Auto-healing'));
    const failed = buildReport(failedOrch, { remaining: none, fullDecisionLog: failedLog, now: new Date(at(30)) }).batches[1]!.heals[0]!;
    assert.equal(failed.trigger, 'the agent ended with an error: Edit failed: src/api/routes.ts does not exist', "the implement run's own ending");
    assert.deepEqual([failed.healed, failed.outcome], [false, 'error']);
  });

  it('a usage-limit wait logged twice (wait log and note) is shown once, on its batch', () => {
    const b3 = reportOf('completed').batches[2]!;
    assert.deepEqual(
      b3.waits.map((w) => [w.reason, w.since, w.endedAt, w.durationMs, w.batchIndex, w.ongoing]),
      [['usage_limit', at(33, 10), at(60, 5), 1_615_000, 3, false]],
    );
    assert.equal(b3.decisions.length, 0, 'the wait note is a wait, not a decision too');
  });

  it('a wait going on now is shown once, though the engine also logged a note for it', () => {
    const orch = variant((o) => {
      Object.assign(o, {
        status: 'running',
        waitLog: [],
        wait: { reason: 'usage_limit', message: 'Usage limit (5-hour limit): resumes at 23:00 UTC', since: at(33, 10), until: at(60, 5) },
      });
      o.batches[2]!.status = 'running' as const;
      delete o.batches[2]!.completedAt;
      delete o.completedAt;
    });
    const b3 = buildReport(orch, { remaining: none, now: new Date(at(40)) }).batches[2]!;
    assert.deepEqual(
      b3.waits.map((w) => [w.reason, w.ongoing, w.until, w.endedAt]),
      [['usage_limit', true, at(60, 5), undefined]],
    );
  });

  it('decisions per batch, read as words (a fallback model, not JSON)', () => {
    const r = reportOf('completed');
    assert.deepEqual(
      r.batches[3]!.decisions.map((d) => [d.kind, d.text]),
      [['decision', 'model opus is unavailable; retrying with the fallback model sonnet']],
    );
    assert.deepEqual(
      r.batches[1]!.decisions.map((d) => d.text),
      ['test gate after batch 2: ✗ 1 failed — worse than the baseline (1 new failing test: cart > totals include tax)'],
      "the red gate is kept; the passing one is not news, and the classification is shown as the heal's diagnosis",
    );
  });

  it('dual-confirmation failures are kept as notes of their batch', () => {
    const orch = variant((o) =>
      o.decisionLog.push({
        seq: 99,
        at: at(86, 41),
        kind: 'note',
        from: { status: 'running', phase: 'implement', batch: 4 },
        to: { status: 'running', phase: 'implement', batch: 4 },
        reason: 'dual confirmation failed for batch 4: T012 still open after the agent reported success',
        evidence: { openTaskIds: ['T012'] },
      }),
    );
    const notes = buildReport(orch, { remaining: none, now: new Date(at(97)) }).batches[3]!.decisions.filter((d) => d.kind === 'note');
    assert.deepEqual(
      notes.map((n) => n.text),
      ['dual confirmation failed for batch 4: T012 still open after the agent reported success'],
    );
  });

  it('commit, files with +/− and totals, gate evidence', () => {
    const b = reportOf('completed').batches[2]!;
    assert.deepEqual([b.checkpoint!.shortSha, b.checkpoint!.totals], ['c3d4e5f', { files: 4, additions: 202, deletions: 6 }]);
    assert.deepEqual([b.gate!.badge, b.gate!.verdict, b.gate!.counts], ['✓ 41 passed', 'pass', { passed: 41, failed: 0 }]);
    assert.equal(reportOf('completed').batches[1]!.gate!.runs, 2, 'the gate ran again after the heal');
  });

  it('steps say what confirmed them', () => {
    const steps = Object.fromEntries(reportOf('completed').steps.map((s) => [s.name, s]));
    assert.deepEqual([steps.analyze!.confirmedBy, steps.analyze!.verified], ['the specflow status (step analyze: complete)', true]);
    assert.equal(steps.verify!.confirmedBy, 'no task is open in tasks.md and the test gate is no worse than before the run (✓ 44 passed)');
    assert.equal(steps.verify!.gate!.badge, '✓ 44 passed');
    assert.equal(steps.merge!.confirmedBy, 'git shows 001-checkout merged into main');
    const old = Object.fromEntries(reportOf('no-git-no-gate').steps.map((s) => [s.name, s]));
    assert.equal(old.design!.confirmedBy, 'the project status (built-in): spec.md, plan.md, tasks.md present, tasks 0/8 checked', "an older engine's note");
    assert.equal(old.verify!.confirmedBy, 'no open task left in tasks.md (8/8 checked)');
    assert.deepEqual([steps.design!.status, steps.design!.note], ['skipped', 'spec.md and tasks.md already exist']);
    assert.deepEqual(steps.verify!.skills, ['/flow.verify']);
  });

  it('a step only the agent vouched for is reported as not confirmed', () => {
    const orch = completedRun();
    const note = orch.decisionLog.find((e) => e.reason.startsWith('analyze confirmed'))!;
    note.reason = 'analyze: the agent reported success; no independent check for this step';
    const r = buildReport(orch, { remaining: none, now: new Date(at(97)) });
    const analyze = r.steps.find((s) => s.name === 'analyze')!;
    assert.deepEqual([analyze.verified, analyze.confirmedBy], [false, 'the agent reported success; no independent check for this step']);
    assert.match(
      renderMarkdown(r, { svgFileName: 'x.svg' }),
      /\| analyze \| completed \| 3m 35s \| \$0\.21 \| not confirmed: the agent reported success; no independent check for this step \|/,
    );
  });

  it('earlier endings of a batch that a resume reopened are kept', () => {
    const b1 = reportOf('failed').batches[0]!;
    assert.deepEqual(b1.history, [{ at: at(0, 50), status: 'cancelled', healAttempts: 0 }]);
  });

  it('what is left: open tasks get the reason of the batch that holds them', () => {
    const { left } = reportOf('failed');
    assert.deepEqual(
      left.open.map((t) => [t.id, t.batchIndex, t.reason]),
      [
        ['T004', 2, 'batch 2 failed: the agent ended with an error: 3 tests fail in test/routes.test.ts'],
        ['T005', 2, 'batch 2 failed: the agent ended with an error: 3 tests fail in test/routes.test.ts'],
        ['T006', 2, 'batch 2 failed: the agent ended with an error: 3 tests fail in test/routes.test.ts'],
        ['T007', 3, 'batch 3 has not run yet'],
        ['T008', 3, 'batch 3 has not run yet'],
        ['T009', 3, 'batch 3 has not run yet'],
      ],
    );
    assert.deepEqual(left.blocked[0], {
      id: 'T010',
      title: 'Payment webhooks',
      line: 20,
      reason: "marked blocked ([b]) in tasks.md: needs the payment provider's test keys",
    });
    const unplanned = buildReport(completedRun(), { remaining: { ...none, open: [{ id: 'T099', text: 'T099 later', line: 90 }] }, now: new Date(at(97)) });
    assert.equal(unplanned.left.open[0]!.reason, 'not planned in this run');
  });
});

describe('buildReport: the next step, by how the run rests', () => {
  const next = (o: OrchestrationExecution) => buildReport(o, { remaining: completedRemaining, now: new Date(at(97)) }).next;

  it('completed: review the commits; merge ready: merge', () => {
    assert.deepEqual(reportOf('completed').next, {
      action: 'review',
      text: 'Review the 4 commits of this run (one per batch), then push or open a pull request',
      command: "git -C /home/dev/shop log --stat --grep 'SpecFlow-Run: 20260101-220000-a1b2c3'",
    });
    assert.deepEqual(reportOf('no-git-no-gate').next, {
      action: 'merge',
      text: 'Merge: review the diff, then merge',
      command: 'specflow-orchestrate merge --project /home/dev/notes --id 20260101-220000-d4e5f6',
    });
  });

  it('failed: fix, naming the error, then resume (a path with a space is quoted)', () => {
    const n = reportOf('failed').next;
    assert.equal(n.action, 'fix_and_resume');
    assert.equal(
      n.text,
      'Fix the failure of batch 2, then resume: batch 2 failed after 1 heal attempt: the agent ended with an error: 3 tests fail in test/routes.test.ts',
    );
    assert.equal(n.command, "specflow-orchestrate resume --project '/home/dev/my shop' --id 20260101-220000-b2c3d4");
  });

  it('paused at a usage limit: resume after the reset time', () => {
    const n = reportOf('paused-usage-limit').next;
    assert.equal(n.text, 'Resume after the usage limit resets at 2026-01-02 07:00 UTC (the run goes on with batch 2 of 3)');
    assert.equal(n.notBefore, '2026-01-02T07:00:00.000Z');
    assert.match(n.command!, /^specflow-orchestrate resume /);
  });

  it('budget exceeded: raise the cap that was reached, and resume with it raised', () => {
    const stop = (message: string) =>
      variant((o) => {
        Object.assign(o, { status: 'budget_exceeded', error: { message, kind: 'budget', at: at(40), details: {}, logPaths: [] } });
        delete o.completedAt;
      });
    const heal = next(stop('the healer of batch 2 reached the $2.00 heal budget (--budget-heal) ($12.00 spent of the $50.00 total)'));
    assert.equal(heal.action, 'raise_budget');
    assert.equal(heal.text, 'Raise the budget and resume: the heal budget of $2.00 was reached ($4.64 spent in all)');
    assert.equal(heal.command, 'specflow-orchestrate resume --project /home/dev/shop --id 20260101-220000-a1b2c3 --budget-heal 4');
    const byDetails = stop('batch 2 has spent its $5.00 per-batch budget ($5.01 with its heals and decisions)');
    byDetails.error!.details = { cap: 'perBatchUsd' };
    assert.match(next(byDetails).command!, /--budget-batch 10$/, "the cap the engine named in the error's details");
    const total = next(stop('the total budget of $50.00 is spent ($50.10 so far)'));
    assert.match(total.text, /the total budget of \$50\.00 was reached/);
    assert.match(total.command!, /--budget-total 100$/);
  });

  it('cancelled: resume; still running: follow it, with the active time counted up to now', () => {
    const cancelled = variant((o) => Object.assign(o, { status: 'cancelled' }));
    assert.deepEqual([next(cancelled).action, next(cancelled).text], ['resume', 'Resume to continue']);
    const running = variant((o) => {
      Object.assign(o, { status: 'running', activeSince: at(90), activeMs: 60_000 });
      delete o.completedAt;
    });
    const r = buildReport(running, { remaining: none, now: new Date(at(95)) });
    assert.deepEqual([r.next.action, r.summary.activeMs, r.summary.outcome, r.summary.endedAt], ['follow', 6 * 60_000, 'in_progress', undefined]);
    assert.match(r.next.command!, /^specflow-orchestrate status --project/);
  });
});

describe('taskTitle', () => {
  it('drops the ID and the markers, keeps the words', () => {
    assert.equal(taskTitle('T004', 'T004 [P] [US1] Add login'), 'Add login');
    assert.equal(taskTitle('T012a', 'T012a [P] [US3] Build T099 after T001'), 'Build T099 after T001');
    assert.equal(taskTitle('1.2', '1.2 Write the parser'), 'Write the parser');
    assert.equal(taskTitle('T001', 'Unrelated [x] text'), 'Unrelated [x] text', 'no ID in front: the text as written');
    assert.equal(taskTitle('T001', 'T001'), 'T001', 'nothing but the ID: the ID');
  });
});

describe('buildReport: a run that stopped before any batch', () => {
  it('failed in design: no batches, a readable report, picture and all', () => {
    const orch = completedRun();
    Object.assign(orch, {
      status: 'failed',
      phase: 'design',
      batches: [],
      agentRuns: [],
      waitLog: [],
      decisionLog: [],
      error: { message: 'design reported success but tasks.md is still missing', kind: 'unconfirmed', at: at(5), details: {}, logPaths: [] },
      steps: {
        ...orch.steps,
        design: { status: 'failed', startedAt: at(0, 5), executionIds: [], costUsd: 0.4, error: 'design reported success but tasks.md is still missing' },
      },
    });
    delete orch.completedAt;
    const r = buildReport(orch, { remaining: none, now: new Date(at(5)) });
    assert.deepEqual([r.summary.batches.total, r.next.action], [0, 'fix_and_resume']);
    const md = renderMarkdown(r, { svgFileName: 'x.svg' });
    assert.match(md, /## Batches\n\nNo batch was planned\./);
    assert.match(md, /\| design \| failed \| {2}\| \$0\.40 \| design reported success but tasks\.md is still missing \|/);
    const root = parseSvg(renderTimelineSvg(r));
    assert.equal(all(root, byKind('batch')).length, 0);
  });
});
