/**
 * The site folder as a thing commands check before they touch anything (docs/site-folder.md), and
 * the rule that keeps private keys off the web: a published tree never lies inside the site
 * folder, never is it, and never contains it (architecture invariant 9: keys never leave
 * `keys/`). Paths are compared by their real paths, so a symlink cannot sneak around the rule.
 */
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CliError } from '../util/errors.ts';
import { isInside, readJsonFile, realpathNearest } from '../util/fs.ts';

/**
 * Check that `siteDir` is a site folder (a directory holding site.json) before a command reads or
 * writes anything in it, so a typo never creates `no-such-site/.pigeonpost/`.
 */
export async function requireSiteFolder(siteDir: string): Promise<void> {
  await requireFolder(siteDir);
  try {
    if (!(await stat(join(siteDir, 'site.json'))).isFile()) throw new Error('not a file');
  } catch {
    throw new CliError(`${siteDir} is not a site folder: it has no site.json (create a site with pigeonpost init <site-dir>)`, 1, 'NOT_A_SITE');
  }
}

/**
 * Check that `dir` is an existing folder (ingest's `--into`, which may hold articles before it
 * holds a site.json); a site.json in it must at least be valid JSON (named with line and column).
 */
export async function requireFolder(siteDir: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(siteDir)).isDirectory();
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') throw new CliError(`${siteDir}: no such site folder (create one with pigeonpost init ${siteDir})`, 1, 'NOT_FOUND');
    throw e;
  }
  if (!isDir) throw new CliError(`${siteDir} is a file, not a site folder (give the folder that holds site.json)`, 1, 'NOT_A_DIRECTORY');
  const siteJson = join(siteDir, 'site.json');
  if (await stat(siteJson).then((st) => st.isFile(), () => false)) await readJsonFile(siteJson, 'site.json');
}

/**
 * Refuse an output folder (`--out`, a copy target) that is the site folder, lies inside it or
 * contains it: serving such a tree would serve `keys/` and `site.json`. The publisher's own state
 * folder (`<site>/.pigeonpost/`, where `update` keeps its tree) is the one exception inside: it
 * holds no keys and no server serves dot-folders.
 */
export async function assertOutsideSite(siteDir: string, out: string, flag: string): Promise<void> {
  const site = await realpathNearest(siteDir);
  const target = await realpathNearest(out);
  const why = 'a published tree is served to the world, and the site folder holds the private keys';
  if (target === site) throw new CliError(`${flag} ${out} is the site folder itself: ${why}; choose a folder outside ${siteDir}`, 1, 'OUT_OVERLAPS_SITE');
  if (isInside(target, site)) {
    const rel = relative(site, target).split(/[\\/]/)[0];
    if (rel === '.pigeonpost') return;
    throw new CliError(`${flag} ${out} lies inside the site folder ${siteDir}: ${why}; choose a folder outside it`, 1, 'OUT_OVERLAPS_SITE');
  }
  if (isInside(site, target)) throw new CliError(`${flag} ${out} contains the site folder ${siteDir}: ${why}; choose a folder that does not contain it`, 1, 'OUT_OVERLAPS_SITE');
}
