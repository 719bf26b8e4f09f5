/**
 * Nearby sync both ways (issue 12), in headless Chromium against a real published world: each
 * reader holds something the other lacks, and one holds a newer revision of a story the other
 * has in an older one (in each direction). A synced from the mirrors once and was then cut off
 * from them; B never reached a mirror at all and got its stories from share files only. They
 * connect (the test carries the two codes), and both end with the same library, the newer
 * revision winning on both sides, each side's outcome saying truthfully what it stored and sent.
 * Then a session cancelled midway stops on both sides, both say so, and nothing half-stored is
 * left: what was taken is whole and readable, and the next session completes it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, E2E_ENABLED, pigeonpost, storedArticles, syncFresh, waitForController, type Reader, type World } from './harness/index.ts';
import { liveRegionOf } from './a11y-helpers.ts';
import { cameraReader, joinWith, outcome, pasteOrPicture, startOffer } from './nearby-helpers.ts';

const T = 300_000;

/** Import share files through the Share page's file input; resolves when all results are shown. */
async function importFiles(page: Page, origin: string, files: string[]): Promise<string> {
  await page.goto(`${origin}share`);
  const panel = page.locator('pp-share-import');
  await panel.getByRole('button', { name: 'Choose share files…' }).waitFor({ timeout: 15_000 });
  await panel.locator('input#pick-file').setInputFiles(files);
  await panel.locator('section').nth(files.length - 1).waitFor({ timeout: 120_000 });
  return ((await panel.getByRole('status').textContent()) ?? '').replace(/\s+/g, ' ');
}

/** The library as sorted `id@rev`. */
async function library(page: Page, site: string): Promise<string[]> {
  return (await storedArticles(page, site)).map((x) => `${x.id}@${x.rev}`).sort();
}

/**
 * Installed before the app's scripts: while `__ppHold.on`, every frame from the first bundle frame
 * on (kind byte 4, format.md §10.2) stays in this page instead of going out, as on a link that
 * stalled mid-transfer. Order is kept: nothing overtakes a held frame.
 */
function holdBundles(): void {
  const w = window as unknown as { __ppHold: { on: boolean; held: number } };
  w.__ppHold = { on: false, held: 0 };
  const send = RTCDataChannel.prototype.send;
  RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: unknown): void {
    const h = w.__ppHold;
    if (h.on && (h.held > 0 || (data as Uint8Array)[0] === 4)) {
      h.held++;
      return;
    }
    send.call(this, data as ArrayBufferView<ArrayBuffer>);
  } as typeof send;
}

describe.skipIf(!E2E_ENABLED)('nearby sync both ways', () => {
  let world: World;
  let a: Reader; // synced from the mirrors once, then cut off
  let b: Reader; // never reaches a mirror
  let pa: Page;
  let pb: Page;
  let files: string;
  let samples: string[];

  const share = async (id: string, name: string): Promise<string> => {
    const out = join(files, name);
    await pigeonpost(['share', 'export', world.siteDir, id, '--out', out]);
    return out;
  };

  beforeAll(async () => {
    world = await createWorld({ name: 'Both Ways News', id: 'both-ways-news' });
    files = join(world.root, 'files');
    await mkdir(files, { recursive: true });
    await world.addArticle('harbour-ferry', 'The harbour ferry', { body: 'The ferry runs every hour. Паром ходит каждый час.' });
    await world.addArticle('market-hours', 'Market hours', { body: 'The market opens at eight. Рынок открывается в восемь.' });
    await world.publish();
    const market1 = await share('market-hours', 'market-1.html');

    a = await cameraReader();
    b = await cameraReader();
    await a.context!.addInitScript(holdBundles);
    await b.context!.route(/timestamp\.json/, (r) => r.abort());
    pa = await a.page();
    pb = await b.page();
    await pa.goto(world.urls.origin);
    await waitForController(pa);
    await syncFresh(pa);
    // From now on A reaches no mirror either: what it lacks can only come from B.
    await a.context!.route(/timestamp\.json/, (r) => r.abort());
    samples = (await storedArticles(pa, world.siteId)).map((x) => x.id).filter((id) => id !== 'harbour-ferry' && id !== 'market-hours');
    expect(samples.length).toBeGreaterThanOrEqual(3);

    // The publisher's next edition: both stories revised, one story new.
    await world.addArticle('harbour-ferry', 'The harbour ferry', { body: 'From Monday the ferry runs every half hour. С понедельника паром ходит каждые полчаса.' });
    await world.addArticle('market-hours', 'Market hours', { body: 'From Monday the market opens at seven. С понедельника рынок открывается в семь.' });
    await world.addArticle('night-bus', 'A night bus to the station', { body: 'A night bus now runs to the station. К вокзалу теперь ходит ночной автобус.' });
    await world.publish();
    const harbour2 = await share('harbour-ferry', 'harbour-2.html');
    const market2 = await share('market-hours', 'market-2.html');
    const bus = await share('night-bus', 'night-bus.html');

    await pb.goto(world.urls.origin);
    await waitForController(pb);
    // B: the new story and the harbour's new revision, but the market's old one.
    const bText = await importFiles(pb, world.urls.origin, [harbour2, bus, market1]);
    expect(bText).toContain('Added “The harbour ferry”');
    expect(bText).toContain('Added “A night bus to the station”');
    // A: the market's new revision over the one it synced.
    await importFiles(pa, world.urls.origin, [market2]);
  }, T);

  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await world?.close();
  });

  it('each side starts with something the other lacks, and a newer revision of one story', async () => {
    expect(await library(pa, world.siteId)).toEqual([...samples.map((id) => `${id}@1`), 'harbour-ferry@1', 'market-hours@2'].sort());
    expect(await library(pb, world.siteId)).toEqual(['harbour-ferry@2', 'market-hours@1', 'night-bus@1']);
  });

  it('they connect and end with the same library, the newer revision winning on both sides, and each says what it stored and sent', async () => {
    const offer = await startOffer(pa, world.urls.origin);
    const answer = await joinWith(pb, world.urls.origin, { text: offer });
    await pasteOrPicture(pa, { text: answer });
    const [ea, eb] = await Promise.all([outcome(pa), outcome(pb)]);
    const expected = [...samples.map((id) => `${id}@1`), 'harbour-ferry@2', 'market-hours@2', 'night-bus@1'].sort();
    expect(await library(pa, world.siteId)).toEqual(expected);
    expect(await library(pb, world.siteId)).toEqual(expected);
    // A took the new story and the harbour's newer revision, and sent the samples and the market's newer revision.
    expect(ea).toEqual({ kind: 'done', text: `This device stored 2 new or updated articles, and sent ${samples.length + 1} articles.` });
    expect(eb).toEqual({ kind: 'done', text: `This device stored ${samples.length + 1} new or updated articles, and sent 2 articles.` });
    // The newer text is what each side shows.
    await pa.goto(`${world.urls.origin}article/harbour-ferry`);
    await pa.locator('pp-article-view').getByText('every half hour').waitFor({ timeout: 15_000 });
    await pb.goto(`${world.urls.origin}article/market-hours`);
    await pb.locator('pp-article-view').getByText('opens at seven').waitFor({ timeout: 15_000 });
    // Again: nothing left to exchange, and both say so.
    const offer2 = await startOffer(pa, world.urls.origin);
    await pasteOrPicture(pa, { text: await joinWith(pb, world.urls.origin, { text: offer2 }) });
    expect(await Promise.all([outcome(pa), outcome(pb)])).toEqual([
      { kind: 'done', text: 'Both devices already had the same articles.' },
      { kind: 'done', text: 'Both devices already had the same articles.' },
    ]);
  }, T);

  it('Cancel stops a session midway: both sides say so, nothing half-stored, and the next session completes it', async () => {
    // A new story reaches A only; A's bundles then stall on the way to B.
    await world.addArticle('bridge-works', 'Works on the old bridge', { body: 'The old bridge closes for works. Старый мост закрывают на ремонт.' });
    await world.publish();
    await importFiles(pa, world.urls.origin, [await share('bridge-works', 'bridge.html')]);
    const before = { a: await library(pa, world.siteId), b: await library(pb, world.siteId) };
    try {
      const offer = await startOffer(pa, world.urls.origin);
      await pa.evaluate(() => ((window as unknown as { __ppHold: { on: boolean } }).__ppHold.on = true));
      await pasteOrPicture(pa, { text: await joinWith(pb, world.urls.origin, { text: offer }) });
      const nearby = pb.locator('pp-nearby');
      await nearby.getByRole('heading', { name: 'Exchanging articles…' }).waitFor({ timeout: 60_000 });
      const progress = nearby.getByText(/^Received 0 of 1, sent 0 of 0$/);
      await progress.waitFor({ timeout: 30_000 });
      // Progress is announced (a live region), and so is each outcome below.
      expect(await liveRegionOf(progress)).toBe('status');
      await expect.poll(() => pa.evaluate(() => (window as unknown as { __ppHold: { held: number } }).__ppHold.held), { timeout: 30_000 }).toBeGreaterThan(0);
      await nearby.getByRole('button', { name: 'Cancel' }).click();
      const [ea, eb] = await Promise.all([outcome(pa), outcome(pb)]);
      expect(eb).toEqual({ kind: 'failed', text: 'Cancelled. Articles already received and checked stay stored.' });
      expect(await liveRegionOf(pb.locator('pp-nearby [data-outcome]'))).toBe('alert');
      expect(await liveRegionOf(pa.locator('pp-nearby [data-outcome]'))).toBe('alert');
      expect(ea).toEqual({ kind: 'failed', text: 'The other device cancelled the exchange. Articles already received and checked stay stored.' });
      expect(await library(pa, world.siteId)).toEqual(before.a);
      expect(await library(pb, world.siteId)).toEqual(before.b);
    } finally {
      await pa.evaluate(() => ((window as unknown as { __ppHold: { on: boolean } }).__ppHold.on = false));
    }
    // The next session brings the story whole.
    const offer = await startOffer(pa, world.urls.origin);
    await pasteOrPicture(pa, { text: await joinWith(pb, world.urls.origin, { text: offer }) });
    expect((await Promise.all([outcome(pa), outcome(pb)])).map((e) => e.text)).toEqual([
      'This device stored 0 new or updated articles, and sent 1 article.',
      'This device stored 1 new or updated article, and sent 0 articles.',
    ]);
    expect(await library(pb, world.siteId)).toEqual(before.a);
    await pb.goto(`${world.urls.origin}article/bridge-works`);
    await pb.locator('pp-article-view').getByRole('heading', { level: 1, name: 'Works on the old bridge' }).waitFor({ timeout: 15_000 });
  }, T);
});
