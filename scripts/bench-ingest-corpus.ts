/**
 * Ingest corpus check: every page of a corpus through plain Mozilla Readability 0.6.0 on jsdom
 * and through pigeonpost's page extractor, scored by token F1 of the article text against the
 * page's `expected.html` (scripts/bench-ingest-corpus-score.ts). Prints one line per page, the
 * summary, and every page where ingest is more than 0.05 below Readability (target: none).
 *
 * Scoring is split over child processes, one per core (`--jobs N` to choose): each page is
 * independent and jsdom plus Readability run three times per page (plain, and ingest's two
 * candidates), so the corpus takes minutes in one process.
 *
 * Run: npm run bench:ingest-corpus -- <corpus-dir> [--json] [--jobs N]
 *   <corpus-dir> holds one folder per page with source.html and expected.html, e.g. the
 *   test/test-pages folder of a checkout of Mozilla Readability (not committed here), or
 *   test/fixtures/ingest/corpus (our own pages). Default: $PP_INGEST_CORPUS.
 * Exit code: 0, or 1 when some page falls more than 0.05 below Readability.
 */
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { regressions, scorePage, type PageScore } from './bench-ingest-corpus-score.ts';

/** Set in a scoring process: the corpus folder and its share of the page names, as JSON. */
const JOB_ENV = 'PP_INGEST_CORPUS_JOB';

/** What a scoring process is given. */
interface Job {
  dir: string;
  names: string[];
}

/** A scoring process: scores its pages in order and sends each score as it is done. */
async function scoreJob({ dir, names }: Job): Promise<void> {
  for (const name of names) {
    const s = await scorePage(join(dir, name), name);
    await new Promise<void>((resolve, reject) => process.send!(s, (err: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** Scores `names` in `jobs` processes; `onScore` sees each page as it finishes. Order is restored. */
async function scoreAll(dir: string, names: string[], jobs: number, onScore: (s: PageScore) => void): Promise<PageScore[]> {
  const byName = new Map<string, PageScore>();
  const shares = Array.from({ length: Math.min(jobs, names.length) }, (_, i) => names.filter((_, k) => k % jobs === i));
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve, reject) => {
          const job: Job = { dir, names: share };
          const child = fork(fileURLToPath(import.meta.url), [], {
            execArgv: ['--import', 'tsx'],
            env: { ...process.env, [JOB_ENV]: JSON.stringify(job) },
          });
          child.on('message', (s: PageScore) => {
            byName.set(s.name, s);
            onScore(s);
          });
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a scoring process exited with code ${code}`))));
        }),
    ),
  );
  return names.map((n) => byName.get(n)!);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const jobsAt = args.indexOf('--jobs');
  const jobs = jobsAt >= 0 ? Number(args[jobsAt + 1]) : availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`--jobs takes a whole number of threads (1 or more), not "${args[jobsAt + 1] ?? ''}"`);
    return 2;
  }
  const dir = args.find((a, i) => !a.startsWith('--') && (jobsAt < 0 || i !== jobsAt + 1)) ?? process.env.PP_INGEST_CORPUS;
  if (!dir) {
    console.error('usage: npm run bench:ingest-corpus -- <corpus-dir> [--json] [--jobs N]  (a folder of <page>/source.html + expected.html)');
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
  const t0 = performance.now();
  const scores = await scoreAll(dir, names, jobs, (s) => {
    if (json) return;
    const flag = s.ingest < s.readability - 0.05 ? '  <-- below Readability' : '';
    const comments = s.commentsExcluded ? `  [comments left out of the reference; against expected.html as is: readability ${s.readabilityRaw.toFixed(3)}, ingest ${s.ingestRaw.toFixed(3)}]` : '';
    const extra = s.error ? `  error: ${s.error}` : s.warnings.length ? `  (${s.warnings.join('; ')})` : '';
    console.log(`${s.name.padEnd(44)} readability ${s.readability.toFixed(3)}  ingest ${s.ingest.toFixed(3)}${flag}${comments}${extra}`);
  });
  const ms = performance.now() - t0;
  const mean = (k: 'readability' | 'ingest'): number => scores.reduce((a, s) => a + s[k], 0) / scores.length;
  const atLeast = (k: 'readability' | 'ingest', v: number): number => scores.filter((s) => s[k] >= v).length;
  const worse = regressions(scores);
  const summary = {
    corpus: dir,
    pages: scores.length,
    cores: availableParallelism(),
    processes: Math.min(jobs, names.length),
    node: process.version,
    seconds: +(ms / 1000).toFixed(1),
    readability: { meanF1: +mean('readability').toFixed(4), f1AtLeast09: atLeast('readability', 0.9) },
    ingest: { meanF1: +mean('ingest').toFixed(4), f1AtLeast09: atLeast('ingest', 0.9), refused: scores.filter((s) => s.error).length },
    ingestBetterBy005: scores.filter((s) => s.ingest > s.readability + 0.05).map((s) => s.name),
    commentSectionsLeftOutOfReference: scores.filter((s) => s.commentsExcluded).map((s) => s.name),
    ingestWorseBy005AgainstExpectedAsIs: scores
      .filter((s) => s.ingestRaw < s.readabilityRaw - 0.05)
      .map((s) => ({ page: s.name, readability: +s.readabilityRaw.toFixed(3), ingest: +s.ingestRaw.toFixed(3) })),
    ingestWorseBy005: worse.map((s) => ({ page: s.name, readability: +s.readability.toFixed(3), ingest: +s.ingest.toFixed(3), ...(s.error ? { error: s.error } : {}) })),
  };
  if (json) console.log(JSON.stringify({ summary, pages: scores }, null, 2));
  else {
    console.log(JSON.stringify(summary, null, 2));
    console.log(`${scores.length} pages: Readability mean F1 ${summary.readability.meanF1} (${summary.readability.f1AtLeast09} >= 0.9), ingest mean F1 ${summary.ingest.meanF1} (${summary.ingest.f1AtLeast09} >= 0.9), ${worse.length} pages more than 0.05 below Readability; ${summary.seconds} s, ${summary.cores} cores`);
  }
  return worse.length === 0 ? 0 : 1;
}

const job = process.env[JOB_ENV];
if (job === undefined) process.exitCode = await main();
else await scoreJob(JSON.parse(job) as Job);
