/**
 * Vite config of the reader app. The site (name, trust anchor, mirrors) comes from the JSON file
 * named by PIGEONPOST_SITE_CONFIG; without it the build stops with instructions.
 * `pigeonpost publish` does all this for you (src/cli/app-shell/build-app-shell.ts).
 */
import { defineConfig } from 'vite';
import { loadSiteConfig } from './src/cli/app-shell/site-config.ts';
import { appViteConfig } from './src/cli/app-shell/vite-config.ts';

export default defineConfig(() => appViteConfig(loadSiteConfig()));
