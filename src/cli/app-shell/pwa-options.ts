/**
 * vite-plugin-pwa options and the web app manifest, from the site config (pwa-platform.md B.1,
 * B.2, B.9). The service worker is the SW engineer's `src/sw/sw.ts`, built with injectManifest;
 * registration is done by our own `src/app/main.ts` (`injectRegister: false`), prompt-for-update.
 */
import type { LogLevel } from 'vite';
import type { ManifestOptions, VitePWAOptions } from 'vite-plugin-pwa';
import { messagesIn } from '../../app/i18n/messages.ts';
import { MANIFEST_SCREENSHOTS } from './screenshots.ts';
import { langDir, pigeonpostSitePlugin } from './site-plugin.ts';
import type { SiteConfigFile } from './site-config.ts';

/** Brand colours (also used by index.html's theme-color and the icons). */
export const THEME_COLOR = '#1d3557';
export const BACKGROUND_COLOR = '#f7f5ef';

/** Icon files under public/ (made by scripts/make-icons.ts). */
export const ICONS = {
  any192: 'icons/icon-192.png',
  any512: 'icons/icon-512.png',
  maskable512: 'icons/icon-maskable-512.png',
  appleTouch: 'icons/apple-touch-icon.png',
  favicon: 'icons/favicon-48.png',
} as const;

/** A short name for launchers: the whole name when it fits (12 characters), else its first word. */
export function shortName(name: string): string {
  if ([...name].length <= 12) return name;
  const first = name.split(/\s+/)[0] ?? name;
  return [...first].slice(0, 12).join('');
}

/** The web app manifest. `base` is the path the app is served under (`/` or `/news/`). */
export function webManifest(site: SiteConfigFile): Partial<ManifestOptions> {
  const base = site.base;
  return {
    // The app's identity (Chromium "Manifest id"); stable across releases of the same site.
    id: base,
    name: site.name,
    short_name: shortName(site.name),
    description: site.description || site.name,
    lang: site.lang,
    dir: langDir(site.lang),
    start_url: base,
    scope: base,
    display: 'standalone',
    display_override: ['standalone', 'minimal-ui'],
    // A launch from the home screen, a shortcut or a link focuses the open app window instead of
    // starting a second one.
    launch_handler: { client_mode: ['navigate-existing', 'auto'] },
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    categories: ['news'],
    prefer_related_applications: false,
    // Separate `any` and `maskable` icons; never "any maskable" (pwa-platform.md B.2).
    icons: [
      { src: ICONS.any192, sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: ICONS.any512, sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: ICONS.maskable512, sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    // Launcher shortcuts (long press on the icon), named in the site's language (pwa-platform.md B.2).
    shortcuts: shortcuts(site),
    screenshots: screenshots(site),
    ...receiving(base),
  };
}

/**
 * Receiving stories (format.md §7.4, §9): the system share sheet (share_target, installed app on
 * Chromium; the worker answers the POST, src/sw/share-target.ts) and opening files with the app
 * (file_handlers, desktop Chromium; launchQueue in src/app/file-launch.ts). The share page's
 * picker, drag and drop and paste work everywhere without either.
 */
function receiving(base: string): Pick<ManifestOptions, 'share_target' | 'file_handlers'> {
  return {
    share_target: {
      action: `${base}share-target`,
      method: 'POST',
      enctype: 'multipart/form-data',
      params: { files: [{ name: 'files', accept: ['text/html', '.html', '.htm', 'application/zip', '.zip', 'application/json', '.json'] }] },
    },
    file_handlers: [{ action: `${base}share`, accept: { 'text/html': ['.html', '.htm'], 'application/zip': ['.zip'] } }],
  };
}

/** The install dialog's pictures of the app (pwa-platform.md B.2), labelled in the site's language. */
function screenshots(site: SiteConfigFile): NonNullable<ManifestOptions['screenshots']> {
  const m = messagesIn(site.lang);
  return MANIFEST_SCREENSHOTS.map((s) => ({
    src: s.src,
    sizes: `${s.width}x${s.height}`,
    type: 'image/png',
    form_factor: s.formFactor,
    label: s.label === 'list' ? m.screenshotList : m.screenshotArticle,
  }));
}

function shortcuts(site: SiteConfigFile): NonNullable<ManifestOptions['shortcuts']> {
  const m = messagesIn(site.lang);
  const icons = [{ src: ICONS.any192, sizes: '192x192', type: 'image/png' }];
  return [
    { name: m.navSearch, url: `${site.base}search`, icons },
    { name: m.navMirrors, url: `${site.base}mirrors`, icons },
    { name: m.navSettings, url: `${site.base}settings`, icons },
  ];
}

/** Options for VitePWA(). `logLevel` also applies to the separate service-worker build. */
export function pwaOptions(site: SiteConfigFile, logLevel?: LogLevel): Partial<VitePWAOptions> {
  return {
    strategies: 'injectManifest',
    srcDir: 'src/sw',
    filename: 'sw.ts',
    injectRegister: false,
    registerType: 'prompt',
    manifest: webManifest(site),
    // The glob below already precaches every icon; listing them again as additional entries
    // would only duplicate precache entries.
    includeManifestIcons: false,
    injectManifest: {
      // The shell only: article data lives in IndexedDB, never in the precache. (The plugin adds
      // manifest.webmanifest itself.) The QR reader's lazy chunk and its .wasm are part of the
      // shell, so codes can be read offline.
      globPatterns: ['**/*.{js,css,html,png,wasm}'],
      // The manifest's screenshots are for the install dialog, fetched by the browser while
      // online: never worth a place in every reader's storage.
      globIgnores: ['screenshots/**'],
      // zxing_reader.wasm is 0.95 MB, under Workbox's default limit of 2 MiB; the limit is set
      // here so that the reader stays precached if a later release grows past the default.
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      rollupFormat: 'es',
      // The worker imports the same site config (its own plugin instance, as vite-plugin-pwa asks).
      buildPlugins: { vite: [pigeonpostSitePlugin(site)] },
    },
    devOptions: { enabled: true, type: 'module', navigateFallback: 'index.html' },
    integration: {
      configureCustomSWViteBuild(config) {
        // vite-plugin-pwa 2.0 still sets rollup's `inlineDynamicImports`, which Vite 8's rolldown
        // warns about on every build (to stderr, whatever the log level): say the same thing in
        // rolldown's words.
        const output = config.build?.rollupOptions?.output;
        if (output && !Array.isArray(output) && 'inlineDynamicImports' in output) {
          const { inlineDynamicImports: _old, ...rest } = output as Record<string, unknown>;
          config.build!.rollupOptions!.output = { ...rest, codeSplitting: false } as typeof output;
        }
        if (logLevel) config.logLevel = logLevel === 'warn' ? 'error' : logLevel;
      },
    },
  };
}
