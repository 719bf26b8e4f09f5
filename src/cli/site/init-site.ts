/**
 * `pigeonpost init`: a new site folder with its keys, the signed root version 1 (the trust anchor
 * readers ship with) and sample articles (docs/site-folder.md).
 */
import { writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseDuration } from '../../core/format/time.ts';
import { SITE_ID_PATTERN, LANG_PATTERN } from '../../core/format/read.ts';
import { CliError, UsageError } from '../util/errors.ts';
import { exists, writeFileAtomic } from '../util/fs.ts';
import { DEFAULT_EXPIRY, siteJsonPath } from './config.ts';
import { createKey } from './keys.ts';
import { rootPaths, signRoot } from './roots.ts';
import { SAMPLE_ARTICLES } from './samples/articles.ts';
import { drawPicture } from './samples/pictures.ts';
import { makeDirs } from '../util/fs.ts';

/** Options of {@link initSite}. */
export interface InitOptions {
  name?: string;
  lang?: string;
  id?: string;
  samples?: boolean;
  now: number;
}

/** What init created. */
export interface InitResult {
  siteDir: string;
  id: string;
  rootKeyid: string;
  publishKeyid: string;
  articles: string[];
}

/** Lowercase ASCII slug usable as a site id. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** Create a site folder. Refuses to touch an existing site. */
export async function initSite(dir: string, opts: InitOptions): Promise<InitResult> {
  const siteDir = resolve(dir);
  for (const p of [siteJsonPath(siteDir), rootPaths(siteDir).anchor, rootPaths(siteDir).dir, join(siteDir, 'keys')]) {
    if (await exists(p)) throw new CliError(`${siteDir} already holds a site (${basename(p)} exists); refusing to overwrite it`);
  }
  const name = opts.name ?? basename(siteDir);
  if (name.length === 0 || name.length > 200) throw new UsageError('init: --name must be 1 to 200 characters');
  const id = opts.id ?? (slugify(name) || slugify(basename(siteDir)) || 'site');
  if (!SITE_ID_PATTERN.test(id)) throw new UsageError(`init: site id "${id}" must match [a-z0-9][a-z0-9-]{0,63} (use --id)`);
  const lang = opts.lang ?? 'en';
  if (!LANG_PATTERN.test(lang)) throw new UsageError(`init: --lang "${lang}" is not a BCP 47 language tag such as en or ru`);

  await makeDirs(siteDir);
  const rootKey = await createKey(siteDir, 'root');
  const publishKey = await createKey(siteDir, 'publish');
  const rootBytes = await signRoot(
    {
      version: 1,
      expiresMs: opts.now + parseDuration(DEFAULT_EXPIRY.root),
      site: { id, name, lang },
      roles: {
        root: { keys: [{ keyid: rootKey.keyid, publicKey: rootKey.key.publicKey }], threshold: 1 },
        publish: { keys: [{ keyid: publishKey.keyid, publicKey: publishKey.key.publicKey }], threshold: 1 },
      },
    },
    [rootKey],
  );
  await writeFileAtomic(rootPaths(siteDir).version(1), rootBytes);
  await writeFileAtomic(rootPaths(siteDir).anchor, rootBytes);

  const articles: string[] = [];
  await makeDirs(join(siteDir, 'articles'));
  if (opts.samples !== false) {
    await makeDirs(join(siteDir, 'media', 'samples'));
    const drawn = new Set<string>();
    for (const s of SAMPLE_ARTICLES) {
      if (!drawn.has(s.picture)) {
        await writeFile(join(siteDir, 'media', 'samples', `${s.picture}.png`), drawPicture(s.picture));
        drawn.add(s.picture);
      }
      const file = join('articles', `${s.id}.md`);
      await writeFile(join(siteDir, file), s.text);
      articles.push(file);
    }
  }
  await writeFile(join(siteDir, '.gitignore'), '# Private keys never leave this machine.\nkeys/\n# The publisher keeps a copy of every object it published; large and rebuildable from a mirror.\n.pigeonpost/objects/\n.pigeonpost/publish.lock\n');
  const site = { id, name, lang, description: '', mirrors: [] as string[], expiry: { ...DEFAULT_EXPIRY } };
  await writeFileAtomic(siteJsonPath(siteDir), JSON.stringify(site, null, 2) + '\n');
  return { siteDir, id, rootKeyid: rootKey.keyid, publishKeyid: publishKey.keyid, articles };
}
