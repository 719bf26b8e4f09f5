/**
 * "Erase everything" end to end: after a reader has synced, read and changed a setting, erasing
 * from Settings leaves no database, cache, web-storage key or service worker of the app behind,
 * the page shows a plain notice at the app's root address, and the app no longer opens offline.
 * Cancelling the confirmation erases nothing.
 */
import { describe, expect, it } from 'vitest';
import { E2E_ENABLED, storedArticles } from './harness/index.ts';
import { deepText, EXTRA, useUiWorld, type UiWorld } from './ui-helpers.ts';

const T = 240_000;

/** Documents in the saved search index (settings row `search-index`), or -1 when there is none. */
async function savedSearchDocs(ui: UiWorld): Promise<number> {
  return ui.page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((d) => d.name === name)) return -1;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const req = db.transaction('settings').objectStore('settings').get('search-index');
        req.onsuccess = () => {
          const docs = (req.result as { value?: { docs?: unknown[] } } | undefined)?.value?.docs;
          resolve(Array.isArray(docs) ? docs.length : -1);
          db.close();
        };
        req.onerror = () => reject(req.error);
      };
    });
  }, `pigeonpost-${ui.world.siteId}`);
}

/** What the app keeps on the device, as the page sees it. */
async function traces(ui: UiWorld): Promise<{ databases: string[]; caches: string[]; workers: number; storage: string[] }> {
  return ui.page.evaluate(async () => ({
    databases: ((await indexedDB.databases()) ?? []).map((d) => d.name ?? ''),
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    storage: [...Object.keys(localStorage), ...Object.keys(sessionStorage)],
  }));
}

describe.skipIf(!E2E_ENABLED)('reader UI: erase everything', () => {
  const ui = useUiWorld(T);

  it('before: the reader has articles, caches, a worker and a setting', async () => {
    const { page } = ui;
    await page.goto(`${ui.world.urls.origin}article/${EXTRA.long.id}`);
    await page.locator('pp-article-view').getByRole('heading', { level: 1, name: EXTRA.long.title }).waitFor();
    // A search leaves a saved index (article terms) in the database.
    await page.goto(`${ui.world.urls.origin}search?q=river`);
    await page.locator('pp-search').getByRole('listitem').first().waitFor();
    await expect.poll(() => savedSearchDocs(ui), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.goto(`${ui.world.urls.origin}settings`);
    await page.locator('pp-settings').getByLabel('Language of the app').selectOption('en');
    const t = await traces(ui);
    expect(t.databases).toContain(`pigeonpost-${ui.world.siteId}`);
    expect(t.caches.length).toBeGreaterThan(0);
    expect(t.workers).toBe(1);
    expect(t.storage).toContain('pigeonpost.locale');
    expect((await storedArticles(page, ui.world.siteId)).length).toBeGreaterThan(0);
  }, T);

  it('cancelling the confirmation erases nothing', async () => {
    const settings = ui.page.locator('pp-settings');
    await settings.getByRole('button', { name: 'Erase everything…' }).click();
    await settings.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await settings.getByRole('dialog').waitFor({ state: 'hidden' });
    expect((await storedArticles(ui.page, ui.world.siteId)).length).toBeGreaterThan(0);
  }, T);

  it('erasing removes every trace and shows a plain notice', async () => {
    const { page } = ui;
    const settings = page.locator('pp-settings');
    await settings.getByRole('button', { name: 'Erase everything…' }).click();
    await settings.getByRole('dialog').getByRole('button', { name: 'Erase', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Everything was erased' }).waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await deepText(page)).toContain('Close this tab');
    const t = await traces(ui);
    expect(t.databases.filter((d) => d.startsWith('pigeonpost-'))).toEqual([]);
    expect(t.caches).toEqual([]);
    expect(t.workers).toBe(0);
    expect(t.storage.filter((k) => k.startsWith('pigeonpost.'))).toEqual([]);
    expect(ui.violations).toEqual([]);
  }, T);

  it('afterwards the app does not open offline any more (its shell is gone too)', async () => {
    const { page, reader } = ui;
    await reader.context!.setOffline(true);
    try {
      const opened = await page.goto(`${ui.world.urls.origin}article/${EXTRA.long.id}`).then(
        () => true,
        () => false,
      );
      if (opened) expect(await deepText(page)).not.toContain(EXTRA.long.title);
    } finally {
      await reader.context!.setOffline(false);
    }
  }, T);
});
