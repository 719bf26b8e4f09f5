/**
 * `npm run bench:search`: the reader's offline search in headless Chromium over N stored articles.
 *
 * Publishes N generated articles (default 10,000, ~8 KB of HTML each, English and Russian; the
 * corpus of scripts/bench/search-corpus.ts, real words with natural frequencies, or with
 * `--corpus small` the sync benchmark's 29-word vocabulary, the worst case where every word is in
 * every article of its language) with the CLI, serves them, lets the app sync them into a fresh
 * profile, then drives the search view as a reader does (type, Enter) and prints
 *   - index build: wall time of the first update in the search worker, documents, saved size;
 *   - query latency over a fixed list of queries (single words of every frequency, inflected forms,
 *     2- and 3-letter prefixes, two-word queries), page to worker and back: median, p95, max;
 *   - the next visit: the first query after a reload (the saved index loaded from IndexedDB);
 *   - the longest main-thread task (Long Tasks API) while indexing and while querying.
 *
 *   npm run bench:search -- [--articles N] [--corpus natural|small] [--keep]
 * Needs /usr/bin/chromium (or PIGEONPOST_CHROMIUM) and, for the natural corpus, wamerican, aspell
 * and aspell-ru.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { initSite } from '../src/cli/site/init-site.ts';
import { publishSite } from '../src/cli/publish/publish-site.ts';
import { startServer } from '../src/cli/serve/server.ts';
import { writeArticles, type BenchArticle } from './bench/generate.ts';
import { loadVocabulary, writeCorpusArticles } from './bench/search-corpus.ts';
import { fold, stemOf, tokenize } from '../src/search/terms.ts';

const CHROMIUM = process.env['PIGEONPOST_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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

function load(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

/**
 * Queries from the articles themselves: words of every frequency (by document frequency rank), a
 * word in another inflected form with the same stem, prefixes, and pairs.
 */
function queriesFor(articles: readonly BenchArticle[]): string[] {
  const df = new Map<string, number>();
  const forms = new Map<string, Set<string>>();
  for (const a of articles.slice(0, 2000)) {
    const seen = new Set<string>();
    for (const w of tokenize(a.html.replace(/<[^>]*>/g, ' '))) {
      const f = fold(w);
      if (f.length < 4 || seen.has(f)) continue;
      seen.add(f);
      df.set(f, (df.get(f) ?? 0) + 1);
      const stem = stemOf(w);
      let s = forms.get(stem);
      if (!s) forms.set(stem, (s = new Set()));
      s.add(f);
    }
  }
  const byDf = [...df].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const en = byDf.filter((w) => /^[a-z]+$/.test(w));
  const ru = byDf.filter((w) => /^[а-я]+$/.test(w));
  const pick = (list: string[], ranks: number[]) => ranks.map((r) => list[Math.min(list.length - 1, r)]!).filter(Boolean);
  const ranks = [0, 3, 10, 30, 100, 300, 1000, 3000];
  // Another form of a word: the query is a form whose stem group has at least two forms.
  const inflected = [...forms.values()].filter((s) => s.size >= 2 && /^[а-я]/.test([...s][0]!)).slice(0, 6).map((s) => [...s][1]!);
  const all = [
    ...pick(en, ranks),
    ...pick(ru, ranks),
    ...inflected,
    ...pick(en, [0, 50]).map((w) => w.slice(0, 2)),
    ...pick(ru, [0, 50]).map((w) => w.slice(0, 2)),
    ...pick(en, [5, 200]).map((w) => w.slice(0, 3)),
    ...pick(ru, [5, 200]).map((w) => w.slice(0, 3)),
    `${en[2]} ${en[40]}`,
    `${ru[2]} ${ru[40]}`,
    `${en[20]} ${en[400]}`,
    `${ru[20]} ${ru[400]}`,
  ];
  return [...new Set(all)];
}

// Long tasks, and long animation frames with the scripts that ran in them (what a long task was).
const OBSERVER = `window.__longTasks = [];
window.__frames = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__frames.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration, render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0, scripts: e.scripts.map((s) => ({ d: Math.round(s.duration), what: (s.invoker || '') + ' ' + (s.sourceFunctionName || '') + ' ' + (s.sourceURL || '').split('/').pop() + ':' + s.sourceCharPosition })) }); }).observe({ type: 'long-animation-frame', buffered: true });
} catch {}`;

async function waitFor<T>(page: Page, expr: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = (await page.evaluate(expr)) as T | null;
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expr.slice(0, 80)}`);
    await page.waitForTimeout(50);
  }
}

async function status(page: Page): Promise<{ state: string; articleCount: number; lastOutcome?: string } | null> {
  return (await page.evaluate(`navigator.serviceWorker.controller ? new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = (e) => resolve(e.data.ok ? e.data.payload : null);
    navigator.serviceWorker.controller.postMessage({ type: 'GET_STATUS', payload: {} }, [c.port2]);
  }) : null`)) as { state: string; articleCount: number } | null;
}

const entries = (name: string) => `performance.getEntriesByName(${JSON.stringify(name)}).map((e) => ({ start: e.startTime, duration: e.duration, detail: e.detail }))`;
const longest = (from: number, to: number) => `Math.max(0, ...window.__longTasks.filter((t) => t.start + t.duration >= ${from} && t.start <= ${to}).map((t) => t.duration))`;
/** The longest animation frames over 50 ms in a time range, with their scripts (Long Animation Frames API). */
const longFrames = (from: number, to: number) => `window.__frames.filter((f) => f.start + f.duration >= ${from} && f.start <= ${to} && f.duration > 50).sort((a, b) => b.duration - a.duration).slice(0, 3).map((f) => ({ ms: Math.round(f.duration), renderMs: Math.round(f.render), scripts: f.scripts.filter((x) => x.d > 5) }))`;

async function typeQuery(page: Page, q: string): Promise<{ duration: number; detail: { total: number; workerMs: number; rankMs: number; partial: boolean } }> {
  const input = page.locator('pp-search input[type=search]');
  // The same text again would be no new search: step through another query first.
  if ((await input.inputValue()) === q) throw new Error(`query ${JSON.stringify(q)} is already in the box`);
  const before = (await page.evaluate(`${entries('pigeonpost-search-query')}.length`)) as number;
  await input.fill(q);
  await input.press('Enter');
  const r = await waitFor<{ duration: number; detail: { total: number; workerMs: number; rankMs: number; partial: boolean; error?: string } }>(
    page,
    `(() => { const e = ${entries('pigeonpost-search-query')}.slice(${before}).filter((x) => x.detail.q === ${JSON.stringify(q)} && !x.detail.partial); return e[e.length - 1] ?? null; })()`,
    600_000,
  );
  if (r.detail.error) throw new Error(`query ${JSON.stringify(q)} failed: ${r.detail.error}`);
  return r;
}

async function main(): Promise<void> {
  const n = Number(arg('articles') ?? 10_000);
  if (!Number.isInteger(n) || n < 10) throw new Error(`--articles wants a whole number of at least 10, not ${arg('articles')}`);
  const corpus = arg('corpus') ?? 'natural';
  const keep = process.argv.includes('--keep');
  const root = await mkdtemp(join(tmpdir(), `pigeonpost-bench-search-`));
  const siteDir = join(root, 'site');
  const out = join(root, 'out');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  let t = performance.now();
  await initSite(siteDir, { name: 'Bench News', id: 'bench-news', samples: false, now: Date.now() });
  const siteJson = JSON.parse(await readFile(join(siteDir, 'site.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(siteDir, 'site.json'), JSON.stringify({ ...siteJson, mirrors: [base] }, null, 2));
  let articles: BenchArticle[];
  let source = 'scripts/bench/generate.ts (29 words per language)';
  if (corpus === 'small') articles = await writeArticles(siteDir, 0, n);
  else {
    const v = loadVocabulary();
    source = v.source;
    articles = await writeCorpusArticles(siteDir, v, n);
  }
  await publishSite(siteDir, { out, mirrors: [base], appShell: true, log: () => undefined });
  const queries = queriesFor(articles);
  process.stderr.write(`${n} articles (${corpus}: ${source}) published in ${Math.round((performance.now() - t) / 1000)} s; ${queries.length} queries\n`);
  const server = await startServer(out, { port, host: '127.0.0.1' });
  const profile = await mkdtemp(join(tmpdir(), 'pigeonpost-bench-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: false, args: ARGS, viewport: { width: 412, height: 823 } });
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.addInitScript(OBSERVER);
    t = performance.now();
    await page.goto(base);
    for (;;) {
      const s = await status(page);
      if (s?.lastOutcome === 'failed') throw new Error('the sync failed');
      if (s && s.state === 'idle' && s.articleCount === n) break;
      await page.waitForTimeout(500);
    }
    process.stderr.write(`synced in ${Math.round((performance.now() - t) / 1000)} s (load ${load()})\n`);

    // First search: the worker builds the index (nothing saved yet).
    await page.goto(`${base}search`);
    await page.locator('pp-search input[type=search]').waitFor();
    await page.waitForTimeout(1000);
    const loadIndexStart = load();
    const t0 = (await page.evaluate('performance.now()')) as number;
    const first = await typeQuery(page, queries[0]!);
    const update = await waitFor<{ start: number; duration: number; detail: { documents: number; added: number; ms: number; savedBytes?: number } }>(page, `${entries('pigeonpost-search-update')}[0] ?? null`, 1_800_000);
    const t1 = (await page.evaluate('performance.now()')) as number;
    const indexLongest = (await page.evaluate(longest(t0, t1))) as number;
    const indexFrames = await page.evaluate(longFrames(t0, t1));
    const saved = update.detail.savedBytes ?? 0;
    process.stderr.write(`index: ${update.detail.documents} documents in ${(update.duration / 1000).toFixed(1)} s (load ${loadIndexStart} → ${load()}), saved ${(saved / 1e6).toFixed(1)} MB; longest main-thread task ${indexLongest} ms\n`);

    // Queries, each typed and submitted as a reader does.
    const q0 = (await page.evaluate('performance.now()')) as number;
    const times: { q: string; ms: number; workerMs: number; rankMs: number; total: number }[] = [];
    await typeQuery(page, 'zzzzqx');
    for (const round of [0, 1]) {
      for (const q of queries) {
        const r = await typeQuery(page, q);
        if (round === 1) times.push({ q, ms: r.duration, workerMs: r.detail.workerMs, rankMs: r.detail.rankMs, total: r.detail.total });
        // Toggle to a neutral query so the next one is a new search even when it repeats.
        await typeQuery(page, 'zzzzqx');
      }
    }
    const q1 = (await page.evaluate('performance.now()')) as number;
    const queryLongest = (await page.evaluate(longest(q0, q1))) as number;
    const queryFrames = await page.evaluate(longFrames(q0, q1));
    const sorted = times.map((x) => x.ms).sort((a, b) => a - b);
    const workerSorted = times.map((x) => x.workerMs).sort((a, b) => a - b);
    const rankSorted = times.map((x) => x.rankMs).sort((a, b) => a - b);

    // Next visit: a reload, a new worker, the saved index loaded.
    await page.reload();
    await page.locator('pp-search input[type=search]').waitFor();
    await page.waitForTimeout(500);
    const r0 = (await page.evaluate('performance.now()')) as number;
    const warm = await typeQuery(page, queries[3]!);
    const r1 = (await page.evaluate('performance.now()')) as number;
    const warmLongest = (await page.evaluate(longest(r0, r1))) as number;
    const warmFrames = await page.evaluate(longFrames(r0, r1));

    const result = {
      articles: n,
      corpus,
      machine: `${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), load ${load()}`,
      chromium: ctx.browser()?.version() ?? '',
      index: { ms: Math.round(update.duration), documents: update.detail.documents, savedBytes: saved, longestTaskMs: indexLongest, longFrames: indexFrames, firstQueryMs: Math.round(first.duration) },
      query: {
        count: times.length,
        medianMs: Math.round(quantile(sorted, 0.5) * 10) / 10,
        p95Ms: Math.round(quantile(sorted, 0.95) * 10) / 10,
        maxMs: Math.round(sorted[sorted.length - 1]! * 10) / 10,
        workerMedianMs: quantile(workerSorted, 0.5),
        workerP95Ms: quantile(workerSorted, 0.95),
        rankMedianMs: quantile(rankSorted, 0.5),
        rankP95Ms: quantile(rankSorted, 0.95),
        longestTaskMs: queryLongest,
        longFrames: queryFrames,
        slowest: [...times].sort((a, b) => b.ms - a.ms).slice(0, 5),
      },
      nextVisit: { firstQueryMs: Math.round(warm.duration), longestTaskMs: warmLongest, longFrames: warmFrames },
    };
    process.stdout.write(JSON.stringify(result, null, 1) + '\n');
    process.stdout.write(
      [
        '',
        `| corpus | articles | index build | saved index | first query after reload | query median | query p95 | query max | longest main-thread task (indexing / querying / reload) |`,
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
        `| ${corpus} | ${n} | ${(result.index.ms / 1000).toFixed(1)} s | ${(saved / 1e6).toFixed(1)} MB | ${result.nextVisit.firstQueryMs} ms | ${result.query.medianMs} ms | ${result.query.p95Ms} ms | ${result.query.maxMs} ms | ${indexLongest || '< 50'} / ${queryLongest || '< 50'} / ${warmLongest || '< 50'} ms |`,
        '',
      ].join('\n'),
    );
  } finally {
    await ctx.close();
    await server.close();
    if (!keep) await rm(root, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

await main();
