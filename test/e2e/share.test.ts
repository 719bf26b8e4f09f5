/**
 * Sharing stories end to end in headless Chromium (issue 12, parts 1, 2 and 5), against a real
 * published world: reader A (synced from the mirrors) shares a story from the article view; reader
 * B, whose app never reached a mirror (every mirror is down), imports it through the file picker
 * and sees it in the library; a tampered file, another publisher's file (with its fingerprint), a
 * cut-off file and a file that is not Pigeonpost's are each refused with nothing stored; a
 * share_target POST lands in the library; the standalone page reads with JavaScript disabled and
 * the network off, making no request; and a mirror file made by `publish --zip` syncs B fully.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, createWorld, E2E_ENABLED, freePort, pigeonpost, Reader, startServe, storedArticles, syncFresh, waitForController, waitForSyncAfter, type ServeProcess, type World } from './harness/index.ts';
import { tamperTitle } from '../helpers/share-file.ts';
import { axeSerious, focused } from './ui-helpers.ts';

const T = 300_000;

/** Text of the import panel's results (through its shadow root). */
function importText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const panel = document.querySelector('pp-app')?.shadowRoot?.querySelector('pp-share-page')?.shadowRoot?.querySelector('pp-share-import')?.shadowRoot;
    return panel?.querySelector('[role="status"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
  });
}

/** Wait until the import panel shows `n` results in all. */
async function waitResults(page: Page, n: number): Promise<string> {
  await page.waitForFunction(
    (count) => (document.querySelector('pp-app')?.shadowRoot?.querySelector('pp-share-page')?.shadowRoot?.querySelector('pp-share-import')?.shadowRoot?.querySelectorAll('section').length ?? 0) >= count,
    n,
    { timeout: 120_000 },
  );
  return importText(page);
}

describe.skipIf(!E2E_ENABLED)('sharing stories between readers', () => {
  let world: World;
  let a: Reader;
  let b: Reader;
  let appOnly: ServeProcess;
  let dir: string;
  let shared: string;
  let ids: string[];
  let titles: Map<string, string>;

  beforeAll(async () => {
    world = await createWorld({ name: 'Share News', id: 'share-news' });
    dir = join(world.root, 'files');
    await mkdir(dir, { recursive: true });
    // The app shell alone (no repository files), on an address that is no mirror.
    const appDir = join(world.root, 'app-only');
    await cp(world.dirOf('origin'), appDir, { recursive: true });
    for (const p of ['timestamp.json', 'root.json', 'root', 'objects']) await rm(join(appDir, p), { recursive: true, force: true });
    appOnly = await startServe(appDir, await freePort());
    a = await Reader.create();
    b = await Reader.create();
  }, T);

  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await appOnly?.stop();
    await world?.close();
  });

  it('reader A shares a story from the article view, a selection and a section: one standalone .html file each', async () => {
    const ctx = await a.launch();
    // Headless Linux has no system share sheet: the app downloads the file instead.
    await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'canShare', { value: () => false }));
    const page = await a.page();
    await page.goto(world.urls.origin);
    await waitForController(page);
    await syncFresh(page);
    const stored = await storedArticles(page, world.siteId);
    ids = stored.map((s) => s.id).sort();
    titles = new Map(stored.map((s) => [s.id, s.title]));
    expect(ids.length).toBeGreaterThanOrEqual(3);
    await page.goto(`${world.urls.origin}article/${ids[0]}`);
    const button = page.locator('pp-article-view').getByRole('button', { name: 'Share this story' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    shared = join(dir, download.suggestedFilename());
    await download.saveAs(shared);
    expect(download.suggestedFilename()).toBe(`${ids[0]}.html`);
    await page.locator('pp-article-view').getByText(/Saved the share file/).waitFor({ timeout: 10_000 });
    const text = await readFile(shared, 'utf8');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain(titles.get(ids[0]!)!);
    expect(text).toContain("default-src 'none'");
    // The file verifies with the CLI against the site's anchor, exactly as an importer would.
    const report = JSON.parse(await pigeonpost(['share', 'verify', shared, '--root', join(world.siteDir, 'root.json'), '--json']));
    expect(report).toMatchObject({ ok: true, site: 'share-news', publisher: 'Share News' });
    expect(report.mirrors.urls).toEqual(world.mirrorList);

    // A multi-selection and a whole section, from the Share page.
    await page.goto(`${world.urls.origin}share`);
    const picker = page.locator('pp-share-picker');
    await picker.getByRole('checkbox', { name: titles.get(ids[1]!)! }).check();
    await picker.getByRole('checkbox', { name: titles.get(ids[2]!)! }).check();
    const [two] = await Promise.all([page.waitForEvent('download'), picker.getByRole('button', { name: 'Share 2 stories' }).click()]);
    const twoPath = join(dir, 'two.html');
    await two.saveAs(twoPath);
    const twoReport = JSON.parse(await pigeonpost(['share', 'verify', twoPath, '--root', join(world.siteDir, 'root.json'), '--json']));
    expect(twoReport.articles.map((x: { id: string }) => x.id).sort()).toEqual([ids[1], ids[2]].sort());
    const sectionButton = picker.getByRole('button', { name: /^Share all stories in “/ }).first();
    const section = /“(.+)”/.exec((await sectionButton.textContent()) ?? '')![1]!;
    const [all] = await Promise.all([page.waitForEvent('download'), sectionButton.click()]);
    const allPath = join(dir, 'section.html');
    await all.saveAs(allPath);
    const sectionReport = JSON.parse(await pigeonpost(['share', 'verify', allPath, '--root', join(world.siteDir, 'root.json'), '--json']));
    expect(sectionReport.ok).toBe(true);
    const inSection = await page.evaluate(
      async ({ name, section }) =>
        new Promise<string[]>((resolve) => {
          const open = indexedDB.open(name);
          open.onsuccess = () => {
            const req = open.result.transaction('articles').objectStore('articles').getAll();
            req.onsuccess = () => resolve((req.result as { id: string; section: string }[]).filter((r) => r.section === section).map((r) => r.id).sort());
          };
        }),
      { name: `pigeonpost-${world.siteId}`, section },
    );
    expect(sectionReport.articles.map((x: { id: string }) => x.id).sort()).toEqual(inSection);
    await a.close();
  }, T);

  it('reader B, whose app never reached a mirror, imports it and reads it', async () => {
    // Every mirror is down from now on.
    for (const h of ['origin', 'm1', 'm2'] as const) await world.stop(h);
    world.hostile.mode = { kind: 'down' };
    await b.launch();
    const page = await b.page();
    await page.goto(appOnly.url);
    await waitForController(page);
    const s = await waitForSyncAfter(page, 0);
    expect(s.lastOutcome).toBe('failed');
    expect(await storedArticles(page, world.siteId)).toEqual([]);
    await page.goto(`${appOnly.url}share`);
    await page.locator('pp-share-import').getByRole('button', { name: 'Choose share files…' }).waitFor();
    await page.locator('pp-share-import input#pick-file').setInputFiles(shared);
    const text = await waitResults(page, 1);
    expect(text).toContain(`Added “${titles.get(ids[0]!)}”, signed by Share News.`);
    expect((await storedArticles(page, world.siteId)).map((x) => x.id)).toEqual([ids[0]]);
    // The library shows it, and the story opens from the app's own store.
    await page.goto(`${appOnly.url}article/${ids[0]}`);
    await page.locator('pp-article-view').getByRole('heading', { level: 1, name: titles.get(ids[0]!)! }).waitFor({ timeout: 15_000 });
    await page.locator('pp-article-view').getByText('Received from another reader').waitFor();
    // The same file again: already had it.
    await page.goto(`${appOnly.url}share`);
    await page.locator('pp-share-import input#pick-file').setInputFiles(shared);
    expect(await waitResults(page, 1)).toContain('already in your library');
    // The share page passes an axe scan (no serious or critical violation), and its controls are
    // reachable by keyboard: Tab from the heading reaches the file picker's button.
    expect(await axeSerious(page)).toEqual([]);
    await page.locator('pp-share-page').getByRole('heading', { level: 1 }).focus();
    let reached = '';
    for (let i = 0; i < 6 && reached !== 'Choose share files…'; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused(page)).text;
    }
    expect(reached).toBe('Choose share files…');
  }, T);

  it('refuses a tampered, a foreign, a cut-off and a non-Pigeonpost file, storing nothing', async () => {
    const page = await b.page();
    const tampered = join(dir, 'tampered.html');
    await writeFile(tampered, tamperTitle(await readFile(shared, 'utf8'), 0));
    const whole = await readFile(shared);
    const cut = join(dir, 'cut.html');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const plain = join(dir, 'plain.html');
    await writeFile(plain, '<!doctype html><title>Recipes</title><p>Soup, bread and tea.</p>');
    // Another publisher: its own site, keys and share file.
    const other = join(world.root, 'other-site');
    await pigeonpost(['init', other, '--name', 'Other Gazette', '--id', 'other-gazette']);
    await pigeonpost(['mirrors', 'add', other, 'http://127.0.0.1:9/']); // publish signs at least one mirror
    await pigeonpost(['publish', other, '--out', join(world.root, 'other-out'), '--no-app']);
    const otherId = (await readdir(join(other, 'articles')))[0]!.replace(/\.md$/, '');
    const foreign = join(dir, 'foreign.html');
    await pigeonpost(['share', 'export', other, otherId, '--out', foreign]);
    const theirs = JSON.parse(await pigeonpost(['share', 'verify', foreign, '--root', join(other, 'root.json'), '--json']));

    await page.goto(`${appOnly.url}share`);
    await page.locator('pp-share-import').getByRole('button', { name: 'Choose share files…' }).waitFor();
    const before = await storedArticles(page, world.siteId);
    await page.locator('pp-share-import input#pick-file').setInputFiles([tampered, foreign, cut, plain]);
    const text = await waitResults(page, 4);
    expect(text).toMatch(/Result for tampered\.html\s*Nothing was added: it was changed after it was signed/);
    expect(text).toContain(`Nothing was added: it comes from another publisher (“Other Gazette”, key fingerprint ${theirs.fingerprint}).`);
    expect(text).toMatch(/Result for cut\.html\s*Nothing was added: the file is incomplete/);
    expect(text).toMatch(/Result for plain\.html\s*Nothing was added: this is not a Pigeonpost file\./);
    expect(await storedArticles(page, world.siteId)).toEqual(before);
  }, T);

  it('a share_target POST (the system share sheet) lands in the library', async () => {
    const ctx = b.context!;
    const poster = await ctx.newPage();
    // The second story, shared from A's file maker: the CLI makes the same file format.
    const second = join(dir, 'second.html');
    await pigeonpost(['share', 'export', world.siteDir, ids[1]!, '--out', second]);
    await poster.goto('about:blank');
    await poster.setContent(`<form method="post" enctype="multipart/form-data" action="${appOnly.url}share-target"><input type="file" name="files"></form>`);
    await poster.locator('input[type=file]').setInputFiles(second);
    await Promise.all([poster.waitForURL(/\/share\?via=share-target$/, { timeout: 30_000 }), poster.evaluate(() => document.forms[0]!.submit())]);
    const text = await waitResults(poster, 1);
    expect(text).toContain(`Added “${titles.get(ids[1]!)}”, signed by Share News.`);
    expect((await storedArticles(poster, world.siteId)).map((x) => x.id).sort()).toEqual([ids[0], ids[1]].sort());
    await poster.close();
  }, T);

  it('drag and drop and paste import too', async () => {
    const page = await b.page();
    const third = join(dir, 'third.html');
    await pigeonpost(['share', 'export', world.siteDir, ids[2]!, '--out', third]);
    const content = await readFile(third, 'utf8');
    await page.goto(`${appOnly.url}share`);
    await page.locator('pp-share-import').getByRole('button', { name: 'Choose share files…' }).waitFor();
    // A drop on the panel's drop zone, with the file in the DataTransfer (as a real drag brings it).
    await page.evaluate((text) => {
      const zone = document.querySelector('pp-app')!.shadowRoot!.querySelector('pp-share-page')!.shadowRoot!.querySelector('pp-share-import')!.shadowRoot!.querySelector('.zone')!;
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'third.html', { type: 'text/html' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true, composed: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true, composed: true }));
    }, content);
    expect(await waitResults(page, 1)).toContain(`Added “${titles.get(ids[2]!)}”, signed by Share News.`);
    // A paste of the same file anywhere on the page.
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'pasted.html', { type: 'text/html' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, content);
    expect(await waitResults(page, 2)).toMatch(/Result for pasted\.html\s*“[^”]+”: already in your library\./);
  }, T);

  it('the standalone page reads with JavaScript disabled and the network off, making no request', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
    try {
      const ctx = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const requests: string[] = [];
      ctx.on('request', (r) => requests.push(r.url()));
      const page = await ctx.newPage();
      const url = pathToFileURL(shared).href;
      await page.goto(url);
      await expect(page.locator('h1').first().textContent()).resolves.toBe(titles.get(ids[0]!));
      expect(await page.locator('body').textContent()).toContain('key fingerprint');
      // Every picture is inline and decoded.
      const images = await page.locator('img').evaluateAll((els) => els.map((e) => ({ src: (e as HTMLImageElement).src.slice(0, 11), w: (e as HTMLImageElement).naturalWidth })));
      for (const img of images) expect(img).toMatchObject({ src: 'data:image/' });
      expect(images.length).toBeGreaterThan(0);
      expect(images.every((i) => i.w > 0)).toBe(true);
      expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([url]);
    } finally {
      await browser.close();
    }
  }, T);

  it('a mirror file (publish --zip) syncs B exactly as a mirror would', async () => {
    const zip = join(dir, 'share-news-mirror.zip');
    await pigeonpost(['publish', world.siteDir, '--out', join(world.root, 'staging'), '--no-app', '--zip', zip]);
    const page = await b.page();
    await page.goto(`${appOnly.url}share`);
    await page.locator('pp-share-import').getByRole('button', { name: 'Choose share files…' }).waitFor();
    await page.locator('pp-share-import input#pick-file').setInputFiles(zip);
    const text = await waitResults(page, 1);
    expect(text).toMatch(/Synced from share-news-mirror\.zip: \d+ (story|stories) added or updated\./);
    expect((await storedArticles(page, world.siteId)).map((x) => x.id).sort()).toEqual(ids);
    // The status line names the file as the mirror of the last update.
    await page.waitForFunction(() => (document.querySelector('pp-app')?.shadowRoot?.querySelector('pp-status-line')?.shadowRoot?.textContent ?? '').includes('mirror-file.invalid/share-news-mirror.zip'), undefined, { timeout: 20_000 });
  }, T);
});
