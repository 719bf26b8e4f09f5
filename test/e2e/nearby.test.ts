/**
 * Nearby sync and invites end to end, in headless Chromium against a real published world:
 * - a reader that never reached a mirror (its data requests are cut off) and a synced reader
 *   connect over a WebRTC data channel with no ICE server, the test carrying the two codes (the
 *   offer as a picture of its QR code, decoded by the zxing-wasm reader the app ships; the answer
 *   as pasted text), and end with the same library;
 * - a hostile peer that sends a forged bundle, and one that sends an endless stream, are cut off
 *   with nothing stored;
 * - an invite adds the publisher's signed mirror list; a forged one, another publisher's one and
 *   the same one again change nothing and say so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sha256Hex } from '../../src/core/crypto/sha256.ts';
import { decodeShare, encodeShare } from '../../src/core/format/share.ts';
import { toFrames } from '../../src/core/peer/frame.ts';
import { DEFAULT_PEER_LIMITS } from '../../src/core/peer/limits.ts';
import { decodeInvite, encodeInvite } from '../../src/core/peer/invite.ts';
import { helloMessage, inventoryMessage, wantMessage } from '../../src/core/peer/messages.ts';
import { sampleArticle, TestRepo } from '../helpers/test-repo.ts';
import { createWorld, E2E_ENABLED, getMirrors, storedArticles, syncFresh, waitForController, type Reader, type World } from './harness/index.ts';
import { cameraReader, hostilePeer, joinWith, outcome, pasteOrPicture, startOffer } from './nearby-helpers.ts';
import { axeSerious, focused } from './ui-helpers.ts';

const T = 240_000;

/** Send one peer-protocol request to the page's worker (what the app's peer-client does). */
function workerRequest<T>(page: Page, type: string, payload: unknown): Promise<T> {
  return page.evaluate(
    ({ type, payload }) =>
      new Promise<T>((resolve, reject) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = (e) => (e.data.ok ? resolve(e.data.payload as T) : reject(new Error(`${e.data.error.code}: ${e.data.error.message}`)));
        navigator.serviceWorker.controller!.postMessage({ type, payload }, [ch.port2]);
      }),
    { type, payload },
  );
}

const b64 = (frames: Uint8Array[]): string[] => frames.map((f) => Buffer.from(f).toString('base64'));

describe.skipIf(!E2E_ENABLED)('nearby sync and invites', () => {
  let world: World;
  let a: Reader; // synced from the mirrors
  let b: Reader; // never reaches a mirror
  let c: Reader; // the hostile peer
  let pa: Page;
  let pb: Page;
  let pc: Page;

  beforeAll(async () => {
    world = await createWorld({ name: 'Nearby News', id: 'nearby-news' });
    await world.addArticle('late-news', 'Late news from the harbour', { body: 'The ferry ran late. Паром опоздал.' });
    await world.publish();
    a = await cameraReader();
    b = await cameraReader();
    c = await cameraReader();
    // B's worker may fetch the app shell, never a timestamp: it never reaches a mirror's data.
    await b.context!.route(/timestamp\.json/, (r) => r.abort());
    pa = await a.page();
    pb = await b.page();
    pc = await c.page();
    await pa.goto(world.urls.origin);
    await waitForController(pa);
    await syncFresh(pa);
    await pb.goto(world.urls.origin);
    await waitForController(pb);
    await pc.goto(`${world.urls.m1}root.json`);
  }, T);

  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await c?.dispose();
    await world?.close();
  });

  it('the reader that never reached a mirror has nothing yet', async () => {
    expect(await storedArticles(pb, world.siteId)).toEqual([]);
    expect((await storedArticles(pa, world.siteId)).length).toBeGreaterThan(3);
  });

  it('a peer that sends a forged bundle is cut off and nothing is stored', async () => {
    // A genuine envelope (from A's worker), its title changed: the signature no longer holds.
    const id = 'late-news';
    const { bundles } = await workerRequest<{ bundles: Uint8Array[] }>(pa, 'PEER_BUNDLE', { ids: [id] });
    const share = decodeShare(new Uint8Array(Object.values(bundles[0]!)));
    const text = new TextDecoder().decode(share.articles[0]!.envelope);
    expect(text).toContain('Late news from the harbour');
    const forged = new TextEncoder().encode(text.replace('Late news from the harbour', 'Forged news from the harbour'));
    const bundle = encodeShare({ roots: share.roots, articles: [{ envelope: forged, images: [] }] });
    const entry = { id, rev: 1, sha256: await sha256Hex(forged) };
    const frames = [
      ...toFrames(helloMessage({ site: world.siteId, rootVersion: 1, entries: 1 }), DEFAULT_PEER_LIMITS),
      ...toFrames(inventoryMessage({ entries: [entry], more: false }), DEFAULT_PEER_LIMITS),
      ...toFrames(wantMessage({ ids: [], more: false }), DEFAULT_PEER_LIMITS),
      ...toFrames({ kind: 'bundle', body: bundle }, DEFAULT_PEER_LIMITS),
    ];
    const offer = await startOffer(pb, world.urls.origin);
    const peer = await hostilePeer(pc, offer, { frames: b64(frames) });
    await pasteOrPicture(pb, { text: peer.answer });
    const end = await outcome(pb);
    expect(end.kind).toBe('failed');
    expect(end.text).toMatch(/disconnected: it served data with an invalid signature/);
    await peer.done;
    expect(await storedArticles(pb, world.siteId)).toEqual([]);
  }, T);

  it('a peer that sends an endless stream is cut off at the message cap and nothing is stored', async () => {
    const frames = [
      ...toFrames(helloMessage({ site: world.siteId, rootVersion: 1, entries: 1 }), DEFAULT_PEER_LIMITS),
      ...toFrames(inventoryMessage({ entries: [{ id: 'endless', rev: 1, sha256: 'e'.repeat(64) }], more: false }), DEFAULT_PEER_LIMITS),
      ...toFrames(wantMessage({ ids: [], more: false }), DEFAULT_PEER_LIMITS),
    ];
    await pb.locator('pp-nearby').getByRole('button', { name: 'Share with another device' }).click();
    const offer = await startOffer(pb, world.urls.origin);
    const peer = await hostilePeer(pc, offer, { frames: b64(frames), endless: true });
    await pasteOrPicture(pb, { text: peer.answer });
    const end = await outcome(pb);
    expect(end.kind).toBe('failed');
    expect(end.text).toMatch(/disconnected: it served more data than announced/);
    const { sentBytes } = await peer.done;
    // Cut off at the bundle cap (32 MiB), not after the sender gave up (120 s of sending).
    expect(sentBytes).toBeGreaterThan(DEFAULT_PEER_LIMITS.maxBundleBytes);
    expect(sentBytes).toBeLessThan(DEFAULT_PEER_LIMITS.maxBundleBytes + 16 * 1024 * 1024);
    expect(await storedArticles(pb, world.siteId)).toEqual([]);
  }, T);

  it('two readers connect with no server and end with the same library (offer read from its QR code)', async () => {
    await startOffer(pa, world.urls.origin);
    // The offer's QR code as a picture, read by the app's own reader (zxing-wasm: no BarcodeDetector here).
    const picture = await pa.locator('pp-nearby pp-qr-code canvas').screenshot();
    const answer = await joinWith(pb, world.urls.origin, { picture });
    await pasteOrPicture(pa, { text: answer });
    const [ea, eb] = await Promise.all([outcome(pa), outcome(pb)]);
    expect([ea, eb]).toMatchObject([{ kind: 'done' }, { kind: 'done' }]);
    const libA = (await storedArticles(pa, world.siteId)).map((x) => `${x.id}@${x.rev}`).sort();
    const libB = (await storedArticles(pb, world.siteId)).map((x) => `${x.id}@${x.rev}`).sort();
    expect(libB).toEqual(libA);
    expect(eb.text).toBe(`This device stored ${libA.length} new or updated articles, and sent 0 articles.`);
    // The stories read on B, pictures included (served by B's worker from what the peer sent).
    await pb.goto(`${world.urls.origin}article/late-news`);
    await pb.locator('pp-article-view').getByRole('heading', { level: 1, name: 'Late news from the harbour' }).waitFor({ timeout: 15_000 });
  }, T);

  it('an invite adds the signed mirror list; forged, foreign and repeated invites change nothing', async () => {
    const before = await getMirrors(pb);
    expect(before.every((m) => m.source === 'bootstrap')).toBe(true);
    await pa.goto(`${world.urls.origin}invite`);
    const linkBox = pa.locator('pp-invite #link');
    await linkBox.waitFor({ timeout: 15_000 });
    const link = await linkBox.inputValue();
    expect(link).toMatch(new RegExp(`^${world.urls.origin.replace(/[.]/g, '\\.')}invite#1\\.[A-Za-z0-9_-]+$`));
    const code = link.slice(link.indexOf('#') + 1);

    const open = async (href: string): Promise<{ kind: string; text: string }> => {
      await pb.goto(href);
      const el = pb.locator('pp-invite [data-outcome]');
      await el.waitFor({ timeout: 30_000 });
      // The code left the address bar at once.
      expect(await pb.evaluate(() => location.hash)).toBe('');
      return { kind: (await el.getAttribute('data-outcome')) ?? '', text: (await el.textContent())?.trim() ?? '' };
    };

    // Forged: a mirror of the signed list swapped for another host.
    const inv = await decodeInvite(code);
    const text = new TextDecoder().decode(inv.manifest);
    const forgedText = text.replace(world.urls.m1, 'http://127.0.0.9:9/');
    expect(forgedText).not.toBe(text);
    const forged = await encodeInvite({ roots: inv.roots, manifest: new TextEncoder().encode(forgedText) });
    expect(await open(`${world.urls.origin}invite#${forged}`)).toMatchObject({ kind: 'unchanged', text: expect.stringMatching(/not signed by this publisher/) });
    expect((await getMirrors(pb)).every((m) => m.source === 'bootstrap')).toBe(true);

    // Another publisher's invite, properly signed by its own keys.
    const other = await TestRepo.create({ site: { id: 'other-news' }, mirrors: [{ url: 'https://other.example/' }] });
    other.addArticle(sampleArticle(1));
    const o = await other.publish();
    const foreign = await encodeInvite({ roots: [other.anchor], manifest: o.manifestBytes });
    expect(await open(`${world.urls.origin}invite#${foreign}`)).toMatchObject({ kind: 'unchanged', text: expect.stringMatching(/another publisher/) });

    // The real one.
    expect(await open(link)).toMatchObject({ kind: 'added' });
    const after = await getMirrors(pb);
    expect(after.map((m) => m.url)).toEqual([...world.mirrorList]);
    expect(after.every((m) => m.source === 'signed')).toBe(true);
    // Again: nothing changes, and it says so.
    expect(await open(link)).toMatchObject({ kind: 'unchanged', text: expect.stringMatching(/already uses this list/) });
  }, T);

  it('is usable by keyboard and screen reader, in English and Russian', async () => {
    await pa.goto(`${world.urls.origin}nearby`);
    await pa.locator('pp-nearby h1').waitFor();
    expect(await axeSerious(pa)).toEqual([]);
    // Keyboard only: the start button, Enter, and focus lands on the next step's heading.
    await pa.locator('pp-nearby').getByRole('button', { name: 'Start on this device' }).focus();
    await pa.keyboard.press('Enter');
    await pa.locator('pp-nearby #code').waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(pa), { timeout: 10_000 }).toMatchObject({ text: 'Step 1 of 2: show this code to the other device' });
    expect(await pa.locator('pp-nearby pp-qr-code canvas').getAttribute('aria-label')).toBe('QR code of the connection code');
    expect(await axeSerious(pa)).toEqual([]);
    await pa.goto(`${world.urls.origin}invite`);
    await pa.locator('pp-invite #link').waitFor({ timeout: 15_000 });
    expect(await axeSerious(pa)).toEqual([]);
    // Russian.
    await pa.evaluate(() => localStorage.setItem('pigeonpost.locale', 'ru'));
    try {
      await pa.goto(`${world.urls.origin}nearby`);
      await pa.locator('pp-nearby').getByRole('heading', { level: 1, name: 'Обмен с устройством рядом' }).waitFor({ timeout: 15_000 });
      await pa.locator('pp-nearby').getByRole('button', { name: 'Начать на этом устройстве' }).waitFor();
      expect(await axeSerious(pa)).toEqual([]);
      await pa.goto(`${world.urls.origin}invite`);
      await pa.locator('pp-invite').getByRole('heading', { level: 1, name: 'Пригласить' }).waitFor({ timeout: 15_000 });
    } finally {
      await pa.evaluate(() => localStorage.removeItem('pigeonpost.locale'));
    }
  }, T);

  it('makes and reads QR codes offline, from the precached shell (zxing-wasm included)', async () => {
    for (const h of ['origin', 'm1', 'm2'] as const) await world.stop(h);
    await a.context!.setOffline(true);
    await b.context!.setOffline(true);
    try {
      await startOffer(pa, world.urls.origin);
      const picture = await pa.locator('pp-nearby pp-qr-code canvas').screenshot();
      const answer = await joinWith(pb, world.urls.origin, { picture });
      expect(answer).toMatch(/^PPA1[A-Za-z0-9_-]+$/);
    } finally {
      await a.context!.setOffline(false);
      await b.context!.setOffline(false);
    }
  }, T);
});
