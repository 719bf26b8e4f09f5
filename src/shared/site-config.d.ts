/**
 * The site the app was built for, provided at build time by the `pigeonpost-site` Vite plugin
 * (src/cli/app-shell/site-plugin.ts) from the JSON file named by PIGEONPOST_SITE_CONFIG.
 * Imported by the page and by the service worker. Frozen at runtime.
 */
declare module 'virtual:pigeonpost-site' {
  /** The compiled-in site configuration. */
  export interface SiteConfig {
    /** Site id (`^[a-z0-9][a-z0-9-]{0,63}$`), as in every signed document. */
    readonly id: string;
    /** Display name. */
    readonly name: string;
    /** BCP 47 language of the site. */
    readonly lang: string;
    readonly description: string;
    /** The trusted root envelope bytes (format.md §3.1), base64url without padding. */
    readonly rootBase64url: string;
    /** Bootstrap mirror base URLs: absolute http(s), ending in `/`. */
    readonly mirrors: readonly string[];
  }
  export const siteConfig: SiteConfig;
}
