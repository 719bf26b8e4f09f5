/**
 * The web app manifest's screenshots (pwa-platform.md B.2): which view each one shows, at which
 * size, and where its PNG lives under public/ (made by scripts/make-manifest-screenshots.ts).
 * One aspect ratio per form factor; each side 320 to 3840 px, the longer at most 2.3 times the
 * shorter (Chromium's richer install UI ignores screenshots that break these rules).
 */

/** One screenshot: the file, its size and form factor, and the view it photographs. */
export interface ManifestScreenshot {
  /** Path under public/ (and under the app's base URL). */
  readonly src: string;
  readonly width: number;
  readonly height: number;
  readonly formFactor: 'narrow' | 'wide';
  /** The view's path under the app's base, and the element that renders it. */
  readonly path: string;
  readonly tag: string;
  /** Which catalogue label describes it. */
  readonly label: 'list' | 'article';
}

export const MANIFEST_SCREENSHOTS: readonly ManifestScreenshot[] = [
  { src: 'screenshots/narrow-list.png', width: 390, height: 844, formFactor: 'narrow', path: '', tag: 'pp-article-list', label: 'list' },
  { src: 'screenshots/wide-article.png', width: 1280, height: 800, formFactor: 'wide', path: 'article/lindenford-river-cleanup', tag: 'pp-article-view', label: 'article' },
];
