/**
 * The Vite configuration of the reader app, as a function of the site config, shared by
 * `vite.config.ts` (developers: `npm run build:app`) and `buildAppShell` (publish).
 */
import { fileURLToPath } from 'node:url';
import type { LogLevel, UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { pwaOptions } from './pwa-options.ts';
import { pigeonpostSitePlugin } from './site-plugin.ts';
import type { SiteConfigFile } from './site-config.ts';

/** The repository root (this file is src/cli/app-shell/vite-config.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Build the app for `site` into `outDir` (absolute, or relative to the repository root). */
export function appViteConfig(site: SiteConfigFile, outDir = 'dist', logLevel?: LogLevel): UserConfig {
  return {
    root: REPO_ROOT,
    ...(logLevel ? { logLevel } : {}),
    base: site.base,
    // Never read .env files: the build depends on the site config alone.
    envDir: false,
    publicDir: 'public',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      // One small app: no inlined data: URLs for assets (CSP allows them, but keep files real).
      assetsInlineLimit: 0,
    },
    // The search worker (src/search/worker.ts) is a module worker with its own chunk.
    worker: { format: 'es' },
    plugins: [pigeonpostSitePlugin(site), VitePWA(pwaOptions(site, logLevel))],
  };
}
