/**
 * The audit of issue 13, part 6, on the built app served by `pigeonpost serve`:
 *   - axe-core (WCAG 2.1 A/AA and best practices) reports no violation at all, of any impact, on
 *     every view in both themes and both languages;
 *   - Lighthouse 12.2.3, mobile profile, on a reader's first visit: accessibility, best practices
 *     and SEO at 1.0. Its performance score is printed here and judged by
 *     `npm run audit:lighthouse` (a median of fresh runs, docs/benchmarks.md), because it is a
 *     timing and a loaded CI machine is no phone.
 */
import { describe, expect, it } from 'vitest';
import { runLighthouse } from '../../scripts/audit/lighthouse.ts';
import { E2E_ENABLED } from './harness/index.ts';
import { axeViolations, EXTRA, useUiWorld } from './ui-helpers.ts';

const T = 300_000;

/** Every view: name, path under the app, its element. */
const VIEWS: readonly (readonly [string, string, string])[] = [
  ['list', '', 'pp-article-list'],
  ['article', 'article/lindenford-library-hours', 'pp-article-view'],
  ['right-to-left article', `article/${EXTRA.rtl.id}`, 'pp-article-view'],
  ['search', 'search?q=river', 'pp-search'],
  ['share', 'share', 'pp-share-page'],
  ['nearby', 'nearby', 'pp-nearby'],
  ['invite', 'invite', 'pp-invite'],
  ['mirrors', 'mirrors', 'pp-mirrors-panel'],
  ['settings', 'settings', 'pp-settings'],
  ['not found', 'no-such-page', 'pp-not-found'],
];

describe.skipIf(!E2E_ENABLED)('audit: axe on every view, both themes, both languages; Lighthouse', () => {
  const ui = useUiWorld(T);

  for (const lang of ['en', 'ru'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`axe: no violation on any view (${lang}, ${theme})`, async () => {
        const { page } = ui;
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(ui.world.urls.origin);
        await page.evaluate((l) => localStorage.setItem('pigeonpost.locale', l), lang);
        const found: string[] = [];
        for (const [name, path, tag] of VIEWS) {
          await page.goto(ui.world.urls.origin + path);
          await page.locator(tag).getByRole('heading', { level: 1 }).first().waitFor({ timeout: 20_000 });
          expect(await page.evaluate(() => document.documentElement.lang), `${name}: <html lang>`).toBe(lang);
          await page.waitForTimeout(300); // let async content (lists, search hits, QR codes) settle
          for (const v of await axeViolations(page)) found.push(`${name}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.slice(0, 3).join(' ')}`);
        }
        expect(found).toEqual([]);
      }, T);
    }
  }

  it('Lighthouse, mobile, first visit: accessibility, best practices and SEO 1.0', async () => {
    const run = await runLighthouse(ui.world.urls.origin);
    console.log(`lighthouse ${run.lighthouseVersion}: ${JSON.stringify(run.scores)} ${JSON.stringify(run.metrics)}`);
    const lost = run.lost.filter((a) => a.category !== 'performance').map((a) => `${a.category}: ${a.id} ${a.score}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    expect(lost).toEqual([]);
    expect(run.scores.accessibility).toBe(1);
    expect(run.scores['best-practices']).toBe(1);
    expect(run.scores.seo).toBe(1);
  }, T);
});
