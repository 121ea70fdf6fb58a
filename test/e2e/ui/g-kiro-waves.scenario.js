// Issue 19 and issue 18 in the real editor, two projects in one window:
// - "accounts", a Kiro spec (.kiro/specs/user-accounts: numbered tasks, sub-tasks, _Requirements:_ lines, an
//   in-progress [-] parent, two optional `- [ ]*` tasks, a 22-task section): the tree lists it; the modal shows the
//   Kiro format, the optional tasks skipped and the section split in two parts; the run completes;
// - "widgets", a git project with a `node --test` gate and a section of six [P] tasks naming distinct files, run
//   with the modal's "Parallel agents" = 3: while the wave runs, the batch row has its group sub-rows
//   ("Wave 1 · group N") and the status bar says "3 agents"; three agents ran at once, each in a worktree.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const fixtures = require('../fixtures');
const wb = require('../harness/workbench');
const { scenario, showProject, panel, park } = require('./session');

const KIRO_TASKS = '.kiro/specs/user-accounts/tasks.md';
const WIDGETS = ['button', 'slider', 'toggle', 'select', 'tooltip', 'badge'];

function widgetsTasks() {
  const lines = ['# Tasks: Widgets', '', '## Phase 1: Setup', '', '- [ ] T001 Create the shared helpers in src/lib/helpers.js', '', '## Phase 2: Widgets', ''];
  WIDGETS.forEach((w, i) => lines.push(`- [ ] T00${i + 2} [P] Create the ${w} widget in src/widgets/${w}.js`));
  lines.push('- [ ] T008 Register every widget in src/widgets/index.js', '');
  return lines.join('\n');
}

async function openModal(page, name) {
  await showProject(page, name);
  await wb.contextMenu(page, wb.treeRow(page, name));
  await wb.clickContextMenuItem(page, 'Complete Phase');
  return panel(page, name);
}

async function kiro(s, project) {
  const { page } = s;
  let view;
  await s.step(
    'the Kiro spec is a project in the tree; its modal shows the Kiro format, 2 optional tasks skipped and a split section',
    async () => {
      await showProject(page, 'accounts');
      assert.match(await wb.treeRow(page, 'accounts').locator('.label-description').textContent(), /user-accounts · 1\/(27|29)/);
      view = await openModal(page, 'accounts');
      await view.locator('#plan-text', { hasText: 'Detected 4 batches from tasks.md' }).waitFor();
      assert.match(await view.locator('#plan-format').textContent(), /Kiro format/);
      assert.match(await view.locator('#plan-optional').textContent(), /2 optional tasks skipped/);
      assert.match(await view.locator('#split-note').textContent(), /1 section has more than 20 open tasks: it runs in parts/);
      const names = (await view.locator('.batch-preview li .batch-name').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(names, ['Foundation', 'Validation rules (part 1 of 2)', 'Validation rules (part 2 of 2)', 'API']);
      assert.equal(await view.locator('.batch-preview li.is-split').count(), 2);
      await view.locator('#plan-text').scrollIntoViewIfNeeded();
      await park(page);
    },
    'kiro-modal',
  );
  await s.step(
    'Start: the Kiro run completes to Merge ready with every non-optional task checked and plain prompts',
    async () => {
      await view.locator('#start').click();
      await view.locator('#status-badge', { hasText: 'Merge Ready' }).waitFor({ timeout: 120000 });
      const tasks = fs.readFileSync(path.join(project, KIRO_TASKS), 'utf8');
      assert.doesNotMatch(tasks, /^\s*- \[[ -]\] /m, 'no open or in-progress task is left');
      assert.equal((tasks.match(/^\s*- \[ \]\* /gm) || []).length, 2, 'the optional tasks stay open');
      assert.match(await view.locator('#tasks-line').textContent(), /Tasks: 27\/27 complete/);
      const run = s.runsOf(project)[0];
      assert.equal(run.config.skillProfile, 'plain');
      assert.deepEqual(
        run.batches.map((b) => b.status),
        ['completed', 'completed', 'completed', 'completed'],
      );
      const prompts = s
        .calls()
        .filter((c) => !c.event && c.cwd === project)
        .map((c) => c.prompt);
      assert.ok(
        prompts.some((p) => /_Requirements: 3\.1_/.test(p)),
        'the requirements travel with their tasks',
      );
      await view.locator('.batch-table').scrollIntoViewIfNeeded();
      await park(page);
    },
    'kiro-complete',
  );
}

async function waves(s, project) {
  const { page } = s;
  let view;
  let activityLines = [];
  // each [P] task takes a while, so the wave is on screen for a few seconds
  s.setScenario({ rules: [{ name: 'slow [P] tasks', match: { taskId: WIDGETS.map((_, i) => `T00${i + 2}`) }, do: { delayMsPerTask: 2500 } }] });
  await s.step(
    'the modal\'s advanced option "Parallel agents" = 3 previews batch 2 as one wave of 3 groups',
    async () => {
      await wb.runCommand(page, 'View: Close All Editors');
      view = await openModal(page, 'widgets');
      await view.locator('#plan-text', { hasText: 'Detected 2 batches from tasks.md' }).waitFor();
      await view.locator('#advanced').click();
      const field = view.locator('#f-parallelAgents input');
      await field.fill('3');
      await view.locator('.batch-preview li[data-index="2"] .batch-waves', { hasText: /3/ }).waitFor({ timeout: 15000 });
    },
    'waves-modal',
  );
  await s.step(
    'while the wave runs: the batch row has its group sub-rows "Wave 1 · group N" and the status bar says 3 agents',
    async () => {
      await view.locator('#start').click();
      await view.locator('tr.group-row.group-running').first().waitFor({ timeout: 90000 });
      await view.locator('tr.group-row.group-running').nth(2).waitFor({ timeout: 15000 });
      const groups = (await view.locator('tr.group-row .group-name').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(groups, ['Wave 1 · group 1', 'Wave 1 · group 2', 'Wave 1 · group 3']);
      activityLines = await view.locator('tr.group-row').evaluateAll((rows) => rows.map((r) => r.querySelector('.group-activity')?.textContent ?? ''));
      await wb
        .statusBarItem(page, 'specflow.run')
        .filter({ hasText: /Implement 2\/2 · 3 agents · \d+\/8/ })
        .waitFor({ timeout: 10000 });
      await view.locator('.batch-table').scrollIntoViewIfNeeded();
      await park(page);
    },
    'wave-running',
  );
  await s.step(
    'the run reaches Merge ready; 3 agents ran at once, each in its own worktree, and their groups were merged',
    async () => {
      await view.locator('#status-badge', { hasText: 'Merge Ready' }).waitFor({ timeout: 120000 });
      const wave = s.calls().filter((c) => !c.event && c.kind === 'implement' && c.cwd.startsWith(path.join(project, '.specflow', 'worktrees')));
      assert.equal(wave.length, 3, `wave calls: ${wave.map((c) => c.cwd).join(', ')}`);
      assert.equal(new Set(wave.map((c) => c.cwd)).size, 3, 'three worktrees');
      assert.deepEqual(wave.flatMap((c) => c.taskIds).sort(), ['T002', 'T003', 'T004', 'T005', 'T006', 'T007']);
      // at once: every wave agent started before any of them exited
      const exits = s.calls().filter((c) => c.event === 'exit' && wave.some((w) => w.pid === c.pid));
      const lastStart = Math.max(...wave.map((c) => Date.parse(c.ts)));
      assert.ok(
        exits.every((e) => Date.parse(e.ts) > lastStart),
        'the three agents overlapped',
      );
      const tasks = fs.readFileSync(path.join(project, 'specs/005-widgets/tasks.md'), 'utf8');
      assert.doesNotMatch(tasks, /- \[ \]/);
      const run = s.runsOf(project)[0];
      assert.equal(run.config.parallelAgents, 3);
      assert.ok(
        !fs.existsSync(path.join(project, '.specflow', 'worktrees', run.id)) ||
          fs.readdirSync(path.join(project, '.specflow', 'worktrees', run.id)).length === 0,
        'worktrees removed',
      );
      await view.locator('.batch-table').scrollIntoViewIfNeeded();
      await park(page);
    },
    'waves-merge-ready',
  );
  await s.step("each group row follows its own agent: the state keeps each group's agents apart", async () => {
    const units = s.runsOf(project)[0].batches[1].units.filter((u) => u.parallel);
    const ids = units.map((u) => u.executionIds);
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++)
        assert.deepEqual(
          ids[i].filter((x) => ids[j].includes(x)),
          [],
          `groups ${i + 1} and ${j + 1} list the same agents: ${JSON.stringify(ids)}`,
        );
    activityLines.forEach((line, i) => {
      if (line.includes('/worktrees/')) assert.match(line, new RegExp(`/2-${i + 1}/`), `group ${i + 1} shows another group's agent: ${line}`);
    });
  });
}

async function run() {
  let accounts;
  let widgets;
  return scenario(
    'g-kiro-waves',
    (dir) => {
      accounts = fixtures.kiro(path.join(dir, 'accounts'), 'user-accounts');
      widgets = fixtures.project(path.join(dir, 'widgets'), '005-widgets', widgetsTasks(), {
        files: { 'package.json': JSON.stringify({ name: 'widgets', private: true, scripts: { test: 'node --test' } }, null, 2) + '\n' },
      });
      return fixtures.workspaceFile(dir, [accounts, widgets], 'g');
    },
    { delayMs: 100, settings: { 'specflow.defaults.decisions': false, 'specflow.defaults.skipAnalyze': true } },
    async (s) => {
      await s.part('kiro', () => kiro(s, accounts));
      await s.part('waves', () => waves(s, widgets));
    },
  );
}

module.exports = { run };
