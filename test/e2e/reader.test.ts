/**
 * End to end, in headless Chromium against real `pigeonpost serve` processes on three local ports
 * (the origin the reader installs from, two mirrors) and one switchable hostile mirror, all four in
 * the signed mirror list. The cases run in order on one reader profile, like one reader's life:
 * install, read offline, lose the origin, meet hostile mirrors. Every case checks that the good
 * data is still there and that the status tells the reader what happened; at the end, that the
 * app talked to no host outside the signed mirror list and that only the worker talked to mirrors.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, getMirrors, getStatus, Reader, storedArticles, syncFresh, waitForController, E2E_ENABLED, type MirrorMode, type World } from './harness/index.ts';
import type { SyncStatus } from '../../src/shared/protocol.ts';

const CASE_TIMEOUT = 240_000;

async function sampleTitles(siteDir: string): Promise<string[]> {
  const files = await readdir(join(siteDir, 'articles'));
  const titles: string[] = [];
  for (const f of files) {
    const m = /^title:\s*(.+)$/m.exec(await readFile(join(siteDir, 'articles', f), 'utf8'));
    if (m) titles.push(m[1]!.replace(/^"(.*)"$/, '$1'));
  }
  return titles;
}

describe.skipIf(!E2E_ENABLED)('reader app end to end', () => {
  let world: World;
  let reader: Reader;
  let page: Page;
  let titles: string[];
  const firstTimestamp: { bytes?: Uint8Array } = {};

  /** Ids stored now (the reader's data, read from IndexedDB). */
  const stored = async (): Promise<string[]> => (await storedArticles(page, world.siteId)).map((a) => a.id).sort();

  /** Open the app at the origin URL (served by the worker once installed) and wait for control. */
  async function openApp(path = ''): Promise<void> {
    page = await reader.page();
    await page.goto(world.urls.origin + path);
    await waitForController(page);
  }

  beforeAll(async () => {
    world = await createWorld();
    firstTimestamp.bytes = new Uint8Array(await readFile(join(world.dirOf('origin'), 'timestamp.json')));
    titles = await sampleTitles(world.siteDir);
    reader = await Reader.create();
    await reader.launch();
  }, CASE_TIMEOUT);

  afterAll(async () => {
    await reader?.dispose();
    await world?.close();
  });

  it('first visit: installs the worker, syncs, lists the sample articles', async () => {
    await openApp();
    const s = await syncFresh(page);
    expect(s.lastOutcome === 'updated' || s.lastOutcome === 'unchanged').toBe(true);
    expect(s.articleCount).toBe(titles.length);
    expect(s.freshUntil).toBeGreaterThan(Date.now());
    expect(await stored()).toHaveLength(titles.length);
    for (const t of titles) await page.getByText(t, { exact: true }).first().waitFor({ timeout: 15_000 });
  }, CASE_TIMEOUT);

  it('offline: a reload still shows the articles and opens one with its images', async () => {
    await reader.context!.setOffline(true);
    try {
      await page.reload();
      for (const t of titles) await page.getByText(t, { exact: true }).first().waitFor({ timeout: 15_000 });
      // The library sample has a lead image.
      const withImage = titles.find((t) => /library/i.test(t)) ?? titles[0]!;
      await page.getByText(withImage, { exact: true }).first().click();
      await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/article\//);
      const img = page.locator('img[src*="media/"]').first();
      await img.waitFor({ timeout: 15_000 });
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
      // The media response is built by the worker from verified bytes, with protective headers.
      const src = await img.getAttribute('src');
      const headers = await page.evaluate(async (u) => {
        const r = await fetch(u!);
        return { status: r.status, type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options'), csp: r.headers.get('content-security-policy') };
      }, src);
      expect(headers).toMatchObject({ status: 200, nosniff: 'nosniff', csp: "default-src 'none'; sandbox" });
      expect(headers.type).toMatch(/^image\/(png|jpeg|webp|gif|avif)$/);
      // A deep link opens offline too (navigation route → precached shell).
      await page.goto(page.url());
      await img.waitFor({ timeout: 15_000 });
    } finally {
      await reader.context!.setOffline(false);
    }
  }, CASE_TIMEOUT);

  it('origin blocked: the reopened app syncs a new article from the other mirrors', async () => {
    await world.stop('origin');
    await world.addArticle('while-blocked', 'Published while the origin is blocked');
    await world.publish({ to: ['m1', 'm2'] }); // the hostile mirror keeps the older state: a stale mirror
    await reader.close();
    await reader.launch();
    await openApp();
    // The app syncs on start by itself; a run started now may find nothing left to do.
    const s = await syncFresh(page);
    expect(s.lastOutcome === 'updated' || s.lastOutcome === 'unchanged', JSON.stringify(s)).toBe(true);
    expect([world.urls.m1, world.urls.m2]).toContain(s.lastSuccessMirror);
    expect(await stored()).toContain('while-blocked');
    await page.getByText('Published while the origin is blocked', { exact: true }).first().waitFor({ timeout: 15_000 });
    // Bring the stale hostile mirror up to date for the cases below.
    await world.publish({ to: ['hostile'] });
  }, CASE_TIMEOUT);

  /**
   * A hostile-mirror case: a new article is published, the good mirrors are down, the hostile one
   * misbehaves. The sync must fail with `codes`, keep every stored article, store nothing new, and
   * say so; then with one good mirror back, the same app must get the new article.
   */
  async function hostileCase(name: string, mode: (pub: Awaited<ReturnType<World['publish']>>) => MirrorMode, codes: readonly string[], opts: { newArticle?: boolean } = {}): Promise<void> {
    await world.stop('m1');
    await world.stop('m2');
    const newArticle = opts.newArticle ?? true;
    if (newArticle) await world.addArticle(`case-${name}`, `Story for the ${name} case`);
    const pub = await world.publish({ to: ['m1', 'm2', 'hostile'] });
    world.hostile.mode = mode(pub);
    const before = await stored();
    const failed: SyncStatus = await syncFresh(page);
    expect(failed.lastOutcome, JSON.stringify(failed)).toBe('failed');
    const hostileErrors = (failed.lastErrors ?? []).filter((e) => e.mirror === world.urls.hostile || e.mirror === undefined);
    expect(hostileErrors.map((e) => e.code), JSON.stringify(failed.lastErrors)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^(${codes.join('|')})$`))]));
    expect(await stored()).toEqual(before);
    expect(failed.articleCount).toBe(before.length);
    await page.getByText(/The update .* failed: /).first().waitFor({ timeout: 15_000 });

    // One good mirror comes back: the next mirror is tried, the hostile one does not block the update.
    await world.start('m1');
    const ok = await syncFresh(page);
    expect(ok.lastOutcome === 'updated' || ok.lastOutcome === 'unchanged', JSON.stringify(ok)).toBe(true);
    const after = await stored();
    expect(after).toEqual(expect.arrayContaining(before));
    if (newArticle) expect(after).toContain(`case-${name}`);
    world.hostile.mode = { kind: 'good' };
  }

  it('hostile: a tampered pack (one flipped byte) is refused', async () => {
    await hostileCase('tamper', (pub) => ({ kind: 'tamper', paths: pub.newPacks }), ['HASH_MISMATCH']);
    const mirrors = await getMirrors(page);
    expect(mirrors.find((m) => m.url === world.urls.hostile)?.summary).toBeDefined();
  }, CASE_TIMEOUT);

  it('hostile: a replayed older timestamp (rollback) is refused', async () => {
    await hostileCase('rollback', () => ({ kind: 'replay', timestamp: firstTimestamp.bytes! }), ['ROLLBACK']);
  }, CASE_TIMEOUT);

  it('hostile: a mirror that never answers times out', async () => {
    await hostileCase('hang', () => ({ kind: 'hang' }), ['TIMEOUT']);
  }, CASE_TIMEOUT);

  it('hostile: a mirror dripping one byte a second is cut off', async () => {
    await hostileCase('drip', () => ({ kind: 'drip' }), ['TOO_SLOW', 'TIMEOUT']);
  }, CASE_TIMEOUT);

  it('hostile: an endless stream is cut at the cap', async () => {
    await hostileCase('endless', () => ({ kind: 'endless' }), ['TOO_LARGE']);
  }, CASE_TIMEOUT);

  it('hostile: 200 with an HTML page is not taken for data', async () => {
    await hostileCase('html', () => ({ kind: 'html200' }), ['NOT_BUNDLE', 'MALFORMED']);
  }, CASE_TIMEOUT);

  it('hostile: a mirror that is down', async () => {
    await hostileCase('down', () => ({ kind: 'down' }), ['NETWORK']);
  }, CASE_TIMEOUT);

  it('freeze: an expired timestamp is refused and the reader is warned the news is stale', async () => {
    await world.stop('m1');
    await world.stop('m2');
    // The operator's last signing: a timestamp that expires in 20 s (signed "a day ago" + 20 s).
    const lifetime = 20_000;
    const signedAt = new Date(Date.now() - 86_400_000 + lifetime).toISOString().replace(/\.\d+Z$/, 'Z');
    await world.publish({ to: ['m1', 'm2', 'hostile'], now: signedAt });
    const fresh = await syncFresh(page);
    expect(fresh.lastOutcome).not.toBe('failed');
    expect(fresh.freshUntil).toBeLessThan(Date.now() + lifetime + 2_000);
    const before = await stored();
    // Then nothing new is signed: every mirror keeps serving that timestamp (a freeze).
    await page.waitForTimeout(Math.max(0, fresh.freshUntil! - Date.now()) + 1_500);
    const frozen = await syncFresh(page);
    expect(frozen.lastOutcome).toBe('failed');
    expect((frozen.lastErrors ?? []).map((e) => e.code)).toContain('EXPIRED');
    expect(frozen.freshUntil).toBeLessThan(Date.now());
    expect(await stored()).toEqual(before);
    await page.getByText('out of date since', { exact: false }).first().waitFor({ timeout: 15_000 });
    // The operator signs again: fresh, and the warning goes away.
    await world.publish({ to: ['m1', 'm2', 'hostile'] });
    const back = await syncFresh(page);
    expect(back.lastOutcome).not.toBe('failed');
    expect(back.freshUntil).toBeGreaterThan(Date.now());
    await expect.poll(() => page.getByText('out of date since', { exact: false }).count(), { timeout: 15_000 }).toBe(0);
  }, CASE_TIMEOUT);

  it('talked to no host outside the signed mirror list, and only the worker talked to mirrors', async () => {
    const allowed = new Set(world.mirrorList.map((u) => new URL(u).origin));
    const outside = [...reader.requestedOrigins()].filter((o) => !allowed.has(o));
    expect(outside).toEqual([]);
    const origin = new URL(world.urls.origin).origin;
    const pageToMirrors = reader.requests.filter((r) => !r.fromWorker && new URL(r.url).origin !== origin);
    expect(pageToMirrors).toEqual([]);
    const final = await getStatus(page);
    expect(final.articleCount).toBeGreaterThanOrEqual(titles.length + 1);
  }, CASE_TIMEOUT);
});
