/**
 * Vite plugin: the site config as the virtual module `virtual:pigeonpost-site`, and the site's
 * name, language and CSP written into index.html.
 *
 * The same plugin runs in the app build and (as a separate instance, vite-plugin-pwa's
 * `injectManifest.buildPlugins`) in the service-worker build, so both import one config.
 */
import type { Plugin } from 'vite';
import { shellCsp } from './csp.ts';
import { publicSiteConfig, type SiteConfigFile } from './site-config.ts';

/** The id pages and the worker import. Declared in src/shared/site-config.d.ts. */
export const SITE_MODULE_ID = 'virtual:pigeonpost-site';
const RESOLVED_ID = `\0${SITE_MODULE_ID}`;

/** Scripts written right-to-left; the manifest's and document's `dir` follow the site language. */
const RTL_LANGS = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'ha', 'he', 'khw', 'ks', 'ps', 'sd', 'ur', 'yi']);

/** `rtl` when the primary language subtag is written right-to-left. */
export function langDir(lang: string): 'ltr' | 'rtl' {
  return RTL_LANGS.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** Escape text for a text node or a double-quoted attribute value (index.html uses only those). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The plugin. `site` is already validated (loadSiteConfig). */
export function pigeonpostSitePlugin(site: SiteConfigFile): Plugin {
  let dev = false;
  return {
    name: 'pigeonpost-site',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    resolveId(id) {
      return id === SITE_MODULE_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      // JSON is valid JavaScript; freeze so no module can change the trust anchor at runtime.
      const json = JSON.stringify(publicSiteConfig(site));
      return `const c = ${json};\nObject.freeze(c.mirrors);\nexport const siteConfig = Object.freeze(c);\n`;
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        // The policy sits in index.html as a placeholder so a build can never drop it silently.
        if (!html.includes('content="%PIGEONPOST_CSP%"')) throw new Error('index.html lost its Content-Security-Policy meta tag (content="%PIGEONPOST_CSP%")');
        return html
          .replaceAll('%PIGEONPOST_CSP%', escapeHtml(shellCsp({ dev })))
          .replaceAll('%PIGEONPOST_LANG%', escapeHtml(site.lang))
          .replaceAll('%PIGEONPOST_DIR%', langDir(site.lang))
          .replaceAll('%PIGEONPOST_NAME%', escapeHtml(site.name))
          .replaceAll('%PIGEONPOST_DESCRIPTION%', escapeHtml(site.description || site.name));
      },
    },
  };
}
