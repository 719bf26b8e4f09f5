/**
 * `npm run audit:lighthouse -- <url> [--runs N] [--json]`: Lighthouse 12.2.3, mobile profile, on
 * a served reader app (for the demo: `npm start`, then the origin it prints), N fresh-profile runs
 * (default 3). Prints each run's four scores, the performance metrics and every audit that lost
 * points, then the median of each score. Exit code 1 when a median misses the targets of issue 13
 * (performance 0.95, accessibility, best practices and SEO 1.0).
 */
import { availableParallelism, loadavg } from 'node:os';
import { CATEGORIES, runLighthouse, type Category, type LighthouseRun } from './audit/lighthouse.ts';

const TARGETS: Record<Category, number> = { performance: 0.95, accessibility: 1, 'best-practices': 1, seo: 1 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  const url = args.find((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1));
  if (!url || !/^https?:\/\//.test(url) || !Number.isInteger(runs) || runs < 1) {
    console.error('usage: npm run audit:lighthouse -- <http(s) url of a served reader app> [--runs N] [--json]');
    return 2;
  }
  const results: LighthouseRun[] = [];
  for (let i = 0; i < runs; i++) {
    const load = loadavg()[0]!.toFixed(2);
    const r = await runLighthouse(url);
    results.push(r);
    if (!json) {
      console.log(`run ${i + 1}/${runs} (load average ${load}): ${CATEGORIES.map((c) => `${c} ${r.scores[c].toFixed(2)}`).join(', ')}`);
      console.log(`  ${Object.entries(r.metrics).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      for (const a of r.lost) console.log(`  lost: ${a.category} ${a.id} ${a.score.toFixed(2)}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    }
  }
  const medians = Object.fromEntries(CATEGORIES.map((c) => [c, median(results.map((r) => r.scores[c]))])) as Record<Category, number>;
  const missed = CATEGORIES.filter((c) => medians[c] < TARGETS[c]);
  const summary = { url, runs, cores: availableParallelism(), lighthouse: results[0]!.lighthouseVersion, chromium: results[0]!.chromium, medians, missed };
  if (json) console.log(JSON.stringify({ summary, results }, null, 2));
  else console.log(`median of ${runs}: ${CATEGORIES.map((c) => `${c} ${medians[c].toFixed(2)}`).join(', ')}${missed.length ? `; below target: ${missed.join(', ')}` : '; every target met'} (${summary.cores} cores)`);
  return missed.length ? 1 : 0;
}

process.exitCode = await main();
