// The Report view in Chromium: rendered from the report JSON the real builder makes (the report tests'
// runs), every section present, the SVG timeline actually drawn as an image, nothing of the report taken as
// markup; then screenshots of the new modal, progress and report in the light, dark and high-contrast themes.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { PanelState } from '../../src/protocol/messages';
import { configState, evidenceState, kiroPreflight, limitState, reportState } from './fixtures';
import { eventually, launchBrowser, WebviewPage, WebviewServer, type Theme } from './harness';
import { overflowOf, pageHelpers } from './helpers';
import { productionBundle } from './productionBundle';

const XSS = '<img src=x onerror=alert(1)>';

describe('webview (Chromium): the Report view', function () {
  let browser: Browser;
  let server: WebviewServer;
  let wv: WebviewPage;
  const { $, text, attrs, assertClean } = pageHelpers(() => wv);

  before(async function () {
    [browser, server] = await Promise.all([launchBrowser(), WebviewServer.start()]);
    wv = await WebviewPage.create(browser, server);
  });

  after(async function () {
    await wv?.close();
    await server?.close();
    await browser?.close();
  });

  async function timelineLoaded(): Promise<{ naturalWidth: number; complete: boolean; src: string }> {
    await eventually(() => $('#timeline-img').evaluate((img: { complete: boolean }) => img.complete), 'the timeline image to load');
    return $('#timeline-img').evaluate((img: { naturalWidth: number; complete: boolean; src: string }) => ({
      naturalWidth: img.naturalWidth,
      complete: img.complete,
      src: img.src,
    }));
  }

  it('renders every section of the report: summary, next step, timeline, batches, steps, what is left', async function () {
    const state = reportState('completed');
    const r = state.report!;
    await wv.load(state);
    assert.equal(await text('#summary-line'), r.summary.line);
    assert.equal(await $('.report-summary').getAttribute('class'), 'report-summary outcome-success');
    assert.equal(await text('#next-text'), r.next.text);
    assert.equal(await text('#next-command'), r.next.command);
    const img = await timelineLoaded();
    assert.ok(img.naturalWidth > 0, 'the SVG timeline was drawn');
    assert.match(img.src, /^data:image\/svg\+xml;base64,/);
    assert.match((await $('#timeline-img').getAttribute('alt')) ?? '', /^Timeline of run /);
    // Each batch: tasks with titles, the commit with +/-, the gate, heals (error → what the healer did), decisions.
    assert.deepEqual(
      await attrs('.report-batch', 'data-index'),
      r.batches.map((b) => String(b.index)),
    );
    const b2 = r.batches[1]!;
    const sel = '.report-batch[data-index="2"]';
    assert.deepEqual(
      (await $(`${sel} .report-tasks li`).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()),
      b2.tasks.map((t) => `${t.id} ${t.title}`),
    );
    const cp = b2.checkpoint!;
    assert.equal(await text(`${sel} [data-fact="commit"] dd`), `${cp.shortSha} ${cp.totals.files} files +${cp.totals.additions} −${cp.totals.deletions}`);
    assert.equal(await $(`${sel} .file-changes li`).count(), cp.files.length);
    assert.equal(await text(`${sel} [data-fact="gate"] .gate-badge`), b2.gate!.badge);
    const heal = b2.heals[0]!;
    assert.equal(await text(`${sel} .heal-trigger`), heal.trigger);
    assert.equal(await $(`${sel} .heal-said`).textContent(), heal.healerSaid, 'what the healer said, line breaks kept');
    assert.equal(await text(`${sel} .decisions li span`), b2.decisions[0]!.text);
    assert.deepEqual(
      await attrs('.report-step', 'data-step'),
      r.steps.map((s) => s.name),
    );
    assert.match(await text('.report-step[data-step="merge"]'), new RegExp(r.steps.find((s) => s.name === 'merge')!.confirmedBy!));
    const deferred = r.left.deferred[0]!;
    assert.equal(await text('#report-left .left-tasks li'), `${deferred.id} ${deferred.title} — ${deferred.reason}`);
    await wv.screenshot('report-dark');
    await assertClean();
  });

  it('Open Changes, the gate log, Open as Markdown and Back to progress post their messages; Copy copies the command', async function () {
    const state = reportState('completed');
    const r = state.report!;
    await wv.load(state);
    await $('.report-batch[data-index="2"] .open-changes').click();
    assert.deepEqual(await wv.waitForPost('openChanges'), { type: 'openChanges', id: r.id, batch: 2 });
    await $('.report-batch[data-index="1"] .gate-badge').click();
    assert.deepEqual(await wv.waitForPost('openFile'), { type: 'openFile', path: r.batches[0]!.gate!.logPath });
    await $('#open-report-md').click();
    await eventually(() => wv.postsOf('openFile').length === 2, 'a second openFile');
    assert.deepEqual(wv.postsOf('openFile')[1], { type: 'openFile', path: `.specflow/reports/orchestration-${r.id}.md` });
    await wv.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await $('#copy-command').click();
    await eventually(async () => (await text('#copy-command')) === 'Copied', 'Copied');
    assert.equal(
      await wv.page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()),
      r.next.command,
    );
    await $('#back-to-progress').click();
    assert.deepEqual(await wv.waitForPost('showView'), { type: 'showView', id: r.id, view: 'progress' });
    // The host answers with the progress.
    await wv.setState({ ...state, mode: 'progress', report: undefined, reportSvg: undefined });
    await $('main.progress-page').waitFor();
    await assertClean();
  });

  it('a stopped and a failed run: waits in and between batches, the error with its logs, blocked and open tasks', async function () {
    const paused = reportState('paused-usage-limit');
    await wv.load(paused);
    assert.equal(await $('.report-summary').getAttribute('class'), 'report-summary outcome-stopped');
    assert.match(await text('.report-batch[data-index="1"] .waits'), /Rate limit \(30s\)/);
    assert.match(await text('.report-batch[data-index="2"] .wait.is-ongoing'), /^Usage limit \(since .*, until .*\) Usage limit \(5-hour limit\)/);
    assert.match(await text('#report-waits'), /Paused \(7s\) Paused by the user/);
    assert.match(await text('#next-step'), /Not before/);
    assert.ok((await timelineLoaded()).naturalWidth > 0);
    const failed = reportState('failed');
    await wv.setState(failed);
    await $('#report-error').waitFor();
    assert.match(await text('#report-error'), /batch 2 failed after 1 heal attempt/);
    await $('#report-error .file-link').first().click();
    assert.deepEqual(await wv.waitForPost('openFile'), { type: 'openFile', path: failed.report!.error!.logPaths[0]! });
    assert.match(await text('#report-left'), /Open \(6\).*Blocked \(1\).*T010 Payment webhooks — marked blocked/);
    assert.equal(await $('.report-batch[data-index="3"] .open-changes').count(), 0, 'a batch that never ran has no changes');
    assert.ok((await timelineLoaded()).naturalWidth > 0, 'the new picture loads too');
    await assertClean();
  });

  it('takes nothing of the report as markup: its text is text, its SVG an image that runs no script', async function () {
    const state = reportState('completed');
    const r = state.report!;
    const hostile: PanelState = {
      ...state,
      report: {
        ...r,
        summary: { ...r.summary, line: XSS },
        next: { ...r.next, text: XSS, command: XSS },
        batches: r.batches.map((b) => ({ ...b, name: XSS, tasks: b.tasks.map((t) => ({ ...t, title: XSS })) })),
      },
      reportSvg: `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" onload="alert(2)"><script>alert(3)</script><rect width="40" height="20"/></svg>`,
    };
    await wv.load(hostile);
    assert.equal(await text('#summary-line'), XSS);
    assert.equal(await text('#next-command'), XSS);
    assert.equal(await text('.report-batch[data-index="1"] .report-tasks li:first-child span'), XSS);
    assert.equal((await timelineLoaded()).naturalWidth, 40);
    assert.equal(await $('#app img').count(), 1, 'the timeline is the only image');
    assert.equal(await $('#app script, #app svg').count(), 0);
    await wv.page.waitForTimeout(100);
    assert.deepEqual(wv.dialogs, [], 'no script ran');
    await assertClean();
  });

  it('fits a narrow panel; runs in the production bundle too', async function () {
    await wv.load(reportState('completed'), { width: 420 });
    assert.ok((await overflowOf(wv)) <= 0, 'the report is wider than the panel');
    await wv.screenshot('report-narrow-dark');
    server.mainJs = (await productionBundle()).path;
    try {
      await wv.load(reportState('completed'));
      assert.ok((await timelineLoaded()).naturalWidth > 0);
      assert.equal(await $('.report-batch').count(), reportState('completed').report!.batches.length);
      await assertClean();
    } finally {
      server.mainJs = undefined;
    }
  });

  describe('screenshots: the modal, the progress (gate column, countdown) and the report in three themes', function () {
    for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
      it(`in the ${theme} theme`, async function () {
        await wv.load(configState({ preflight: kiroPreflight() }), { theme });
        await $('#advanced').click();
        await $('#f-maxBatchTasks').waitFor({ state: 'visible' });
        await wv.screenshot(`theme-modal-${theme}`);
        const until = new Date(Date.now() + (3 * 3600 + 12 * 60 + 30) * 1000).toISOString();
        const limited = limitState(until);
        await wv.load(
          { ...limited, run: { ...limited.run!, batches: [{ ...evidenceState().run!.batches[0]!, canRevert: false }, ...limited.run!.batches.slice(1)] } },
          { theme },
        );
        await wv.screenshot(`theme-progress-${theme}`);
        await wv.load(reportState('completed'), { theme });
        await timelineLoaded();
        await wv.screenshot(`theme-report-${theme}`);
        await assertClean();
      });
    }
  });
});
