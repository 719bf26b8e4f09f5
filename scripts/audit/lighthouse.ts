/**
 * Lighthouse 12.2.3 on a served reader app, mobile profile (Lighthouse's default: a mid-range
 * phone, simulated slow 4G and 4x CPU slowdown), in Debian's Chromium through chrome-launcher.
 * Each run gets a fresh profile, so it measures a reader's first visit: the app shell loads, the
 * service worker installs and the first sync fills the list.
 *
 * Used by `npm run audit:lighthouse` (scripts/audit-lighthouse.ts) and test/e2e/audit.test.ts.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

/** The four categories Lighthouse 12 has (it has no PWA category any more). */
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

/** One audit that did not get full marks and weighs on its category's score. */
export interface LostAudit {
  readonly category: Category;
  readonly id: string;
  readonly score: number;
  readonly displayValue?: string;
}

/** The outcome of one Lighthouse run. */
export interface LighthouseRun {
  readonly url: string;
  readonly lighthouseVersion: string;
  readonly chromium: string;
  readonly scores: Record<Category, number>;
  /** The metrics of the performance score, as Lighthouse shows them. */
  readonly metrics: Record<string, string>;
  readonly lost: readonly LostAudit[];
}

const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'] as const;

/** Flags for a headless Chromium that reaches nothing but the page under test. */
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Runs Lighthouse once against `url` and returns its scores and every audit that lost points. */
export async function runLighthouse(url: string, opts: { chromePath?: string } = {}): Promise<LighthouseRun> {
  const chrome = await chromeLauncher.launch({ chromePath: opts.chromePath ?? process.env['PIGEONPOST_CHROMIUM'] ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = {} as Record<Category, number>;
    const lost: LostAudit[] = [];
    for (const c of CATEGORIES) {
      const cat = lhr.categories[c];
      if (!cat || cat.score === null) throw new Error(`Lighthouse gave no ${c} score for ${url}`);
      scores[c] = cat.score;
      for (const ref of cat.auditRefs) {
        const a = lhr.audits[ref.id];
        if (!a || ref.weight === 0 || a.score === null || a.score >= 1) continue;
        lost.push({ category: c, id: ref.id, score: a.score, ...(a.displayValue ? { displayValue: a.displayValue } : {}) });
      }
    }
    const metrics: Record<string, string> = {};
    for (const id of METRICS) metrics[id] = lhr.audits[id]?.displayValue ?? '?';
    return { url, lighthouseVersion: lhr.lighthouseVersion, chromium: lhr.environment.hostUserAgent, scores, metrics, lost };
  } finally {
    await chrome.kill();
  }
}
