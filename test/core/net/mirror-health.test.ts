/** Mirror health records: pure updates, JSON round-trips, ranking with backoff, status lines. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BACKOFF_BASE_MS, BACKOFF_MAX_MS, BAD_BYTES_PENALTY_MS, backoffMs, describeHealth, newHealth, rankMirrors,
  recordBadBytes, recordFailure, recordSuccess, type MirrorHealth,
} from '../../../src/core/net/mirror-health.ts';

const T0 = new Date(2026, 2, 1, 12, 3, 0).getTime(); // local 12:03
const MIN = 60_000;

const ok = (url: string, ms: number, at = T0): MirrorHealth => recordSuccess(newHealth(url), { ms, bytes: 500, at });
const failed = (h: MirrorHealth, times: number, at = T0, code: 'TIMEOUT' | 'HTTP_STATUS' | 'TOO_SLOW' = 'TIMEOUT'): MirrorHealth => {
  for (let i = 0; i < times; i++) h = recordFailure(h, { code, message: 'x', at });
  return h;
};

describe('health records', () => {
  it('are plain JSON and updated without mutation', () => {
    const h = Object.freeze(newHealth('https://a.example/'));
    const h2 = Object.freeze(recordSuccess(h, { ms: 100, bytes: 64 * 1024, at: T0 }));
    const h3 = Object.freeze(recordFailure(h2, { code: 'TIMEOUT', message: 'slow', at: T0 + 1 }));
    const h4 = recordBadBytes(h3, T0 + 2);
    for (const r of [h, h2, h3, h4]) expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(h.successes).toBe(0);
    expect(h2).toMatchObject({ successes: 1, failures: 0, lastSuccessAt: T0, latencyEwmaMs: 100, throughputEwmaBps: 655_360 });
    expect(h3).toMatchObject({ successes: 1, failures: 1, consecutiveFailures: 1, lastFailureAt: T0 + 1, failingSince: T0 + 1 });
    expect(h4).toMatchObject({ failures: 2, consecutiveFailures: 2, badBytesAt: T0 + 2, lastError: { code: 'HASH_MISMATCH' }, failingSince: T0 + 1 });
  });

  it('average latency and throughput, ignoring tiny downloads for throughput', () => {
    let h = recordSuccess(newHealth('m'), { ms: 100, bytes: 100, at: T0 });
    expect(h.throughputEwmaBps).toBeNull();
    h = recordSuccess(h, { ms: 200, bytes: 100, at: T0 });
    expect(h.latencyEwmaMs).toBeCloseTo(130);
  });

  it('a success ends a run of failures', () => {
    const h = recordSuccess(failed(newHealth('m'), 3), { ms: 50, bytes: 10, at: T0 + MIN });
    expect(h.consecutiveFailures).toBe(0);
    expect(h.failingSince).toBeUndefined();
    expect(h.failures).toBe(3);
  });

  it('backs off exponentially, up to a cap', () => {
    expect(backoffMs(newHealth('m'))).toBe(0);
    expect(backoffMs(failed(newHealth('m'), 1))).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(failed(newHealth('m'), 3))).toBe(4 * BACKOFF_BASE_MS);
    expect(backoffMs(failed(newHealth('m'), 500))).toBe(BACKOFF_MAX_MS);
  });
});

describe('rankMirrors', () => {
  it('puts recent fast successes first, then untried, then failing, then liars', () => {
    const records = [
      recordBadBytes(ok('liar', 10), T0),
      failed(ok('failing', 20), 1),
      newHealth('untried'),
      ok('slow', 900),
      ok('fast', 120),
    ];
    expect(rankMirrors(records, T0 + 1_000)).toEqual(['fast', 'slow', 'untried', 'failing', 'liar']);
  });

  it('retries a failed mirror once its backoff is over, and waits longer after each failure', () => {
    const once = failed(newHealth('once'), 1);
    const thrice = failed(newHealth('thrice'), 3);
    const other = newHealth('other');
    // In backoff: behind any mirror that is free, ahead of one that is due later.
    expect(rankMirrors([once, other], T0 + BACKOFF_BASE_MS - 1)).toEqual(['other', 'once']);
    expect(rankMirrors([thrice, once], T0 + BACKOFF_BASE_MS - 1)).toEqual(['once', 'thrice']);
    // Backoff over: ahead of any mirror still backing off; behind mirrors with fewer failures.
    expect(rankMirrors([thrice, once], T0 + BACKOFF_BASE_MS)).toEqual(['once', 'thrice']);
    expect(rankMirrors([once, other], T0 + BACKOFF_BASE_MS)).toEqual(['other', 'once']);
    // After three failures the backoff is four times as long.
    const dead = failed(newHealth('dead'), 10);
    expect(rankMirrors([dead, thrice], T0 + 4 * BACKOFF_BASE_MS - 1)).toEqual(['thrice', 'dead']); // both backing off, thrice due first
    expect(rankMirrors([dead, thrice, other], T0 + 4 * BACKOFF_BASE_MS)).toEqual(['other', 'thrice', 'dead']);
    expect(rankMirrors([thrice, dead], T0 + BACKOFF_MAX_MS)).toEqual(['thrice', 'dead']);
    expect(rankMirrors([dead, thrice], T0 + BACKOFF_MAX_MS)).toEqual(['thrice', 'dead']); // both free: fewer failures first
  });

  it('orders mirrors in backoff by when they are due', () => {
    const soon = failed(newHealth('soon'), 1);
    const later = failed(newHealth('later'), 5);
    expect(rankMirrors([later, soon], T0 + 1)).toEqual(['soon', 'later']);
  });

  it('keeps a mirror that served bad bytes last for the penalty period, then lets it compete again', () => {
    const liar = recordSuccess(recordBadBytes(newHealth('liar'), T0), { ms: 5, bytes: 10, at: T0 + 1 });
    const dead = failed(newHealth('dead'), 10, T0);
    expect(rankMirrors([liar, dead], T0 + 2)).toEqual(['dead', 'liar']);
    expect(rankMirrors([liar, dead], T0 + BAD_BYTES_PENALTY_MS + 1)).toEqual(['liar', 'dead']);
  });

  it('does not lock a mirror out when the clock moved backwards', () => {
    const future = failed(newHealth('future'), 8, T0 + 24 * 60 * MIN);
    expect(rankMirrors([future, failed(newHealth('now'), 1)], T0)).toEqual(['future', 'now']);
  });

  it('never drops or duplicates a mirror', () => {
    const record = fc.record({
      failures: fc.nat(20),
      successes: fc.nat(20),
      latency: fc.option(fc.nat(10_000)),
      failAgo: fc.option(fc.integer({ min: -1e6, max: 1e9 })),
      okAgo: fc.option(fc.integer({ min: -1e6, max: 1e9 })),
      badAgo: fc.option(fc.integer({ min: -1e6, max: 1e9 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), fc.integer({ min: 0, max: 2e12 }), (rs, now) => {
        const records: MirrorHealth[] = rs.map((r, i) => ({
          ...newHealth(`m${i}`),
          successes: r.successes,
          failures: r.failures,
          consecutiveFailures: Math.min(r.failures, 5),
          latencyEwmaMs: r.latency,
          lastFailureAt: r.failAgo === null ? null : now - r.failAgo,
          lastSuccessAt: r.okAgo === null ? null : now - r.okAgo,
          ...(r.badAgo === undefined ? {} : { badBytesAt: now - r.badAgo }),
        }));
        const ranked = rankMirrors(records, now);
        expect([...ranked].sort()).toEqual(records.map((r) => r.url).sort());
      }),
    );
  });
});

describe('describeHealth', () => {
  it('says what a reader or operator needs to know', () => {
    expect(describeHealth(newHealth('m'), T0)).toBe('not tried yet');
    expect(describeHealth(ok('m', 120), T0)).toBe('ok, 120 ms');
    expect(describeHealth(failed(ok('m', 120), 3, T0), T0 + 5 * MIN)).toBe('not responding since 12:03');
    expect(describeHealth(failed(newHealth('m'), 1, T0, 'TOO_SLOW'), T0)).toBe('too slow since 12:03');
    const http = recordFailure(newHealth('m'), { code: 'HTTP_STATUS', message: 'mirror answered HTTP 503', at: T0, status: 503 });
    expect(describeHealth(http, T0)).toBe('HTTP 503 since 12:03');
    expect(describeHealth(recordBadBytes(ok('m', 10), T0), T0 + MIN)).toBe('served bad data');
  });

  it('reports the start of a run of failures, with the date when it was not today', () => {
    const h = failed(failed(newHealth('m'), 1, T0), 1, T0 + 60 * MIN);
    expect(describeHealth(h, T0 + 61 * MIN)).toBe('not responding since 12:03');
    expect(describeHealth(h, T0 + 2 * 24 * 60 * MIN)).toBe('not responding since 2026-03-01 12:03');
  });
});
