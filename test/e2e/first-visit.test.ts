/**
 * A reader's very first visit, on a fresh profile: the pictures show without a reload, whether
 * the first page is the front page or a link straight to an article. Pictures are `media/` URLs
 * that only the service worker answers (from IndexedDB); on a first visit the page renders before
 * the worker controls it, so the views must ask again once it does (the mirror has no such path).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createWorld, E2E_ENABLED, Reader, type World } from './harness/index.ts';

const T = 240_000;

/** Every picture of `tag`'s view: whether it has loaded (a decoded image), by its src. */
function pictures(page: Page, tag: string): Promise<{ src: string; ok: boolean }[]> {
  return page.locator(tag).locator('img').evaluateAll((imgs) => imgs.map((i) => ({ src: (i as HTMLImageElement).src, ok: (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0 })));
}

describe.skipIf(!E2E_ENABLED)('a first visit', () => {
  let world: World;
  const readers: Reader[] = [];

  beforeAll(async () => {
    world = await createWorld({ name: 'First Visit News', id: 'first-visit' });
  }, T);

  afterAll(async () => {
    for (const r of readers) await r.dispose();
    await world?.close();
  });

  async function freshPage(): Promise<Page> {
    const r = await Reader.create();
    readers.push(r);
    await r.launch();
    return r.page();
  }

  it('straight to an article: its pictures show without a reload', async () => {
    const page = await freshPage();
    await page.goto(`${world.urls.origin}article/lindenford-river-cleanup`);
    await page.locator('pp-article-view').getByRole('heading', { level: 1 }).waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await pictures(page, 'pp-article-view')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await pictures(page, 'pp-article-view')).filter((p) => !p.ok), { timeout: 30_000 }).toEqual([]);
  }, T);

  it('the front page: every thumbnail shows without a reload', async () => {
    const page = await freshPage();
    await page.goto(world.urls.origin);
    await page.locator('pp-article-list').locator('.story').first().waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await pictures(page, 'pp-article-list')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await pictures(page, 'pp-article-list')).filter((p) => !p.ok), { timeout: 30_000 }).toEqual([]);
  }, T);
});
