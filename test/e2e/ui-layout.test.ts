/**
 * Layout of the reader UI in headless Chromium: every view (view-matrix.ts) at 360x740, 390x844
 * and 1280x800, in English and Russian, light and dark, has no horizontal overflow (the document
 * does not scroll sideways and no element is wider than the viewport or sticks out of it). Also:
 * the navigation fits one row on a phone in both languages and its "More" list works by keyboard;
 * the list arrives without layout shift and its thumbnails come from the worker; captions show;
 * the text-size setting applies to articles and survives a reload.
 */
import { describe, expect, it } from 'vitest';
import { E2E_ENABLED } from './harness/index.ts';
import { focused, useUiWorld } from './ui-helpers.ts';
import { measureOverflow, pointLabel, walkMatrix } from './view-matrix.ts';

const T = 600_000;

describe.skipIf(!E2E_ENABLED)('reader UI layout', () => {
  const ui = useUiWorld(240_000);

  it('no view overflows horizontally at phone or desktop size, in either language or scheme', async () => {
    const bad: string[] = [];
    let points = 0;
    await walkMatrix(ui.page, ui.world.urls.origin, async (p) => {
      points++;
      const o = await measureOverflow(ui.page);
      if (o.scrollWidth > o.layoutWidth || o.elements.length > 0) bad.push(`${pointLabel(p)}: scrollWidth ${o.scrollWidth} > ${o.layoutWidth}? ${o.elements.join('; ')}`);
    });
    expect(points).toBe(10 * 2 * 3 * 2);
    expect(bad).toEqual([]);
  }, T);

  it('control: the overflow check sees an element wider than a phone', async () => {
    const { page } = ui;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(ui.world.urls.origin);
    await page.locator('pp-article-list').getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate(() => {
      const host = document.createElement('div');
      const wide = document.createElement('p');
      wide.textContent = 'x';
      wide.style.width = '500px';
      host.attachShadow({ mode: 'open' }).append(wide);
      document.body.append(host);
    });
    const o = await measureOverflow(page);
    expect(o.scrollWidth).toBeGreaterThan(360);
    expect(o.elements.join(' ')).toMatch(/::shadow > p/);
  }, T);

  it('phone navigation: one row in both languages, the rest behind "More", usable by keyboard', async () => {
    const { page } = ui;
    await page.setViewportSize({ width: 360, height: 740 });
    for (const [locale, more, articles, settings] of [
      ['en', 'More', 'Articles', 'Settings'],
      ['ru', 'Ещё', 'Статьи', 'Настройки'],
    ] as const) {
      await page.goto(ui.world.urls.origin);
      await page.evaluate((l) => localStorage.setItem('pigeonpost.locale', l), locale);
      await page.reload();
      const nav = page.locator('pp-nav');
      await nav.getByRole('link', { name: articles }).waitFor();
      // The bar's links and the button share one row (same top), inside 360 px.
      const tops = await nav.locator('ul.row > li:visible').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(tops.length).toBe(4);
      expect(new Set(tops).size).toBe(1);
      // Settings is behind "More": hidden until the button opens the list.
      expect(await nav.getByRole('link', { name: settings }).count()).toBe(0);
      const button = nav.getByRole('button', { name: more });
      await button.focus();
      await page.keyboard.press('Enter');
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Tab');
      expect((await focused(page)).tag).toBe('a');
      await page.keyboard.press('Escape');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await focused(page)).toMatchObject({ tag: 'button' });
      await page.keyboard.press('Enter');
      await nav.getByRole('link', { name: settings }).click();
      await page.locator('pp-settings').getByRole('heading', { level: 1 }).waitFor();
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await button.getAttribute('class')).toMatch(/holds-current/);
    }
    await page.evaluate(() => localStorage.removeItem('pigeonpost.locale'));
    await page.setViewportSize({ width: 1000, height: 800 });
  }, T);

  it('the list arrives without layout shift, with a lead story and thumbnails from the worker', async () => {
    const { page, reader } = ui;
    const p2 = await reader.context!.newPage();
    try {
      await p2.setViewportSize({ width: 390, height: 844 });
      await p2.addInitScript(() => {
        const w = window as unknown as { __cls: number };
        w.__cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) w.__cls += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await p2.goto(ui.world.urls.origin);
      const list = p2.locator('pp-article-list');
      await list.locator('article.lead h2').waitFor({ timeout: 30_000 });
      const thumbs = list.locator('ol img');
      expect(await thumbs.count()).toBeGreaterThan(3);
      await expect.poll(() => thumbs.evaluateAll((els) => els.every((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth > 0)), { timeout: 20_000 }).toBe(true);
      for (const src of await thumbs.evaluateAll((els) => els.map((e) => e.getAttribute('src')))) expect(src).toMatch(/^\/media\/[0-9a-f]{64}$/);
      await p2.waitForTimeout(1000);
      const cls = await p2.evaluate(() => (window as unknown as { __cls: number }).__cls);
      console.log(`layout-shift sum while the list arrives (390x844): ${cls.toFixed(4)}`);
      expect(cls).toBeLessThan(0.1);
      // Section chips filter the list: one section, then every section again.
      const chip = list.getByRole('button', { name: 'Transport', exact: true });
      await chip.click();
      await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => list.locator('.story').count()).toBe(1);
      await list.getByRole('button', { name: 'All sections' }).click();
      await expect.poll(() => list.locator('.story').count()).toBeGreaterThan(5);
    } finally {
      await p2.close();
    }
    expect(page.isClosed()).toBe(false);
  }, T);

  it('captions show under titled pictures, and the text size applies to articles and persists', async () => {
    const { page } = ui;
    await page.goto(`${ui.world.urls.origin}article/lindenford-river-cleanup`);
    const view = page.locator('pp-article-view');
    const caption = view.locator('figure figcaption');
    await caption.first().waitFor({ timeout: 15_000 });
    expect(await caption.first().textContent()).toBe('The Linden, drawn by the sample generator');
    expect(await view.locator('img[title]').count()).toBe(0);
    const size = () => view.locator('.body').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await size();
    await page.goto(`${ui.world.urls.origin}settings`);
    await page.locator('pp-text-size').getByRole('radio', { name: 'Largest' }).check();
    await page.goto(`${ui.world.urls.origin}article/lindenford-river-cleanup`);
    await view.locator('.body p').first().waitFor({ timeout: 15_000 });
    expect(await size()).toBeCloseTo(before * 1.4, 0);
    await page.goto(`${ui.world.urls.origin}settings`);
    const standard = page.locator('pp-text-size').getByRole('radio', { name: 'Standard' });
    expect(await page.locator('pp-text-size').getByRole('radio', { name: 'Largest' }).isChecked()).toBe(true);
    await standard.check();
  }, T);

  it('caused no CSP or Trusted Types violation', () => {
    expect(ui.violations).toEqual([]);
  });
});
