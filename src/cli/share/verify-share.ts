/**
 * `pigeonpost share verify`: check a share file as a recipient would (format.md §7), against a
 * trust anchor the caller already has; nothing in the file is trusted on its own.
 */
import { readFile } from 'node:fs/promises';
import { isPigeonError } from '../../core/errors.ts';
import { decodeShare } from '../../core/format/share.ts';
import { verifyAnchor } from '../../core/trust/root-chain.ts';
import { verifyShare } from '../../core/trust/share.ts';
import { CliError } from '../util/errors.ts';

/** The outcome for one article of the file. */
export type ShareArticleReport =
  | { ok: true; id: string; rev: number; title: string; lang: string; published: string; images: number; missingImages: number }
  | { ok: false; index: number; code: string; message: string };

/** What `share verify` found. */
export interface ShareReport {
  readonly file: string;
  readonly site: string;
  readonly rootVersion: number;
  /** The newest root reached has expired: archival content (checklist 47). */
  readonly rootExpired: boolean;
  readonly articles: readonly ShareArticleReport[];
  /** Every article verified. */
  readonly ok: boolean;
}

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    throw new CliError(`share verify: cannot read ${what} ${path}`);
  }
}

/** Verify the share file at `file` against the anchor at `rootFile`. */
export async function verifyShareFile(file: string, rootFile: string, now: number): Promise<ShareReport> {
  let trusted;
  try {
    trusted = await verifyAnchor(await readBytes(rootFile, 'the trust anchor'));
  } catch (e) {
    if (isPigeonError(e)) throw new CliError(`share verify: the trust anchor ${rootFile} is not a valid self-signed root (${e.code}: ${e.message})`);
    throw e;
  }
  const bytes = await readBytes(file, 'the share file');
  let verified;
  try {
    verified = await verifyShare(trusted, decodeShare(bytes), { now });
  } catch (e) {
    if (isPigeonError(e)) throw new CliError(`share verify: ${file} is not a valid share for site ${trusted.root.site.id} (${e.code}: ${e.message})`);
    throw e;
  }
  const articles: ShareArticleReport[] = verified.articles.map((v) =>
    v.ok
      ? { ok: true, id: v.article.id, rev: v.article.rev, title: v.article.title, lang: v.article.lang, published: v.article.published, images: v.images.length, missingImages: v.missingImages.length }
      : { ok: false, index: v.index, code: v.error.code, message: v.error.message },
  );
  return { file, site: verified.root.root.site.id, rootVersion: verified.root.root.version, rootExpired: verified.rootExpired, articles, ok: articles.every((a) => a.ok) };
}
