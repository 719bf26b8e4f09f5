/**
 * format.md §5.4: open a pinned object: exact length, SHA-256, then gzip to exactly the pinned size.
 */
import { PigeonError } from '../errors.ts';
import { sha256Hex } from '../crypto/sha256.ts';
import { gunzip } from '../encoding/gzip.ts';
import type { ObjectPin } from '../format/common.ts';

/** Verify `bytes` against `pin` and return the decompressed content. */
export async function openObject(bytes: Uint8Array, pin: ObjectPin, what: string): Promise<Uint8Array> {
  if (bytes.length > pin.length) throw new PigeonError('TOO_LARGE', `${what} is ${bytes.length} bytes; the signed length is ${pin.length}`);
  if (bytes.length !== pin.length) throw new PigeonError('LENGTH_MISMATCH', `${what} is ${bytes.length} bytes; the signed length is ${pin.length}`);
  const hash = await sha256Hex(bytes);
  if (hash !== pin.sha256) throw new PigeonError('HASH_MISMATCH', `${what} does not match its signed SHA-256`, { expected: pin.sha256, got: hash });
  return gunzip(bytes, pin.size, what, pin.size);
}
