// The progress display in Chromium (US4, FR-060…064): headline, phases, timing, controls from the host's
// `actions`, the batch table's gate and commit columns with Open Changes and Revert, the groups of a
// parallel wave, warnings, the usage-limit countdown, the raise-budget form, agent activity, the decision
// log, text-only rendering.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import {
  activity,
  budgetState,
  DECISION_LOG,
  evidenceState,
  failedState,
  healingState,
  LIMIT_MESSAGE,
  limitState,
  mergeReadyState,
  progressState,
  RUN_ID,
} from './fixtures';
import { eventually, launchBrowser, WebviewPage, WebviewServer } from './harness';
import { overflowOf, pageHelpers, type PageSelect } from './helpers';

const XSS = '<img src=x onerror=alert(1)>';

describe('webview (Chromium): the progress display', function () {
  let browser: Browser;
  let server: WebviewServer;
  let wv: WebviewPage;
  const { $, text, prop, attrs, ids, activeId, assertClean } = pageHelpers(() => wv);

  before(async function () {
    [browser, server] = await Promise.all([launchBrowser(), WebviewServer.start()]);
    wv = await WebviewPage.create(browser, server);
  });

  after(async function () {
    await wv?.close();
    await server?.close();
    await browser?.close();
  });

  const cell = (batch: number, selector: string): Promise<string> => text(`.batch-row[data-index="${batch}"] ${selector}`);

  it('shows the headline, tasks line, phase bar with Implement current, status, active time, cost and batches', async function () {
    await wv.load(progressState());
    assert.equal(await text('#headline'), 'Implementing batch 2 of 4: Core Components');
    assert.equal(await text('#tasks-line'), 'Tasks: 12/35 complete');
    assert.equal(await prop<number>('#tasks-progress', 'value'), 12);
    assert.equal(await prop<number>('#tasks-progress', 'max'), 35);
    assert.deepEqual(await $('.phase .phase-label').allTextContents(), ['Design', 'Analyze', 'Implement', 'Verify', 'Merge']);
    assert.equal(await $('.phase[aria-current="step"]').getAttribute('data-phase'), 'implement');
    assert.deepEqual(await attrs('.phase', 'data-state'), ['done', 'done', 'current', 'pending', 'pending']);
    assert.equal(await text('#status-badge'), 'Running');
    assert.equal(await $('#live').getAttribute('aria-live'), 'polite');
    assert.match(await text('#live'), /Running Implementing batch 2 of 4: Core Components/);
    // The real clock runs here (a slow machine may be a second or two further): exact ticking is tested below.
    assert.match(await text('.stat:first-child dt'), /Active time/);
    assert.match(await text('#active-time'), /^12m 3[4-9]s$/);
    assert.match(await text('#eta'), /^about 20m (10|0\d)s$/);
    assert.equal(await text('#cost'), '$1.23 of $50.00');
    assert.equal(await $('.batch-row').count(), 4);
    assert.equal(await $('.batch-row.is-current').getAttribute('data-index'), '2');
    assert.deepEqual(
      (await $('.batch-table th').allTextContents()).map((t) => t.trim()),
      ['#', 'Batch', 'Status', 'Tasks', 'Gate', 'Commit', 'Duration', 'Heals', 'Cost', 'Actions'],
    );
    assert.equal(await cell(1, '.gate-badge'), '✓ 143 passed: The test gate passed');
    assert.equal(await cell(1, '.commit'), 'a1b2c3d +63 −2');
    assert.equal(await cell(2, '.commit-cell'), '—', 'a running batch has no commit yet');
    assert.equal(await text('#batches-caption'), 'Test gate: npm test (before the run: ✓ 143 passed) · Checkpoints: commit');
    // Controls for a running run: Pause and Cancel, nothing else; no Report while an agent works.
    assert.deepEqual(await ids($('.controls vscode-button')), ['btn-pause', 'btn-cancel']);
    assert.equal(await $('.row-action.revert').count(), 0, 'nothing can be reverted while the run is active');
    await $('.log-entry[data-seq="4"] summary').click();
    await wv.screenshot('progress-dark');
    await $('#btn-pause').click();
    assert.deepEqual(await wv.waitForPost('pause'), { type: 'pause', id: RUN_ID });
    await assertClean();
  });

  it("shows the controls the host's actions allow, whatever the status says", async function () {
    await wv.load(progressState({}, { actions: { pause: false, resume: true, cancel: false, merge: true, newRun: false } }));
    assert.deepEqual(await ids($('.controls vscode-button')), ['btn-merge', 'btn-resume']);
    await wv.setState(progressState({}, { actions: undefined }));
    await eventually(async () => (await $('.controls vscode-button').count()) === 0, 'no controls without actions');
    await assertClean();
  });

  it('follows new snapshots: auto-healing, then merge ready with Merge as the primary action and a Report button', async function () {
    await wv.load(progressState());
    await wv.setState(healingState());
    await $('#status-badge[data-status="healing"]').waitFor();
    assert.equal(await text('#headline'), 'Auto-healing batch 2...');
    assert.match(await text('#live'), /^Healing Auto-healing batch 2\.\.\.$/);
    assert.match(await text('.batch-row[data-index="2"]'), /npm test failed: 2 failing tests/);
    await wv.setState(mergeReadyState());
    await $('#status-badge[data-status="merge_ready"]').waitFor();
    assert.equal(await text('#headline'), 'Merge ready');
    assert.equal(await text('#status-badge'), 'Merge Ready');
    assert.equal(await text('#tasks-line'), 'Tasks: 35/35 complete');
    assert.equal(await $('.phase[aria-current="step"]').getAttribute('data-phase'), 'merge');
    assert.equal(await $('#btn-merge').getAttribute('secondary'), null, 'Merge is the primary button');
    assert.deepEqual(await ids($('.controls vscode-button')), ['btn-merge', 'btn-cancel', 'btn-report']);
    assert.equal(await $('#activity').count(), 0, 'no activity section without activity');
    await wv.screenshot('progress-merge-ready-dark');
    await $('#btn-report').click();
    assert.deepEqual(await wv.waitForPost('showView'), { type: 'showView', id: RUN_ID, view: 'report' });
    await $('#btn-merge').click();
    assert.deepEqual(await wv.waitForPost('merge'), { type: 'merge', id: RUN_ID });
    // While the host works on it, the controls are disabled and say what is going on.
    await wv.setState({ ...mergeReadyState(), busy: 'Merging…' });
    await $('.busy').waitFor();
    assert.equal(await text('.busy'), 'Merging…');
    assert.equal(await $('#btn-merge').getAttribute('disabled'), '');
    await assertClean();
  });

  it('the gate column: badges linking to the gate log, red when worse; the commit column: sha, +/−, reverted, a failed checkpoint', async function () {
    await wv.load(evidenceState());
    assert.deepEqual(await attrs('.gate-badge', 'data-verdict'), ['pass', 'worse', 'no_worse', 'pass']);
    assert.equal(await cell(2, '.gate-badge'), '✗ 2 failed: The test gate is worse than before the run');
    const colour = (sel: string) =>
      $(sel).evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
    // The dark theme's errorForeground (#f85149) for a worse gate only.
    assert.equal(await colour('.batch-row[data-index="2"] .gate-badge'), 'rgb(248, 81, 73)');
    assert.notEqual(await colour('.batch-row[data-index="1"] .gate-badge'), 'rgb(248, 81, 73)');
    assert.notEqual(await colour('.batch-row[data-index="3"] .gate-badge'), 'rgb(248, 81, 73)');
    await $('.batch-row[data-index="2"] .gate-badge').click();
    assert.deepEqual(await wv.waitForPost('openFile'), { type: 'openFile', path: '.specflow/workflows/runs/20261125-151604-3f9a2c.gate.log' });
    assert.match(await cell(3, '.checkpoint-failed'), /^checkpoint failed: pre-commit hook rejected the commit: lint failed$/);
    assert.equal(await $('.batch-row[data-index="3"] .checkpoint-failed').getAttribute('title'), 'pre-commit hook rejected the commit: lint failed');
    assert.equal(await $('.batch-row[data-index="4"] .commit.is-reverted').count(), 1);
    assert.match(await cell(4, '.commit'), /reverted$/);
    await wv.screenshot('progress-evidence-dark');
    await assertClean();
  });

  it('Revert and Open Changes post their messages; Revert only where the host allows it (canRevert)', async function () {
    await wv.load(evidenceState());
    assert.deepEqual(await attrs('.row-action.revert', 'aria-label'), ['Revert batch 1']);
    assert.equal(await $('.batch-row[data-index="2"] .row-action.revert').count(), 0);
    assert.equal(await $('.batch-row[data-index="4"] .row-action.revert').count(), 0, 'a reverted batch is not reverted twice');
    await $('.batch-row[data-index="1"] .row-action.revert').click();
    assert.deepEqual(await wv.waitForPost('revertBatch'), { type: 'revertBatch', id: RUN_ID, batch: 1 });
    assert.equal(await $('.batch-row .open-changes').count(), 4, 'every batch with a checkpoint has changes to show');
    await $('.batch-row[data-index="3"] .open-changes').click();
    assert.deepEqual(await wv.waitForPost('openChanges'), { type: 'openChanges', id: RUN_ID, batch: 3 });
    // Keyboard: the row actions are buttons.
    await $('.batch-row[data-index="1"] .open-changes').focus();
    await wv.page.keyboard.press('Enter');
    await eventually(() => wv.postsOf('openChanges').length === 2, 'a second openChanges');
    assert.equal(wv.postsOf('openChanges')[1]!.batch, 1);
    await assertClean();
  });

  it("a usage limit: the countdown in the badge and the headline, the warnings, the running wave's groups", async function () {
    const until = new Date(Date.now() + (3 * 3600 + 12 * 60 + 30) * 1000).toISOString();
    await wv.load(limitState(until));
    assert.match(await text('#status-badge'), /^Usage limit · 3h 12m$/);
    assert.match(await text('#headline'), /^Usage limit: resumes at \d\d:\d\d \(in 3h 12m\)$/);
    assert.equal(await $('#headline-countdown').getAttribute('aria-hidden'), 'true', 'the live region does not read the seconds');
    assert.equal(await text('#run-wait'), `Usage limit reached ${LIMIT_MESSAGE}`);
    assert.equal(await text('#run-warnings'), 'Warning `specflow status --json` failed (exit 2): the built-in status is used instead');
    assert.deepEqual(await attrs('.group-row', 'data-group'), ['1', '2', '3']);
    assert.equal(await text('.group-row[data-group="2"]'), 'Wave 1 · group 2 T008 running · 1 heal Edit src/components/Card.tsx');
    assert.equal(await text('.group-row[data-group="1"] .group-status'), 'committed', 'a finished group shows no activity');
    assert.equal(await text('.group-row[data-group="3"] .group-tasks'), 'T009, T010, T011');
    assert.match(await text('#active-time'), /^1h 00m$/);
    await wv.screenshot('progress-limit-dark');
    await assertClean();
  });

  it('a budget stop: the raise form is focused on the cap that stopped the run and resumes with the raised caps', async function () {
    await wv.load(budgetState());
    await $('#raise-budget').waitFor();
    assert.equal(await text('[data-cap="perBatchUsd"] vscode-label'), 'Per batch stopped the run');
    assert.deepEqual(await attrs('#raise-budget .field', 'data-cap'), ['perBatchUsd', 'totalUsd', 'healUsd', 'decisionUsd']);
    assert.equal(await prop<string>('#raise-perBatchUsd', 'value'), '10', 'twice the cap is offered');
    await eventually(async () => (await activeId()) === 'raise-perBatchUsd', 'the stopped cap to get the focus');
    await wv.screenshot('progress-budget-dark');
    await $('#raise-totalUsd input').fill('0');
    assert.equal(await text('#raise-totalUsd-error'), 'The total budget must be greater than $0');
    assert.equal(await $('#raise-resume').getAttribute('disabled'), '');
    await $('#raise-totalUsd input').fill('80');
    await $('#raise-perBatchUsd input').fill('7.5');
    await $('#raise-resume').click();
    assert.deepEqual(await wv.waitForPost('resume'), { type: 'resume', id: RUN_ID, budget: { perBatchUsd: 7.5, totalUsd: 80 } });
    // A plain Resume keeps the caps.
    await $('#btn-resume').click();
    await eventually(() => wv.postsOf('resume').length === 2, 'a second resume');
    assert.deepEqual(wv.postsOf('resume')[1], { type: 'resume', id: RUN_ID });
    // A new snapshot of the same stop keeps what was typed (the form is made once per run).
    await wv.setState(budgetState());
    assert.equal(await prop<string>('#raise-perBatchUsd', 'value'), '7.5');
    await assertClean();
  });

  it('Cancel asks for confirmation inline before posting cancel', async function () {
    await wv.load(progressState());
    await $('#btn-cancel').click();
    assert.match(await text('#confirm-text'), /^Cancel this run\?/);
    await eventually(async () => (await activeId()) === 'confirm-cancel', 'the focus on Cancel run');
    await $('#keep-running').click();
    await $('#btn-cancel').waitFor();
    assert.equal(wv.postsOf('cancel').length, 0);
    await $('#btn-cancel').click();
    await $('#confirm-cancel').click();
    assert.deepEqual(await wv.waitForPost('cancel'), { type: 'cancel', id: RUN_ID });
    await assertClean();
  });

  it('shows a failed run with its error, run logs as links (openFile), Resume, New run and Report', async function () {
    await wv.load(failedState());
    assert.equal(await text('#status-badge'), 'Failed');
    assert.match(await text('#run-error'), /Batch 2 \(Core Components\) failed and auto-heal could not fix it/);
    assert.equal(await $('.phase[data-state="failed"]').getAttribute('data-phase'), 'implement');
    await wv.screenshot('progress-failed-dark');
    await $('#run-error .file-link').first().click();
    assert.deepEqual(await wv.waitForPost('openFile'), { type: 'openFile', path: '.specflow/workflows/runs/20261125-152201-0a1b2c.jsonl' });
    assert.deepEqual(await ids($('.controls vscode-button')), ['btn-resume', 'btn-newRun', 'btn-report']);
    await $('#btn-resume').click();
    assert.deepEqual(await wv.waitForPost('resume'), { type: 'resume', id: RUN_ID });
    await $('#btn-newRun').click();
    assert.deepEqual(await wv.waitForPost('newRun'), { type: 'newRun' });
    await assertClean();
  });

  it('shows live agent activity, updated by activity messages, with a label for the simulated agent', async function () {
    await wv.load(progressState());
    assert.equal(await text('#current-tool'), 'Edit src/components/Button.tsx');
    assert.equal(await $('#simulated-label').count(), 0);
    await wv.send({ type: 'activity', activity: activity({ simulated: true, currentTool: { name: 'Bash', target: 'npm test' }, toolCalls: 15 }) });
    await $('#simulated-label').waitFor();
    assert.equal(await text('#simulated-label'), 'Simulated agent (no AI)');
    assert.equal(await text('#current-tool'), 'Bash npm test');
    await $('.activity .file-link').first().click();
    assert.deepEqual(await wv.waitForPost('openFile'), { type: 'openFile', path: 'src/components/Button.tsx' });
    await assertClean();
  });

  it('renders agent, git and file text as text, never as HTML', async function () {
    const log = [...DECISION_LOG!, { ...DECISION_LOG![0]!, seq: 5, reason: XSS, evidence: { html: XSS } }];
    const xssBatch = {
      index: 1,
      name: XSS,
      status: 'completed' as const,
      taskCount: 1,
      healAttempts: 0,
      costUsd: 0,
      error: XSS,
      canRevert: true,
      gate: { badge: XSS, verdict: 'worse' as const, logPath: XSS },
      checkpoint: { status: 'failed', files: 1, additions: 1, deletions: 0, error: XSS, reverted: false },
      groups: [{ index: 1, wave: 1, taskIds: [XSS], status: 'running', executionId: '20261125-152201-0a1b2c', costUsd: 0, healAttempts: 0 }],
    };
    await wv.load(
      progressState(
        { headline: `Implementing batch 2 of 4: ${XSS}`, batches: [xssBatch], warnings: [XSS] },
        { decisionLog: log, activity: activity({ lastAssistantText: XSS, recentFiles: [XSS], currentTool: { name: 'Write', target: XSS } }) },
      ),
    );
    assert.equal(await $('#assistant-text').textContent(), XSS);
    assert.equal(await text('#headline'), `Implementing batch 2 of 4: ${XSS}`);
    assert.equal(await text('#current-tool'), `Write ${XSS}`);
    assert.match(await text('.log-entry[data-seq="5"] .log-reason'), /<img src=x onerror=alert\(1\)>/);
    assert.match(await text('.batch-row .gate-badge'), /^<img src=x onerror=alert\(1\)>/);
    assert.equal(await text('.group-row .group-activity'), `Write ${XSS}`);
    assert.match(await text('#run-warnings'), /<img src=x onerror=alert\(1\)>/);
    assert.equal(await $('#app img').count(), 0, 'no <img> element was created');
    await wv.page.waitForTimeout(100);
    assert.deepEqual(wv.dialogs, [], 'no alert ran');
    await assertClean();
  });

  it('filters the decision log by kind and text, expands evidence, and exports through the host', async function () {
    await wv.load(progressState());
    assert.deepEqual(await attrs('.log-entry', 'data-seq'), ['4', '3', '2', '1'], 'newest first');
    const kind = (value: string) =>
      $('#log-kind').evaluate((el: PageSelect, v) => {
        el.value = v;
        el.dispatchEvent(new Event('change'));
      }, value);
    await kind('transition');
    assert.deepEqual(await attrs('.log-entry', 'data-seq'), ['2', '1']);
    assert.equal(await text('.log-count'), '2 of 4 entries match');
    await kind('all');
    await $('#log-text input').fill('T003');
    assert.deepEqual(await attrs('.log-entry', 'data-seq'), ['4'], 'free text searches the evidence too');
    await $('.log-entry[data-seq="4"] summary').click();
    assert.equal(await $('.log-entry[data-seq="4"] .log-evidence').isVisible(), true);
    const evidence = JSON.parse((await $('.log-entry[data-seq="4"] .log-evidence').textContent()) ?? '') as Record<string, unknown>;
    assert.deepEqual(evidence, DECISION_LOG![3]!.evidence);
    // The filter and the expanded entry survive a reload.
    await wv.reload();
    assert.equal(await prop<string>('#log-text', 'value'), 'T003');
    assert.equal(await $('.log-entry[data-seq="4"] .log-evidence').isVisible(), true);
    await $('#export-log').click();
    assert.deepEqual(await wv.waitForPost('exportLog'), { type: 'exportLog', id: RUN_ID });
    await assertClean();
  });

  it('ignores host messages that do not match the protocol (with a warning)', async function () {
    await wv.load(progressState());
    await wv.send({ type: 'state', state: { mode: 'progress', run: { headline: 'forged' } } });
    await wv.send({ type: 'eval', code: 'alert(1)' });
    await eventually(() => wv.consoleWarnings.filter((w) => w.includes('ignoring a host message')).length === 2, 'two warnings');
    assert.equal(await text('#headline'), 'Implementing batch 2 of 4: Core Components');
    await assertClean();
  });

  it('does not overflow horizontally in a narrow panel', async function () {
    await wv.load(evidenceState(), { width: 420 });
    await wv.screenshot('progress-narrow-dark');
    assert.ok((await overflowOf(wv)) <= 0, 'the progress page is wider than the panel');
    await wv.load(budgetState(), { width: 420 });
    assert.ok((await overflowOf(wv)) <= 0, 'the raise-budget form is wider than the panel');
    await assertClean();
  });

  describe('active time, ETA and the usage-limit countdown tick locally', function () {
    let clocked: WebviewPage;
    // 01:12 UTC (the page's time zone): a limit that resets at 04:24 is 3h 12m away.
    const NOW = new Date('2026-11-26T01:12:00Z');
    before(async function () {
      clocked = await WebviewPage.create(browser, server, { clock: NOW });
    });
    after(async function () {
      await clocked?.close();
    });
    const at = async (sel: string): Promise<string> => ((await clocked.page.locator(sel).textContent()) ?? '').replace(/\s+/g, ' ').trim();

    it('advances each second while running and stops when paused', async function () {
      await clocked.load(progressState());
      assert.equal(await at('#active-time'), '12m 34s');
      await clocked.page.clock.runFor(5000);
      assert.equal(await at('#active-time'), '12m 39s');
      assert.equal(await at('#eta'), 'about 20m 05s');
      await clocked.setState(progressState({ status: 'paused', statusLabel: 'Paused', headline: 'Paused', activeMs: 760_000 }));
      await clocked.page.locator('#status-badge[data-status="paused"]').waitFor();
      await clocked.page.clock.runFor(5000);
      assert.equal(await at('#active-time'), '12m 40s');
      assert.deepEqual(await ids(clocked.page.locator('.controls vscode-button')), ['btn-resume', 'btn-cancel', 'btn-report']);
    });

    it('counts down to the reset: "Usage limit · resumes at 04:24 (in 3h 12m)", and active time stands still', async function () {
      const pageNow = async (): Promise<number> => clocked.page.evaluate(() => Date.now());
      const hhmm = (t: number): string => new Date(t).toISOString().slice(11, 16);
      let until = (await pageNow()) + (3 * 60 + 12) * 60_000;
      await clocked.load(limitState(new Date(until).toISOString()));
      assert.equal(hhmm(until), '04:24', 'the page clock stands a few seconds after 01:12');
      assert.equal(await at('#status-badge'), 'Usage limit · 3h 12m');
      assert.equal(await at('#headline'), 'Usage limit: resumes at 04:24 (in 3h 12m)');
      assert.equal(await at('#live'), 'Usage limit · 3h 12m Usage limit: resumes at 04:24 (in 3h 12m)');
      assert.equal(await at('#active-time'), '1h 00m');
      await clocked.page.clock.runFor(1000);
      assert.equal(await at('#headline'), 'Usage limit: resumes at 04:24 (in 3h 11m)');
      assert.equal(await at('#status-badge'), 'Usage limit · 3h 11m');
      // Under an hour the seconds count.
      until = (await pageNow()) + 10 * 60_000;
      await clocked.setState(limitState(new Date(until).toISOString()));
      await eventually(async () => (await at('#headline')).endsWith('(in 10m 00s)'), 'the new countdown');
      await clocked.page.clock.runFor(1000);
      assert.equal(await at('#headline'), `Usage limit: resumes at ${hhmm(until)} (in 9m 59s)`);
      await clocked.page.clock.runFor(3000);
      assert.equal(await at('#headline'), `Usage limit: resumes at ${hhmm(until)} (in 9m 56s)`);
      assert.equal(await at('#active-time'), '1h 00m', 'waiting is not active time');
    });
  });
});
