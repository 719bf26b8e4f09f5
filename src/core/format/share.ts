/**
 * Share files (format.md §7): single articles passed from reader to reader with no mirror in
 * between. A share is not signed itself; it carries signed article envelopes, the images they pin
 * and the root chain needed to verify them (trust/share.ts does that). This module only reads and
 * writes the container, strictly and within fixed caps.
 */
import { fromBase64url, fromUtf8, toBase64url, utf8 } from '../encoding/bytes.ts';
import { canonicalBytes, parsePinned } from '../encoding/canonical-json.ts';
import { PigeonError } from '../errors.ts';
import { IMAGE_TYPES, type ImageType } from './article.ts';
import { checkHeader, SPEC_VERSION, TYPES } from './common.ts';
import { arr, int, obj, str, SHA256_PATTERN } from './read.ts';

/** Largest share file read (bytes): a few articles with their pictures. */
export const MAX_SHARE_BYTES = 64 * 1024 * 1024;
/** Most articles in one share. */
export const MAX_SHARE_ARTICLES = 1000;
/** Most roots in one share: a full update's chain (MAX_ROOT_STEPS) plus the first. */
export const MAX_SHARE_ROOTS = 257;
/** Most images per shared article. */
export const MAX_SHARE_IMAGES = 64;

/** An image carried by a share, to be checked against its article's pin. */
export interface SharedImage {
  readonly sha256: string;
  readonly type: ImageType;
  readonly bytes: Uint8Array;
}

/** One article in a share: its exact envelope bytes and the images it brings. */
export interface SharedArticle {
  readonly envelope: Uint8Array;
  readonly images: readonly SharedImage[];
}

/**
 * One article as the HTML share file's container holds it (format.md §7.2): either the whole
 * envelope, or, with `body` set, the envelope with its payload's `html` emptied, the signed HTML
 * being the page's story region number `body` (share-html.ts rebuilds the exact envelope from it).
 */
export interface ContainerArticle extends SharedArticle {
  readonly body?: number;
}

/** A share as a container holds it (its articles may name page regions). */
export interface ContainerShare extends Omit<Share, 'articles'> {
  readonly articles: readonly ContainerArticle[];
}

/** A decoded share: root envelopes (oldest first) and articles, all still unverified. */
export interface Share {
  readonly roots: readonly Uint8Array[];
  readonly articles: readonly SharedArticle[];
  /** The sender's current manifest envelope (its signed mirror list), when the share carries it. */
  readonly manifest?: Uint8Array;
}

/** Write a share file (canonical JSON, so the same contents give the same bytes). */
export function encodeShare(share: ContainerShare): Uint8Array {
  return canonicalBytes({
    _type: TYPES.share,
    spec_version: SPEC_VERSION,
    roots: share.roots.map((r) => fromUtf8(r, 'root envelope')),
    articles: share.articles.map((a) => ({
      envelope: fromUtf8(a.envelope, 'article envelope'),
      images: a.images.map((i) => ({ sha256: i.sha256, type: i.type, data: toBase64url(i.bytes) })),
      ...(a.body === undefined ? {} : { body: a.body }),
    })),
    ...(share.manifest ? { manifest: fromUtf8(share.manifest, 'manifest envelope') } : {}),
  });
}

/**
 * Read a share file. Throws TOO_LARGE over {@link MAX_SHARE_BYTES}, WRONG_TYPE for another
 * document, MALFORMED for anything not shaped as format.md §7 says. Nothing is verified here.
 * `opts.pageBodies`: the container of an HTML share file, whose articles may name a page region
 * (`body`, §7.2); a JSON share file has no page, so there it is refused as an unknown field.
 */
export function decodeShare(bytes: Uint8Array, what = 'share file', opts: { pageBodies?: boolean } = {}): ContainerShare {
  if (bytes.length > MAX_SHARE_BYTES) {
    throw new PigeonError('TOO_LARGE', `${what} is ${bytes.length} bytes; at most ${MAX_SHARE_BYTES} are read`);
  }
  const doc = obj(parsePinned(fromUtf8(bytes, what), what), what);
  // The type first: a root, an envelope or any other document is named as such.
  checkHeader(doc, TYPES.share, what);
  const o = obj(doc, what, { required: ['_type', 'spec_version', 'roots', 'articles'], optional: ['manifest'] });
  const manifest = o['manifest'] === undefined ? undefined : utf8(str(o, 'manifest', what, { min: 1, max: 1024 * 1024 }));
  const roots = arr(o, 'roots', what, MAX_SHARE_ROOTS, (v, path) => {
    if (typeof v !== 'string' || v.length === 0 || !v.isWellFormed()) throw new PigeonError('MALFORMED', `${path} must be a root envelope as text`, { field: path });
    return utf8(v);
  });
  const articles = arr(o, 'articles', what, MAX_SHARE_ARTICLES, (v, path) => {
    const a = obj(v, path, { required: ['envelope', 'images'], optional: opts.pageBodies ? ['body'] : [] });
    const envelope = utf8(str(a, 'envelope', path, { min: 1, max: MAX_SHARE_BYTES }));
    const images = arr(a, 'images', path, MAX_SHARE_IMAGES, (iv, ipath) => {
      const i = obj(iv, ipath, { required: ['sha256', 'type', 'data'] });
      const sha256 = str(i, 'sha256', ipath, { pattern: SHA256_PATTERN });
      const type = str(i, 'type', ipath);
      if (!(IMAGE_TYPES as readonly string[]).includes(type)) {
        throw new PigeonError('MALFORMED', `${ipath}.type must be one of ${IMAGE_TYPES.join(', ')}`, { field: `${ipath}.type` });
      }
      return { sha256, type: type as ImageType, bytes: fromBase64url(str(i, 'data', ipath, { max: MAX_SHARE_BYTES }), `${ipath}.data`) };
    });
    if (new Set(images.map((i) => i.sha256)).size !== images.length) {
      throw new PigeonError('MALFORMED', `${path}.images lists an image twice`, { field: `${path}.images` });
    }
    const body = a['body'] === undefined ? undefined : int(a, 'body', path, 1, MAX_SHARE_ARTICLES);
    return { envelope, images, ...(body === undefined ? {} : { body }) };
  });
  if (articles.length === 0) throw new PigeonError('MALFORMED', `${what} holds no article`, { field: 'articles' });
  return { roots, articles, ...(manifest ? { manifest } : {}) };
}
