/**
 * App updates are the reader's choice (style habit 18): when a mirror serves a new app shell, the
 * new worker waits; the page offers "Update now"; only on that click does it send SKIP_WAITING,
 * and it reloads once the new worker controls it. Stored articles survive the update.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_ENABLED, storedArticles, waitForController } from './harness/index.ts';
import { useUiWorld } from './ui-helpers.ts';

const T = 240_000;

describe.skipIf(!E2E_ENABLED)('reader UI: prompt-for-update', () => {
  const ui = useUiWorld(T);

  it('a new shell waits for consent, then takes over without losing articles', async () => {
    const { page, world } = ui;
    const count = (await storedArticles(page, world.siteId)).length;
    expect(count).toBeGreaterThan(0);
    // The operator changes the site description: a new shell (new index.html, new precache, new sw.js).
    const sitePath = join(world.siteDir, 'site.json');
    const site = JSON.parse(await readFile(sitePath, 'utf8')) as Record<string, unknown>;
    await writeFile(sitePath, JSON.stringify({ ...site, description: 'Version two of the shell' }, null, 2));
    await world.publish();

    await page.goto(world.urls.origin);
    await waitForController(page);
    const scriptBefore = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const banner = page.locator('pp-app').getByRole('region', { name: 'A new version of this app is ready.' });
    await banner.waitFor({ timeout: 60_000 });
    // Nothing changes before the reader agrees: the old worker still controls the page.
    expect(await page.evaluate(() => document.querySelector('meta[name=description]')!.getAttribute('content'))).not.toBe('Version two of the shell');
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await banner.getByRole('button', { name: 'Update now' }).click();
    await reloaded;
    await waitForController(page);
    expect(await page.evaluate(() => document.querySelector('meta[name=description]')!.getAttribute('content'))).toBe('Version two of the shell');
    expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(scriptBefore);
    await page.locator('pp-article-list').getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('pp-app').getByRole('region', { name: 'A new version of this app is ready.' }).count()).toBe(0);
    expect((await storedArticles(page, world.siteId)).length).toBe(count);
    expect(ui.violations).toEqual([]);
  }, T);
});
