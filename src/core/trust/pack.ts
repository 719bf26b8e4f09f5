/**
 * format.md §5 step 4: take verified articles and images out of an opened pack.
 * The pack itself was already checked against its pin (openObject); here each article envelope is
 * checked against its index entry, and each image against the article that pins it.
 */
import { PigeonError } from '../errors.ts';
import { sha256Hex } from '../crypto/sha256.ts';
import { decodeArticle, type Article } from '../format/article.ts';
import { decodeEnvelope } from '../format/envelope.ts';
import { decodePack, type PackRecord } from '../format/pack.ts';
import type { IndexEntry } from '../format/index-segment.ts';

/**
 * An article taken from a pack, with its exact envelope bytes: a view into the decompressed pack
 * (a store copies what it keeps; copying here would copy every article twice).
 */
export interface PackedArticle {
  readonly entry: IndexEntry;
  readonly article: Article;
  readonly envelope: Uint8Array;
}

/** Verified content of a pack. */
export interface PackContents {
  readonly articles: PackedArticle[];
  readonly images: { sha256: string; type: string; bytes: Uint8Array }[];
}

/** How much of a pack to re-check. */
export interface OpenPackOptions {
  /**
   * Hash every article envelope and match it to its index entry by SHA-256 (default). The sync
   * engine turns this off: the whole pack was already checked against its pin, which the signed
   * manifest chain vouches for, so envelopes are matched by id, revision and length instead
   * (format.md §5 step 4: "articles are trusted through the hash chain").
   */
  readonly hashEnvelopes?: boolean;
}

const key = (id: string, rev: number): string => `${id}@${rev}`;

/**
 * Extract the `wanted` entries (all pointing at this pack) from decompressed pack bytes.
 * Records the index does not ask for are ignored, never stored (mix-and-match, 5.7).
 */
export async function openPack(bytes: Uint8Array, wanted: readonly IndexEntry[], site: string, what = 'pack', opts: OpenPackOptions = {}): Promise<PackContents> {
  const records = decodePack(bytes, what);
  const hashEnvelopes = opts.hashEnvelopes ?? true;
  const imageRecords = new Map<string, Extract<PackRecord, { kind: 'image' }>>();
  // Envelopes found, by entry hash (hashing) or by id@rev (trusting the pack pin).
  const found = new Map<string, { bytes: Uint8Array; article?: Article }>();
  const need = new Set(wanted.map((e) => (hashEnvelopes ? e.envelope.sha256 : key(e.id, e.rev))));
  for (const r of records) {
    if (r.kind === 'image') {
      imageRecords.set(r.sha256, r);
      continue;
    }
    if (r.bytes.length === 0) continue;
    if (hashEnvelopes) {
      const h = await sha256Hex(r.bytes);
      if (need.has(h)) found.set(h, { bytes: r.bytes });
    } else {
      const article = decodeArticle(decodeEnvelope(r.bytes, `${what} article`, { pinned: true }).payload, `${what} article`);
      const k = key(article.id, article.rev);
      if (need.has(k) && !found.has(k)) found.set(k, { bytes: r.bytes, article });
    }
  }
  const articles: PackedArticle[] = [];
  const images = new Map<string, { sha256: string; type: string; bytes: Uint8Array }>();
  for (const entry of wanted) {
    const hit = found.get(hashEnvelopes ? entry.envelope.sha256 : key(entry.id, entry.rev));
    const envelope = hit?.bytes;
    if (!envelope) throw new PigeonError('NOT_LISTED', `${what} lacks article ${entry.id} revision ${entry.rev} that the index places in it`);
    if (envelope.length !== entry.envelope.length) throw new PigeonError('LENGTH_MISMATCH', `article ${entry.id}: envelope length differs from the index`);
    const article = hit.article ?? decodeArticle(decodeEnvelope(envelope, `article ${entry.id}`).payload, `article ${entry.id}`);
    // 5.7: the envelope is the one the index names.
    if (article.id !== entry.id || article.rev !== entry.rev || article.site !== site) {
      throw new PigeonError('NOT_LISTED', `article envelope ${article.id}@${article.rev} does not match index entry ${entry.id}@${entry.rev}`);
    }
    // 5.8: every image it pins is present and intact.
    for (const img of article.images) {
      if (images.has(img.sha256)) continue;
      const rec = imageRecords.get(img.sha256);
      if (!rec) throw new PigeonError('NOT_LISTED', `article ${entry.id}: image ${img.sha256.slice(0, 12)} is missing from ${what}`);
      if (rec.bytes.length !== img.length) throw new PigeonError('LENGTH_MISMATCH', `article ${entry.id}: image ${img.sha256.slice(0, 12)} has the wrong length`);
      if (rec.type !== img.type) throw new PigeonError('MALFORMED', `article ${entry.id}: image ${img.sha256.slice(0, 12)} has the wrong type`);
      if ((await sha256Hex(rec.bytes)) !== img.sha256) throw new PigeonError('HASH_MISMATCH', `article ${entry.id}: image ${img.sha256.slice(0, 12)} does not match its hash`);
      images.set(img.sha256, { sha256: img.sha256, type: img.type, bytes: rec.bytes.slice() });
    }
    articles.push({ entry, article, envelope });
  }
  return { articles, images: [...images.values()] };
}
