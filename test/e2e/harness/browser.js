// Launch Debian's Chromium (/usr/bin/chromium, from scripts/ensure-system-deps.sh) through playwright-core.
// Playwright can't download its own browser build offline, so we always point it at the system binary.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Start headless Chromium with a fresh persistent profile (launchPersistentContext: Playwright refuses
 * --user-data-dir in args). Returns { context, page, profileDir, close() }; close() also removes the profile.
 */
async function launch({ viewport = { width: 1400, height: 900 }, headless = process.env.HEADED !== '1', args = [] } = {}) {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'specflow-e2e-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless,
      viewport,
      args: [...ARGS, ...args],
      // Chromium otherwise writes ~/.config/chromium/Crash Reports and ~/.cache/dconf: keep them in the profile.
      env: { ...process.env, XDG_CONFIG_HOME: path.join(profileDir, 'xdg-config'), XDG_CACHE_HOME: path.join(profileDir, 'xdg-cache') },
    });
  } catch (e) {
    fs.rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] || (await context.newPage());
  let closed = false;
  return {
    context,
    page,
    profileDir,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

module.exports = { launch, CHROMIUM_ARGS: ARGS };
