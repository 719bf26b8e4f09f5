/**
 * A full disk, for real (issue 13, part 4): a reader's profile whose origin quota Chromium caps
 * just above what is stored (DevTools protocol `Storage.overrideQuotaForOrigin`, the browser's own
 * quota enforcement), then a publish far larger than the room left. The sync and an import of a
 * share file must each fail with the storage-full sentence in plain words, every story stored
 * before must stay whole and readable, and once there is room again the same sync and import
 * succeed.
 */
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, E2E_ENABLED, pigeonpost, Reader, storedArticles, syncFresh, waitForController, type World } from './harness/index.ts';
import { deepText } from './ui-helpers.ts';

const T = 300_000;
/** New stories in the big publish, and the size of each one's text. */
const BIG_STORIES = 24;
const STORY_CHARS = 500_000;
/**
 * The origin's quota: room for the app shell (about 1.8 MB) and the sample stories, not for the
 * big publish (several times more than the rest).
 */
const QUOTA = 4_000_000;

/** Text that gzip cannot shrink much: pseudo-random words from made-up syllables (seeded). */
function noisyText(seed: number, chars: number): string {
  const syllables = ['ka', 'lo', 'mir', 'tes', 'van', 'ru', 'pel', 'do', 'zin', 'ha', 'qua', 'fen', 'sto', 'bri', 'jul', 'ne'];
  let x = seed * 2654435761 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const words: string[] = [];
  let n = 0;
  while (n < chars) {
    let w = '';
    for (let s = 1 + (next() % 4); s > 0; s--) w += syllables[next() % syllables.length];
    w += String(next() % 1000);
    words.push(w);
    n += w.length + 1;
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < words.length; i += 120) paragraphs.push(words.slice(i, i + 120).join(' ') + '.');
  return paragraphs.join('\n\n');
}

/** Text of the import panel's results (through its shadow root). */
function importText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const panel = document.querySelector('pp-app')?.shadowRoot?.querySelector('pp-share-page')?.shadowRoot?.querySelector('pp-share-import')?.shadowRoot;
    return panel?.querySelector('[role="status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  });
}

/** Wait for the import panel's first result and return the panel's text. */
async function importResult(page: Page): Promise<string> {
  await page.waitForFunction(() => (document.querySelector('pp-app')?.shadowRoot?.querySelector('pp-share-page')?.shadowRoot?.querySelector('pp-share-import')?.shadowRoot?.querySelectorAll('section').length ?? 0) >= 1, undefined, { timeout: 60_000 });
  return importText(page);
}

describe.skipIf(!E2E_ENABLED)('a full disk', () => {
  let world: World;
  let reader: Reader;
  let page: Page;
  let cdp: CDPSession;
  let origin: string;
  let before: string[];
  const bigIds = Array.from({ length: BIG_STORIES }, (_, i) => `big-story-${i + 1}`);
  let shareFile: string;
  /** A big story the full disk kept out. */
  let missing: string;

  const library = async (): Promise<string[]> => (await storedArticles(page, world.siteId)).map((a) => `${a.id}@${a.rev}`).sort();

  /** Cap the origin's quota at `bytes` (no argument: lift the cap). */
  async function capQuota(bytes?: number): Promise<void> {
    await cdp.send('Storage.overrideQuotaForOrigin', bytes === undefined ? { origin } : { origin, quotaSize: bytes });
    // The browser's own accounting (navigator.storage.estimate() keeps reporting the disk's room).
    expect(await cdp.send('Storage.getUsageAndQuota', { origin })).toMatchObject({ overrideActive: bytes !== undefined, ...(bytes === undefined ? {} : { quota: bytes }) });
  }

  beforeAll(async () => {
    world = await createWorld({ name: 'Quota News', id: 'quota-news' });
    origin = new URL(world.urls.origin).origin;
    reader = await Reader.create();
    await reader.launch();
    page = await reader.page();
    cdp = await reader.context!.newCDPSession(page);
    // Capped before the first visit: Chromium applies an override to a service worker's writes
    // only when it was set before the worker's storage was first opened.
    await capQuota(QUOTA);
    await page.goto(world.urls.origin);
    await waitForController(page);
    const s = await syncFresh(page);
    expect(s.lastOutcome).not.toBe('failed');
    before = await library();
    expect(before.length).toBeGreaterThan(0);
  }, T);

  afterAll(async () => {
    await cdp?.detach().catch(() => undefined);
    await reader?.dispose();
    await world?.close();
  });

  it('a sync that does not fit fails with "storage is full" in plain words, and what was stored stays whole', async () => {
    // The operator then publishes far more than the room the reader's device has left.
    for (const [i, id] of bigIds.entries()) await world.addArticle(id, `Long report ${i + 1}`, { body: noisyText(i + 1, STORY_CHARS), section: 'Reports' });
    await world.publish();
    const s = await syncFresh(page);
    expect(s.lastOutcome).toBe('failed');
    // The reason is the full disk (first), not a mirror fault.
    expect(s.lastErrors?.[0]?.code).toBe('STORAGE_FULL');
    expect((s.lastErrors ?? []).filter((e) => e.code !== 'STORAGE_FULL')).toEqual([]);
    // Every story stored before is still there at its revision; the big publish did not all fit,
    // and the run counts the stories it did store before the disk filled (each pack is its own
    // transaction).
    const after = await library();
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length).toBeLessThan(before.length + BIG_STORIES);
    expect(s.lastRun?.added).toBe(after.length - before.length);
    missing = bigIds.find((id) => !after.some((x) => x.startsWith(`${id}@`)))!;
    shareFile = join(world.root, 'big-story.html');
    await pigeonpost(['share', 'export', world.siteDir, missing, '--out', shareFile]);
    // The status line says why, in plain words, not as a mirror fault.
    await page.goto(world.urls.origin);
    await expect.poll(() => deepText(page), { timeout: 15_000 }).toContain('storage is full');
    // An old story still opens, whole, from the device.
    const id = before[0]!.split('@')[0]!;
    await page.goto(`${world.urls.origin}article/${id}`);
    await page.locator('pp-article-view').getByRole('heading', { level: 1 }).waitFor({ timeout: 15_000 });
    expect(await page.locator('pp-article-view').getByText('This article is not stored on this device.').count()).toBe(0);
  }, T);

  it('an import that does not fit is refused with "storage is full", and changes nothing', async () => {
    const held = await library();
    await page.goto(`${world.urls.origin}share`);
    await page.locator('pp-share-import input#pick-file').setInputFiles(shareFile);
    const text = await importResult(page);
    expect(text).toContain('Could not import big-story.html: this device’s storage is full');
    expect(text).not.toMatch(/Added “/);
    expect(await library()).toEqual(held);
  }, T);

  it('with room again, the same sync and import succeed', async () => {
    await capQuota();
    const s = await syncFresh(page);
    expect(s.lastOutcome).not.toBe('failed');
    const after = await library();
    expect(after).toEqual(expect.arrayContaining(before));
    for (const id of bigIds) expect(after.some((x) => x.startsWith(`${id}@`))).toBe(true);
    await page.goto(`${world.urls.origin}article/${bigIds[BIG_STORIES - 1]}`);
    await page.locator('pp-article-view').getByRole('heading', { level: 1, name: `Long report ${BIG_STORIES}` }).waitFor({ timeout: 15_000 });
    // The share file now names a story already in the library.
    await page.goto(`${world.urls.origin}share`);
    await page.locator('pp-share-import input#pick-file').setInputFiles(shareFile);
    expect(await importResult(page)).toContain('already in your library');
  }, T);
});
