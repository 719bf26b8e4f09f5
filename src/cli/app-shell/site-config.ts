/**
 * The site configuration the reader app is built with (Node side).
 *
 * `buildAppShell` writes it as JSON to a temporary file and names that file in the environment
 * variable PIGEONPOST_SITE_CONFIG; the Vite plugin reads it back and exposes it to the page and the
 * service worker as the virtual module `virtual:pigeonpost-site` (declared in
 * src/shared/site-config.d.ts). Everything here ends up inside the built app, so it is checked
 * strictly: a bad value fails the build with a message that names the field.
 */
import { readFileSync } from 'node:fs';
import { fromBase64url } from '../../core/encoding/bytes.ts';
import { mirrorBase } from '../../core/net/url.ts';
import { LANG_PATTERN, SITE_ID_PATTERN } from '../../core/format/read.ts';

/** Name of the environment variable that points at the site config JSON file. */
export const SITE_CONFIG_ENV = 'PIGEONPOST_SITE_CONFIG';

/** What `virtual:pigeonpost-site` exports as `siteConfig`. Keep in step with site-config.d.ts. */
export interface SiteConfig {
  readonly id: string;
  readonly name: string;
  /** BCP 47 language of the site (the manifest's `lang`). */
  readonly lang: string;
  readonly description: string;
  /** The trusted root envelope bytes, base64url without padding. */
  readonly rootBase64url: string;
  /** Bootstrap mirror base URLs (absolute http(s), ending in `/`). */
  readonly mirrors: readonly string[];
}

/** The JSON file: the site config plus build-only settings. */
export interface SiteConfigFile extends SiteConfig {
  /** URL path the app is served under on every mirror, starting and ending with `/` (default `/`). */
  readonly base: string;
}

/** Thrown for a missing or invalid site config; the message is meant for the operator. */
export class SiteConfigError extends Error {
  override readonly name = 'SiteConfigError';
}

const MISSING_HELP =
  `${SITE_CONFIG_ENV} is not set. The reader app is built for one site: its name, trust anchor and ` +
  `bootstrap mirrors are compiled in. Build it with \`pigeonpost publish\` (which calls buildAppShell), ` +
  `or point ${SITE_CONFIG_ENV} at a JSON file {id, name, lang, description, rootBase64url, mirrors, base?} ` +
  `(see docs/reader-ui.md, "Building the app").`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(o: Record<string, unknown>, key: string, max: number, pattern?: RegExp): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max || (pattern !== undefined && !pattern.test(v))) {
    throw new SiteConfigError(`site config: "${key}" must be a non-empty string${pattern ? ` matching ${pattern}` : ''} of at most ${max} characters`);
  }
  return v;
}

/** The base path of the app; `/` or `/some/path/`. */
function basePath(v: unknown): string {
  if (v === undefined) return '/';
  if (typeof v !== 'string' || !/^\/(?:[A-Za-z0-9._~-]+\/)*$/.test(v) || v.includes('/../') || v.includes('/./')) {
    throw new SiteConfigError('site config: "base" must be a URL path that starts and ends with "/" (for example "/" or "/news/")');
  }
  return v;
}

/** Check an untrusted JSON value and return the site config it holds. */
export function parseSiteConfig(value: unknown): SiteConfigFile {
  if (!isRecord(value)) throw new SiteConfigError('site config: expected a JSON object');
  const allowed = new Set(['id', 'name', 'lang', 'description', 'rootBase64url', 'mirrors', 'base']);
  for (const key of Object.keys(value)) if (!allowed.has(key)) throw new SiteConfigError(`site config: unknown field "${key}"`);
  const rootBase64url = text(value, 'rootBase64url', 2 * 1024 * 1024, /^[A-Za-z0-9_-]+$/);
  try {
    fromBase64url(rootBase64url, 'rootBase64url');
  } catch {
    throw new SiteConfigError('site config: "rootBase64url" is not valid base64url');
  }
  const mirrors = value['mirrors'];
  if (!Array.isArray(mirrors) || mirrors.length > 64) throw new SiteConfigError('site config: "mirrors" must be an array of at most 64 URLs');
  const checked = mirrors.map((m, i) => {
    if (typeof m !== 'string') throw new SiteConfigError(`site config: mirrors[${i}] must be a string`);
    try {
      return mirrorBase(m);
    } catch (e) {
      throw new SiteConfigError(`site config: mirrors[${i}] ${(e as Error).message}`);
    }
  });
  const description = value['description'] === undefined ? '' : value['description'];
  if (typeof description !== 'string' || description.length > 2000) throw new SiteConfigError('site config: "description" must be a string of at most 2000 characters');
  return {
    id: text(value, 'id', 64, SITE_ID_PATTERN),
    name: text(value, 'name', 200),
    lang: text(value, 'lang', 40, LANG_PATTERN),
    description,
    rootBase64url,
    mirrors: checked,
    base: basePath(value['base']),
  };
}

/**
 * Read the site config named by PIGEONPOST_SITE_CONFIG (or `path`).
 * Throws SiteConfigError with instructions when it is not set, unreadable or invalid.
 */
export function loadSiteConfig(path: string | undefined = process.env[SITE_CONFIG_ENV]): SiteConfigFile {
  if (path === undefined || path === '') throw new SiteConfigError(MISSING_HELP);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SiteConfigError(`${SITE_CONFIG_ENV}=${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new SiteConfigError(`${SITE_CONFIG_ENV}=${path}: not valid JSON`);
  }
  return parseSiteConfig(json);
}

/** The config as the app sees it (build-only fields dropped). */
export function publicSiteConfig(c: SiteConfigFile): SiteConfig {
  return { id: c.id, name: c.name, lang: c.lang, description: c.description, rootBase64url: c.rootBase64url, mirrors: c.mirrors };
}
