/**
 * The site's mirror list as configuration: the URLs in site.json `mirrors` are what every publish
 * signs (docs/site-folder.md), and `pigeonpost mirrors add|remove|list` edits them here. Every
 * other field of site.json is written back as it was, in its order.
 */
import { CliError } from '../util/errors.ts';
import { readJsonFile, writeFileAtomic } from '../util/fs.ts';
import { readMirrorEntries } from './mirror-entries.ts';
import { siteJsonPath } from './config.ts';
import { checkMirrorUrl, MAX_MIRRORS } from './mirror-url.ts';

/** site.json parsed for editing: the raw object (key order kept), its mirror URLs and gateway entries. */
interface SiteJson {
  readonly raw: Record<string, unknown>;
  readonly mirrors: string[];
  /** `{"url","kind":"ipfs-gateway"}` entries, written back as they are (mirror-entries.ts). */
  readonly gatewayEntries: unknown[];
  readonly gateways: string[];
}

async function readSiteJson(siteDir: string): Promise<SiteJson> {
  const path = siteJsonPath(siteDir);
  const raw = await readJsonFile(path, 'site.json');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CliError(`${path}: must hold a JSON object`, 1, 'BAD_SITE_JSON');
  const o = raw as Record<string, unknown>;
  const list = o['mirrors'] ?? [];
  const { mirrors, gateways } = readMirrorEntries(list, path, (m, where) => checkMirrorUrl(m, where, true));
  return { raw: o, mirrors, gateways, gatewayEntries: (list as unknown[]).filter((m) => typeof m !== 'string') };
}

async function writeMirrors(siteDir: string, site: SiteJson, mirrors: readonly string[]): Promise<void> {
  await writeFileAtomic(siteJsonPath(siteDir), JSON.stringify({ ...site.raw, mirrors: [...mirrors, ...site.gatewayEntries] }, null, 2) + '\n');
}

/** The configured mirrors of a site folder (normalised). */
export async function listMirrors(siteDir: string): Promise<{ mirrors: string[]; gateways: string[] }> {
  const site = await readSiteJson(siteDir);
  return { mirrors: site.mirrors, gateways: site.gateways };
}

/** Add mirrors (kept in order, duplicates ignored); returns the new list and what was added. */
export async function addMirrors(siteDir: string, urls: readonly string[]): Promise<{ mirrors: string[]; added: string[] }> {
  const wanted = urls.map((u) => checkMirrorUrl(u, 'mirrors add'));
  const site = await readSiteJson(siteDir);
  const mirrors = [...site.mirrors];
  const added: string[] = [];
  for (const m of wanted) {
    if (mirrors.includes(m)) continue;
    mirrors.push(m);
    added.push(m);
  }
  if (mirrors.length > MAX_MIRRORS) throw new CliError(`mirrors add: a site can sign at most ${MAX_MIRRORS} mirrors; this would make ${mirrors.length}`, 1, 'TOO_MANY_MIRRORS');
  if (added.length) await writeMirrors(siteDir, site, mirrors);
  return { mirrors, added };
}

/** Remove mirrors; an URL that is not configured is an error naming it (nothing is changed then). */
export async function removeMirrors(siteDir: string, urls: readonly string[]): Promise<{ mirrors: string[]; removed: string[] }> {
  const site = await readSiteJson(siteDir);
  const gone = urls.map((u) => {
    let m: string;
    try {
      m = checkMirrorUrl(u, 'mirrors remove');
    } catch {
      m = u; // an URL that would not be accepted cannot be configured either: reported below
    }
    if (!site.mirrors.includes(m)) throw new CliError(`mirrors remove: ${u} is not one of this site's mirrors (see pigeonpost mirrors list ${siteDir})`, 1, 'NOT_A_MIRROR');
    return m;
  });
  const mirrors = site.mirrors.filter((m) => !gone.includes(m));
  await writeMirrors(siteDir, site, mirrors);
  return { mirrors, removed: [...new Set(gone)] };
}

/** Replace the whole list (the demo, whose mirrors are wherever its servers listen this time). */
export async function replaceMirrors(siteDir: string, urls: readonly string[]): Promise<string[]> {
  const site = await readSiteJson(siteDir);
  const mirrors = [...new Set(urls.map((u) => checkMirrorUrl(u, 'mirrors', true)))];
  await writeMirrors(siteDir, site, mirrors);
  return mirrors;
}
