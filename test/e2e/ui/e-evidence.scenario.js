// Issue 16 (evidence and undo) and issue 17 (walkthrough, local API) in the real editor, on the product's own
// demo project (a git repo, `npm test` = node --test): Complete Phase runs to Merge ready with SpecFlow's test
// gate (batch 2's gate goes red and heals) and a commit per batch; the progress shows the Gate and Commit
// columns; Open Changes opens VS Code's multi-file diff of a batch; Revert Batch (modal) undoes it on disk, in
// git and in tasks.md and the row says "reverted"; the Report view; then the walkthrough with its steps
// ticked, and "Start Local API" with its status bar item answering HTTP.
'use strict';
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');
const fixtures = require('../fixtures');
const wb = require('../harness/workbench');
const { scenario, showProject, panel, park } = require('./session');
const { STEP_TITLES, openWalkthrough, waitForSteps, mediaShows, svgMediaFill } = require('./walkthrough');

const NAME = 'albums';
// Batch 2's agent adds a failing test; the gate after it is worse than the baseline, and the healer fixes it.
const redThenHealed = {
  rules: [
    {
      name: 'batch 2 leaves a failing test',
      match: { kind: 'implement', call: 2 },
      times: 1,
      do: {
        writeFiles: {
          'test/importFormats.test.js':
            "const test = require('node:test');\nconst assert = require('node:assert');\ntest('photo import accepts .heic files', () => assert.ok(false, 'the import service rejects .heic files'));\n",
        },
      },
    },
    {
      name: 'the healer fixes it',
      match: { kind: 'heal' },
      do: { writeFiles: { 'test/importFormats.test.js': "const test = require('node:test');\ntest('photo import accepts .heic files', () => {});\n" } },
    },
  ],
};

const git = (dir, ...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

function get(url, token) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, timeout: 10000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
  });
}

async function runToMergeReady(s, project) {
  const { page } = s;
  let view;
  await s.step('the demo project is in the tree; Complete Phase shows the plan with the detected test gate', async () => {
    await showProject(page, NAME);
    await wb.contextMenu(page, wb.treeRow(page, NAME));
    await wb.clickContextMenuItem(page, 'Complete Phase');
    view = await panel(page, NAME);
    await view.locator('#plan-text', { hasText: 'Detected 4 batches from tasks.md' }).waitFor();
    await view.locator('body', { hasText: 'npm test' }).first().waitFor();
  });
  await s.step(
    'Start: the run reaches Merge ready; every batch has a gate result and a commit (Gate and Commit columns)',
    async () => {
      await view.locator('#start').click();
      await view.locator('#status-badge', { hasText: 'Merge Ready' }).waitFor({ timeout: 150000 });
      const rows = view.locator('tr.batch-row');
      assert.equal(await rows.count(), 4);
      for (let i = 1; i <= 4; i++) {
        const row = view.locator(`tr.batch-row[data-index="${i}"]`);
        assert.match(await row.locator('.gate-badge').textContent(), /✓ \d+ passed/, `batch ${i} gate`);
        assert.match(await row.locator('.commit .sha').textContent(), /^[0-9a-f]{7}$/, `batch ${i} commit`);
        assert.match(await row.locator('.diffstat').textContent(), /\+\d+ −\d+/);
      }
      const b2 = view.locator('tr.batch-row[data-index="2"]');
      assert.match(await b2.locator('.batch-status').textContent(), /Healed/);
      assert.match(await view.locator('#batches-caption').textContent(), /Test gate: npm test \(before the run: ✓ \d+ passed\)/);
      const run = s.runsOf(project)[0];
      assert.equal(run.status, 'merge_ready');
      const subjects = git(project, 'log', '--format=%s', '-4').split('\n');
      assert.deepEqual(
        subjects.map((l) => l.replace(/ —.*/, '')),
        ['specflow: batch 4 of 4', 'specflow: batch 3 of 4', 'specflow: batch 2 of 4', 'specflow: batch 1 of 4'],
      );
      assert.equal(git(project, 'rev-parse', 'HEAD').slice(0, 7), await view.locator('tr.batch-row[data-index="4"] .commit .sha').textContent());
      await view.locator('.batch-table').scrollIntoViewIfNeeded();
    },
    'gate-and-commit-columns',
  );
  return view;
}

async function openChanges(s) {
  const { page } = s;
  await s.step(
    'Open Changes on batch 2 opens the multi-file diff of its commit',
    async () => {
      const view = await panel(page, NAME);
      await view.locator('tr.batch-row[data-index="2"] .open-changes').click();
      const tab = page.locator('.tabs-container .tab', { hasText: 'SpecFlow batch 2: Phase 2' }).first();
      await tab.waitFor({ timeout: 30000 });
      const editor = page.locator('.multiDiffEditor, .multi-diff-editor').first();
      await editor.waitFor({ timeout: 30000 });
      await editor.getByText('album.js').first().waitFor({ timeout: 30000 });
      await park(page);
    },
    'open-changes-diff',
  );
}

async function revertBatch(s, project) {
  const { page } = s;
  let view;
  await s.step('Revert on batch 2 asks first: a modal naming the batch and what it undoes', async () => {
    view = await panel(page, NAME);
    await view.locator('tr.batch-row[data-index="2"] .revert').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Revert batch 2 "Phase 2: Core Models & Services \(US1\)"\?/);
    assert.match(await dialog.textContent(), /6 task\(s\) are unchecked in tasks\.md/);
    await s.shots.shot(page, 'revert-modal', 'Revert Batch asks for confirmation');
    await dialog.getByRole('button', { name: 'Revert Batch' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });
  await s.step(
    'after the revert: the batch files are gone, its tasks unchecked, a revert commit made, and the row says "reverted"',
    async () => {
      view = await panel(page, NAME);
      await view.locator('tr.batch-row[data-index="2"] .reverted-tag').waitFor({ timeout: 30000 });
      assert.match(git(project, 'log', '-1', '--format=%s'), /^Revert "specflow: batch 2 of 4/);
      for (const f of ['src/models/album.js', 'src/services/photoImport.js', 'test/importFormats.test.js'])
        assert.ok(!fs.existsSync(path.join(project, f)), `${f} is gone`);
      for (const f of ['src/lib/text.js', 'src/ui/albumGrid.js']) assert.ok(fs.existsSync(path.join(project, f)), `${f} (batches 1 and 3) is kept`);
      const tasks = fs.readFileSync(path.join(project, 'specs/001-photo-albums/tasks.md'), 'utf8');
      for (let n = 5; n <= 10; n++) assert.match(tasks, new RegExp(`^- \\[ \\] T0${String(n).padStart(2, '0')} `, 'm'), `T0${n} unchecked`);
      assert.match(tasks, /^- \[x\] T011 /m);
      assert.equal(s.runsOf(project)[0].batches[1].checkpoint.reverted !== undefined, true, 'the state records the revert');
      // the tree counts tasks.md as it is now
      await wb
        .treeRow(page, NAME)
        .locator('.label-description', { hasText: /· 14\/20 · Paused/ })
        .waitFor({ timeout: 15000 });
      const row = wb.treeRow(page, NAME);
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
      await wb.treeRow(page, '2. Phase 2: Core Models & Services (US1)').waitFor();
      await view.locator('.batch-table').scrollIntoViewIfNeeded();
    },
    'reverted-row',
  );
}

async function report(s) {
  const { page } = s;
  await s.step(
    'the Report button shows the Report view: summary, next step, timeline picture and each batch with its heal',
    async () => {
      const view = await panel(page, NAME);
      await view.locator('#btn-report').click();
      await view.locator('#summary-line', { hasText: /Merge ready/i }).waitFor({ timeout: 30000 });
      await view.locator('#timeline-img').waitFor();
      assert.ok(await view.locator('#timeline-img').evaluate((img) => img.complete && img.naturalWidth > 0), 'the timeline SVG renders');
      await view.locator('#next-step').waitFor();
      const batches = await view.locator('#report-batches').textContent();
      assert.match(batches, /Phase 2: Core Models & Services/);
      assert.match(batches, /photo import accepts \.heic files/);
    },
    'report-view',
  );
  await s.step('Back to progress', async () => {
    const view = await panel(page, NAME);
    await view.locator('#back-to-progress').click();
    await view.locator('#status-badge').waitFor();
  });
}

async function reportFromPalette(s) {
  const { page } = s;
  await s.step('"SpecFlow: Open Report" from the palette shows the report of the reverted run', async () => {
    await wb.runCommand(page, 'SpecFlow: Open Report');
    const view = await panel(page, NAME);
    await view.locator('#summary-line', { hasText: /Paused/ }).waitFor({ timeout: 30000 });
    await view.locator('#report-batches .reverted-tag').first().waitFor();
  });
}

// VS Code creates the walkthrough service lazily, on first use, and a step whose completion context is already
// true at that moment is never ticked; so the walkthrough is opened first, as a new user would.
async function walkthroughAtStart(s) {
  const { page } = s;
  await s.step(
    'the walkthrough "Get started with SpecFlow" renders its five steps; claude (the fake answers --version) and a project tick the first two',
    async () => {
      await openWalkthrough(page);
      const steps = await waitForSteps(page, [true, true, false, false, false]);
      await mediaShows(page, 'Claude Code, where your files are'); // the first step's markdown (media/walkthrough/claude-code.md)
      assert.deepEqual(
        steps.map((x) => x.title),
        STEP_TITLES,
      );
      assert.deepEqual(
        steps.map((x) => x.done),
        [true, true, false, false, false],
      );
    },
    'walkthrough-start',
  );
  await wb.runCommand(page, 'View: Close All Editors');
}

async function walkthroughAtEnd(s) {
  const { page } = s;
  await s.step(
    'the walkthrough again: its "Try Demo Project" button asks where to write the demo (dismissed), and all five steps are ticked',
    async () => {
      await openWalkthrough(page);
      await page.locator('.getting-started-step', { hasText: 'Try the demo' }).locator('.step-title').click();
      const button = page.locator('.getting-started-step.expanded').getByRole('button', { name: 'Try Demo Project' });
      await button.click();
      await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      const steps = await waitForSteps(page, [true, true, true, true, true]);
      assert.deepEqual(
        steps.map((x) => x.done),
        [true, true, true, true, true],
        JSON.stringify(steps),
      );
      await park(page);
    },
    'walkthrough-complete',
  );
  await s.step("the selected step's picture (media/walkthrough/try-demo.svg) is drawn in the theme's colours, not black", async () => {
    const fill = await svgMediaFill(page);
    assert.notEqual(
      fill,
      'rgb(0, 0, 0)',
      "the SVG's shapes lost their styles (black): the media webview's CSP (style-src nonce) blocks a <style> element inside the SVG",
    );
  });
}

async function localApi(s, project) {
  const { page } = s;
  await s.step(
    '"SpecFlow: Start Local API" shows its status bar item, and the API answers with the token',
    async () => {
      await wb.runCommand(page, 'View: Close All Editors');
      await wb.runCommand(page, 'SpecFlow: Start Local API');
      const item = wb.statusBarItem(page, 'specflow.api');
      await item.waitFor({ timeout: 30000 });
      const text = (await item.textContent()).trim();
      const port = Number((text.match(/SpecFlow API :(\d+)/) || [])[1]);
      assert.ok(port > 0, `status bar: ${text}`);
      const token = fs.readFileSync(path.join(project, '.specflow', 'api-token'), 'utf8').trim();
      assert.equal((await get(`http://127.0.0.1:${port}/api/workflow/orchestrate/list`)).status, 401);
      const list = await get(`http://127.0.0.1:${port}/api/workflow/orchestrate/list`, token);
      assert.equal(list.status, 200, list.body);
      assert.match(list.body, /"status":"paused"/);
      await item.hover();
      await page.locator('.monaco-hover, .workbench-hover', { hasText: 'SpecFlow local API on http://127.0.0.1:' }).first().waitFor({ timeout: 10000 });
    },
    'local-api-status-bar',
  );
  await s.step('clicking the item stops the API', async () => {
    await park(page);
    await wb.statusBarItem(page, 'specflow.api').click();
    await wb.statusBarItem(page, 'specflow.api').waitFor({ state: 'hidden', timeout: 15000 });
  });
}

async function run() {
  let project;
  return scenario(
    'e-evidence',
    (dir) => (project = fixtures.demo(path.join(dir, NAME))),
    { scenario: redThenHealed, delayMs: 100, settings: { 'specflow.defaults.decisions': false } },
    async (s) => {
      await s.part('walkthrough at the start', () => walkthroughAtStart(s));
      await runToMergeReady(s, project);
      await s.part('report', () => report(s));
      await s.part('open changes', () => openChanges(s));
      await s.part('revert', () => revertBatch(s, project));
      await s.part('report from the palette', () => reportFromPalette(s));
      await s.part('walkthrough at the end', () => walkthroughAtEnd(s));
      await s.part('local api', () => localApi(s, project));
    },
  );
}

module.exports = { run };
