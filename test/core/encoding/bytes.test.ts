/**
 * Byte helpers (src/core/encoding/bytes.ts): UTF-8, hex, strict canonical base64url.
 * Every rejection is a MALFORMED PigeonError, never another exception.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PigeonError } from '../../../src/core/errors.ts';
import { bytesEqual, concatBytes, fromBase64url, fromHex, fromUtf8, toBase64url, toHex, utf8 } from '../../../src/core/encoding/bytes.ts';
import { errorCode } from '../../helpers/error-code.ts';

const code = errorCode;

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('utf8 / fromUtf8', () => {
  it('round-trips English, Russian, emoji', () => {
    for (const s of ['', 'hello', 'Городской совет', '😀 ok', '\u0000']) expect(fromUtf8(utf8(s))).toBe(s);
  });

  it('rejects invalid UTF-8 with MALFORMED (overlong, lone continuation, encoded surrogate, truncated)', () => {
    for (const bad of [[0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(code(() => fromUtf8(new Uint8Array(bad)))).toBe('MALFORMED');
    }
  });

  it('keeps a BOM (so that JSON parsing later rejects it) instead of silently stripping it', () => {
    expect(fromUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('\ufeff{}');
  });
});

describe('hex', () => {
  it('encodes lowercase and round-trips', () => {
    expect(toHex(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0001abff');
    expect(fromHex('0001abff', 4)).toEqual(new Uint8Array([0, 1, 0xab, 0xff]));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => bytesEqual(fromHex(toHex(b), b.length), b)));
  });

  it('rejects uppercase, wrong length, odd length, non-hex, signs and spaces', () => {
    for (const [h, n] of [['0001ABFF', 4], ['0001ab', 4], ['0001abf', 4], ['zz', 1], ['+1', 1], [' 1', 1], ['0x', 1], ['', 1]] as const) {
      expect(code(() => fromHex(h, n))).toBe('MALFORMED');
    }
    expect(fromHex('', 0)).toEqual(new Uint8Array(0));
  });
});

describe('base64url (RFC 4648 §5, unpadded, canonical)', () => {
  // RFC 4648 §10 test vectors, without padding.
  const vectors: [string, string][] = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']];

  it('encodes and decodes the RFC 4648 vectors', () => {
    for (const [plain, enc] of vectors) {
      expect(toBase64url(ascii(plain))).toBe(enc);
      expect(fromBase64url(enc)).toEqual(ascii(plain));
    }
  });

  it('uses - and _ (the URL alphabet)', () => {
    expect(toBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(fromBase64url('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it('round-trips arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => bytesEqual(fromBase64url(toBase64url(b)), b)));
  });

  it('rejects padding, the standard alphabet, whitespace, impossible lengths and non-zero trailing bits', () => {
    for (const bad of ['Zg==', 'Zm8=', '+_8', '-/8', 'Zm 9v', 'Zm9v\n', 'Z', 'Zm9vY', 'Zh', 'Zm9', 'Zm-', 'é', '😀']) {
      expect(code(() => fromBase64url(bad)), bad).toBe('MALFORMED');
    }
  });

  it('every string has at most one accepted spelling per byte string (canonical)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_='), maxLength: 12 }), (s) => {
        let b: Uint8Array;
        try {
          b = fromBase64url(s);
        } catch (e) {
          return e instanceof PigeonError && e.code === 'MALFORMED';
        }
        return toBase64url(b) === s;
      }),
      { numRuns: 3000 },
    );
  });

  it('checks an exact decoded length when asked (64-byte signatures, 32-byte keys)', () => {
    const sig = toBase64url(new Uint8Array(64).fill(7));
    expect(fromBase64url(sig, 'sig', 64)).toHaveLength(64);
    expect(code(() => fromBase64url(sig, 'sig', 63))).toBe('MALFORMED');
    expect(code(() => fromBase64url(toBase64url(new Uint8Array(65)), 'sig', 64))).toBe('MALFORMED');
  });
});

describe('concatBytes / bytesEqual', () => {
  it('concatenates and compares', () => {
    expect(concatBytes([new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3])])).toEqual(new Uint8Array([1, 2, 3]));
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});
