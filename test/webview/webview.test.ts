// The webview in Chromium, through the production HTML shell and a fake VS Code API: the Complete Phase
// modal (US2, FR-001…005), the progress display (US4, FR-060…064), the message protocol, text-only
// rendering, keyboard use, getState/setState across a reload, and screenshots in three themes.
import assert from 'node:assert/strict';
import type { Browser, Locator } from 'playwright-core';
import { DEFAULT_CONFIG } from '../../src/core/model/config';
import { WebviewToHostSchema } from '../../src/protocol/messages';
import {
  activity,
  configState,
  DECISION_LOG,
  failedState,
  fallbackPreflight,
  healingState,
  mergeReadyState,
  preflight,
  progressState,
  RUN_ID,
} from './fixtures';
import { eventually, launchBrowser, WebviewPage, WebviewServer, type Theme } from './harness';
import { productionBundle } from './productionBundle';

const XSS = '<img src=x onerror=alert(1)>';
/** The modal as the screenshots show it in every theme: one non-blocking pre-flight warning. */
const SKILLS_WARNING = [{ code: 'skills_missing', message: 'Skill files not found for /flow.analyze in .claude/commands or .claude/skills', blocking: false }];
const modalState = () => configState({ preflight: preflight({ warnings: SKILLS_WARNING }) });

/** The DOM as the in-page callbacks use it (the tests compile without the DOM lib; the callbacks run in Chromium). */
interface PageElement {
  id: string;
  getAttribute(name: string): string | null;
  dispatchEvent(event: Event): boolean;
}
interface PageSelect extends PageElement {
  value: string;
}

describe('webview (Chromium)', function () {
  let browser: Browser;
  let server: WebviewServer;
  let wv: WebviewPage;

  before(async function () {
    [browser, server] = await Promise.all([launchBrowser(), WebviewServer.start()]);
    wv = await WebviewPage.create(browser, server);
  });

  after(async function () {
    await wv?.close();
    await server?.close();
    await browser?.close();
  });

  const $ = (selector: string): Locator => wv.page.locator(selector);
  const text = async (selector: string): Promise<string> => ((await $(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const prop = <T>(selector: string, name: string): Promise<T> => $(selector).evaluate((el, n) => (el as unknown as Record<string, T>)[n]!, name);
  /** An attribute of every element the selector matches, in document order. */
  const attrs = (selector: string, name: string): Promise<(string | null)[]> =>
    $(selector).evaluateAll((els: PageElement[], n) => els.map((e) => e.getAttribute(n)), name);
  /** The ids of every element the locator matches, in document order. */
  const ids = (locator: Locator): Promise<string[]> => locator.evaluateAll((els: PageElement[]) => els.map((e) => e.id));

  /** Nothing blocked by the CSP, no script error, every posted message valid. */
  async function assertClean(): Promise<void> {
    assert.deepEqual(await wv.cspViolations(), [], 'CSP violations');
    assert.deepEqual(wv.consoleErrors, [], 'console errors');
    assert.deepEqual(wv.invalidPosts, [], 'messages that do not match WebviewToHostSchema');
    assert.deepEqual(wv.dialogs, [], 'dialogs (alert) opened');
  }

  async function openAdvanced(): Promise<void> {
    if (!(await prop<boolean>('#advanced', 'open'))) await $('#advanced').click();
    await $('#f-batchSizeFallback').waitFor({ state: 'visible' });
  }

  async function fill(field: string, value: string): Promise<void> {
    await $(`#f-${field} input, #f-${field} textarea`).first().fill(value);
  }

  describe('configuration modal', function () {
    it('posts ready on load and shows the batch plan, core options with their defaults and collapsed advanced options', async function () {
      await wv.load(modalState());
      assert.deepEqual(wv.posted[0], { type: 'ready' });
      assert.equal(await text('#plan-text .plan-count'), 'Detected 4 batches from tasks.md');
      const items = await $('.batch-preview li').allTextContents();
      assert.deepEqual(
        items.map((t) => t.replace(/\s+/g, ' ').trim()),
        ['1 Setup 5 tasks', '2 Core Components 8 tasks', '3 Integration 6 tasks', '4 Polish & Docs 4 tasks'],
      );
      for (const key of ['autoMerge', 'skipDesign', 'skipAnalyze']) assert.equal(await prop<boolean>(`#f-${key}`, 'checked'), false, key);
      assert.equal(await $('#f-additionalContext').isVisible(), true);
      assert.equal(await prop<boolean>('#advanced', 'open'), false, 'advanced options start collapsed');
      assert.equal(await $('#advanced .collapsible-header[role="button"]').getAttribute('aria-expanded'), 'false');
      assert.equal(await $('#f-batchSizeFallback').isVisible(), false);
      await openAdvanced();
      assert.equal(await $('#advanced .collapsible-header').getAttribute('aria-expanded'), 'true');
      assert.equal(await prop<boolean>('#f-autoHeal', 'checked'), true);
      assert.equal(await prop<string>('#f-maxHealAttempts', 'value'), '1');
      assert.equal(await prop<string>('#f-batchSizeFallback', 'value'), '15');
      assert.equal(await prop<boolean>('#f-pauseBetweenBatches', 'checked'), false);
      assert.equal(await prop<string>('#f-perBatchUsd', 'value'), '5');
      assert.equal(await prop<string>('#f-totalUsd', 'value'), '50');
      assert.equal(await prop<string>('#f-healUsd', 'value'), '2');
      assert.equal(await $('#no-sections-warning').count(), 0);
      assert.equal(await $('h1').count(), 1);
      assert.match(await text('.notice'), /Skill files not found/);
      await wv.screenshot('modal-dark');
      await assertClean();
    });

    it('Start posts a valid start message with the typed context; Cancel posts dismiss', async function () {
      await wv.load(configState());
      await fill('additionalContext', 'Focus on performance');
      await $('#f-autoMerge').click();
      await $('#start').click();
      const start = await wv.waitForPost('start');
      assert.equal(WebviewToHostSchema.safeParse(start).success, true);
      assert.equal(start.config.additionalContext, 'Focus on performance');
      assert.equal(start.config.autoMerge, true);
      assert.equal(start.config.autoHeal, true);
      assert.equal(start.config.batchSizeFallback, 15);
      assert.deepEqual(start.config.budget, { perBatchUsd: 5, totalUsd: 50, healUsd: 2, decisionUsd: 0.5 });
      assert.equal(start.config.decisionModel, 'haiku', 'options the modal does not show come from the host config');
      // While the host works on it, Start is disabled and says so.
      assert.equal(await $('#start').getAttribute('disabled'), '');
      assert.equal(await text('#start-reason'), 'Starting…');
      await $('#open-tasks').click();
      assert.deepEqual(await wv.waitForPost('openFile'), { type: 'openFile', path: 'specs/1055-smart-batching/tasks.md' });
      await $('#dismiss').click();
      await wv.waitForPost('dismiss');
      await assertClean();
    });

    it('shows a failed startResult with its issues and lets the user start again', async function () {
      await wv.load(configState());
      await $('#start').click();
      await wv.waitForPost('start');
      await wv.send({ type: 'startResult', ok: false, message: 'Orchestration already in progress', issues: ['run 20261125-151604-3f9a2c is running'] });
      await $('#start-problems').waitFor();
      assert.match(await text('#start-problems'), /Orchestration already in progress.*run 20261125-151604-3f9a2c is running/);
      assert.equal(await $('#start-problems').getAttribute('role'), 'alert');
      assert.equal(await $('#start').getAttribute('disabled'), null);
      await assertClean();
    });

    it('validates inline with the config schema: an invalid value shows its error and disables Start', async function () {
      await wv.load(configState());
      await openAdvanced();
      await fill('batchSizeFallback', '0');
      await fill('perBatchUsd', '0');
      assert.equal(await text('#f-batchSizeFallback-error'), 'Batch size must be at least 1');
      assert.equal(await text('#f-perBatchUsd-error'), 'The per-batch budget must be greater than $0');
      assert.equal(await $('#start').getAttribute('disabled'), '');
      assert.equal(await text('#start-reason'), 'Cannot start: fix the 2 options marked above');
      await $('#start').click({ force: true });
      await fill('model', 'opus');
      await fill('fallbackModel', 'opus');
      assert.equal(await text('#f-fallbackModel-error'), 'The fallback model must differ from the model');
      await wv.screenshot('modal-invalid-dark');
      // Fixing them clears the errors and enables Start again.
      await fill('batchSizeFallback', '12');
      await fill('perBatchUsd', '1.25');
      await fill('fallbackModel', 'sonnet');
      assert.equal(await text('#f-batchSizeFallback-error'), '');
      assert.equal(await $('#start').getAttribute('disabled'), null);
      assert.equal(wv.postsOf('start').length, 0, 'a disabled Start posts nothing');
      await $('#start').click();
      const start = await wv.waitForPost('start');
      assert.equal(start.config.batchSizeFallback, 12);
      assert.equal(start.config.budget.perBatchUsd, 1.25);
      assert.equal(start.config.fallbackModel, 'sonnet');
      await assertClean();
    });

    it('recomputes the fallback batch count live as the batch size changes, with the no-sections warning', async function () {
      await wv.load(configState({ preflight: fallbackPreflight() }));
      assert.equal(await text('#plan-text .plan-count'), 'Detected 3 batches from tasks.md');
      assert.match(await text('#no-sections-warning'), /No ## sections found in tasks\.md: tasks will run in fixed batches of 15/);
      assert.deepEqual(await $('.batch-preview .batch-name').allTextContents(), ['Tasks T001–T015', 'Tasks T016–T030', 'Tasks T031–T040']);
      // The warning's link opens the advanced options on the batch size.
      await $('#edit-batch-size').click();
      await wv.page.waitForFunction(
        () => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'f-batchSizeFallback',
      );
      assert.equal(await prop<boolean>('#advanced', 'open'), true);
      await fill('batchSizeFallback', '10');
      assert.equal(await text('#plan-text .plan-count'), 'Detected 4 batches from tasks.md');
      assert.equal(await $('.batch-preview li').count(), 4);
      assert.equal(await text('#no-sections-warning .warning-text'), 'No ## sections found in tasks.md: tasks will run in fixed batches of 10');
      await fill('batchSizeFallback', '7');
      assert.equal(await text('#plan-text .plan-count'), 'Detected 6 batches from tasks.md');
      await wv.screenshot('modal-fallback-dark');
      // Named as the engine will name them, from the open task IDs.
      assert.equal(await text('.batch-preview li:last-child'), '6 Tasks T036–T040 5 tasks');
      await fill('batchSizeFallback', '40');
      assert.equal(await text('#plan-text .plan-count'), 'Detected 1 batch from tasks.md');
      await fill('batchSizeFallback', '15');
      assert.deepEqual(await $('.batch-preview .batch-name').allTextContents(), ['Tasks T001–T015', 'Tasks T016–T030', 'Tasks T031–T040']);
      await assertClean();
    });

    it('lists pre-flight warnings; blocking ones (untrusted workspace, claude missing) disable Start with the reason', async function () {
      const warnings = [
        { code: 'skills_missing', message: 'Skill files not found for /flow.design in .claude/commands', blocking: false },
        { code: 'claude_missing', message: 'claude CLI not found: install Claude Code or set the claude path in the settings', blocking: true },
      ];
      await wv.load(configState({ trusted: false, preflight: preflight({ warnings }) }));
      const notices = (await $('.notice').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.equal(notices.length, 3);
      assert.match(notices[0]!, /not trusted.*\(blocks Start\)/);
      assert.match(notices[1]!, /claude CLI not found.*\(blocks Start\)/);
      assert.match(notices[2]!, /Skill files not found/);
      assert.equal(await $('#start').getAttribute('disabled'), '');
      assert.match(await text('#start-reason'), /^Cannot start: This workspace is not trusted/);
      await $('#start').click({ force: true });
      assert.equal(wv.postsOf('start').length, 0);
      // Trusted, claude found: the warning stays, Start is enabled; an untouched form follows the host's config.
      await wv.setState(configState({ config: { ...DEFAULT_CONFIG, autoMerge: true }, preflight: preflight({ warnings: [warnings[0]!] }) }));
      await $('#start:not([disabled])').waitFor();
      assert.equal(await $('.notice').count(), 1);
      assert.equal(await prop<boolean>('#f-autoMerge', 'checked'), true);
      await assertClean();
    });

    it('keyboard alone reaches Start and presses it', async function () {
      await wv.load(configState());
      await fill('additionalContext', 'Focus on performance');
      await wv.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur(): void } | null } }).document.activeElement?.blur());
      let focused = '';
      for (let i = 0; i < 25 && focused !== 'start'; i++) {
        await wv.page.keyboard.press('Tab');
        focused = await wv.page.evaluate(
          () => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? '',
        );
      }
      assert.equal(focused, 'start', 'Tab reaches Start');
      await wv.page.keyboard.press('Enter');
      const start = await wv.waitForPost('start');
      assert.equal(start.config.additionalContext, 'Focus on performance');
      await assertClean();
    });

    it('restores the unsaved modal values, the open advanced section and the scroll position after a reload (getState/setState)', async function () {
      await wv.load(configState(), { height: 500 });
      await fill('additionalContext', 'Focus on performance');
      await $('#f-skipAnalyze').click();
      await openAdvanced();
      await fill('batchSizeFallback', '20');
      await $('#f-autoHeal').click();
      await wv.page.mouse.wheel(0, 400);
      await wv.page.waitForFunction(() => (globalThis as unknown as { scrollY: number }).scrollY >= 300);
      // The scroll position is saved 150 ms after scrolling stops.
      await eventually(async () => Number((await wv.savedUiState())?.scrollY) >= 300, 'the scroll position to be saved');
      await wv.reload();
      assert.equal(wv.postsOf('ready').length, 2, 'the reloaded page says ready again and gets a fresh snapshot');
      assert.equal(await prop<string>('#f-additionalContext', 'value'), 'Focus on performance');
      assert.equal(await prop<boolean>('#f-skipAnalyze', 'checked'), true);
      assert.equal(await prop<boolean>('#advanced', 'open'), true);
      assert.equal(await prop<string>('#f-batchSizeFallback', 'value'), '20');
      assert.equal(await prop<boolean>('#f-autoHeal', 'checked'), false);
      await wv.page.waitForFunction(() => (globalThis as unknown as { scrollY: number }).scrollY >= 300);
      await $('#start').click();
      const start = await wv.waitForPost('start');
      assert.equal(start.config.additionalContext, 'Focus on performance');
      assert.equal(start.config.batchSizeFallback, 20);
      assert.equal(start.config.autoHeal, false);
      assert.equal(start.config.skipAnalyze, true);
      // Once the run is shown, the modal's values are dropped: a new run starts from the host's config.
      await wv.setState(progressState());
      await $('main.progress-page').waitFor();
      await wv.setState(configState());
      await $('main.config-page').waitFor();
      assert.equal(await prop<string>('#f-additionalContext', 'value'), '');
      await assertClean();
    });
  });

  describe('progress display', function () {
    it('shows the headline, tasks line, phase bar with Implement current, status, timing, cost and batches', async function () {
      await wv.load(progressState());
      assert.equal(await text('#headline'), 'Implementing batch 2 of 4: Core Components');
      assert.equal(await text('#tasks-line'), 'Tasks: 12/35 complete');
      assert.equal(await prop<number>('#tasks-progress', 'value'), 12);
      assert.equal(await prop<number>('#tasks-progress', 'max'), 35);
      assert.deepEqual(await $('.phase .phase-label').allTextContents(), ['Design', 'Analyze', 'Implement', 'Verify', 'Merge']);
      assert.equal(await $('.phase[aria-current="step"]').count(), 1);
      assert.equal(await $('.phase[aria-current="step"]').getAttribute('data-phase'), 'implement');
      assert.deepEqual(await attrs('.phase', 'data-state'), ['done', 'done', 'current', 'pending', 'pending']);
      assert.equal(await text('#status-badge'), 'Running');
      assert.equal(await $('#live').getAttribute('aria-live'), 'polite');
      assert.match(await text('#live'), /Running Implementing batch 2 of 4: Core Components/);
      // The real clock runs here (a slow machine may be a second or two further): exact ticking is tested below.
      assert.match(await text('#elapsed'), /^12m 3[4-9]s$/);
      assert.match(await text('#eta'), /^about 20m (10|0\d)s$/);
      assert.equal(await text('#cost'), '$1.23 of $50.00');
      assert.equal(await $('.batch-row').count(), 4);
      assert.equal(await $('.batch-row.is-current').getAttribute('data-index'), '2');
      assert.equal((await $('.batch-row[data-index="1"]').innerText()).replace(/\s+/g, ' ').trim(), '1 Setup Completed 5 4m 12s 0 $0.84');
      // Controls for a running run: Pause and Cancel, nothing else.
      assert.deepEqual(await ids($('.controls vscode-button')), ['btn-pause', 'btn-cancel']);
      await $('.log-entry[data-seq="4"] summary').click();
      await wv.screenshot('progress-dark');
      await $('#btn-pause').click();
      assert.deepEqual(await wv.waitForPost('pause'), { type: 'pause', id: RUN_ID });
      await assertClean();
    });

    it('follows new snapshots: auto-healing, then merge ready with Merge as the primary action', async function () {
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
      assert.equal(await $('#btn-pause').count(), 0);
      assert.equal(await $('#activity').count(), 0, 'no activity section without activity');
      await wv.screenshot('progress-merge-ready-dark');
      await $('#btn-merge').click();
      assert.deepEqual(await wv.waitForPost('merge'), { type: 'merge', id: RUN_ID });
      // While the host works on it, the controls are disabled and say what is going on.
      await wv.setState({ ...mergeReadyState(), busy: 'Merging…' });
      await $('.busy').waitFor();
      assert.equal(await text('.busy'), 'Merging…');
      assert.equal(await $('#btn-merge').getAttribute('disabled'), '');
      await assertClean();
    });

    it('Cancel asks for confirmation inline before posting cancel', async function () {
      await wv.load(progressState());
      await $('#btn-cancel').click();
      assert.match(await text('#confirm-text'), /^Cancel this run\?/);
      await wv.page.waitForFunction(
        () => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'confirm-cancel',
      );
      await $('#keep-running').click();
      await $('#btn-cancel').waitFor();
      assert.equal(wv.postsOf('cancel').length, 0);
      await $('#btn-cancel').click();
      await $('#confirm-cancel').click();
      assert.deepEqual(await wv.waitForPost('cancel'), { type: 'cancel', id: RUN_ID });
      await assertClean();
    });

    it('shows a failed run with its error, run logs as links (openFile), Resume and New run', async function () {
      await wv.load(failedState());
      assert.equal(await text('#status-badge'), 'Failed');
      assert.match(await text('#run-error'), /Batch 2 \(Core Components\) failed and auto-heal could not fix it/);
      assert.equal(await $('.phase[data-state="failed"]').getAttribute('data-phase'), 'implement');
      await wv.screenshot('progress-failed-dark');
      await $('#run-error .file-link').first().click();
      assert.deepEqual(await wv.waitForPost('openFile'), { type: 'openFile', path: '.specflow/workflows/runs/20261125-152201-0a1b2c.jsonl' });
      assert.deepEqual(await ids($('.controls vscode-button')), ['btn-resume', 'btn-newRun']);
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

    it('renders agent and file text as text, never as HTML', async function () {
      const log = [...DECISION_LOG!, { ...DECISION_LOG![0]!, seq: 5, reason: XSS, evidence: { html: XSS } }];
      await wv.load(
        progressState(
          {
            headline: `Implementing batch 2 of 4: ${XSS}`,
            batches: [{ index: 1, name: XSS, status: 'running', taskCount: 1, healAttempts: 0, costUsd: 0, error: XSS }],
          },
          { decisionLog: log, activity: activity({ lastAssistantText: XSS, recentFiles: [XSS], currentTool: { name: 'Write', target: XSS } }) },
        ),
      );
      assert.equal(await $('#assistant-text').textContent(), XSS);
      assert.equal(await text('#headline'), `Implementing batch 2 of 4: ${XSS}`);
      assert.equal(await text('#current-tool'), `Write ${XSS}`);
      assert.match(await text('.log-entry[data-seq="5"] .log-reason'), /<img src=x onerror=alert\(1\)>/);
      assert.equal(await $('#app img').count(), 0, 'no <img> element was created');
      await wv.page.waitForTimeout(100);
      assert.deepEqual(wv.dialogs, [], 'no alert ran');
      await assertClean();
    });

    it('filters the decision log by kind and text, expands evidence, and exports through the host', async function () {
      await wv.load(progressState());
      assert.deepEqual(await attrs('.log-entry', 'data-seq'), ['4', '3', '2', '1'], 'newest first');
      await $('#log-kind').evaluate((el: PageSelect) => {
        el.value = 'transition';
        el.dispatchEvent(new Event('change'));
      });
      assert.deepEqual(await attrs('.log-entry', 'data-seq'), ['2', '1']);
      assert.equal(await text('.log-count'), '2 of 4 entries match');
      await $('#log-kind').evaluate((el: PageSelect) => {
        el.value = 'all';
        el.dispatchEvent(new Event('change'));
      });
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
      await wv.load(failedState(), { width: 420 });
      const overflow = await wv.page.evaluate(() => {
        const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the panel`);
      await wv.screenshot('progress-narrow-dark');
      await wv.load(configState({ preflight: fallbackPreflight() }), { width: 420 });
      await openAdvanced();
      const overflow2 = await wv.page.evaluate(() => {
        const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      assert.ok(overflow2 <= 0, `the modal is ${overflow2}px wider than the panel`);
      await wv.screenshot('modal-narrow-dark');
      await assertClean();
    });
  });

  describe('elapsed and ETA tick locally', function () {
    let clocked: WebviewPage;
    before(async function () {
      clocked = await WebviewPage.create(browser, server, { clock: new Date('2026-11-25T15:28:38Z') });
    });
    after(async function () {
      await clocked?.close();
    });

    it('advances each second while running and stops when paused', async function () {
      await clocked.load(progressState());
      const at = async (sel: string): Promise<string> => ((await clocked.page.locator(sel).textContent()) ?? '').trim();
      assert.equal(await at('#elapsed'), '12m 34s');
      await clocked.page.clock.runFor(5000);
      assert.equal(await at('#elapsed'), '12m 39s');
      assert.equal(await at('#eta'), 'about 20m 05s');
      await clocked.setState(progressState({ status: 'paused', statusLabel: 'Paused', headline: 'Paused', elapsedMs: 760_000 }));
      await clocked.page.locator('#status-badge[data-status="paused"]').waitFor();
      await clocked.page.clock.runFor(5000);
      assert.equal(await at('#elapsed'), '12m 40s');
      assert.deepEqual(await ids(clocked.page.locator('.controls vscode-button')), ['btn-resume', 'btn-cancel']);
    });
  });

  describe('production bundle (minified, as shipped in the vsix)', function () {
    after(function () {
      server.mainJs = undefined;
    });

    it('renders the modal, validates with English messages and posts a valid start', async function () {
      server.mainJs = (await productionBundle()).path;
      await wv.load(configState());
      assert.equal(await text('#plan-text .plan-count'), 'Detected 4 batches from tasks.md');
      await openAdvanced();
      await fill('maxHealAttempts', '9');
      assert.equal(await text('#f-maxHealAttempts-error'), 'Max heal attempts must be at most 5');
      await fill('maxHealAttempts', '2');
      await $('#start').click();
      assert.equal((await wv.waitForPost('start')).config.maxHealAttempts, 2);
      await assertClean();
    });
  });

  describe('screenshots in the light and high-contrast themes (dark ones are taken above)', function () {
    for (const theme of ['light', 'high-contrast'] as Theme[]) {
      it(`modal and progress display in the ${theme} theme`, async function () {
        await wv.load(modalState(), { theme });
        await openAdvanced();
        await wv.screenshot(`modal-${theme}`);
        await wv.load(progressState(), { theme });
        await $('.log-entry[data-seq="4"] summary').click();
        await wv.screenshot(`progress-${theme}`);
        await assertClean();
      });
    }
  });
});
