/**
 * `npm run bench:search`: the reader's offline search index (src/app/search-*.ts) over N generated
 * articles (scripts/bench/generate.ts: ~8 KB of HTML each, English and Russian), in Node.
 * Prints: indexing time with and without the term memoisation, the saved JSON's size and the time to
 * write and load it, an update after 10 articles change (what a sync brings), and query times.
 *
 *   node --import tsx scripts/bench-search.ts [--articles N]
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { createIndex, ENGINE_VERSION, loadIndex, runSearch, type SearchDoc } from '../src/app/search-engine.ts';
import { SearchIndexKeeper, type SavedIndex } from '../src/app/search-keeper.ts';
import { normaliseTerm } from '../src/app/search-terms.ts';
import { benchArticle } from './bench/generate.ts';

function docOf(n: number, edit = ''): SearchDoc {
  const a = benchArticle(n);
  return { id: a.id, title: a.title, summary: a.summary, section: a.section, author: '', text: a.html.replace(/<[^>]*>/g, ' ') + edit };
}

function ms(t0: number): number {
  return Math.round(performance.now() - t0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { articles: { type: 'string' } } });
  const count = Number(values.articles ?? 10_000);
  const docs = Array.from({ length: count }, (_, n) => docOf(n));
  const textMb = docs.reduce((n, d) => n + d.text.length, 0) / 1e6;
  console.log(`${count} articles (${textMb.toFixed(1)} M characters of text) on ${availableParallelism()} CPU(s); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // Indexing as before the memoisation: the same options with the plain normaliser.
  const plain = new MiniSearch<SearchDoc>({ fields: ['title', 'summary', 'section', 'author', 'text'], storeFields: [], processTerm: (t) => normaliseTerm(t) });
  let t = performance.now();
  plain.addAll(docs);
  console.log(`index, plain normaliser     ${String(ms(t)).padStart(7)} ms`);

  const index = createIndex();
  t = performance.now();
  index.addAll(docs);
  console.log(`index, memoised (used)      ${String(ms(t)).padStart(7)} ms`);

  t = performance.now();
  const json = JSON.stringify(index);
  console.log(`save (JSON.stringify)       ${String(ms(t)).padStart(7)} ms  ${(json.length / 1e6).toFixed(1)} MB`);
  t = performance.now();
  const loaded = loadIndex(json);
  console.log(`load (next visit)           ${String(ms(t)).padStart(7)} ms  ${loaded.documentCount} documents`);

  // A sync changed 10 articles: the keeper discards and re-indexes just those.
  const keys = new Map(docs.map((d) => [d.id, '1:']));
  let saved: SavedIndex = { engine: ENGINE_VERSION, docs: [...keys], json };
  const current = new Map(docs.map((d) => [d.id, d]));
  const keeper = new SearchIndexKeeper({
    list: async () => [...keys].map(([id, key]) => ({ id, key })),
    doc: async (id) => current.get(id),
    load: async () => saved,
    save: async (s) => void (saved = s),
  });
  t = performance.now();
  await keeper.update();
  console.log(`keeper: load saved          ${String(ms(t)).padStart(7)} ms`);
  for (let i = 0; i < 10; i++) {
    const n = Math.floor((i * count) / 10);
    const d = docOf(n, ' correction');
    current.set(d.id, d);
    keys.set(d.id, '2:');
  }
  t = performance.now();
  const r = await keeper.update();
  console.log(`keeper: 10 changed          ${String(ms(t)).padStart(7)} ms  (${r.removed} discarded, ${r.added} indexed)`);

  for (const q of ['bridge', 'городе', 'council budget', 'библиотеки']) {
    t = performance.now();
    const hits = runSearch(index, q).length;
    console.log(`query ${JSON.stringify(q).padEnd(20)} ${String(ms(t)).padStart(7)} ms  ${hits} hits`);
  }
}

await main();
