/** The throughput rule and the markup sniffer, on simulated time and hand-made chunks. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/core/net/limits.ts';
import { createMarkupSniffer } from '../../../src/core/net/sniff.ts';
import { createThroughputMeter } from '../../../src/core/net/throughput.ts';

const DEFAULT_RULE = {
  minBytesPerSec: DEFAULT_LIMITS.minBytesPerSec,
  graceMs: DEFAULT_LIMITS.throughputGraceMs,
  windowMs: DEFAULT_LIMITS.throughputWindowMs,
};

/** First time (ms, checked every 250 ms like fetchCapped) at which the meter says too slow, or null. */
function cutOffAt(arrivals: [at: number, bytes: number][], until: number): number | null {
  const meter = createThroughputMeter(DEFAULT_RULE, 0);
  let i = 0;
  for (let t = 0; t <= until; t += 250) {
    while (i < arrivals.length && arrivals[i]![0] <= t) meter.add(arrivals[i]![1], arrivals[i++]![0]);
    if (meter.tooSlow(t)) return t;
  }
  return null;
}

describe('throughput rule with the default limits', () => {
  it('cuts off a 1 byte/s drip within a few seconds', () => {
    const drip = Array.from({ length: 120 }, (_, s): [number, number] => [s * 1000, 1]);
    const t = cutOffAt(drip, 120_000);
    expect(t).not.toBeNull();
    expect(t!).toBeGreaterThanOrEqual(DEFAULT_LIMITS.throughputGraceMs);
    expect(t!).toBeLessThanOrEqual(6_000);
  });

  it('cuts off a drip that stays just under the minimum (1000 B/s in 100-byte sips)', () => {
    const drip = Array.from({ length: 1200 }, (_, k): [number, number] => [k * 100, 100]);
    expect(cutOffAt(drip, 120_000)).not.toBeNull();
  });

  it('passes a bursty slow-3G link (about 50 KB/s in 64 KiB bursts every 1.3 s) for two minutes', () => {
    const bursts = Array.from({ length: 92 }, (_, k): [number, number] => [800 + k * 1300, 64 * 1024]);
    expect(cutOffAt(bursts, 120_000)).toBeNull();
  });

  it('passes GPRS (about 5 KB/s in 1400-byte packets)', () => {
    const packets = Array.from({ length: 400 }, (_, k): [number, number] => [k * 280, 1400]);
    expect(cutOffAt(packets, 110_000)).toBeNull();
  });

  it('never judges during the grace period, even with no bytes at all', () => {
    const meter = createThroughputMeter(DEFAULT_RULE, 1_000);
    expect(meter.tooSlow(1_000 + DEFAULT_LIMITS.throughputGraceMs - 1)).toBe(false);
    expect(meter.tooSlow(1_000 + DEFAULT_LIMITS.throughputGraceMs)).toBe(true);
  });

  it('is disabled by a zero minimum', () => {
    const meter = createThroughputMeter({ ...DEFAULT_RULE, minBytesPerSec: 0 }, 0);
    expect(meter.tooSlow(60_000)).toBe(false);
  });
});

describe('markup sniffer', () => {
  const verdict = (...chunks: number[][]): boolean | undefined => {
    const s = createMarkupSniffer();
    let v: boolean | undefined;
    for (const c of chunks) v = s.push(new Uint8Array(c));
    return v;
  };
  const ascii = (t: string): number[] => [...t].map((c) => c.charCodeAt(0));

  it('finds markup after whitespace and a BOM, across chunk boundaries', () => {
    expect(verdict(ascii('<!DOCTYPE html>'))).toBe(true);
    expect(verdict(ascii(' \r\n\t'), ascii('\f<html'))).toBe(true);
    expect(verdict([0xef], [0xbb, 0xbf], ascii('  <'))).toBe(true);
  });

  it('passes JSON, gzip and a broken BOM', () => {
    expect(verdict(ascii('  {"_type":'))).toBe(false);
    expect(verdict([0x1f, 0x8b, 0x08])).toBe(false);
    expect(verdict([0xef, 0xbb, 0x3c])).toBe(false);
  });

  it('stays undecided on whitespace only', () => {
    expect(verdict(ascii('   '), ascii('\n'))).toBeUndefined();
    expect(verdict([])).toBeUndefined();
  });
});
