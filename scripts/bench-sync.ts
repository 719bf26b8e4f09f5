/**
 * `npm run bench:sync`: the reader's sync in headless Chromium against a loopback mirror.
 *
 * For each size (default 1,000 and 10,000 generated articles, ~8 KB of HTML each, English and
 * Russian): build the site with the CLI's init and publish (app shell included), serve it with the
 * CLI's server, open the app in a fresh profile and measure
 *   - cold sync: the worker's own wall time of the first run (lastRun.ms), bytes and requests;
 *   - the floor in the same run: the same articles as plain JSON, 100 per gzip file, fetched over
 *     6 parallel connections, decompressed and written to IndexedDB with no verification;
 *   - no-change sync: requests and bytes (target: one request per mirror consulted, < 1 KB each);
 *   - for the largest size, incremental sync of 10 new articles (target: bytes < 1.2 × the
 *     compressed size of the new articles + 4 KB).
 * Prints a Markdown table for docs/benchmarks.md ("Sync") and a JSON line per size.
 *
 *   npm run bench:sync -- [--sizes 1000,10000] [--keep]
 * Needs /usr/bin/chromium (or PIGEONPOST_CHROMIUM).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { initSite } from '../src/cli/site/init-site.ts';
import { publishSite } from '../src/cli/publish/publish-site.ts';
import { startServer } from '../src/cli/serve/server.ts';
import { writeArticles } from './bench/generate.ts';
import { FLOOR_IN_PAGE, writeFloorFiles } from './bench/floor.ts';

const CHROMIUM = process.env['PIGEONPOST_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface RunFigures {
  ms: number;
  bytes: number;
  requests: number;
  added: number;
  removed: number;
}
interface Status {
  state: string;
  lastOutcome?: string;
  lastAttemptAt?: number;
  articleCount: number;
  lastRun?: RunFigures;
  lastErrors?: unknown[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function send(page: Page, type: string): Promise<Status> {
  // Polled with evaluate: waitForFunction compiles its predicate in the page, which the CSP forbids.
  for (let i = 0; !(await page.evaluate('navigator.serviceWorker.controller !== null')); i++) {
    if (i > 600) throw new Error('the page never came under the service worker');
    await page.waitForTimeout(100);
  }
  const reply = (await page.evaluate(`new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = (e) => resolve(e.data);
    navigator.serviceWorker.controller.postMessage({ type: ${JSON.stringify(type)}, payload: {} }, [c.port2]);
  })`)) as { ok: boolean; payload: Status; error?: unknown };
  if (!reply.ok) throw new Error(`${type}: ${JSON.stringify(reply.error)}`);
  return reply.payload;
}

/** A sync that started after this call; returns its status. */
async function syncFresh(page: Page): Promise<Status> {
  const since = Date.now();
  for (;;) {
    const s = await send(page, 'SYNC_NOW');
    if (s.state === 'idle' && (s.lastAttemptAt ?? 0) >= since) return s;
    await page.waitForTimeout(200);
  }
}

/** Wire bytes (headers + bodies) of worker requests to the mirror while `fn` runs. */
async function wire<T>(ctx: BrowserContext, base: string, fn: () => Promise<T>): Promise<{ value: T; requests: number; bytes: number }> {
  const sizes: Promise<number>[] = [];
  const onFinished = (r: import('playwright-core').Request): void => {
    if (r.serviceWorker() === null || !r.url().startsWith(base) || !/(timestamp\.json|objects\/|root\/)/.test(r.url())) return;
    sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize + s.requestHeadersSize, () => 0));
  };
  ctx.on('requestfinished', onFinished);
  const value = await fn();
  ctx.off('requestfinished', onFinished);
  const all = await Promise.all(sizes);
  return { value, requests: all.length, bytes: all.reduce((a, b) => a + b, 0) };
}

async function listObjects(out: string): Promise<Set<string>> {
  return new Set(await readdir(join(out, 'objects')));
}

/** The 1, 5 and 15 minute load averages (the machine may be shared: every figure carries them). */
function load(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
function fmtBytes(b: number): string {
  return b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`;
}

async function benchSize(n: number, incremental: boolean, keep: boolean): Promise<Record<string, unknown>> {
  const root = await mkdtemp(join(tmpdir(), `pigeonpost-bench-${n}-`));
  const siteDir = join(root, 'site');
  const out = join(root, 'out');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const t0 = performance.now();
  await initSite(siteDir, { name: 'Bench News', id: 'bench-news', samples: false, now: Date.now() });
  const siteJson = JSON.parse(await readFile(join(siteDir, 'site.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(siteDir, 'site.json'), JSON.stringify({ ...siteJson, mirrors: [base] }, null, 2));
  const articles = await writeArticles(siteDir, 0, n);
  const pub = await publishSite(siteDir, { out, mirrors: [base], appShell: true, log: () => undefined });
  const floorFiles = await writeFloorFiles(out, articles);
  process.stderr.write(`[${n}] site published in ${fmtMs(performance.now() - t0)}: ${fmtBytes(pub.bytes.objects)} of objects, ${pub.packs.total} packs; floor ${fmtBytes(floorFiles.bytes)}\n`);
  const server = await startServer(out, { port, host: '127.0.0.1' });
  const profile = await mkdtemp(join(tmpdir(), 'pigeonpost-bench-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: false, args: ARGS });
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    // Cold: the app's first run (started by the worker itself on install). Its final status is
    // captured from the STATUS_CHANGED broadcast, since a later run (the page's own SYNC_NOW on
    // start) may overwrite lastRun before a poll sees it.
    await page.addInitScript(`navigator.serviceWorker.addEventListener('message', (e) => {
      const m = e.data;
      if (m && m.type === 'STATUS_CHANGED' && m.payload.state === 'idle' && m.payload.lastOutcome && !window.__pigeonpostCold) window.__pigeonpostCold = m.payload;
    });`);
    const loadCold = load();
    const cold = await wire(ctx, base, async () => {
      await page.goto(base);
      const deadline = Date.now() + 30 * 60_000;
      for (;;) {
        const s = (await page.evaluate('window.__pigeonpostCold || null')) as Status | null;
        if (s && s.lastOutcome === 'failed') throw new Error(`cold sync failed: ${JSON.stringify(s.lastErrors)}`);
        if (s) {
          if (s.articleCount !== n) throw new Error(`cold sync stored ${s.articleCount} of ${n} articles`);
          return s;
        }
        if (Date.now() > deadline) throw new Error('cold sync did not finish');
        await page.waitForTimeout(100);
      }
    });
    const coldRun = cold.value.lastRun!;
    const loadColdEnd = load();
    process.stderr.write(`[${n}] cold sync ${fmtMs(coldRun.ms)}, ${fmtBytes(coldRun.bytes)}, ${coldRun.requests} requests (load average before ${loadCold}, after ${loadColdEnd})\n`);
    // Floor, twice; the faster counts (the stricter comparison).
    const floors: number[] = [];
    for (let i = 0; i < 2; i++) floors.push((await page.evaluate(`(${FLOOR_IN_PAGE})(${JSON.stringify({ base, files: floorFiles.files, connections: 6 })})`)) as number);
    const floor = Math.min(...floors);
    const loadFloor = load();
    process.stderr.write(`[${n}] floor ${floors.map(fmtMs).join(' / ')} (load average after ${loadFloor}); cold / floor ${(coldRun.ms / floor).toFixed(2)}\n`);
    // No change.
    const same = await wire(ctx, base, () => syncFresh(page));
    const result: Record<string, unknown> = {
      articles: n,
      objectsBytes: pub.bytes.objects,
      packs: pub.packs.total,
      cold: { ...coldRun, wireRequests: cold.requests, wireBytes: cold.bytes, loadBefore: loadCold, loadAfter: loadColdEnd },
      floor: { ms: floor, runs: floors, bytes: floorFiles.bytes, files: floorFiles.files.length, loadAfter: loadFloor },
      ratio: coldRun.ms / floor,
      unchanged: { ...same.value.lastRun, outcome: same.value.lastOutcome, wireRequests: same.requests, wireBytes: same.bytes, load: load() },
    };
    if (incremental) {
      const before = await listObjects(out);
      await writeArticles(siteDir, n, n + 10);
      await publishSite(siteDir, { out, mirrors: [base], appShell: false, log: () => undefined });
      const added = [...(await listObjects(out))].filter((o) => !before.has(o));
      let newArticleBytes = 0;
      for (const o of added) {
        const gz = await readFile(join(out, 'objects', o));
        if (gunzipSync(gz).subarray(0, 18).toString() === 'PIGEONPOST-PACK-1\n') newArticleBytes += gz.length;
      }
      const inc = await wire(ctx, base, () => syncFresh(page));
      const budget = 1.2 * newArticleBytes + 4096;
      result['incremental'] = { ...inc.value.lastRun, outcome: inc.value.lastOutcome, wireRequests: inc.requests, wireBytes: inc.bytes, newObjects: added.length, newArticlesCompressed: newArticleBytes, budget, load: load() };
    }
    return result;
  } finally {
    await ctx.close();
    await server.close();
    if (!keep) await rm(root, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = (arg('sizes') ?? '1000,10000').split(',').map(Number);
  const keep = process.argv.includes('--keep');
  const rows: Record<string, unknown>[] = [];
  for (const [i, n] of sizes.entries()) {
    const r = await benchSize(n, i === sizes.length - 1, keep);
    rows.push(r);
    process.stdout.write(JSON.stringify(r) + '\n');
  }
  const lines = [
    `Machine: ${cpus().length} CPU (${cpus()[0]?.model ?? 'unknown'}), load average now ${load()} (per figure in the JSON lines), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, Chromium ${(await chromium.launch({ executablePath: CHROMIUM, args: ARGS }).then(async (b) => [b.version(), await b.close()][0]))}`,
    '',
    '| articles | cold sync | floor | cold / floor | load (cold start / end) | cold bytes (requests) | no-change sync | incremental (+10) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const c = r['cold'] as RunFigures & { wireBytes: number; loadBefore: string; loadAfter: string };
    const f = r['floor'] as { ms: number };
    const u = r['unchanged'] as RunFigures & { wireBytes: number; wireRequests: number };
    const inc = r['incremental'] as (RunFigures & { wireBytes: number; newArticlesCompressed: number; budget: number }) | undefined;
    lines.push(
      `| ${r['articles']} | ${fmtMs(c.ms)} | ${fmtMs(f.ms)} | ${(r['ratio'] as number).toFixed(2)}× | ${c.loadBefore.split(' ')[0]} / ${c.loadAfter.split(' ')[0]} | ${fmtBytes(c.bytes)} (${c.requests}) | ${u.requests} req, ${u.bytes} B body / ${u.wireBytes} B wire, ${fmtMs(u.ms)} | ${
        inc ? `${fmtBytes(inc.bytes)} body / ${fmtBytes(inc.wireBytes)} wire in ${inc.requests} req, ${fmtMs(inc.ms)}; budget ${fmtBytes(inc.budget)} (new articles ${fmtBytes(inc.newArticlesCompressed)})` : '—'
      } |`,
    );
  }
  process.stdout.write('\n' + lines.join('\n') + '\n');
}

await main();
