// Issue 15 in the real editor, two projects in one window:
// - "nightly": the agent hits the five-hour usage limit (a rate_limit_event with resetsAt ~75 s ahead); the run
//   waits with no request in between (status running, wait.reason usage_limit), the panel's badge and the status
//   bar count down to the reset; then the run is cancelled from the panel;
// - "orphan": a run started by the CLI whose process is killed (kill -9) while its agent works; the window
//   (RunKeeper polls every 15 s) adopts it, re-attaches to the agent and drives it to Merge ready.
'use strict';
const assert = require('assert');
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const fixtures = require('../fixtures');
const wb = require('../harness/workbench');
const { scenario, showProject, panel, ROOT, FAKE, park } = require('./session');

const RESET_IN_S = 75;
const limitOnFirstImplement = {
  rules: [{ name: 'five-hour limit', match: { kind: 'implement', call: 1 }, times: 1, do: { usageLimit: { resetsInSeconds: RESET_IN_S } } }],
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function twoSections(prefix) {
  return fixtures.sectioned([
    [`Phase 1: ${prefix} setup`, 2],
    [`Phase 2: ${prefix} core`, 2],
  ]);
}

async function until(fn, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

const readLog = (file) =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

async function usageLimit(s, project) {
  const { page } = s;
  let view;
  await s.step('Complete Phase on "nightly": Start', async () => {
    await showProject(page, 'nightly');
    await wb.contextMenu(page, wb.treeRow(page, 'nightly'));
    await wb.clickContextMenuItem(page, 'Complete Phase');
    view = await panel(page, 'nightly');
    await view.locator('#plan-text', { hasText: 'Detected 2 batches from tasks.md' }).waitFor();
    await view.locator('#start').click();
  });
  await s.step(
    'the agent hits the five-hour limit: the run waits (running, usage_limit); the badge and the status bar count down to the reset',
    async () => {
      const badge = view.locator('#status-badge[data-limit="true"]');
      await badge.waitFor({ timeout: 60000 });
      assert.match(await badge.textContent(), /Usage limit · \d+m \d\ds|Usage limit · \d+s/);
      assert.match(await view.locator('#headline').textContent(), /Usage limit: resumes at \d\d:\d\d \(in (\d+m )?\d+s\)/);
      const bar = wb.statusBarItem(page, 'specflow.run');
      await bar.filter({ hasText: /Usage limit: resumes at \d\d:\d\d \(in / }).waitFor({ timeout: 15000 });
      const run = s.runsOf(project)[0];
      assert.equal(run.status, 'running');
      assert.equal(run.wait?.reason, 'usage_limit');
      // it waits until the limit's reset (resetsAt = the refused call + RESET_IN_S), plus a small margin
      const refused = s.calls().find((c) => !c.event && c.kind === 'implement' && c.cwd === project);
      const resetsAt = Date.parse(refused.ts) + RESET_IN_S * 1000;
      const until = Date.parse(run.wait.until);
      assert.ok(until >= resetsAt - 2000 && until <= resetsAt + 60000, `waits until ${run.wait.until}, the reset is at ${new Date(resetsAt).toISOString()}`);
      assert.ok(
        run.decisionLog.some((e) => /usage limit|session limit|five-hour/i.test(e.reason ?? '') && e.evidence),
        'the decision log records the wait with its evidence',
      );
      // the countdown moves on the local clock
      const first = await view.locator('#badge-countdown').textContent();
      await view.locator('#badge-countdown', { hasNotText: first }).waitFor({ timeout: 5000 });
      await park(page);
    },
    'usage-limit-countdown',
  );
  await s.step('no request reaches the agent while the limit holds', async () => {
    const implement = s.calls().filter((c) => !c.event && c.kind === 'implement' && c.cwd === project);
    assert.equal(implement.length, 1, 'only the refused call');
  });
}

async function cancelLimitRun(s) {
  const { page } = s;
  await s.step('the waiting run is cancelled from its panel', async () => {
    await wb.treeRow(page, 'nightly').click(); // Show Progress
    const view = await panel(page, 'nightly');
    await view.locator('#btn-cancel').click();
    await view.locator('#confirm-cancel').click();
    await view.locator('#status-badge', { hasText: 'Cancelled' }).waitFor({ timeout: 30000 });
  });
}

/** `specflow-orchestrate start` on the orphan project, with its own fake-agent log and a slow batch 1. */
function startCli(project, root) {
  const log = path.join(root, 'cli-fake-calls.jsonl');
  const out = fs.openSync(path.join(root, 'cli-output.txt'), 'a');
  const cli = spawn(
    process.execPath,
    [path.join(ROOT, 'dist', 'cli.js'), 'start', '--project', project, '--claude', FAKE, '--skip-analyze', '--no-decisions'],
    {
      env: {
        ...process.env,
        FAKE_CLAUDE_LOG: log,
        FAKE_CLAUDE_STATE: path.join(root, 'cli-fake-state'),
        FAKE_CLAUDE_SCENARIO: JSON.stringify({ rules: [{ match: { kind: 'implement', call: 1 }, do: { delayMsPerTask: 4000 } }] }),
        FAKE_CLAUDE_DELAY_MS: '200',
        CLAUDE_CONFIG_DIR: path.join(root, 'claude-config'),
      },
      stdio: ['ignore', out, out],
    },
  );
  fs.closeSync(out);
  return { cli, log };
}

async function adoption(s, project) {
  const { page } = s;
  let cli;
  let log;
  let adoptedAt;
  try {
    await s.step('a CLI run on "orphan" loses its process (kill -9) while its agent works on batch 1', async () => {
      ({ cli, log } = startCli(project, s.root));
      await until(() => readLog(log).find((c) => !c.event && c.kind === 'implement'), 'the CLI run agent', 60000);
      const run = s.runsOf(project)[0];
      assert.equal(run.status, 'running');
      process.kill(cli.pid, 'SIGKILL');
      await new Promise((r) => (cli.exitCode !== null || cli.signalCode ? r() : cli.once('exit', r)));
      const agent = readLog(log).find((c) => !c.event && c.kind === 'implement');
      assert.doesNotThrow(() => process.kill(agent.pid, 0), 'the agent outlives the CLI');
    });
    await s.step(
      'the window adopts the orphan within ~15 s and drives it to Merge ready; the decision log says so',
      async () => {
        const t0 = Date.now();
        await until(
          () => {
            const run = s.runsOf(project)[0];
            return run.decisionLog.some((e) => e.kind === 'reconcile' && e.seq > 1) ? run : undefined;
          },
          'the window to adopt the run',
          45000,
        );
        adoptedAt = (Date.now() - t0) / 1000;
        const run = await until(
          () => {
            const r = s.runsOf(project)[0];
            return r.status === 'merge_ready' ? r : undefined;
          },
          'merge ready',
          90000,
        );
        assert.deepEqual(
          run.batches.map((b) => b.status),
          ['completed', 'completed'],
        );
        const reconcile = run.decisionLog.filter((e) => e.kind === 'reconcile');
        assert.ok(
          reconcile.some((e) => /no live owner: continuing it/.test(e.reason) && e.evidence?.pid && e.evidence.pid !== cli.pid),
          `adopted by another process than the dead CLI: ${JSON.stringify(reconcile)}`,
        );
        assert.ok(
          reconcile.some((e) => /is still running: re-attaching to it/.test(e.reason)),
          're-attached to the agent the CLI had started',
        );
        // batch 2 and verify were run by the window: its agents log to the session's call log
        const windowCalls = s.calls().filter((c) => !c.event && c.cwd === project);
        assert.ok(
          windowCalls.some((c) => c.kind === 'implement' && c.taskIds.includes('T003')),
          `batch 2 by the window: ${windowCalls.map((c) => c.kind).join(',')}`,
        );
        assert.equal(readLog(log).filter((c) => !c.event && c.kind === 'implement').length, 1, 'the CLI ran only batch 1');
        await showProject(page, 'orphan');
        await wb.runCommand(page, 'View: Close All Editors');
        await wb.treeRow(page, 'orphan').click();
        const view = await panel(page, 'orphan');
        await view.locator('#status-badge', { hasText: 'Merge Ready' }).waitFor({ timeout: 30000 });
        const entry = view.locator('#decision-log .log-entry.log-reconcile').first();
        await entry.waitFor();
        await entry.scrollIntoViewIfNeeded();
        await park(page);
      },
      'orphan-adopted',
    );
    console.log(`     (adopted ${adoptedAt?.toFixed(1)} s after the kill)`);
  } finally {
    if (cli && cli.exitCode === null && !cli.signalCode) cli.kill('SIGKILL');
  }
}

async function run() {
  let nightly;
  let orphan;
  return scenario(
    'f-limits-adoption',
    (dir) => {
      nightly = fixtures.project(path.join(dir, 'nightly'), '006-nightly', twoSections('Nightly'));
      orphan = fixtures.project(path.join(dir, 'orphan'), '007-orphan', twoSections('Orphan'));
      return fixtures.workspaceFile(dir, [nightly, orphan], 'f');
    },
    { scenario: limitOnFirstImplement, delayMs: 200, settings: { 'specflow.defaults.decisions': false, 'specflow.defaults.skipAnalyze': true } },
    async (s) => {
      await s.part('usage limit', () => usageLimit(s, nightly));
      await s.part('adoption', () => adoption(s, orphan));
      await s.part('cancel the waiting run', () => cancelLimitRun(s));
    },
  );
}

module.exports = { run };
