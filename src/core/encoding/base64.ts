/**
 * Standard base64 (RFC 4648 §4, padded), as `data:` URLs and the share file's data block use it.
 * Built on btoa/atob (every runtime here has them) in chunks, so large images do not build one
 * argument list per byte.
 */
import { PigeonError } from '../errors.ts';

const CHUNK = 0x8000;
const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Padded standard base64 of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(String.fromCharCode(...bytes.subarray(i, i + CHUNK)));
  }
  return btoa(parts.join(''));
}

/** Strict padded standard base64 decode (no whitespace); MALFORMED otherwise. */
export function fromBase64(text: string, what = 'base64'): Uint8Array {
  if (text.length % 4 !== 0 || !STRICT.test(text)) throw new PigeonError('MALFORMED', `${what} is not valid base64`);
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new PigeonError('MALFORMED', `${what} is not valid base64`);
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
