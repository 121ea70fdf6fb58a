// The "Get started with SpecFlow" walkthrough as a user sees it: opened through "Welcome: Open Walkthrough...",
// its steps' ticks and its media (markdown and SVG pictures, each in a webview).
'use strict';
const wb = require('../harness/workbench');
const { park } = require('./session');

const STEP_TITLES = ['Install and sign in to Claude Code', 'Open or create a spec project', 'Try the demo', 'Complete Phase', 'Read the report'];

/** Opens "Get started with SpecFlow" through "Welcome: Open Walkthrough...", as a user does. */
async function openWalkthrough(page) {
  await wb.runCommand(page, 'Welcome: Open Walkthrough...');
  await page.locator('.quick-input-widget input').fill('Get started with SpecFlow');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Get started with SpecFlow' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.gettingStartedContainer', { hasText: 'Get started with SpecFlow' }).first().waitFor({ timeout: 30000 });
  await page.locator('.getting-started-step').first().waitFor();
  await park(page);
}

/** Each step's {title, done} as the open walkthrough shows it. */
function stepStates(page) {
  return page.locator('.getting-started-step').evaluateAll((els) =>
    els.map((e) => ({
      title: (e.querySelector('.step-title')?.textContent ?? '').trim(),
      done: Boolean(e.querySelector('.codicon-getting-started-step-checked')),
    })),
  );
}

/** Waits until the open walkthrough shows `done` for its steps (it updates live); returns the last states seen. */
async function waitForSteps(page, done, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const steps = await stepStates(page);
    if (JSON.stringify(steps.map((x) => x.done)) === JSON.stringify(done) || Date.now() > deadline) return steps;
    await page.waitForTimeout(500);
  }
}

/** Waits until a frame (the walkthrough's media webview) shows the text. */
async function mediaShows(page, text, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const f of page.frames())
      if (
        await f
          .locator('body', { hasText: text })
          .count()
          .catch(() => 0)
      )
        return;
    if (Date.now() > deadline) throw new Error(`no walkthrough media shows "${text}"`);
    await page.waitForTimeout(300);
  }
}

/** The computed fill of the first shape of the walkthrough's SVG picture now shown. */
async function svgMediaFill(page) {
  const deadline = Date.now() + 15000;
  for (;;) {
    for (const f of page.frames()) {
      const fill = await f
        .evaluate(() => {
          const shape = document.querySelector('body > svg rect, body svg rect');
          return shape && shape.getBoundingClientRect().width > 0 ? getComputedStyle(shape).fill : null;
        })
        .catch(() => null);
      if (fill) return fill;
    }
    if (Date.now() > deadline) throw new Error('no SVG picture is shown');
    await page.waitForTimeout(300);
  }
}

module.exports = { STEP_TITLES, openWalkthrough, stepStates, waitForSteps, mediaShows, svgMediaFill };
