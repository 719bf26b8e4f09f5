/**
 * Keyboard and screen-reader checks for the e2e tests (share-a11y, nearby-both): reach a control
 * by Tab as a keyboard user would, tell whether it has focus through shadow roots, and find the
 * live region an outcome is announced from.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { focused } from './ui-helpers.ts';

/** Whether `loc`'s element has focus (through shadow roots). */
export function hasFocus(loc: Locator): Promise<boolean> {
  return loc.evaluate((el) => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a === el;
  });
}

/**
 * Press Tab (or Shift+Tab) until `loc` has focus; fails if it is never reached. `loc` is found by
 * role and accessible name, so reaching it proves both.
 */
export async function tabTo(page: Page, loc: Locator, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  await loc.waitFor({ timeout: 30_000 });
  for (let i = 0; i < (opts.max ?? 120); i++) {
    if (await hasFocus(loc)) return;
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
  }
  if (!(await hasFocus(loc))) throw new Error(`Tab never reached ${loc.toString()}; focus is on ${JSON.stringify(await focused(page))}`);
}

/** The live region `loc` is in (its own role or aria-live, or an ancestor's, through shadow roots), or ''. */
export function liveRegionOf(loc: Locator): Promise<string> {
  return loc.evaluate((el) => {
    for (let n: Node | null = el; n; n = n instanceof ShadowRoot ? n.host : n.parentNode) {
      if (!(n instanceof Element)) continue;
      const role = n.getAttribute('role');
      if (role === 'status' || role === 'alert' || role === 'log') return role;
      const live = n.getAttribute('aria-live');
      if (live === 'polite' || live === 'assertive') return `aria-live=${live}`;
    }
    return '';
  });
}

/** Wait until focus is on an element with exactly this text (a step's heading). */
export async function focusLandsOn(page: Page, text: string): Promise<void> {
  await expect.poll(async () => (await focused(page)).text, { timeout: 60_000 }).toBe(text);
}
