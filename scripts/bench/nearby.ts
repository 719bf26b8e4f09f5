/**
 * Nearby-sync throughput (`npm run bench:nearby`, or the `nearby` part of `npm run bench:share`)
 * in headless Chromium over the loopback data channel (format.md §10; target: 1,000 stories in
 * under 10 s on 2 cores).
 *
 * For each size (default 100 and 1,000 generated articles of ~8 KB of HTML, English and Russian):
 * publish the site with the CLI (app shell included), serve it, open the app in two browsers with
 * a fake camera (as a phone's camera permission does, so host addresses are used), let reader A
 * sync from the mirror while reader B's data requests are cut off, then connect them through the
 * real UI (offer and answer codes pasted) and measure
 *   - connect: from pasting the answer on A to the data channel opening (both apps exchanging);
 *   - exchange: from there until both apps show the outcome (inventories, bundles built by A's
 *     worker, every bundle verified and stored by B's worker, acknowledgements);
 *   - bytes received by B (frames), and the articles B stored.
 * Prints a Markdown table for docs/benchmarks.md ("Nearby sync") and a JSON line per size.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { initSite } from '../../src/cli/site/init-site.ts';
import { publishSite } from '../../src/cli/publish/publish-site.ts';
import { startServer } from '../../src/cli/serve/server.ts';
import { writeArticles } from './generate.ts';

const CHROMIUM = process.env['PIGEONPOST_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function request(page: Page, type: string): Promise<{ state: string; articleCount: number; lastAttemptAt?: number; lastOutcome?: string }> {
  for (let i = 0; !(await page.evaluate('navigator.serviceWorker.controller !== null')); i++) {
    if (i > 600) throw new Error('the page never came under the service worker');
    await page.waitForTimeout(100);
  }
  const reply = (await page.evaluate(`new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = (e) => resolve(e.data);
    navigator.serviceWorker.controller.postMessage({ type: ${JSON.stringify(type)}, payload: {} }, [c.port2]);
  })`)) as { ok: boolean; payload: { state: string; articleCount: number }; error?: unknown };
  if (!reply.ok) throw new Error(`${type}: ${JSON.stringify(reply.error)}`);
  return reply.payload;
}

async function storedCount(page: Page): Promise<number> {
  return (await request(page, 'GET_STATUS')).articleCount;
}

async function launch(): Promise<{ ctx: BrowserContext; page: Page; profile: string }> {
  const profile = await mkdtemp(join(tmpdir(), 'pigeonpost-bench-nearby-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: false, args: ARGS });
  return { ctx, page: ctx.pages()[0] ?? (await ctx.newPage()), profile };
}

/** The text the nearby view shows (for a failure message). */
async function shown(page: Page): Promise<string> {
  return page
    .locator('pp-nearby')
    .evaluate((el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '')
    .catch(() => '(no nearby view)');
}

/** The value of the code box of `page`, or an error saying what the page shows instead. */
async function codeOn(page: Page, who: string): Promise<string> {
  try {
    return await page.locator('pp-nearby #code').inputValue({ timeout: 30_000 });
  } catch {
    throw new Error(`${who} shows no code: "${await shown(page)}"`);
  }
}

/** One exchange between a full reader and an empty one; returns the figures. */
async function exchange(base: string, a: Page, b: Page): Promise<{ connectMs: number; exchangeMs: number; bytesIn: number; stored: number }> {
  await a.goto(`${base}nearby`);
  await a.locator('pp-nearby').getByRole('button', { name: 'Start on this device' }).click();
  const offer = await codeOn(a, 'reader A');
  await b.goto(`${base}nearby`);
  await b.locator('pp-nearby').getByRole('button', { name: 'Join another device' }).click();
  await b.locator('pp-nearby pp-code-reader #paste').fill(offer);
  await b.locator('pp-nearby pp-code-reader').getByRole('button', { name: 'Use this code' }).click();
  const answer = await codeOn(b, 'reader B');
  await a.locator('pp-nearby pp-code-reader #paste').fill(answer);
  const t0 = performance.now();
  await a.locator('pp-nearby pp-code-reader').getByRole('button', { name: 'Use this code' }).click();
  await a.locator('pp-nearby progress, pp-nearby [data-outcome]').first().waitFor({ timeout: 60_000 });
  const t1 = performance.now();
  await Promise.all([a.locator('pp-nearby [data-outcome]').waitFor({ timeout: 600_000 }), b.locator('pp-nearby [data-outcome]').waitFor({ timeout: 600_000 })]);
  const t2 = performance.now();
  for (const p of [a, b]) {
    const kind = await p.locator('pp-nearby [data-outcome]').getAttribute('data-outcome');
    if (kind !== 'done') throw new Error(`the exchange failed: ${await p.locator('pp-nearby [data-outcome]').textContent()}`);
  }
  const result = (await b.locator('pp-nearby').evaluate((el) => (el as unknown as { _result: { bytesIn: number; stored: number } })._result)) ?? { bytesIn: 0, stored: 0 };
  return { connectMs: t1 - t0, exchangeMs: t2 - t1, bytesIn: result.bytesIn, stored: result.stored };
}

async function benchSize(n: number, runs: number): Promise<Record<string, unknown>> {
  const root = await mkdtemp(join(tmpdir(), `pigeonpost-bench-nearby-${n}-`));
  const siteDir = join(root, 'site');
  const out = join(root, 'out');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  await initSite(siteDir, { name: 'Bench News', id: 'bench-news', samples: false, now: Date.now() });
  const siteJson = JSON.parse(await readFile(join(siteDir, 'site.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(siteDir, 'site.json'), JSON.stringify({ ...siteJson, mirrors: [base] }, null, 2));
  await writeArticles(siteDir, 0, n);
  await publishSite(siteDir, { out, mirrors: [base], appShell: true, log: () => undefined });
  const server = await startServer(out, { port, host: '127.0.0.1' });
  const readers: { ctx: BrowserContext; profile: string }[] = [];
  try {
    const a = await launch();
    readers.push(a);
    await a.page.goto(base);
    const deadline = Date.now() + 10 * 60_000;
    while ((await storedCount(a.page)) < n) {
      if (Date.now() > deadline) throw new Error('reader A never finished its sync');
      await request(a.page, 'SYNC_NOW');
    }
    const figures: Record<string, unknown>[] = [];
    for (let i = 0; i < runs; i++) {
      // A fresh reader B each run: it never reaches the mirror's data.
      const b = await launch();
      readers.push(b);
      await b.ctx.route(/timestamp\.json/, (r) => r.abort());
      await b.page.goto(base);
      await request(b.page, 'GET_STATUS');
      const loadBefore = load();
      const f = await exchange(base, a.page, b.page);
      const count = await storedCount(b.page);
      if (count !== n) throw new Error(`reader B stored ${count} of ${n} articles`);
      figures.push({ ...f, loadBefore, loadAfter: load() });
      process.stderr.write(`[${n}] connect ${Math.round(f.connectMs)} ms, exchange ${(f.exchangeMs / 1000).toFixed(2)} s, ${(f.bytesIn / 1024 / 1024).toFixed(2)} MiB to B, ${f.stored} stored (load ${loadBefore})\n`);
      await b.ctx.close();
    }
    return { articles: n, runs: figures };
  } finally {
    for (const r of readers) {
      await r.ctx.close().catch(() => undefined);
      await rm(r.profile, { recursive: true, force: true });
    }
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** Run the benchmark for each size (`runs` exchanges each); prints JSON lines and a Markdown table. */
export async function benchNearby(sizes: readonly number[] = [100, 1000], runs = 1): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  for (const n of sizes) {
    const r = await benchSize(n, runs);
    rows.push(r);
    process.stdout.write(JSON.stringify(r) + '\n');
  }
  const lines = [
    `Machine: ${cpus().length} CPU (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}`,
    '',
    '| stories | connect | exchange | stories/s | received by B | load before |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    for (const f of r['runs'] as { connectMs: number; exchangeMs: number; bytesIn: number; loadBefore: string }[]) {
      const n = r['articles'] as number;
      lines.push(`| ${n} | ${Math.round(f.connectMs)} ms | ${(f.exchangeMs / 1000).toFixed(2)} s | ${Math.round(n / (f.exchangeMs / 1000))} | ${(f.bytesIn / 1024 / 1024).toFixed(2)} MiB | ${f.loadBefore.split(' ')[0]} |`);
    }
  }
  process.stdout.write('\n' + lines.join('\n') + '\n');
}
