/**
 * Ingest corpus check: every page of a corpus through plain Mozilla Readability 0.6.0 on jsdom
 * and through pigeonpost's page extractor, scored by token F1 of the article text against the
 * page's `expected.html` (scripts/bench-ingest-corpus-score.ts). Prints one line per page, the
 * summary, and every page where ingest is more than 0.05 below Readability (target: none).
 *
 * Run: npm run bench:ingest-corpus -- <corpus-dir> [--json]
 *   <corpus-dir> holds one folder per page with source.html and expected.html, e.g. the
 *   test/test-pages folder of a checkout of Mozilla Readability (not committed here), or
 *   test/fixtures/ingest/corpus (our own pages). Default: $PP_INGEST_CORPUS.
 * Exit code: 0, or 1 when some page falls more than 0.05 below Readability.
 */
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { regressions, scorePage, type PageScore } from './bench-ingest-corpus-score.ts';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const dir = args.find((a) => !a.startsWith('--')) ?? process.env.PP_INGEST_CORPUS;
  if (!dir) {
    console.error('usage: npm run bench:ingest-corpus -- <corpus-dir> [--json]  (a folder of <page>/source.html + expected.html)');
    return 2;
  }
  const names: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const ok = await stat(join(dir, name, 'expected.html')).then(() => true, () => false);
    if (ok) names.push(name);
  }
  if (names.length === 0) {
    console.error(`no <page>/source.html + expected.html folders under ${dir}`);
    return 2;
  }
  const scores: PageScore[] = [];
  const t0 = performance.now();
  for (const name of names) {
    const s = await scorePage(join(dir, name), name);
    scores.push(s);
    if (!json) {
      const flag = s.ingest < s.readability - 0.05 ? '  <-- below Readability' : '';
      const extra = s.error ? `  error: ${s.error}` : s.warnings.length ? `  (${s.warnings.join('; ')})` : '';
      console.log(`${name.padEnd(44)} readability ${s.readability.toFixed(3)}  ingest ${s.ingest.toFixed(3)}${flag}${extra}`);
    }
  }
  const ms = performance.now() - t0;
  const mean = (k: 'readability' | 'ingest'): number => scores.reduce((a, s) => a + s[k], 0) / scores.length;
  const atLeast = (k: 'readability' | 'ingest', v: number): number => scores.filter((s) => s[k] >= v).length;
  const worse = regressions(scores);
  const summary = {
    corpus: dir,
    pages: scores.length,
    cores: availableParallelism(),
    node: process.version,
    seconds: +(ms / 1000).toFixed(1),
    readability: { meanF1: +mean('readability').toFixed(4), f1AtLeast09: atLeast('readability', 0.9) },
    ingest: { meanF1: +mean('ingest').toFixed(4), f1AtLeast09: atLeast('ingest', 0.9), refused: scores.filter((s) => s.error).length },
    ingestBetterBy005: scores.filter((s) => s.ingest > s.readability + 0.05).map((s) => s.name),
    ingestWorseBy005: worse.map((s) => ({ page: s.name, readability: +s.readability.toFixed(3), ingest: +s.ingest.toFixed(3), ...(s.error ? { error: s.error } : {}) })),
  };
  if (json) console.log(JSON.stringify({ summary, pages: scores }, null, 2));
  else {
    console.log(JSON.stringify(summary, null, 2));
    console.log(`${scores.length} pages: Readability mean F1 ${summary.readability.meanF1} (${summary.readability.f1AtLeast09} >= 0.9), ingest mean F1 ${summary.ingest.meanF1} (${summary.ingest.f1AtLeast09} >= 0.9), ${worse.length} pages more than 0.05 below Readability; ${summary.seconds} s, ${summary.cores} cores`);
  }
  return worse.length === 0 ? 0 : 1;
}

process.exitCode = await main();
