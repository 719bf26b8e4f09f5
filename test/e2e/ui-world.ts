/**
 * The world of the reader-UI end-to-end tests, without any test-runner import so that scripts
 * (scripts/screenshots.ts) can build it too: a published site with a few extra articles (a long
 * one, an Arabic right-to-left one, a Russian one), a reader profile that has synced once, and a
 * log of CSP and Trusted Types violations (there must be none).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
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

/** Close everything. */
export async function closeUiWorld(ui: UiWorld | undefined): Promise<void> {
  await ui?.reader.dispose();
  await ui?.world.close();
}

