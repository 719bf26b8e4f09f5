/**
 * `site.json` (docs/site-folder.md): read and validated once per command. Fields other commands own
 * (`sources`, `copyTo`, `imageBudget`) are kept as-is and not interpreted here.
 */
import { join } from 'node:path';
import { parseDuration } from '../../core/format/time.ts';
import { LANG_PATTERN, SITE_ID_PATTERN } from '../../core/format/read.ts';
import { CliError } from '../util/errors.ts';
import { readJsonFile } from '../util/fs.ts';
import { readMirrorEntries } from './mirror-entries.ts';
import { checkMirrorUrl } from './mirror-url.ts';

/** Expiry durations of the signed documents (ms). */
export interface Expiry {
  readonly timestamp: number;
  readonly manifest: number;
  readonly root: number;
}

/** Defaults: timestamp 1 day, manifest 14 days, root 365 days. */
export const DEFAULT_EXPIRY = { timestamp: '1d', manifest: '14d', root: '365d' } as const;

/** The parts of site.json the publisher uses. */
export interface SiteConfig {
  readonly id: string;
  readonly name: string;
  readonly lang: string;
  readonly description?: string;
  readonly mirrors: readonly string[];
  /** site.json `mirrors` entries of kind "ipfs-gateway" (mirror-entries.ts); not in `mirrors`. */
  readonly gateways: readonly string[];
  readonly expiry: Expiry;
  readonly textOnly: boolean;
  /** The raw object, for commands that need fields not listed here. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** Path of site.json in a site folder. */
export function siteJsonPath(siteDir: string): string {
  return join(siteDir, 'site.json');
}

function fail(siteDir: string, message: string): never {
  throw new CliError(`${siteJsonPath(siteDir)}: ${message}`);
}

/** Read and validate `<siteDir>/site.json`. */
export async function loadSiteConfig(siteDir: string): Promise<SiteConfig> {
  const raw = await readJsonFile(siteJsonPath(siteDir), 'site.json');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(siteDir, 'must hold a JSON object');
  const o = raw as Record<string, unknown>;
  const id = o['id'];
  if (typeof id !== 'string' || !SITE_ID_PATTERN.test(id)) fail(siteDir, '"id" must match [a-z0-9][a-z0-9-]{0,63}');
  const name = o['name'];
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) fail(siteDir, '"name" must be a string of 1 to 200 characters');
  const lang = o['lang'];
  if (typeof lang !== 'string' || !LANG_PATTERN.test(lang)) fail(siteDir, '"lang" must be a BCP 47 language tag such as en or ru');
  const description = o['description'];
  if (description !== undefined && typeof description !== 'string') fail(siteDir, '"description" must be a string');
  const { mirrors, gateways } = readMirrorEntries(o['mirrors'] ?? [], siteJsonPath(siteDir), (m, where) => checkMirrorUrl(m, where, true));
  const expiryRaw = o['expiry'] ?? {};
  if (typeof expiryRaw !== 'object' || expiryRaw === null || Array.isArray(expiryRaw)) fail(siteDir, '"expiry" must be an object');
  const ex = expiryRaw as Record<string, unknown>;
  const duration = (key: keyof Expiry): number => {
    const v = ex[key] ?? DEFAULT_EXPIRY[key];
    if (typeof v !== 'string') fail(siteDir, `"expiry.${key}" must be a duration like 1d, 12h or 30m`);
    try {
      const ms = parseDuration(v);
      if (ms <= 0) throw new Error('zero');
      return ms;
    } catch {
      fail(siteDir, `"expiry.${key}" must be a positive duration like 1d, 12h, 30m or 45s, got "${v}"`);
    }
  };
  const textOnly = o['textOnly'] ?? false;
  if (typeof textOnly !== 'boolean') fail(siteDir, '"textOnly" must be true or false');
  return {
    id,
    name,
    lang,
    ...(description === undefined ? {} : { description }),
    mirrors,
    gateways,
    expiry: { timestamp: duration('timestamp'), manifest: duration('manifest'), root: duration('root') },
    textOnly,
    raw: o,
  };
}
