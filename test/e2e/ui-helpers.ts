/**
 * Support for the reader-UI end-to-end tests (test/e2e/ui-*.test.ts), on top of the harness:
 * a world with a few extra articles (a long one, an Arabic right-to-left one), a reader that has
 * synced once, text read through shadow roots, an axe-core scan, and a log of CSP and Trusted Types
 * violations (there must be none).
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createWorld, Reader, syncFresh, waitForController, type World } from './harness/index.ts';

/** Extra articles every UI world has (besides `pigeonpost init`'s samples). */
export const EXTRA = {
  long: { id: 'long-read', title: 'A very long read about rivers', section: 'Longform', date: '2026-11-23T08:00:00Z' },
  rtl: { id: 'arabic-note', title: 'مكتبة المدينة تفتح أيام الأحد', section: 'ثقافة', date: '2026-11-19T08:00:00Z' },
  ru: { id: 'vybory-gorod', title: 'Итоги выборов в городском совете', section: 'Политика', date: '2026-11-18T08:00:00Z' },
} as const;

/** A world, a reader profile and its page, synced once. */
export interface UiWorld {
  readonly world: World;
  readonly reader: Reader;
  page: Page;
  /** Console messages about CSP or Trusted Types (expected: none). */
  readonly violations: string[];
}

async function writeArticle(world: World, id: string, front: Record<string, string>, body: string): Promise<void> {
  const lines = ['---', ...Object.entries(front).map(([k, v]) => `${k}: ${JSON.stringify(v)}`), '---', '', body, ''];
  await writeFile(join(world.siteDir, 'articles', `${id}.md`), lines.join('\n'));
}

/** Create the world, add EXTRA, publish, open the app and sync. */
export async function createUiWorld(): Promise<UiWorld> {
  const world = await createWorld({ name: 'UI News', id: 'ui-news' });
  const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}. The river rose and fell through the seasons, and the town watched it from the bridge.`).join('\n\n');
  await writeArticle(world, EXTRA.long.id, { title: EXTRA.long.title, date: EXTRA.long.date, lang: 'en', section: EXTRA.long.section, summary: 'Sixty paragraphs about a river.' }, paragraphs);
  await writeArticle(world, EXTRA.rtl.id, { title: EXTRA.rtl.title, date: EXTRA.rtl.date, lang: 'ar', dir: 'rtl', section: EXTRA.rtl.section, summary: 'مثال لمقال من اليمين إلى اليسار.' }, 'ستفتح مكتبة المدينة أبوابها أيام الأحد خلال الشتاء.');
  await writeArticle(world, EXTRA.ru.id, { title: EXTRA.ru.title, date: EXTRA.ru.date, lang: 'ru', section: EXTRA.ru.section, summary: 'Подсчёт голосов завершён.' }, 'На выборах в городской совет победили независимые кандидаты. Явка составила сорок процентов.');
  await world.publish();
  const reader = await Reader.create();
  await reader.launch();
  const ui: UiWorld = { world, reader, page: await reader.page(), violations: [] };
  watch(ui);
  await ui.page.goto(world.urls.origin);
  await waitForController(ui.page);
  await syncFresh(ui.page);
  return ui;
}

/** Record CSP / Trusted Types violations and page errors of the current page. */
export function watch(ui: UiWorld): void {
  ui.page.on('console', (m) => {
    if (/Content Security Policy|Trusted ?Type|TrustedHTML|TrustedScript/i.test(m.text())) ui.violations.push(m.text());
  });
  ui.page.on('pageerror', (e) => ui.violations.push(`pageerror: ${e.message}`));
}

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

/** Close everything. */
export async function closeUiWorld(ui: UiWorld | undefined): Promise<void> {
  await ui?.reader.dispose();
  await ui?.world.close();
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
