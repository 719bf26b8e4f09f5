/**
 * Index segments (format.md §3.4): immutable, content-addressed lists of article entries, tombstones
 * (signed removals) and the pins of the packs that hold the articles. Pinned by hash from the
 * signed manifest, so they carry no signature of their own.
 */
import { PigeonError } from '../errors.ts';
import { parseCanonicalBytes, parsePinned } from '../encoding/canonical-json.ts';
import { fromUtf8 } from '../encoding/bytes.ts';
import { readArticleMeta, META_OPTIONAL, META_REQUIRED, type ArticleMeta } from './article-meta.ts';
import { checkHeader, readPin, TYPES, type ObjectPin } from './common.ts';
import { arr, ID_PATTERN, int, obj, SHA256_PATTERN, SITE_ID_PATTERN, str } from './read.ts';

/** An article's entry in the index. */
export interface IndexEntry extends ArticleMeta {
  /** sha256 of the pack holding the article. */
  readonly pack: string;
  /** Pin of the article's envelope bytes inside that pack. */
  readonly envelope: { readonly sha256: string; readonly length: number };
  /** Bytes of the article's images. */
  readonly imageBytes: number;
}

/** A signed removal: the article `id` up to revision `rev` is withdrawn. */
export interface Tombstone {
  readonly id: string;
  readonly rev: number;
}

/** A pinned pack. */
export interface PackPin extends ObjectPin {
  readonly count: number;
}

/** A decoded segment. */
export interface IndexSegment {
  readonly site: string;
  readonly entries: readonly IndexEntry[];
  readonly removed: readonly Tombstone[];
  readonly packs: readonly PackPin[];
}

const MAX_ENTRIES = 100_000;

/**
 * Decode segment bytes (decompressed, canonical JSON). `pinned`: the bytes were matched against
 * their pin in a verified manifest, so the canonical-form re-check is skipped (see parsePinned);
 * `pigeonpost check` keeps it, to report a publisher that writes non-canonical segments.
 */
export function decodeIndexSegment(bytes: Uint8Array, what = 'index segment', opts: { pinned?: boolean } = {}): IndexSegment {
  const parsed = opts.pinned ? parsePinned(fromUtf8(bytes, what), what) : parseCanonicalBytes(bytes, what);
  checkHeader(obj(parsed, what), TYPES.index, what);
  const o = obj(parsed, what, { required: ['_type', 'spec_version', 'site', 'articles', 'removed', 'packs'] });
  const packs = arr(o, 'packs', what, MAX_ENTRIES, (v, p) => {
    const pin = readPin(v, p, ['count']);
    return { sha256: pin.sha256, length: pin.length, size: pin.size, count: int(pin, 'count', p, 1, MAX_ENTRIES) };
  });
  const packSet = new Set(packs.map((p) => p.sha256));
  if (packSet.size !== packs.length) throw new PigeonError('MALFORMED', `${what} pins a pack twice`);
  const ids = new Set<string>();
  const entries = arr(o, 'articles', what, MAX_ENTRIES, (v, p) => {
    const e = obj(v, p, { required: [...META_REQUIRED, 'pack', 'envelope', 'image_bytes'], optional: META_OPTIONAL });
    const meta = readArticleMeta(e, p);
    if (ids.has(meta.id)) throw new PigeonError('MALFORMED', `${p}: article ${meta.id} listed twice in one segment`);
    ids.add(meta.id);
    const pack = str(e, 'pack', p, { pattern: SHA256_PATTERN });
    if (!packSet.has(pack)) throw new PigeonError('MALFORMED', `${p}.pack is not pinned by this segment`);
    const env = obj(e['envelope'], `${p}.envelope`, { required: ['sha256', 'length'] });
    return {
      ...meta,
      pack,
      envelope: { sha256: str(env, 'sha256', `${p}.envelope`, { pattern: SHA256_PATTERN }), length: int(env, 'length', `${p}.envelope`, 1, 64 * 1024 * 1024) },
      imageBytes: int(e, 'image_bytes', p, 0),
    };
  });
  const removed = arr(o, 'removed', what, MAX_ENTRIES, (v, p) => {
    const t = obj(v, p, { required: ['id', 'rev'] });
    return { id: str(t, 'id', p, { pattern: ID_PATTERN }), rev: int(t, 'rev', p, 1) };
  });
  return { site: str(o, 'site', what, { pattern: SITE_ID_PATTERN }), entries, removed, packs };
}
