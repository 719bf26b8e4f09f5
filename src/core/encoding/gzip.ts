/**
 * gzip through the Streams API (CompressionStream / DecompressionStream), available in Node 20,
 * service workers and pages. Decompression is capped: a small object that inflates without end
 * (a "zip bomb") is cut off at the signed size (checklist D.26).
 */
import { PigeonError } from '../errors.ts';
import { concatBytes } from './bytes.ts';

async function collect(stream: ReadableStream<Uint8Array>, cap: number, what: string): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) throw new PigeonError('TOO_LARGE', `${what} inflates beyond its signed size of ${cap} bytes`);
      parts.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    if (e instanceof PigeonError) throw e;
    throw new PigeonError('MALFORMED', `${what} is not valid gzip data`);
  }
  return parts.length === 1 ? parts[0]! : concatBytes(parts);
}

function source(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** gzip-compress `bytes`. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return collect(source(bytes).pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>), Number.MAX_SAFE_INTEGER, 'data');
}

/**
 * Decompress gzip `bytes`, refusing more than `maxSize` output bytes. When `exactSize` is given the
 * output must be exactly that long (the signed `size` of an object).
 */
export async function gunzip(bytes: Uint8Array, maxSize: number, what = 'object', exactSize?: number): Promise<Uint8Array> {
  const out = await collect(source(bytes).pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>), maxSize, what);
  if (exactSize !== undefined && out.length !== exactSize) {
    throw new PigeonError('LENGTH_MISMATCH', `${what} inflates to ${out.length} bytes; the signed size is ${exactSize}`);
  }
  return out;
}
