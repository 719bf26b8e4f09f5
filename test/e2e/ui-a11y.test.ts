/**
 * Accessibility and installability of the reader UI, in headless Chromium against a published
 * world: an axe-core scan (WCAG 2.1 A/AA + best practices) of every view, the erase dialog and the
 * Russian UI must report no serious or critical violation; keyboard-only use reaches the content;
 * Chromium's own installability check (DevTools `Page.getInstallabilityErrors`) reports nothing.
 */
import { describe, expect, it } from 'vitest';
import { E2E_ENABLED } from './harness/index.ts';
import { axeSerious, EXTRA, focused, useUiWorld } from './ui-helpers.ts';

const T = 240_000;

describe.skipIf(!E2E_ENABLED)('reader UI: accessibility and installability', () => {
  const ui = useUiWorld(T);

  const views: [string, string, string][] = [
    ['list', '', 'pp-article-list'],
    ['article with an image', 'article/lindenford-library-hours', 'pp-article-view'],
    ['right-to-left article', `article/${EXTRA.rtl.id}`, 'pp-article-view'],
    ['search with results', 'search?q=river', 'pp-search'],
    ['mirrors', 'mirrors', 'pp-mirrors-panel'],
    ['settings', 'settings', 'pp-settings'],
    ['not found', 'no-such-page', 'pp-not-found'],
  ];

  it.each(views)('axe: %s has no serious or critical violation', async (_name, path, tag) => {
    const { page } = ui;
    await page.goto(ui.world.urls.origin + path);
    await page.locator(tag).getByRole('heading', { level: 1 }).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(300); // let async content (lists, search hits) settle
    expect(await axeSerious(page)).toEqual([]);
  }, T);

  it('axe: the erase confirmation dialog and the Russian UI pass too', async () => {
    const { page } = ui;
    await page.goto(`${ui.world.urls.origin}settings`);
    const settings = page.locator('pp-settings');
    await settings.getByRole('button', { name: 'Erase everything…' }).click();
    const dialog = settings.getByRole('dialog');
    await dialog.waitFor();
    // The safe choice has focus; Escape closes.
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Cancel' });
    expect(await axeSerious(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await settings.getByLabel('Language of the app').selectOption('ru');
    await page.locator('pp-app').getByRole('link', { name: 'Статьи' }).click();
    await page.locator('pp-article-list').getByRole('heading', { level: 1, name: 'Статьи' }).waitFor();
    expect(await axeSerious(page)).toEqual([]);
    await page.goto(`${ui.world.urls.origin}settings`);
    await page.locator('pp-settings').getByLabel('Язык приложения').selectOption('auto');
  }, T);

  it('keyboard: the skip link leads to the content, Tab reaches an article and Enter opens it', async () => {
    const { page } = ui;
    await page.goto(ui.world.urls.origin);
    await page.locator('pp-article-list').getByRole('link', { name: EXTRA.long.title }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Skip to content' });
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'Articles' });
    // Next come the section filters, then the stories, the lead story first.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'All sections' });
    for (let i = 0; i < 20 && (await focused(page)).tag !== 'a'; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', text: EXTRA.long.title });
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), { timeout: 10_000 }).toEqual({ tag: 'h1', text: EXTRA.long.title });
    expect(page.url()).toMatch(new RegExp(`article/${EXTRA.long.id}$`));
  }, T);

  it('installable: Chromium reports no installability error, and the manifest is the one built', async () => {
    const { page, reader } = ui;
    await page.goto(ui.world.urls.origin);
    await page.locator('pp-article-list').getByRole('heading', { level: 1 }).waitFor();
    const cdp = await reader.context!.newCDPSession(page);
    try {
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
      expect(installabilityErrors).toEqual([]);
      const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[]; data?: string };
      expect(manifest.errors).toEqual([]);
      expect(new URL(manifest.url).pathname).toBe('/manifest.webmanifest');
      expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ name: 'UI News', display: 'standalone', id: '/', start_url: '/' });
    } finally {
      await cdp.detach();
    }
  }, T);

  it('control: the scan does see a violation inside a shadow root', async () => {
    const { page } = ui;
    await page.goto(ui.world.urls.origin);
    await page.locator('pp-article-list').getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate(() => {
      const host = document.createElement('div');
      const img = document.createElement('img');
      img.src = 'icons/icon-192.png';
      host.attachShadow({ mode: 'open' }).append(img);
      document.body.append(host);
    });
    expect((await axeSerious(page)).map((v) => v.id)).toContain('image-alt');
  }, T);

  it('caused no CSP or Trusted Types violation', () => {
    expect(ui.violations).toEqual([]);
  });
});
