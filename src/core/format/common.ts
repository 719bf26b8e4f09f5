/** Pieces shared by several documents: spec version, type tag, file pins. (format.md §2) */
import { PigeonError } from '../errors.ts';
import { field, int, obj, str, SHA256_PATTERN, type Obj } from './read.ts';
import { parseUtc } from './time.ts';

/** The format version this code reads and writes. */
export const SPEC_VERSION = 1;

/** Document type tags (the `_type` field inside every signed or pinned payload). */
export const TYPES = {
  root: 'pigeonpost.root',
  timestamp: 'pigeonpost.timestamp',
  manifest: 'pigeonpost.manifest',
  index: 'pigeonpost.index',
  article: 'pigeonpost.article',
  share: 'pigeonpost.share',
} as const;

/** Largest decompressed object accepted (manifest, index segment or pack), bytes. */
export const MAX_OBJECT_SIZE = 256 * 1024 * 1024;

/** A short description of an untrusted value for error messages; never calls its methods. */
function describe(v: unknown, max: number): string {
  if (typeof v === 'string') return JSON.stringify(v.slice(0, max));
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

/** Check `_type` and `spec_version`; WRONG_TYPE or UNSUPPORTED otherwise. */
export function checkHeader(o: Obj, type: string, what: string): void {
  const t = field(o, '_type');
  if (t !== type) {
    throw new PigeonError('WRONG_TYPE', `${what}: expected a ${type} document, got ${describe(t, 60)}`);
  }
  const v = field(o, 'spec_version');
  if (v !== SPEC_VERSION) {
    throw new PigeonError('UNSUPPORTED', `${what}: unsupported spec_version ${describe(v, 20)}`);
  }
}

/** A pinned object in `objects/`: hash and length of the stored (gzip) bytes, decompressed size. */
export interface ObjectPin {
  readonly sha256: string;
  readonly length: number;
  readonly size: number;
}

/** Read an ObjectPin at `path` (exact keys; unknown hash algorithms are refused). */
export function readPin(v: unknown, path: string, extra: readonly string[] = []): ObjectPin & Obj {
  const o = obj(v, path, { required: ['sha256', 'length', 'size', ...extra] });
  return {
    ...o,
    sha256: str(o, 'sha256', path, { pattern: SHA256_PATTERN }),
    length: int(o, 'length', path, 1, MAX_OBJECT_SIZE),
    size: int(o, 'size', path, 0, MAX_OBJECT_SIZE),
  };
}

/** Read a signed UTC time field; returns the string and validates it. */
export function readTime(o: Obj, key: string, path: string): string {
  const v = str(o, key, path, { max: 20 });
  parseUtc(v, `${path}.${key}`);
  return v;
}

/** Repository path of an object. */
export function objectPath(sha256: string): string {
  return `objects/${sha256}`;
}
