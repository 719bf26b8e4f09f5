/**
 * The right-to-left pseudo-locale ar-XB (docs/translating.md: English accented, a third longer,
 * in a right-to-left embedding) in headless Chromium: chosen with localStorage
 * 'pigeonpost.locale', it sets <html lang="ar-XB" dir="rtl"> before the first render, and every
 * view of the matrix (view-matrix.ts) at 360 px and 1280 px, light and dark, has no horizontal
 * overflow: the layout holds for a right-to-left language with longer words.
 */
import { describe, expect, it } from 'vitest';
import { E2E_ENABLED } from './harness/index.ts';
import { useUiWorld } from './ui-helpers.ts';
import { measureOverflow, pointLabel, PSEUDO_LOCALE, VIEWPORTS, VIEWS, walkMatrix } from './view-matrix.ts';

const T = 600_000;
const RLE = '\u202B';

describe.skipIf(!E2E_ENABLED)('reader UI in the right-to-left pseudo-locale', () => {
  const ui = useUiWorld(240_000);

  it('is chosen by localStorage and applied before the first render', async () => {
    const { page } = ui;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(ui.world.urls.origin);
    await page.evaluate((l) => localStorage.setItem('pigeonpost.locale', l), PSEUDO_LOCALE);
    try {
      // At the first frame that paints the navigation: the language and direction already set.
      await page.addInitScript(() => {
        const w = window as unknown as { __first?: { lang: string; dir: string; text: string } };
        const look = (): void => {
          const nav = document.querySelector('pp-app')?.shadowRoot?.querySelector('pp-nav')?.shadowRoot?.querySelector('nav');
          if (nav) w.__first = { lang: document.documentElement.lang, dir: document.documentElement.dir, text: nav.textContent ?? '' };
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      });
      await page.reload();
      const nav = page.locator('pp-nav');
      await nav.getByRole('navigation').waitFor();
      expect(await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }))).toEqual({ lang: PSEUDO_LOCALE, dir: 'rtl' });
      const first = await page.evaluate(() => (window as unknown as { __first?: { lang: string; dir: string; text: string } }).__first);
      expect(first).toMatchObject({ lang: PSEUDO_LOCALE, dir: 'rtl' });
      expect(first!.text).toContain(RLE);
      const navText = await nav.getByRole('navigation').innerText();
      expect(navText).toContain(RLE);
      expect(navText).toContain("Ááŕţííçĺééš"); // "Articles", pseudo-translated
      // The nav is right to left: its first link sits right of the second.
      const xs = await nav.locator('ul.row > li:visible').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
      expect(xs[0]!).toBeGreaterThan(xs[1]!);
    } finally {
      await page.evaluate(() => localStorage.removeItem('pigeonpost.locale'));
    }
  }, T);

  it('no view overflows horizontally at 360 px or 1280 px', async () => {
    const bad: string[] = [];
    let points = 0;
    await walkMatrix(
      ui.page,
      ui.world.urls.origin,
      async (p) => {
        points++;
        expect(await ui.page.evaluate(() => document.documentElement.dir), pointLabel(p)).toBe('rtl');
        const o = await measureOverflow(ui.page);
        if (o.scrollWidth > o.layoutWidth || o.elements.length > 0) bad.push(`${pointLabel(p)}: scrollWidth ${o.scrollWidth} > ${o.layoutWidth}? ${o.elements.join('; ')}`);
      },
      VIEWS,
      { locales: [PSEUDO_LOCALE], viewports: VIEWPORTS.filter((v) => v.name !== 'phone-390') },
    );
    expect(points).toBe(VIEWS.length * 2 * 2);
    expect(bad).toEqual([]);
  }, T);

  it('caused no CSP or Trusted Types violation', () => {
    expect(ui.violations).toEqual([]);
  });
});
