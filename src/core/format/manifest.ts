/**
 * The manifest (format.md §3.3): version, expiry, the signed mirror list, and pins of the index
 * segments. It stays small however large the archive grows: the article index lives in immutable,
 * content-addressed segments that are only ever added (and occasionally merged).
 */
import { PigeonError } from '../errors.ts';
import { checkHeader, readPin, readTime, TYPES, type ObjectPin } from './common.ts';
import { arr, int, obj, optStr, SITE_ID_PATTERN, str } from './read.ts';

/**
 * Kinds of signed mirror entry besides an ordinary mirror (format.md §3.3): an IPFS gateway serves
 * content-addressed objects by CID only, never the timestamp, roots or the manifest.
 */
export const MIRROR_KINDS = ['ipfs-gateway'] as const;
/** One kind of {@link MIRROR_KINDS}. */
export type MirrorKind = (typeof MIRROR_KINDS)[number];

/** A signed mirror entry; `kind` absent: an ordinary mirror serving the whole tree. */
export interface MirrorEntry {
  readonly url: string;
  readonly name?: string;
  readonly kind?: MirrorKind;
}

/** A pinned index segment. */
export interface SegmentPin extends ObjectPin {
  readonly count: number;
}

/** A decoded manifest payload. */
export interface Manifest {
  readonly type: 'pigeonpost.manifest';
  readonly site: string;
  readonly version: number;
  readonly expires: string;
  readonly published: string;
  readonly rootVersion: number;
  readonly mirrors: readonly MirrorEntry[];
  readonly segments: readonly SegmentPin[];
}

/** Most mirrors in one signed list. */
export const MAX_MIRRORS = 64;
/** Most index segments in one manifest. */
export const MAX_SEGMENTS = 4096;

/** Validate a mirror base URL: absolute http(s), no credentials, no query or fragment, ends in `/`. */
export function readMirrorUrl(value: string, path: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new PigeonError('MALFORMED', `${path} is not a URL`);
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || u.search || u.hash || !u.pathname.endsWith('/') || u.href !== value) {
    throw new PigeonError('MALFORMED', `${path} must be a plain http(s) base URL ending in "/"`);
  }
  return value;
}

/** Decode a manifest payload. */
export function decodeManifest(payload: unknown, what = 'manifest'): Manifest {
  checkHeader(obj(payload, what), TYPES.manifest, what);
  const o = obj(payload, what, {
    required: ['_type', 'spec_version', 'site', 'version', 'expires', 'published', 'root_version', 'mirrors', 'segments'],
  });
  const seen = new Set<string>();
  return {
    type: TYPES.manifest,
    site: str(o, 'site', what, { pattern: SITE_ID_PATTERN }),
    version: int(o, 'version', what, 1),
    expires: readTime(o, 'expires', what),
    published: readTime(o, 'published', what),
    rootVersion: int(o, 'root_version', what, 1),
    mirrors: arr(o, 'mirrors', what, MAX_MIRRORS, (v, p) => {
      const m = obj(v, p, { required: ['url'], optional: ['name', 'kind'] });
      const name = optStr(m, 'name', p, { max: 100 });
      const kind = optStr(m, 'kind', p, { max: 32 });
      if (kind !== undefined && !(MIRROR_KINDS as readonly string[]).includes(kind)) throw new PigeonError('MALFORMED', `${p}.kind must be one of ${MIRROR_KINDS.join(', ')}`);
      const url = readMirrorUrl(str(m, 'url', p, { max: 2000 }), `${p}.url`);
      return { url, ...(name === undefined ? {} : { name }), ...(kind === undefined ? {} : { kind: kind as MirrorKind }) };
    }),
    segments: arr(o, 'segments', what, MAX_SEGMENTS, (v, p) => {
      const pin = readPin(v, p, ['count']);
      if (seen.has(pin.sha256)) throw new PigeonError('MALFORMED', `${p} repeats a segment`);
      seen.add(pin.sha256);
      return { sha256: pin.sha256, length: pin.length, size: pin.size, count: int(pin, 'count', p, 0, 1_000_000) };
    }),
  };
}
