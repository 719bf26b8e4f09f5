/**
 * Response compression for `pigeonpost serve`, as every real static host does it: brotli or gzip
 * by the request's Accept-Encoding (q-values honoured; brotli preferred at equal weight), only for
 * text types (HTML, JavaScript, CSS, JSON, the web app manifest, SVG). Repository objects are gzip
 * already and are sent as they are. Files that `publish` precompressed (`<file>.br`, `<file>.gz`
 * beside the app shell's files) are sent as they are; anything else is compressed once and kept in
 * a small in-memory cache keyed by path, size and modification time.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A content coding the server can send. */
export type Coding = 'br' | 'gzip';

const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|javascript)|image\/svg\+xml)/;

/** True for a Content-Type worth compressing. */
export function isCompressible(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType);
}

/** The coding to answer with for an Accept-Encoding header, or undefined for identity. */
export function negotiate(acceptEncoding: string | undefined): Coding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (Number.isFinite(q)) weights.set(name, q);
  }
  const weight = (c: string): number => weights.get(c) ?? weights.get('*') ?? 0;
  const br = weight('br');
  const gz = weight('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return undefined;
}

/** Compress `bytes` (brotli at quality 11 for text, as precompression does; gzip at level 9). */
export function compress(bytes: Uint8Array, coding: Coding): Buffer {
  if (coding === 'br') {
    return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  }
  return gzipSync(bytes, { level: 9 });
}

/** The file suffix of a precompressed sidecar. */
export function sidecarSuffix(coding: Coding): string {
  return coding === 'br' ? '.br' : '.gz';
}

/** Files larger than this are sent uncompressed rather than compressed on the fly (bytes). */
export const MAX_ON_THE_FLY = 8 * 1024 * 1024;

/** A bounded cache of compressed bodies (least recently used out first). */
export class CompressedCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /** The compressed body for `key`, made with `make` on a miss. */
  get(key: string, make: () => Buffer): Buffer {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const body = make();
    if (body.length <= this.maxBytes) {
      this.entries.set(key, body);
      this.bytes += body.length;
      for (const [k, v] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.entries.delete(k);
        this.bytes -= v.length;
      }
    }
    return body;
  }
}
