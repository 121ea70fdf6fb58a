// The webview in Chromium, through the production HTML shell and a fake VS Code API: the Complete Phase
// modal (US2, FR-001…005) with the host's batch preview, the message protocol, text-only rendering,
// keyboard use and getState/setState across a reload. The progress display is in progress.test.ts, the
// Report view and the theme screenshots in report.test.ts.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEFAULT_CONFIG } from '../../src/core/model/config';
import { WebviewToHostSchema } from '../../src/protocol/messages';
import { configState, fallbackPreflight, kiroPreflight, preflight, progressState, splitPreflight } from './fixtures';
import { eventually, launchBrowser, WebviewPage, WebviewServer } from './harness';
import { pageHelpers } from './helpers';
import { productionBundle } from './productionBundle';

/** The modal as the screenshots show it in every theme: one non-blocking pre-flight warning. */
const SKILLS_WARNING = [{ code: 'skills_missing', message: 'Skill files not found for /flow.analyze in .claude/commands or .claude/skills', blocking: false }];
export const modalState = () => configState({ preflight: preflight({ warnings: SKILLS_WARNING }) });

describe('webview (Chromium): the Complete Phase modal', function () {
  let browser: Browser;
  let server: WebviewServer;
  let wv: WebviewPage;
  const { $, text, prop, activeId, assertClean } = pageHelpers(() => wv);

  before(async function () {
    [browser, server] = await Promise.all([launchBrowser(), WebviewServer.start()]);
    wv = await WebviewPage.create(browser, server);
  });

  after(async function () {
    await wv?.close();
    await server?.close();
    await browser?.close();
  });

  async function openAdvanced(): Promise<void> {
    if (!(await prop<boolean>('#advanced', 'open'))) await $('#advanced').click();
    await $('#f-batchSizeFallback').waitFor({ state: 'visible' });
  }

  async function fill(field: string, value: string): Promise<void> {
    await $(`#f-${field} input, #f-${field} textarea`).first().fill(value);
  }

  const batchNames = async (): Promise<string[]> => (await $('.batch-preview .batch-name').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

  it('posts ready on load and shows the plan, its format, the gate, checkpoints, core options and collapsed advanced options', async function () {
    await wv.load(modalState());
    assert.deepEqual(wv.posted[0], { type: 'ready' });
    assert.equal(await text('#plan-text .plan-count'), 'Detected 4 batches from tasks.md');
    assert.equal(await text('#plan-format'), 'spec-kit format');
    const items = await $('.batch-preview li').allTextContents();
    assert.deepEqual(
      items.map((t) => t.replace(/\s+/g, ' ').trim()),
      ['1 Setup 5 tasks', '2 Core Components 8 tasks', '3 Integration 6 tasks', '4 Polish & Docs 4 tasks'],
    );
    assert.equal(await text('#gate-line'), 'Test gate: npm test (detected) Change');
    assert.equal(await text('#checkpoints-line'), 'Checkpoints: A commit per batch on the current branch, so each batch can be reverted');
    assert.equal(await $('#preview-updating .codicon').count(), 0, 'nothing is updating');
    for (const key of ['autoMerge', 'skipDesign', 'skipAnalyze']) assert.equal(await prop<boolean>(`#f-${key}`, 'checked'), false, key);
    assert.equal(await prop<boolean>('#advanced', 'open'), false, 'advanced options start collapsed');
    assert.equal(await $('#advanced .collapsible-header[role="button"]').getAttribute('aria-expanded'), 'false');
    await openAdvanced();
    assert.equal(await $('#advanced .collapsible-header').getAttribute('aria-expanded'), 'true');
    const expected: Record<string, string> = {
      maxHealAttempts: '1',
      batchSizeFallback: '15',
      perBatchUsd: '5',
      totalUsd: '50',
      healUsd: '2',
      maxBatchTasks: '20',
      parallelAgents: '1',
      gate: '',
      gateTimeoutMinutes: '20',
      checkpoints: 'commit',
      maxLimitWaitHours: '6',
    };
    for (const [key, value] of Object.entries(expected)) assert.equal(await prop<string>(`#f-${key}`, 'value'), value, key);
    for (const key of ['includeOptionalTasks', 'checklistsAreTasks', 'pauseBetweenBatches'])
      assert.equal(await prop<boolean>(`#f-${key}`, 'checked'), false, key);
    assert.equal(await $('#no-sections-warning').count(), 0);
    assert.equal(await $('h1').count(), 1);
    assert.match(await text('.notice'), /Skill files not found/);
    await wv.screenshot('modal-dark');
    assert.deepEqual(
      wv.posted.map((m) => m.type),
      ['ready'],
      'opening the modal asks for no preview: the host sent the plan of its own options',
    );
    await assertClean();
  });

  it('Start posts a valid start message with the typed options; Cancel posts dismiss', async function () {
    await wv.load(configState());
    await fill('additionalContext', 'Focus on performance');
    await $('#f-autoMerge').click();
    await openAdvanced();
    await fill('parallelAgents', '3');
    await fill('gate', 'npm run test:unit');
    await $('#f-checkpoints').evaluate((el: { value: string; dispatchEvent(e: Event): boolean }) => {
      el.value = 'refs';
      el.dispatchEvent(new Event('change'));
    });
    await $('#start').click();
    const start = await wv.waitForPost('start');
    assert.equal(WebviewToHostSchema.safeParse(start).success, true);
    assert.equal(start.config.additionalContext, 'Focus on performance');
    assert.equal(start.config.autoMerge, true);
    assert.equal(start.config.parallelAgents, 3);
    assert.equal(start.config.gate, 'npm run test:unit');
    assert.equal(start.config.checkpoints, 'refs');
    assert.equal(start.config.maxBatchTasks, 20);
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
    await fill('parallelAgents', '9');
    assert.equal(await text('#f-batchSizeFallback-error'), 'Batch size must be at least 1');
    assert.equal(await text('#f-perBatchUsd-error'), 'The per-batch budget must be greater than $0');
    assert.equal(await text('#f-parallelAgents-error'), 'Parallel agents must be at most 8');
    assert.equal(await $('#start').getAttribute('disabled'), '');
    assert.equal(await text('#start-reason'), 'Cannot start: fix the 3 options marked above');
    await $('#start').click({ force: true });
    await fill('model', 'opus');
    await fill('fallbackModel', 'opus');
    assert.equal(await text('#f-fallbackModel-error'), 'The fallback model must differ from the model');
    await wv.screenshot('modal-invalid-dark');
    // Fixing them clears the errors and enables Start again.
    await fill('batchSizeFallback', '12');
    await fill('perBatchUsd', '1.25');
    await fill('parallelAgents', '2');
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

  it('asks the host for a preview when a plan option changes and shows the plan it answers, never one of its own', async function () {
    await wv.load(configState());
    await openAdvanced();
    await fill('maxBatchTasks', '4');
    const preview = await wv.waitForPost('preview');
    assert.deepEqual(preview.options, {
      batchSizeFallback: 15,
      maxBatchTasks: 4,
      includeOptionalTasks: false,
      checklistsAreTasks: false,
      parallelAgents: 1,
      gate: '',
      checkpoints: 'commit',
    });
    // Until the host answers: the old plan, marked as updating.
    assert.equal(await text('#preview-updating'), 'updating…');
    assert.equal(await $('section.batches').getAttribute('aria-busy'), 'true');
    assert.deepEqual(await batchNames(), ['Setup', 'Core Components', 'Integration', 'Polish & Docs']);
    assert.equal(await $('#split-note').count(), 0);
    // The host's answer: its own plan for those options (a new snapshot with the same config).
    await wv.setState(configState({ preflight: splitPreflight() }));
    await $('#split-note').waitFor();
    assert.equal(await text('#plan-text .plan-count'), 'Detected 6 batches from tasks.md');
    assert.deepEqual(await batchNames(), [
      'Setup (part 1 of 2)',
      'Setup (part 2 of 2)',
      'Core Components (part 1 of 2)',
      'Core Components (part 2 of 2)',
      'Integration',
      'Polish & Docs',
    ]);
    assert.equal(await $('.batch-preview li.is-split .split-mark').count(), 4);
    assert.equal(await text('#split-note'), '2 sections have more than 4 open tasks: they run in parts, one batch each. Change max batch tasks');
    assert.equal(await text('#preview-updating'), '');
    assert.equal(await prop<string>('#f-maxBatchTasks', 'value'), '4', 'the typed value stays');
    // Other plan options ask too; an option that does not change the plan does not.
    await $('#f-includeOptionalTasks').click();
    await eventually(() => wv.postsOf('preview').length === 2, 'a second preview');
    assert.equal(wv.postsOf('preview')[1]!.options.includeOptionalTasks, true);
    await wv.setState(configState({ preflight: splitPreflight() }));
    await fill('model', 'opus');
    await fill('additionalContext', 'Be brief');
    await wv.page.waitForTimeout(400);
    assert.equal(wv.postsOf('preview').length, 2, 'model and context do not change the plan');
    await assertClean();
  });

  it('tasks.md without sections: the host warns, the link edits the batch size, the preview comes from the host', async function () {
    await wv.load(configState({ preflight: fallbackPreflight() }));
    assert.equal(await text('#plan-text .plan-count'), 'Detected 3 batches from tasks.md');
    assert.equal(await text('#plan-format'), 'Plain checklist');
    assert.match(await text('#no-sections-warning'), /No ## sections found in tasks\.md: tasks will run in fixed batches of 15/);
    assert.deepEqual(await batchNames(), ['Tasks T001–T015', 'Tasks T016–T030', 'Tasks T031–T040']);
    await $('#edit-batch-size').click();
    await eventually(async () => (await activeId()) === 'f-batchSizeFallback', 'the batch size to get the focus');
    assert.equal(await prop<boolean>('#advanced', 'open'), true);
    await fill('batchSizeFallback', '10');
    assert.equal((await wv.waitForPost('preview')).options.batchSizeFallback, 10);
    assert.equal(await $('.batch-preview li').count(), 3, 'no batches are computed here');
    const answer = fallbackPreflight();
    await wv.setState(
      configState({
        preflight: {
          ...answer,
          planText: 'Detected 4 batches from tasks.md',
          batches: [1, 2, 3, 4].map((i) => ({
            index: i,
            name: `Tasks T${String(i * 10 - 9).padStart(3, '0')}–T${String(i * 10).padStart(3, '0')}`,
            taskCount: 10,
          })),
          warnings: [{ code: 'no_sections', message: 'No ## sections found in tasks.md: tasks will run in fixed batches of 10', blocking: false }],
        },
      }),
    );
    await eventually(async () => (await $('.batch-preview li').count()) === 4, 'the host plan');
    assert.equal(await text('#no-sections-warning .warning-text'), 'No ## sections found in tasks.md: tasks will run in fixed batches of 10');
    assert.equal(await text('.batch-preview li:last-child'), '4 Tasks T031–T040 10 tasks');
    await wv.screenshot('modal-fallback-dark');
    await assertClean();
  });

  it('a Kiro spec: format, skipped optional tasks (include them), checklist items, split sections, waves, your changed files', async function () {
    await wv.load(configState({ preflight: kiroPreflight() }));
    assert.equal(await text('#plan-format'), 'Kiro format');
    assert.equal(await text('#plan-optional'), '3 optional tasks skipped — include them');
    assert.equal(await text('#plan-checklist'), '12 checklist items are not batched — count them as tasks');
    assert.equal(await text('#split-note'), '1 section has more than 20 open tasks: it runs in parts, one batch each. Change max batch tasks');
    assert.equal(await text('.batch-preview li[data-index="2"] .batch-waves'), 'wave 1: 3 groups (1.2, 1.3 · 1.4 · 1.5)');
    assert.equal(await text('#user-paths'), '3 files you changed stay out of batch commits: README.md, src/a.ts, src/b.ts');
    assert.equal(await $('.notice[data-code="dirty_tree"]').count(), 0, 'the checkpoints lines say it, not the notice list');
    await wv.screenshot('modal-kiro-dark');
    await $('#include-optional').click();
    const preview = await wv.waitForPost('preview');
    assert.equal(preview.options.includeOptionalTasks, true);
    await openAdvanced();
    assert.equal(await prop<boolean>('#f-includeOptionalTasks', 'checked'), true, 'the link sets the option');
    await wv.setState(configState({ preflight: { ...kiroPreflight(), skippedOptionalTasks: 0, planText: 'Detected 5 batches from tasks.md' } }));
    await eventually(async () => (await text('#plan-optional')) === '3 optional tasks included', 'the included optional tasks');
    await $('#checklists-as-tasks').click();
    await eventually(() => wv.postsOf('preview').some((m) => m.options.checklistsAreTasks === true), 'a preview with checklists as tasks');
    await assertClean();
  });

  it('the gate and checkpoint lines: no gate, a gate that cannot run (blocks Start), no git repository', async function () {
    const noGit = { mode: 'off' as const, reason: 'the project is not a git repository', userPaths: [] };
    const notGitWarning = { code: 'not_git', message: 'Not a git repository: there will be no checkpoints', blocking: false };
    await wv.load(configState({ preflight: preflight({ gate: { source: 'none' }, checkpoints: noGit, warnings: [notGitWarning] }) }));
    assert.equal(await text('#gate-line'), 'Test gate: none — SpecFlow will not run the tests after each batch Change');
    assert.equal(await text('#checkpoints-line'), 'Checkpoints: Not a git repository: checkpoints are off');
    assert.equal(await $('.notice').count(), 0);
    assert.equal(await $('#start').getAttribute('disabled'), null);
    const error = 'the gate command "npm test &&" cannot be run: it ends with an operator';
    await wv.setState(configState({ preflight: preflight({ gate: { source: 'none', error }, warnings: [{ code: 'gate', message: error, blocking: true }] }) }));
    await eventually(async () => (await text('#gate-line')).includes('blocks Start'), 'the gate error');
    assert.equal(await text('#gate-line'), `Test gate: ${error} (blocks Start) Change`);
    assert.equal(await $('#start').getAttribute('disabled'), '');
    assert.equal(await text('#start-reason'), `Cannot start: ${error}`);
    await $('#edit-gate').click();
    await eventually(async () => (await activeId()) === 'f-gate', 'the gate field to get the focus');
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
    for (let i = 0; i < 40 && focused !== 'start'; i++) {
      await wv.page.keyboard.press('Tab');
      focused = await activeId();
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
    await wv.waitForPost('preview');
    await wv.reload();
    assert.equal(wv.postsOf('ready').length, 2, 'the reloaded page says ready again and gets a fresh snapshot');
    assert.equal(await prop<string>('#f-additionalContext', 'value'), 'Focus on performance');
    assert.equal(await prop<boolean>('#f-skipAnalyze', 'checked'), true);
    assert.equal(await prop<boolean>('#advanced', 'open'), true);
    assert.equal(await prop<string>('#f-batchSizeFallback', 'value'), '20');
    assert.equal(await prop<boolean>('#f-autoHeal', 'checked'), false);
    // The host's plan is for its own options: the restored batch size is previewed again.
    await eventually(() => wv.postsOf('preview').length === 2, 'a preview of the restored options');
    assert.equal(wv.postsOf('preview')[1]!.options.batchSizeFallback, 20);
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

  describe('production bundle (minified, as shipped in the vsix)', function () {
    after(function () {
      server.mainJs = undefined;
    });

    it('renders the modal, validates with English messages, asks for a preview and posts a valid start', async function () {
      server.mainJs = (await productionBundle()).path;
      await wv.load(configState({ preflight: kiroPreflight() }));
      assert.equal(await text('#plan-text .plan-count'), 'Detected 4 batches from tasks.md');
      assert.equal(await text('#plan-format'), 'Kiro format');
      await openAdvanced();
      await fill('maxHealAttempts', '9');
      assert.equal(await text('#f-maxHealAttempts-error'), 'Max heal attempts must be at most 5');
      await fill('maxHealAttempts', '2');
      await fill('parallelAgents', '4');
      assert.equal((await wv.waitForPost('preview')).options.parallelAgents, 4);
      await $('#start').click();
      assert.equal((await wv.waitForPost('start')).config.maxHealAttempts, 2);
      await assertClean();
    });
  });
});
