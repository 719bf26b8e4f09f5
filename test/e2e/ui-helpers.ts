/**
 * Support for the reader-UI end-to-end tests (test/e2e/ui-*.test.ts), on top of the harness:
 * a world with a few extra articles (a long one, an Arabic right-to-left one), a reader that has
 * synced once, text read through shadow roots, an axe-core scan, and a log of CSP and Trusted Types
 * violations (there must be none).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { closeUiWorld, createUiWorld, type UiWorld } from './ui-world.ts';

export { closeUiWorld, createUiWorld, EXTRA, watch, type UiWorld } from './ui-world.ts';

/**
 * One suite's UI world: built in beforeAll, closed in afterAll. The returned object is filled in
 * when the world exists, so tests read `ui.page`, `ui.world` ... as usual.
 */
export function useUiWorld(timeoutMs = 240_000): UiWorld {
  const ui = {} as UiWorld;
  beforeAll(async () => {
    Object.assign(ui, await createUiWorld());
  }, timeoutMs);
  afterAll(async () => {
    await closeUiWorld('reader' in ui ? ui : undefined);
  });
  return ui;
}

/** All text of the page, through open shadow roots, whitespace collapsed. */
export function deepText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const walk = (n: Node): string => {
      let s = '';
      for (const c of Array.from(n.childNodes)) {
        if (c.nodeType === Node.TEXT_NODE) s += c.nodeValue;
        else if (c instanceof Element) {
          if (c.shadowRoot) s += walk(c.shadowRoot);
          if (c.localName !== 'style' && c.localName !== 'noscript') s += walk(c);
        }
      }
      return s;
    };
    return walk(document.body).replace(/\s+/g, ' ');
  });
}

/** The element focused now, through shadow roots: tag and text. */
export function focused(page: Page): Promise<{ tag: string; text: string }> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return { tag: a?.localName ?? '', text: (a?.textContent ?? '').trim() };
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** An axe-core violation, reduced to what a failure message needs. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Run axe-core (WCAG 2 A/AA rules and best practices) on the page and return every violation.
 * axe is evaluated through the DevTools protocol, which page CSP does not govern; nothing is
 * added to the app.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

/** The serious and critical violations of {@link axeViolations}. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
