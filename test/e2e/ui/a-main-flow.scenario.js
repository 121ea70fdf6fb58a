// US1-1, US5-2, US2-3, US4-4, US5-3 in the real editor: tree → context menu → modal → Start with
// "Focus on performance" → live progress and status bar → "already in progress" → Merge ready → Merge → Complete.
'use strict';
const assert = require('assert');
const fixtures = require('../fixtures');
const wb = require('../harness/workbench');
const { scenario, showProject, panel, rowDescription } = require('./session');

const sections = [
  ['Phase 1: Setup', 3],
  ['Phase 2: Core Components', 3],
  ['Phase 3: User Interface', 3],
  ['Phase 4: Polish', 3],
];

async function run() {
  return scenario(
    'a-main-flow',
    (dir) => fixtures.project(dir + '/photos', '001-albums', fixtures.sectioned(sections)),
    { delayMs: 700 },
    async (s) => {
      const { page } = s;
      await s.step(
        'the activity-bar icon opens the tree with the project, its phase and tasks x/y',
        async () => {
          await showProject(page, 'photos');
          assert.match(await rowDescription(page, 'photos'), /001-albums · 0\/12/);
        },
        'tree',
      );

      let items;
      await s.step(
        'the first context-menu item is Complete Phase (US5-2)',
        async () => {
          items = await wb.contextMenu(page, wb.treeRow(page, 'photos'));
          assert.equal(items[0], 'Complete Phase', `menu: ${items.join(' | ')}`);
        },
        'context-menu',
      );

      let view;
      await s.step(
        'Complete Phase opens the modal: "Detected 4 batches from tasks.md" (US1-1)',
        async () => {
          await wb.clickContextMenuItem(page, 'Complete Phase');
          view = await panel(page, 'photos');
          await view.locator('#plan-text', { hasText: 'Detected 4 batches from tasks.md' }).waitFor();
        },
        'modal',
      );

      await s.step(
        '"Focus on performance" goes into the additional context, Start starts the run',
        async () => {
          await view.locator('#f-additionalContext textarea').fill('Focus on performance');
          await view.locator('#start').click();
          await view.locator('#headline', { hasText: /Implementing batch \d of 4: / }).waitFor({ timeout: 60000 });
        },
        'progress-started',
      );

      await s.step(
        'progress shows the batch and the task count advancing; the status bar follows',
        async () => {
          const first = await view.locator('#tasks-line').textContent();
          await view.locator('#headline', { hasText: /Implementing batch [2-4] of 4: Phase [2-4]/ }).waitFor({ timeout: 90000 });
          await view.locator('#tasks-line', { hasNotText: first }).waitFor({ timeout: 60000 });
          const later = await view.locator('#tasks-line').textContent();
          assert.notEqual(first, later, 'tasks count advanced');
          assert.match(later, /^Tasks: \d+\/12 complete$/);
          const bar = wb.statusBarItem(page, 'specflow.run');
          assert.match(await bar.first().textContent(), /SpecFlow: Implement [2-4]\/4 · \d+\/12/);
          // The tree row follows too (it re-renders only when a row's text changes; tooltips are resolved on hover).
          await wb
            .treeRow(page, 'photos')
            .locator('.label-description', { hasText: /^001-albums · (?:[3-9]|1[0-2])\/12 · (?:Running|Merge Ready)$/ })
            .waitFor({ timeout: 15000 });
        },
        'progress-advancing',
      );

      await s.step('Complete Phase again during the run: "Orchestration already in progress" with a cancel option (US5-3)', async () => {
        await wb.contextMenu(page, wb.treeRow(page, 'photos'));
        await wb.clickContextMenuItem(page, 'Complete Phase');
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor();
        assert.match(await dialog.textContent(), /Orchestration already in progress/);
        assert.ok(await dialog.getByRole('button', { name: 'Cancel Existing' }).isVisible());
        await s.shots.shot(page, 'already-in-progress', 'Complete Phase during a run');
        await dialog.getByRole('button', { name: 'Show Progress' }).click();
        await dialog.waitFor({ state: 'hidden' });
      });

      await s.step(
        'the run reaches "Merge ready" and waits for the user (auto-merge off, US4-4)',
        async () => {
          view = await panel(page, 'photos');
          await view.locator('#headline', { hasText: 'Merge ready' }).waitFor({ timeout: 180000 });
          await view.locator('#status-badge', { hasText: 'Merge Ready' }).waitFor();
        },
        'merge-ready',
      );

      await s.step(
        'hovering the project row shows its tooltip, resolved on hover: the run, its state and cost',
        async () => {
          await wb.treeRow(page, 'photos').hover();
          const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Orchestration' }).first();
          await hover.waitFor({ timeout: 15000 });
          const text = await hover.textContent();
          assert.match(text, /Tasks: 12\/12 complete/);
          assert.match(text, /Merge Ready/);
          assert.match(text, /\$\d+\.\d\d of \$50\.00/);
          assert.doesNotMatch(text, /driven by/, 'a merge-ready run is driven by nobody: it waits for the user');
          assert.doesNotMatch(text, /Detected 0 batches/);
        },
        'tree-tooltip',
      );
      await page.mouse.move(700, 8); // the hover would cover the panel in the next screenshots

      await s.step(
        'clicking Merge ends in Complete',
        async () => {
          await view.locator('#btn-merge').click();
          await view.locator('#status-badge', { hasText: 'Complete' }).waitFor({ timeout: 90000 });
          assert.match(await view.locator('#tasks-line').textContent(), /Tasks: 12\/12 complete/);
        },
        'complete',
      );

      await s.step('the additional context reached every implement prompt (fake agent call log)', async () => {
        const implement = s.calls().filter((c) => !c.event && c.kind === 'implement');
        assert.equal(implement.length, 4);
        for (const c of implement) assert.ok(c.prompt.includes('Focus on performance'), c.prompt);
        assert.equal(s.calls().filter((c) => !c.event && c.kind === 'merge').length, 1);
      });
    },
  );
}

module.exports = { run };
