// FR-005 and the themes: a tasks.md without ## sections shows the no-sections warning in the modal; the
// modal and the progress display in the Light, Dark and High Contrast themes.
'use strict';
const fixtures = require('../fixtures');
const wb = require('../harness/workbench');
const { scenario, showProject, panel } = require('./session');

const THEMES = [
  ['Light Modern', 'light'],
  ['Dark Modern', 'dark'],
  ['Default High Contrast', 'high-contrast'],
];

async function run() {
  return scenario(
    'c-themes-fallback',
    (dir) => fixtures.project(dir + '/notes', '003-notes', fixtures.flat(20)),
    { delayMs: 1500, settings: { 'specflow.defaults.decisions': false } },
    async (s) => {
      const { page } = s;
      let view;
      await s.step(
        'a tasks.md without sections shows the no-sections warning (FR-005)',
        async () => {
          await showProject(page, 'notes');
          await wb.contextMenu(page, wb.treeRow(page, 'notes'));
          await wb.clickContextMenuItem(page, 'Complete Phase');
          view = await panel(page, 'notes');
          await view.locator('#no-sections-warning', { hasText: 'No ## sections found in tasks.md' }).waitFor();
          await view.locator('#plan-text', { hasText: 'Detected 2 batches from tasks.md' }).waitFor();
        },
        'no-sections-warning',
      );

      for (const [theme, slug] of THEMES) {
        await s.step(
          `the modal in ${theme}`,
          async () => {
            await wb.setColorTheme(page, theme, { stateDir: s.stateDir });
            view = await panel(page, 'notes');
            await view.locator('#plan-text').waitFor();
          },
          `modal-${slug}`,
        );
      }

      await s.step('Start: the progress display replaces the buttons', async () => {
        view = await panel(page, 'notes');
        await view.locator('#start').click();
        await view.locator('#headline', { hasText: /Implementing batch 1 of 2: Tasks T001–T015/ }).waitFor({ timeout: 90000 });
      });

      for (const [theme, slug] of THEMES) {
        await s.step(
          `the progress display in ${theme}`,
          async () => {
            await wb.setColorTheme(page, theme, { stateDir: s.stateDir });
            view = await panel(page, 'notes');
            await view.locator('#headline').waitFor();
          },
          `progress-${slug}`,
        );
      }
      await s.step(
        'cancel the run from the panel (confirm step)',
        async () => {
          view = await panel(page, 'notes');
          await view.locator('#btn-cancel').click();
          await view.locator('#confirm-cancel').click();
          await view.locator('#status-badge', { hasText: 'Cancelled' }).waitFor({ timeout: 30000 });
        },
        'cancelled',
      );
    },
  );
}

module.exports = { run };
