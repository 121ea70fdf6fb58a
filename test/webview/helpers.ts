// Small page helpers the Chromium tests share: text of an element, a property, attributes, ids, and the
// check that a page stayed clean (no CSP violation, script error, invalid message or dialog).
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { WebviewPage } from './harness';

/** The DOM as the in-page callbacks use it (the tests compile without the DOM lib; the callbacks run in Chromium). */
export interface PageElement {
  id: string;
  getAttribute(name: string): string | null;
  dispatchEvent(event: Event): boolean;
}
export interface PageSelect extends PageElement {
  value: string;
}

export interface PageHelpers {
  $: (selector: string) => Locator;
  text: (selector: string) => Promise<string>;
  prop: <T>(selector: string, name: string) => Promise<T>;
  attrs: (selector: string, name: string) => Promise<(string | null)[]>;
  ids: (locator: Locator) => Promise<string[]>;
  activeId: () => Promise<string>;
  assertClean: () => Promise<void>;
}

export function pageHelpers(wv: () => WebviewPage): PageHelpers {
  const $ = (selector: string): Locator => wv().page.locator(selector);
  return {
    $,
    text: async (selector) => ((await $(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim(),
    prop: <T>(selector: string, name: string) => $(selector).evaluate((el, n) => (el as unknown as Record<string, T>)[n]!, name),
    attrs: (selector, name) => $(selector).evaluateAll((els: PageElement[], n) => els.map((e) => e.getAttribute(n)), name),
    ids: (locator) => locator.evaluateAll((els: PageElement[]) => els.map((e) => e.id)),
    activeId: () =>
      wv().page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? ''),
    assertClean: async () => {
      assert.deepEqual(await wv().cspViolations(), [], 'CSP violations');
      assert.deepEqual(wv().consoleErrors, [], 'console errors');
      assert.deepEqual(wv().invalidPosts, [], 'messages that do not match WebviewToHostSchema');
      assert.deepEqual(wv().dialogs, [], 'dialogs (alert) opened');
    },
  };
}

/** The horizontal overflow of the page, in pixels (0 when it fits). */
export function overflowOf(wv: WebviewPage): Promise<number> {
  return wv.page.evaluate(() => {
    const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return d.scrollWidth - d.clientWidth;
  });
}
