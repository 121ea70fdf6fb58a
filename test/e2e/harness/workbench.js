// Page helpers that drive the VS Code web workbench (code-server 4.139.1 = VS Code 1.139.1) like a user:
// by accessible names and the few stable hooks listed below. These are workbench internals: re-check them
// (node test/e2e/smoke/run-smoke.js) whenever the pinned code-server version changes.
//   .monaco-workbench                              workbench root; its class carries the theme kind (vs|vs-dark|hc-black|hc-light)
//   .quick-input-widget input / .quick-input-list  command palette; rows hold .label-name + data-quick-input-id=<command id>
//   .activitybar a.action-label[aria-label]        activity-bar icons; the <li> has aria-selected / .checked when open
//   .monaco-list-row[role=treeitem] .label-name    tree rows
//   .context-view .monaco-menu [role=menuitem]     the (HTML, not native) context menu of the web build
//   iframe.webview.ready -> iframe#active-frame    webview content (outer host frame, inner document)
//   .statusbar-item#<publisher>.<ext>.<itemId>     status bar entries
'use strict';
const fs = require('fs');
const path = require('path');
const { peekSettings, ENTRY } = require('./codeServer');

const esc = (s) => String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactText = (s) => new RegExp(`^\\s*${esc(s)}\\s*$`);
const cssStr = (s) => JSON.stringify(String(s)); // quoted CSS attribute value

/** Navigate to a workbench URL (see codeServer.workbenchUrl) and wait for the workbench DOM. */
async function openWorkbench(page, url, { timeout = 120000 } = {}) {
  // Not waiting for "load": the workbench bundle is large and on a busy 2-core box "load" can take > 30 s.
  await page.goto(url, { waitUntil: 'commit', timeout });
  await page.locator('.monaco-workbench').waitFor({ timeout });
}

/** Open the command palette (F1). Retries once: F1 can be swallowed while focus is moving (e.g. into a webview). */
async function openPalette(page, { timeout = 10000 } = {}) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: attempt ? timeout : 3000 });
      return input;
    } catch (e) {
      if (attempt) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Run a command by its palette title, e.g. 'Developer: Reload Window'. Picks the row whose label is exactly
 * the title (fuzzy matching often puts another command first), so titles must be exact.
 */
async function runCommand(page, title, { timeout = 15000 } = {}) {
  const input = await openPalette(page, { timeout });
  await input.fill('>' + title);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactText(title) }) })
    .first();
  await row.waitFor({ timeout });
  await row.click();
  // Done when the palette closed, or was replaced by the command's own picker (input no longer holds '>title').
  await page
    .waitForFunction(
      (v) => {
        const w = document.querySelector('.quick-input-widget'),
          i = w && w.querySelector('input');
        return !w || getComputedStyle(w).display === 'none' || !i || i.value !== v;
      },
      '>' + title,
      { timeout },
    )
    .catch(() => {});
}

/**
 * Wait for a notification containing text. In dev mode (smoke-test driver) VS Code 1.139 often shows no toast and
 * only puts it into the notification centre, so: look for a toast briefly, then open the centre and look there.
 */
async function expectNotification(page, text, { timeout = 15000, toastMs = 2000 } = {}) {
  const toast = page.locator('.notification-toast', { hasText: text }).first();
  try {
    await toast.waitFor({ timeout: toastMs });
    return 'toast';
  } catch {}
  await runCommand(page, 'Notifications: Show Notifications');
  try {
    await page.locator('.notifications-center', { hasText: text }).waitFor({ timeout });
  } finally {
    await runCommand(page, 'Notifications: Hide Notifications').catch(() => {});
  }
  return 'center';
}

/** Clear all notifications, so that a later expectNotification can't match an old one. */
async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/** Open the activity-bar container whose aria-label starts with the prefix (does not toggle it closed if already open). */
async function clickActivityBar(page, ariaLabelPrefix, { timeout = 60000 } = {}) {
  const icon = page.locator(`.activitybar a.action-label[aria-label^=${cssStr(ariaLabelPrefix)}]`).first();
  await icon.waitFor({ timeout });
  // Re-resolved on every look: right after a reload the activity bar re-renders its items, so a handle taken
  // once can point at a detached element that never turns selected (a CI flake), and a click can land on it.
  const li = icon.locator('xpath=..');
  const attr = (name) => li.getAttribute(name, { timeout: 2000 }).catch(() => null);
  const open = async () => (await attr('aria-selected')) === 'true' || /\bchecked\b/.test((await attr('class')) || '');
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await open()) break;
    await icon.click({ timeout: Math.max(1000, deadline - Date.now()) });
    const settle = Date.now() + 3000;
    while (Date.now() < settle && !(await open())) await page.waitForTimeout(150);
    if (await open()) break;
    if (Date.now() > deadline) throw new Error(`the activity-bar container "${ariaLabelPrefix}" did not open within ${timeout} ms`);
  }
  // Park the pointer on an empty stretch of the title bar (right of the command centre): otherwise the icon's
  // hover tooltip covers the tree in screenshots.
  const vp = page.viewportSize() || { width: 1400 };
  await page.mouse.move(Math.round(vp.width * 0.8), 8);
}

/** Locator of a tree row by its label (exact by default; {exact:false} = substring of the whole row). {within}: a Locator to scope to one view. */
function treeRow(page, text, { exact = true, within = page } = {}) {
  const rows = within.locator('.monaco-list-row[role="treeitem"]');
  return (exact ? rows.filter({ has: page.locator('.label-name', { hasText: exactText(text) }) }) : rows.filter({ hasText: text })).first();
}

const MENU = '.context-view .monaco-menu';

/**
 * Right-click a target (Locator, or tree-row label) and return the context menu's item labels in order
 * (separators left out). The menu stays open: follow with clickContextMenuItem() or closeContextMenu().
 */
async function contextMenu(page, target, { timeout = 15000 } = {}) {
  const el = typeof target === 'string' ? treeRow(page, target) : target;
  const items = page.locator(`${MENU} [role="menuitem"]`);
  // A right-click that lands while the tree re-renders its rows (a refresh right after discovery) opens
  // nothing: try again a few times before failing.
  for (let attempt = 1; ; attempt++) {
    await el.click({ button: 'right', timeout });
    try {
      await items.first().waitFor({ timeout: attempt < 3 ? 5000 : timeout });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape').catch(() => {});
    }
  }
  return (await items.locator('.action-label').allInnerTexts()).map((s) => s.trim());
}

/** Click an item (exact label) in the open context menu. */
async function clickContextMenuItem(page, label, { timeout = 15000 } = {}) {
  const item = page
    .locator(`${MENU} [role="menuitem"]`)
    .filter({ has: page.locator('.action-label', { hasText: exactText(label) }) })
    .first();
  // A click on an item runs its action and closes the menu. Seen in CI: with the tree refreshing under an open
  // menu, a click only highlighted the item and the menu stayed. The menu still being open means nothing ran,
  // so clicking again cannot run the action twice.
  const deadline = Date.now() + timeout;
  const menuGone = async () =>
    !(await page
      .locator(MENU)
      .isVisible()
      .catch(() => false));
  for (let attempt = 1; ; attempt++) {
    try {
      await item.click({ timeout: attempt === 1 ? timeout : 3000 });
    } catch (e) {
      if (attempt > 1 && (await menuGone())) return; // the earlier click's action closed it meanwhile
      throw e;
    }
    try {
      await page.locator(MENU).waitFor({ state: 'hidden', timeout: attempt < 3 ? 3000 : Math.max(1000, deadline - Date.now()) });
      return;
    } catch (e) {
      if (attempt >= 3 || Date.now() >= deadline) throw e;
    }
  }
}

async function closeContextMenu(page) {
  await page.keyboard.press('Escape');
  await page.locator(MENU).waitFor({ state: 'hidden' });
}

/**
 * FrameLocator for the *document* inside a webview (outer host iframe.webview.ready -> inner iframe#active-frame).
 * Without a title: the only/first visible webview. With {title}: the webview shown by the editor tab (or view
 * pane) with that title; the tab is activated first. All webviews are overlays positioned over their editor
 * group / pane, so the frame is matched by geometry. Async because the match needs a look at the page.
 */
async function webviewFrame(page, { title, timeout = 30000 } = {}) {
  const inner = (outer) => outer.contentFrame().locator('iframe#active-frame').contentFrame();
  if (!title) {
    const outer = page.locator('iframe.webview.ready:visible').first();
    await outer.waitFor({ timeout });
    return inner(outer);
  }
  const tab = page.locator(`.tabs-container .tab[aria-label=${cssStr(title)}], .tabs-container .tab[aria-label^=${cssStr(title + ',')}]`).first();
  const pane = page.locator(`.pane-header[aria-label^=${cssStr(title)}]`).first();
  await tab.or(pane).first().waitFor({ timeout });
  let box;
  if (await tab.count()) {
    if (!/\bactive\b/.test((await tab.getAttribute('class')) || '')) await tab.click();
    box = tab.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " editor-group-container ")][1]').locator('.editor-container').first();
  } else {
    box = pane.locator('xpath=..').locator('.pane-body').first();
  }
  // The container's handle is taken afresh on each try: if the workbench re-renders the editor group meanwhile
  // (restore after a reload), a detached container has no geometry and would never match.
  const deadline = Date.now() + timeout;
  for (;;) {
    const left = deadline - Date.now();
    const handle = await box.elementHandle({ timeout: Math.max(1000, left) });
    try {
      const name = await page
        .waitForFunction(
          (container) => {
            if (!container.isConnected) throw new Error('detached');
            const r = container.getBoundingClientRect();
            for (const f of document.querySelectorAll('iframe.webview.ready')) {
              const b = f.getBoundingClientRect();
              const cx = b.x + b.width / 2,
                cy = b.y + b.height / 2;
              if (b.width && getComputedStyle(f).visibility !== 'hidden' && cx >= r.left && cx <= r.right && cy >= r.top && cy <= r.bottom) return f.name;
            }
            return false;
          },
          handle,
          { timeout: Math.max(1000, Math.min(5000, deadline - Date.now())) },
        )
        .then((h) => h.jsonValue());
      return inner(page.locator(`iframe.webview.ready[name=${cssStr(name)}]`));
    } catch (e) {
      if (Date.now() >= deadline) throw e;
    } finally {
      await handle.dispose().catch(() => {});
    }
  }
}

/**
 * Locator of a status bar item by id prefix ('<publisher>.<extension>.'), by the item id given to
 * createStatusBarItem (matched as id suffix), or by visible text.
 */
function statusBarItem(page, textOrId) {
  const q = cssStr(textOrId),
    dotted = cssStr('.' + textOrId);
  return page
    .locator(`.statusbar-item[id^=${q}], .statusbar-item[id$=${dotted}]`)
    .or(page.locator('.statusbar-item', { hasText: textOrId }))
    .first();
}

/** Reload the window through 'Developer: Reload Window' and wait for the new workbench. */
async function reloadWindow(page, { timeout = 120000 } = {}) {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout });
  await runCommand(page, 'Developer: Reload Window');
  await navigated;
  await page.locator('.monaco-workbench').waitFor({ timeout });
}

/** Theme kind from the workbench root's class: 'vs' (light), 'vs-dark', 'hc-black' or 'hc-light'. */
async function themeKind(page) {
  const cls = (await page.locator('.monaco-workbench').getAttribute('class')) || '';
  return cls.split(/\s+/).find((c) => /^(vs|vs-dark|hc-black|hc-light)$/.test(c)) || null;
}

const themeClass = async (page) => (((await page.locator('.monaco-workbench').getAttribute('class')) || '').match(/\bvscode-theme-\S+/) || [null])[0];

// Built-in theme ids -> picker labels, read from the pinned code-server's theme-defaults extension
// (e.g. 'Default High Contrast' -> 'Dark High Contrast'). VS Code 1.139 renamed 'Default Light Modern' /
// 'Default Dark Modern' to 'Light Modern' / 'Dark Modern' (it migrates the old names in settings.json).
let builtinThemes;
function themeLabels() {
  if (builtinThemes) return builtinThemes;
  builtinThemes = {};
  try {
    const dir = path.join(path.dirname(ENTRY), '../../lib/vscode/extensions/theme-defaults');
    const nls = JSON.parse(fs.readFileSync(path.join(dir, 'package.nls.json'), 'utf8'));
    for (const t of JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).contributes.themes) {
      builtinThemes[t.id] = { label: t.label.replace(/^%(.*)%$/, (_, k) => nls[k] || k), kind: t.uiTheme };
    }
  } catch {}
  return builtinThemes;
}

/** Resolve a theme id, old id or label to {id, label, kind}. Unknown names pass through (extension themes). */
function resolveTheme(theme) {
  const all = themeLabels();
  for (const id of [theme, String(theme).replace(/^Default /, '')]) if (all[id]) return { id, ...all[id] };
  const byLabel = Object.entries(all).find(([, t]) => t.label === theme);
  return byLabel ? { id: byLabel[0], ...byLabel[1] } : { id: theme, label: theme, kind: undefined };
}

/**
 * Switch the colour theme the way a user does: 'Preferences: Color Theme' picker, which writes
 * workbench.colorTheme into the user settings.json. Waits until the workbench shows it (and, given stateDir,
 * until settings.json holds it). Why not just edit settings.json from outside: the workbench's watch on it is
 * unreliable here (after a few edits, or once VS Code rewrote the file itself, later edits go unseen); use
 * codeServer.freshState(stateDir, {'workbench.colorTheme': ...}) to start in a theme instead.
 * Returns { id, label, kind, themeClass }.
 */
async function setColorTheme(page, theme, { stateDir, timeout = 30000 } = {}) {
  const t = resolveTheme(theme);
  const before = await themeClass(page);
  await runCommand(page, 'Preferences: Color Theme', { timeout });
  const input = page.locator('.quick-input-widget input');
  await input.fill(t.label);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactText(t.label) }) })
    .first();
  await row.click({ timeout });
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
  if (t.kind) await page.waitForFunction((k) => document.querySelector('.monaco-workbench').classList.contains(k), t.kind, { timeout });
  else await page.waitForFunction((b) => !document.querySelector('.monaco-workbench').classList.contains(b), before, { timeout: 5000 }).catch(() => {}); // unknown kind: best effort
  if (stateDir) {
    const deadline = Date.now() + timeout;
    while (peekSettings(stateDir)?.['workbench.colorTheme'] !== t.id) {
      if (Date.now() > deadline) throw new Error(`settings.json did not get workbench.colorTheme = ${t.id}`);
      await page.waitForTimeout(200);
    }
  }
  await page.waitForTimeout(300); // let webviews receive the new CSS variables before a screenshot
  return { id: t.id, label: t.label, kind: await themeKind(page), themeClass: await themeClass(page) };
}

module.exports = {
  openWorkbench,
  openPalette,
  runCommand,
  expectNotification,
  clearNotifications,
  clickActivityBar,
  treeRow,
  contextMenu,
  clickContextMenuItem,
  closeContextMenu,
  webviewFrame,
  statusBarItem,
  reloadWindow,
  themeKind,
  setColorTheme,
  resolveTheme,
};
