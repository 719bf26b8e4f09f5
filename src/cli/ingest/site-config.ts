/**
 * The parts of `<site-dir>/site.json` that ingest and update read (see docs/site-folder.md),
 * checked field by field; everything else in the file is ignored here.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../util/errors.ts';

/** A site.json fault: the same exit code (1) and code as in every other command. */
const configError = (message: string): CliError => new CliError(message, 1, 'BAD_SITE_JSON');

/** One entry of site.json `sources`. */
export interface SiteSource {
  /** A URL or a path (relative paths are relative to the site folder). */
  location: string;
  fetchFull: boolean;
}

/** Ingest-relevant site configuration with defaults applied. */
export interface SiteIngestConfig {
  lang: string;
  textOnly: boolean;
  imageBudget?: number;
  sources: SiteSource[];
  copyTo: string[];
  mirrors: string[];
}

/**
 * Reads site.json. A missing file gives the defaults; a malformed one is a usage error.
 */
export async function readSiteConfig(siteDir: string): Promise<SiteIngestConfig> {
  const path = join(siteDir, 'site.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { lang: 'en', textOnly: false, sources: [], copyTo: [], mirrors: [] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw configError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw configError(`${path}: must be a JSON object`);
  const o = raw as Record<string, unknown>;
  const cfg: SiteIngestConfig = { lang: 'en', textOnly: false, sources: [], copyTo: [], mirrors: [] };
  if (o.lang !== undefined) cfg.lang = expect(typeof o.lang === 'string' && o.lang.trim() !== '', path, 'lang must be a language tag') && String(o.lang);
  if (o.textOnly !== undefined) cfg.textOnly = expect(typeof o.textOnly === 'boolean', path, 'textOnly must be true or false') && o.textOnly === true;
  if (o.imageBudget !== undefined) {
    expect(Number.isInteger(o.imageBudget) && (o.imageBudget as number) >= 0, path, 'imageBudget must be a whole number of bytes');
    cfg.imageBudget = o.imageBudget as number;
  }
  if (o.sources !== undefined) {
    expect(Array.isArray(o.sources), path, 'sources must be a list');
    for (const [i, s] of (o.sources as unknown[]).entries()) {
      const e = s as Record<string, unknown> | null;
      const loc = typeof s === 'string' ? s : e && typeof e === 'object' ? (e.url ?? e.path) : undefined;
      expect(typeof loc === 'string' && loc.trim() !== '', path, `sources[${i}] needs "url" or "path"`);
      const isUrl = /^https?:\/\//i.test(loc as string);
      const location = isUrl || isAbsolute(loc as string) ? (loc as string) : resolve(siteDir, loc as string);
      cfg.sources.push({ location, fetchFull: Boolean(e && typeof e === 'object' && e.fetchFull === true) });
    }
  }
  if (o.copyTo !== undefined) {
    expect(Array.isArray(o.copyTo) && (o.copyTo as unknown[]).every((d) => typeof d === 'string' && d !== ''), path, 'copyTo must be a list of folders');
    cfg.copyTo = (o.copyTo as string[]).map((d) => (isAbsolute(d) ? d : resolve(siteDir, d)));
  }
  if (Array.isArray(o.mirrors)) cfg.mirrors = (o.mirrors as unknown[]).filter((m): m is string => typeof m === 'string');
  return cfg;
}

function expect(cond: boolean, path: string, message: string): true {
  if (!cond) throw configError(`${path}: ${message}`);
  return true;
}
