/**
 * deflate-raw (RFC 1951) through the Streams API, for the text codes of nearby sync and invites:
 * the smallest of CompressionStream's formats (no gzip or zlib header). Inflation is capped, so a
 * tiny code that inflates without end is refused (checklist D.26).
 */
import { PigeonError } from '../errors.ts';

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, cap: number, what: string): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.length;
      if (n > cap) throw new PigeonError('TOO_LARGE', `${what} inflates beyond ${cap} bytes`);
      parts.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    if (e instanceof PigeonError) throw e;
    throw new PigeonError('MALFORMED', `${what} is damaged`);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Compress with deflate-raw. */
export function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  return through(bytes, new CompressionStream('deflate-raw'), Number.MAX_SAFE_INTEGER, 'data');
}

/** Decompress deflate-raw, at most `cap` bytes out (TOO_LARGE beyond, MALFORMED if damaged). */
export function inflateRaw(bytes: Uint8Array, cap: number, what: string): Promise<Uint8Array> {
  return through(bytes, new DecompressionStream('deflate-raw'), cap, what);
}
