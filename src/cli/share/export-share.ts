/**
 * `pigeonpost share export`: a standalone HTML share file (format.md §7) of published articles,
 * taken from the publisher's own copy of its packs (.pigeonpost/objects) so it holds exactly the
 * envelopes and images mirrors serve, plus the site's whole root chain (a recipient with any older
 * root can walk it) and the current signed manifest (the mirror list). The view shows the signed
 * HTML as publish sanitized it, in the site's language. The file is read back and verified against
 * the site's first root, exactly as a recipient would, before it is written.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gunzip } from '../../core/encoding/gzip.ts';
import { isPigeonError } from '../../core/errors.ts';
import { decodeArticle } from '../../core/format/article.ts';
import { MAX_OBJECT_SIZE } from '../../core/format/common.ts';
import { decodeEnvelope } from '../../core/format/envelope.ts';
import { decodePack } from '../../core/format/pack.ts';
import { MAX_SHARE_ARTICLES, MAX_SHARE_BYTES, type SharedArticle, type SharedImage } from '../../core/format/share.ts';
import { decodeShareFile, encodeShareHtml, shareHtmlBytes, type ShareViewStory, viewStory } from '../../core/format/share-html.ts';
import type { ImageType } from '../../core/format/article.ts';
import { keyFingerprint } from '../../core/trust/fingerprint.ts';
import { verifyAnchor } from '../../core/trust/root-chain.ts';
import { verifyShare } from '../../core/trust/share.ts';
import { shareViewLabels } from '../../app/i18n/share-view-labels.ts';
import { messagesIn } from '../../app/i18n/messages.ts';
import { langDir } from '../app-shell/site-plugin.ts';
import { ObjectCache, sha256Node } from '../publish/objects.ts';
import { loadState, stateDir } from '../publish/state.ts';
import { loadSiteConfig } from '../site/config.ts';
import { loadRootChain } from '../site/roots.ts';
import { CliError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/fs.ts';

/** What was exported. */
export interface ExportSummary {
  readonly file: string;
  readonly bytes: number;
  readonly rootVersions: number;
  readonly articles: readonly { id: string; rev: number; title: string; images: number }[];
}

/** Write a share file of `ids` (published articles of `siteDir`) to `out`. */
export async function exportShare(siteDir: string, ids: readonly string[], out: string, opts: { images: boolean; now: number }): Promise<ExportSummary> {
  siteDir = resolve(siteDir);
  if (ids.length > MAX_SHARE_ARTICLES) throw new CliError(`share export: at most ${MAX_SHARE_ARTICLES} articles fit in one share file, got ${ids.length}`);
  if (new Set(ids).size !== ids.length) throw new CliError('share export: an article id is given twice');
  if ((await stat(resolve(out)).catch(() => undefined))?.isDirectory()) throw new CliError(`share export: --out ${out} is a folder; give the share file's name (e.g. ${join(out, 'story.html')})`);
  const config = await loadSiteConfig(siteDir);
  const chain = await loadRootChain(siteDir);
  const state = await loadState(siteDir, config.id);
  const cache = new ObjectCache(stateDir(siteDir));
  const packs = new Map<string, Awaited<ReturnType<typeof decodePack>>>();
  const articles: SharedArticle[] = [];
  const stories: ShareViewStory[] = [];
  const pictures = new Map<string, { type: ImageType; bytes: Uint8Array }>();
  for (const id of ids) {
    const a = state.articles[id];
    if (!a) throw new CliError(`share export: "${id}" is not a published article of ${config.id} (run pigeonpost publish first; ids are the file names or front-matter ids)`);
    let records = packs.get(a.entry.pack);
    if (!records) {
      try {
        records = decodePack(await gunzip(await cache.get(a.entry.pack), MAX_OBJECT_SIZE, `pack ${a.entry.pack}`));
      } catch (e) {
        if (isPigeonError(e)) throw new CliError(`share export: pack ${a.entry.pack} in ${cache.dir} is damaged (${e.message}); publish again`);
        throw e;
      }
      packs.set(a.entry.pack, records);
    }
    // The envelope the index pins for this revision (found by its hash; only that one is decoded).
    const record = records.find((r) => r.kind === 'article' && sha256Node(r.bytes) === a.entry.envelope.sha256);
    if (!record) throw new CliError(`share export: pack ${a.entry.pack} does not hold ${id} revision ${a.rev}; publish again`);
    const article = decodeArticle(decodeEnvelope(record.bytes, 'article', { pinned: true }).payload);
    const pinned = new Set(article.images.map((i) => i.sha256));
    const images: SharedImage[] = opts.images ? records.flatMap((i) => (i.kind === 'image' && pinned.has(i.sha256) ? [{ sha256: i.sha256, type: i.type, bytes: i.bytes }] : [])) : [];
    articles.push({ envelope: record.bytes, images });
    for (const i of images) pictures.set(i.sha256, { type: i.type, bytes: i.bytes });
    stories.push(viewStory(article));
  }
  // The signed mirror list: the manifest the last publish signed (from the publisher's object cache).
  let manifest: Uint8Array | undefined;
  if (state.manifest) {
    try {
      manifest = await gunzip(await cache.get(state.manifest.sha256), MAX_OBJECT_SIZE, 'manifest');
    } catch (e) {
      if (isPigeonError(e)) throw new CliError(`share export: the manifest in ${cache.dir} is damaged (${e.message}); publish again`);
      throw e;
    }
  }
  const newest = chain.at(-1)!;
  const m = messagesIn(config.lang);
  const text = await encodeShareHtml(
    {
      lang: config.lang,
      dir: langDir(config.lang),
      publisher: { name: newest.root.site.name, site: config.id, fingerprint: await keyFingerprint(newest.root) },
      stories,
      images: pictures,
      mirrors: state.manifest?.mirrors.map((url) => ({ url })) ?? [],
      labels: shareViewLabels(m),
    },
    { roots: chain.map((r) => r.bytes), articles, ...(manifest ? { manifest } : {}) },
  );
  const bytes = shareHtmlBytes(text);
  if (bytes.length > MAX_SHARE_BYTES) throw new CliError(`share export: the share file would be ${bytes.length} bytes; at most ${MAX_SHARE_BYTES} can be read back (share fewer articles, or use --no-images)`);
  // The same check a recipient makes, from the first root (the one readers start with).
  const verified = await verifyShare(await verifyAnchor(chain[0]!.bytes), (await decodeShareFile(bytes)).share, { now: opts.now });
  const failed = verified.articles.find((v) => !v.ok);
  if (failed && !failed.ok) throw new CliError(`share export: ${ids[failed.index]} does not verify (${failed.error.code}: ${failed.error.message}); publish again`);
  await writeFileAtomic(resolve(out), bytes);
  return {
    file: resolve(out),
    bytes: bytes.length,
    rootVersions: chain.length,
    articles: verified.articles.flatMap((v) => (v.ok ? [{ id: v.article.id, rev: v.article.rev, title: v.article.title, images: v.images.length }] : [])),
  };
}
