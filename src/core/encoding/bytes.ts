/**
 * Byte helpers shared by every runtime: UTF-8, hex, base64url, concatenation.
 * Built on TextEncoder/TextDecoder and plain loops so it needs neither Buffer nor the DOM.
 */
import { PigeonError } from '../errors.ts';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 encode. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Strict UTF-8 decode: invalid sequences are MALFORMED, a BOM is kept (and later rejected by JSON). */
export function fromUtf8(bytes: Uint8Array, what = 'text'): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw new PigeonError('MALFORMED', `${what} is not valid UTF-8`);
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

/** Parse lowercase hex of an exact byte length. */
export function fromHex(hex: string, byteLength: number, what = 'hex'): Uint8Array {
  if (hex.length !== byteLength * 2 || !/^[0-9a-f]*$/.test(hex)) {
    throw new PigeonError('MALFORMED', `${what} must be ${byteLength * 2} lowercase hex digits`);
  }
  const out = new Uint8Array(byteLength);
  for (let i = 0; i < byteLength; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = new Map([...B64URL].map((c, i) => [c, i]));

/** base64url without padding (RFC 4648 §5). */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]! + B64URL[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]!;
  }
  return out;
}

/** Strict base64url decode (no padding, canonical trailing bits), optionally of an exact length. */
export function fromBase64url(text: string, what = 'base64url', byteLength?: number): Uint8Array {
  const fail = (): never => {
    throw new PigeonError('MALFORMED', `${what} is not canonical unpadded base64url`);
  };
  if (text.length % 4 === 1) fail();
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (const c of text) {
    const v = B64URL_INDEX.get(c);
    if (v === undefined) fail();
    acc = (acc << 6) | v!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) fail();
  if (byteLength !== undefined && o !== byteLength) {
    throw new PigeonError('MALFORMED', `${what} must decode to ${byteLength} bytes`);
  }
  return out.subarray(0, o);
}

/** Concatenate byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Constant-shape byte equality (not secret-dependent here; used for hashes). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
