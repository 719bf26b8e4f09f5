/**
 * The matrix of reader views the layout test (ui-layout.test.ts) checks and scripts/screenshots.ts
 * photographs: every view, at two phone sizes and a desktop size, in both UI languages and both
 * colour schemes. One page walks it: a view is loaded once per language, then measured (or shot)
 * at every size and scheme by resizing and emulating the media query, which needs no reload.
 */
import type { Page } from 'playwright-core';
import { EXTRA } from './ui-world.ts';

/** Viewports: the two common phone widths and a laptop. */
export const VIEWPORTS = [
  { name: 'phone-360', width: 360, height: 740 },
  { name: 'phone-390', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

export const LOCALES = ['en', 'ru'] as const;
/** The right-to-left pseudo-locale (docs/translating.md), walked by ui-rtl.test.ts. */
export const PSEUDO_LOCALE = 'ar-XB';
export type MatrixLocale = (typeof LOCALES)[number] | typeof PSEUDO_LOCALE;
export const THEMES = ['light', 'dark'] as const;

/** A view: its path under the origin, the element that renders it, and an optional step after load. */
export interface MatrixView {
  readonly name: string;
  readonly path: string;
  readonly tag: string;
  /** Run after the view is shown, at every size (e.g. open the "More" menu where it exists). */
  readonly after?: (page: Page) => Promise<void>;
}

/** Open the navigation's "More" list when it is shown (phones); a no-op on a wide screen. */
async function openMore(page: Page): Promise<void> {
  const more = page.locator('pp-nav').locator('button.more');
  if (await more.isVisible()) {
    if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
    await page.locator('pp-nav').locator('#more-menu').waitFor();
  }
}

export const VIEWS: readonly MatrixView[] = [
  { name: 'list', path: '', tag: 'pp-article-list' },
  { name: 'list-more-menu', path: '', tag: 'pp-article-list', after: openMore },
  { name: 'article', path: 'article/lindenford-river-cleanup', tag: 'pp-article-view' },
  { name: 'article-rtl', path: `article/${EXTRA.rtl.id}`, tag: 'pp-article-view' },
  { name: 'search', path: 'search?q=river', tag: 'pp-search' },
  { name: 'share', path: 'share', tag: 'pp-share-page' },
  { name: 'nearby', path: 'nearby', tag: 'pp-nearby' },
  { name: 'mirrors', path: 'mirrors', tag: 'pp-mirrors-panel' },
  { name: 'settings', path: 'settings', tag: 'pp-settings' },
  { name: 'not-found', path: 'no-such-page', tag: 'pp-not-found' },
];

/** One point of the matrix. */
export interface MatrixPoint {
  readonly view: MatrixView;
  readonly locale: MatrixLocale;
  readonly viewport: (typeof VIEWPORTS)[number];
  readonly theme: (typeof THEMES)[number];
}

/** What sticks out of the viewport at one point (empty: nothing). */
export interface Overflow {
  readonly scrollWidth: number;
  /** The layout width: `clientWidth` of the root (the viewport less a classic scrollbar). */
  readonly layoutWidth: number;
  /** Elements wider than the viewport, or reaching past its right or left edge, as short paths. */
  readonly elements: readonly string[];
}

/** Set the UI language (as Settings does: localStorage, read at start-up) and load `view`. */
async function show(page: Page, origin: string, locale: string, view: MatrixView): Promise<void> {
  await page.goto(origin + view.path);
  await page.evaluate((l) => localStorage.setItem('pigeonpost.locale', l), locale);
  await page.reload();
  await page.locator(view.tag).getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
  // Let async content (the list, search hits, mirror health) settle and images decode.
  await page.waitForTimeout(400);
}

/**
 * The measuring script, as source text: evaluated as written (a TypeScript loader that names
 * functions, as tsx does for scripts, would otherwise put its helper calls into the page).
 */
const MEASURE = `(() => {
  // The layout width: the viewport less a classic scrollbar, which the page cannot draw under.
  const vw = document.documentElement.clientWidth;
  const out = [];
  const name = function (el) {
    return el.localName + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  };
  const walk = function (root, path) {
    for (const el of Array.from(root.children)) {
      const here = path + ' > ' + name(el);
      const r = el.getBoundingClientRect();
      const visible = r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      if (visible && (r.width > vw + 0.5 || r.right > vw + 0.5 || r.left < -0.5)) out.push(here + ' (' + Math.round(r.left) + '..' + Math.round(r.right) + ')');
      if (el.shadowRoot) walk(el.shadowRoot, here + '::shadow');
      walk(el, here);
    }
  };
  walk(document.body, 'body');
  return { scrollWidth: document.scrollingElement.scrollWidth, layoutWidth: vw, elements: out.slice(0, 20) };
})()`;

/** Measure horizontal overflow of the page now, through open shadow roots. */
export function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(MEASURE) as Promise<Overflow>;
}

/** Which languages, sizes and schemes to walk (default: the whole matrix). */
export interface MatrixAxes {
  readonly locales?: readonly MatrixLocale[];
  readonly viewports?: readonly (typeof VIEWPORTS)[number][];
  readonly themes?: readonly (typeof THEMES)[number][];
}

/**
 * Walk the whole matrix on `page` (language, then view, then size, then scheme) and call `visit`
 * at every point with the page ready. Restores the browser's language and a light scheme after.
 */
export async function walkMatrix(page: Page, origin: string, visit: (p: MatrixPoint) => Promise<void>, views: readonly MatrixView[] = VIEWS, axes: MatrixAxes = {}): Promise<void> {
  const viewports = axes.viewports ?? VIEWPORTS;
  try {
    for (const locale of axes.locales ?? LOCALES) {
      for (const view of views) {
        await page.setViewportSize({ width: viewports[0]!.width, height: viewports[0]!.height });
        await show(page, origin, locale, view);
        for (const viewport of viewports) {
          await page.setViewportSize({ width: viewport.width, height: viewport.height });
          if (view.after) await view.after(page);
          for (const theme of axes.themes ?? THEMES) {
            await page.emulateMedia({ colorScheme: theme });
            // Two frames: the resize and the scheme change are laid out and painted.
            await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
            await visit({ view, locale, viewport, theme });
          }
        }
      }
    }
  } finally {
    await page.evaluate(() => localStorage.removeItem('pigeonpost.locale')).catch(() => undefined);
    await page.emulateMedia({ colorScheme: 'light' }).catch(() => undefined);
  }
}

/** A file-name-safe label of a point: `list.en.phone-360.dark`. */
export function pointLabel(p: MatrixPoint): string {
  return `${p.view.name}.${p.locale}.${p.viewport.name}.${p.theme}`;
}
