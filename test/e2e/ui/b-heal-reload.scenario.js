// US3-2/US4-3 and US6-1 in the real editor: batch 2 fails, "Auto-healing batch 2..." shows and the run goes
// on; the window is reloaded mid-batch, and the same run is shown again and completes.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const fixtures = require('../fixtures');
const wb = require('../harness/workbench');
const { scenario, showProject, panel, rowDescription } = require('./session');

const sections = [
  ['Phase 1: Setup', 2],
  ['Phase 2: Core Components', 2],
  ['Phase 3: User Interface', 3],
  ['Phase 4: Polish', 2],
];
const failBatch2 = {
  rules: [
    {
      match: { kind: 'implement', call: 2 },
      times: 1,
      do: { error: { text: "Error: ENOENT: no such file or directory, open 'src/config/db.ts'", afterTasks: 1 } },
    },
    { match: { kind: 'heal' }, do: { delayMsPerTask: 2500 } },
    { match: { kind: 'implement', call: 3 }, do: { delayMsPerTask: 15000 } },
  ],
};

async function run() {
  let project;
  return scenario(
    'b-heal-reload',
    (dir) => (project = fixtures.project(dir + '/shop', '002-cart', fixtures.sectioned(sections))),
    { scenario: failBatch2, delayMs: 500, settings: { 'specflow.defaults.decisions': false } },
    async (s) => {
      const { page } = s;
      let view;
      await s.step('Complete Phase from the palette opens the modal; Start', async () => {
        await showProject(page, 'shop');
        await wb.runCommand(page, 'SpecFlow: Complete Phase');
        view = await panel(page, 'shop');
        await view.locator('#plan-text', { hasText: 'Detected 4 batches from tasks.md' }).waitFor();
        await view.locator('#start').click();
      });

      await s.step(
        'batch 2 fails: "Auto-healing batch 2..." is shown while the healer works (US3-2, US4-3)',
        async () => {
          await view.locator('#headline', { hasText: 'Auto-healing batch 2...' }).waitFor({ timeout: 120000 });
          await view.locator('#status-badge', { hasText: 'Healing' }).waitFor();
        },
        'healing',
      );

      let runId;
      await s.step(
        'after the heal the run goes on to batch 3',
        async () => {
          await view.locator('#headline', { hasText: 'Implementing batch 3 of 4: Phase 3: User Interface' }).waitFor({ timeout: 120000 });
          const files = fs.readdirSync(path.join(project, '.specflow/workflows')).filter((f) => /^orchestration-.*\.json$/.test(f));
          assert.equal(files.length, 1);
          runId = files[0].slice('orchestration-'.length, -'.json'.length);
          const state = JSON.parse(fs.readFileSync(path.join(project, '.specflow/workflows', files[0]), 'utf8'));
          assert.equal(state.batches[1].status, 'healed');
        },
        'batch-3-after-heal',
      );

      await s.step(
        'Reload Window mid-batch: the tree and the progress show the same run still going (US6-1)',
        async () => {
          await wb.reloadWindow(page);
          await showProject(page, 'shop');
          assert.match(await rowDescription(page, 'shop'), /Running|Healing/);
          await wb.statusBarItem(page, 'specflow.run').click();
          view = await panel(page, 'shop');
          await view.locator('#headline', { hasText: /Implementing batch [34] of 4/ }).waitFor({ timeout: 60000 });
          assert.match(await view.locator('body').textContent(), new RegExp(runId));
        },
        'after-reload',
      );

      await s.step(
        'the re-attached run completes to Merge ready, with one run and no batch run twice',
        async () => {
          await view.locator('#headline', { hasText: 'Merge ready' }).waitFor({ timeout: 180000 });
          const files = fs.readdirSync(path.join(project, '.specflow/workflows')).filter((f) => /^orchestration-.*\.json$/.test(f));
          assert.deepEqual(files, [`orchestration-${runId}.json`]);
          const implement = s.calls().filter((c) => !c.event && c.kind === 'implement');
          assert.equal(implement.length, 4, `implement calls: ${implement.map((c) => c.taskIds.join(',')).join(' | ')}`);
          const state = JSON.parse(fs.readFileSync(path.join(project, '.specflow/workflows', files[0]), 'utf8'));
          assert.ok(
            state.decisionLog.some((e) => e.kind === 'reconcile'),
            'the reload was reconciled',
          );
        },
        'merge-ready-after-reload',
      );
    },
  );
}

module.exports = { run };
