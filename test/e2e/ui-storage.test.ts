/**
 * Storage the reader controls (issue 13, part 4), end to end in headless Chromium on a reader that
 * has synced once: the Storage panel shows space used and available and what is stored; the app
 * asks the browser to keep its data only when the reader first saves an article (never on load,
 * never twice by itself); saved articles are marked in the list and have their own filter; the
 * retention setting removes old unsaved articles, their pictures and their search entries at
 * once, never a saved one, and refuses a number out of range; all of it in English and Russian
 * with no axe violation.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_ENABLED } from './harness/index.ts';
import { axeSerious, deepText, EXTRA, useUiWorld } from './ui-helpers.ts';

const T = 300_000;
const DAY = 86_400_000;

/** Stored articles with their signed publication time, straight from IndexedDB. */
function stored(page: Page, site: string): Promise<{ id: string; publishedMs: number }[]> {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('articles').objectStore('articles').getAll();
          req.onsuccess = () => {
            resolve((req.result as { id: string; publishedMs: number }[]).map((a) => ({ id: a.id, publishedMs: a.publishedMs })));
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    `pigeonpost-${site}`,
  );
}

/** The visible text of a component's paragraphs (locators pierce its shadow root). */
async function paragraphs(page: Page, tag: string): Promise<string> {
  return (await page.locator(tag).locator('p').allTextContents()).join(' ').replace(/\s+/g, ' ');
}

/** How many times the page asked for persistent storage (counted by an init script). */
const persistCalls = (page: Page): Promise<number> => page.evaluate(() => Number(sessionStorage.getItem('test.persistCalls') ?? '0'));

describe.skipIf(!E2E_ENABLED)('storage the reader controls', () => {
  const ui = useUiWorld(240_000);

  it('the Storage panel shows the space used and available and what is stored; nothing asks to persist on load', async () => {
    const { page, world } = ui;
    // Count navigator.storage.persist() calls from now on (sessionStorage survives navigations).
    await page.context().addInitScript(() => {
      const original = StorageManager.prototype.persist;
      StorageManager.prototype.persist = function (this: StorageManager) {
        sessionStorage.setItem('test.persistCalls', String(Number(sessionStorage.getItem('test.persistCalls') ?? '0') + 1));
        return original.call(this);
      };
    });
    for (const path of ['', `article/${EXTRA.long.id}`, 'search?q=river', 'settings']) {
      await page.goto(world.urls.origin + path);
      await page.locator('pp-app').getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
    }
    const panel = page.locator('pp-storage-panel');
    await panel.getByRole('heading', { level: 2, name: 'Storage on this device' }).waitFor();
    const n = (await stored(page, world.siteId)).length;
    await expect.poll(() => paragraphs(page, 'pp-storage-panel'), { timeout: 15_000 }).toMatch(/Using \d[\d.,]* (kB|MB|byte)s? of about \d[\d.,]* (MB|GB|TB) available\./);
    expect(await paragraphs(page, 'pp-storage-panel')).toContain(`${n} articles stored, 0 saved by you,`);
    expect(await page.evaluate(() => navigator.storage.persisted())).toBe(false);
    expect(await panel.getByRole('button', { name: 'Keep articles on this device' }).count()).toBe(1);
    expect(await persistCalls(page)).toBe(0);
    expect(await axeSerious(page)).toEqual([]);
  }, T);

  it('saving an article asks once to keep the data, marks it in the list and fills the Saved filter', async () => {
    const { page, world } = ui;
    await page.goto(`${world.urls.origin}article/${EXTRA.long.id}`);
    const save = page.locator('pp-article-view').getByRole('button', { name: 'Save this article' });
    await save.waitFor({ timeout: 15_000 });
    expect(await save.getAttribute('aria-pressed')).toBe('false');
    await save.click();
    await expect.poll(() => save.getAttribute('aria-pressed')).toBe('true');
    await page.locator('pp-article-view').getByText('Saved: kept on this device whatever the storage setting.').waitFor();
    await expect.poll(() => persistCalls(page)).toBe(1);
    // A second save does not ask again by itself.
    await page.goto(`${world.urls.origin}article/${EXTRA.ru.id}`);
    const save2 = page.locator('pp-article-view').getByRole('button', { name: 'Save this article' });
    await save2.click();
    await expect.poll(() => save2.getAttribute('aria-pressed')).toBe('true');
    expect(await persistCalls(page)).toBe(1);

    // The list: a "Saved" mark on both, and the Show filter.
    await page.goto(world.urls.origin);
    const list = page.locator('pp-article-list');
    await list.getByRole('heading', { level: 1 }).waitFor();
    const show = list.getByRole('list', { name: 'Show' });
    await show.waitFor({ timeout: 15_000 });
    const marked = list.locator('.story', { has: page.locator('.saved-mark') });
    await expect.poll(() => marked.count(), { timeout: 15_000 }).toBe(2);
    await show.getByRole('button', { name: 'Saved articles' }).click();
    await expect.poll(async () => (await list.locator('.story h2 a, .story h3 a').allTextContents()).sort()).toEqual([EXTRA.long.title, EXTRA.ru.title].sort());
    expect(await show.getByRole('button', { name: 'Saved articles' }).getAttribute('aria-pressed')).toBe('true');
    // The section chips are for the whole list.
    expect(await list.getByRole('list', { name: 'Sections' }).count()).toBe(0);
    expect(await axeSerious(page)).toEqual([]);
    await show.getByRole('button', { name: 'All articles' }).click();
    await expect.poll(() => list.locator('.story').count()).toBe((await stored(page, world.siteId)).length);
  }, T);

  it('retention removes old unsaved articles with their pictures and search entries, never a saved one, and refuses a bad number', async () => {
    const { page, world } = ui;
    await page.goto(`${world.urls.origin}settings`);
    const panel = page.locator('pp-storage-panel');
    await panel.getByRole('heading', { level: 2 }).waitFor();
    // Out of range: refused in words, nothing applied.
    const before = await stored(page, world.siteId);
    await panel.getByLabel('Keep the articles of the last days').check();
    await panel.getByLabel('Number of days').fill('0');
    await panel.getByRole('button', { name: 'Apply storage setting' }).click();
    await panel.getByRole('status').getByText(/^Enter a whole number from 1 to \d+\.$/).waitFor();
    expect(await stored(page, world.siteId)).toEqual(before);

    // The last 3 days: every unsaved article signed earlier goes, in one step.
    const cutoff = Date.now() - 3 * DAY;
    const saved = new Set<string>([EXTRA.long.id, EXTRA.ru.id]);
    const expectGone = before.filter((a) => a.publishedMs < cutoff && !saved.has(a.id)).map((a) => a.id);
    expect(expectGone.length).toBeGreaterThan(0);
    await panel.getByLabel('Number of days').fill('3');
    await panel.getByRole('button', { name: 'Apply storage setting' }).click();
    await panel.getByRole('status').getByText(`Setting saved. ${expectGone.length} article${expectGone.length === 1 ? '' : 's'} removed from this device.`).waitFor({ timeout: 30_000 });
    const after = (await stored(page, world.siteId)).map((a) => a.id).sort();
    expect(after).toEqual(before.map((a) => a.id).filter((id) => !expectGone.includes(id)).sort());
    for (const id of saved) expect(after).toContain(id);
    // Pictures nobody names any more are gone with them.
    const orphanImages = await page.evaluate(
      (name) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['articles', 'images']);
            const a = tx.objectStore('articles').getAll();
            const i = tx.objectStore('images').getAllKeys();
            tx.oncomplete = () => {
              const named = new Set((a.result as { imageShas?: string[] }[]).flatMap((r) => r.imageShas ?? []));
              resolve((i.result as string[]).filter((k) => !named.has(String(k))).length);
              open.result.close();
            };
          };
        }),
      `pigeonpost-${world.siteId}`,
    );
    expect(orphanImages).toBe(0);
    // Search no longer finds a removed story; it still finds a saved one.
    await page.goto(`${world.urls.origin}search?q=${encodeURIComponent('river')}`);
    await page.locator('pp-search').getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => deepText(page), { timeout: 30_000 }).toContain(EXTRA.long.title);
    const hits = await page.locator('pp-search').locator('a[href*="article/"]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname.split('/').pop()));
    expect(hits).toContain(EXTRA.long.id);
    for (const id of expectGone) expect(hits).not.toContain(id);
    // Russian: the same panel, in Russian, with no axe violation.
    await page.evaluate(() => localStorage.setItem('pigeonpost.locale', 'ru'));
    try {
      await page.goto(`${world.urls.origin}settings`);
      await page.locator('pp-storage-panel').getByRole('heading', { level: 2, name: 'Память устройства' }).waitFor({ timeout: 15_000 });
      expect(await axeSerious(page)).toEqual([]);
    } finally {
      await page.evaluate(() => localStorage.removeItem('pigeonpost.locale'));
    }
  }, T);
});
