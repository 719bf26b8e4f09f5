/**
 * Capped gzip (src/core/encoding/gzip.ts): round trip, garbage, truncation, and a decompression
 * bomb cut off at the signed size (checklist D.26, D.38).
 */
import { describe, expect, it } from 'vitest';
import { gunzip, gzip } from '../../../src/core/encoding/gzip.ts';
import { rejectionCode } from '../../helpers/error-code.ts';

const code = rejectionCode;

const text = new TextEncoder().encode('Городской совет проголосовал. The harbour council voted. '.repeat(50));

describe('gzip / gunzip', () => {
  it('round-trips', async () => {
    const gz = await gzip(text);
    expect(gz[0]).toBe(0x1f);
    expect(gz[1]).toBe(0x8b);
    expect(await gunzip(gz, text.length, 'x', text.length)).toEqual(text);
    expect(await gunzip(await gzip(new Uint8Array(0)), 0, 'x', 0)).toEqual(new Uint8Array(0));
  });

  it('rejects garbage, empty input, truncation, a flipped CRC and trailing junk with MALFORMED', async () => {
    const gz = await gzip(text);
    const flipped = gz.slice();
    flipped[flipped.length - 6]! ^= 1;
    for (const bad of [new Uint8Array([1, 2, 3]), new Uint8Array(0), gz.subarray(0, gz.length - 5), gz.subarray(0, 10), flipped, new Uint8Array([...gz, 0x42, 0x42])]) {
      expect(await code(gunzip(bad, 1 << 20))).toBe('MALFORMED');
    }
  });

  it('cuts a decompression bomb off at the cap (TOO_LARGE) without inflating it all', async () => {
    const bomb = await gzip(new Uint8Array(32 * 1024 * 1024)); // 32 MiB of zeros, ~32 KiB compressed
    expect(bomb.length).toBeLessThan(64 * 1024);
    const t = performance.now();
    expect(await code(gunzip(bomb, 64 * 1024, 'pack'))).toBe('TOO_LARGE');
    expect(performance.now() - t).toBeLessThan(2_000);
  });

  it('insists on the exact signed size when given (LENGTH_MISMATCH below it, TOO_LARGE above it)', async () => {
    const gz = await gzip(text);
    expect(await code(gunzip(gz, text.length + 10, 'x', text.length + 10))).toBe('LENGTH_MISMATCH');
    expect(await code(gunzip(gz, text.length - 1, 'x', text.length - 1))).toBe('TOO_LARGE');
  });
});
