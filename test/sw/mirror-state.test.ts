/**
 * Mirror states for the mirrors panel (src/sw/mirrors.ts, src/core/net/mirror-health.ts): a mirror
 * one edition behind is "behind", not failing; "suspicious" only for faults it alone showed.
 */
import { describe, expect, it } from 'vitest';
import { describeHealth, newHealth, rankMirrors, recordBadBytes, recordBehind, recordFailure, recordSuccess } from '../../src/core/net/mirror-health.ts';
import { mirrorState } from '../../src/sw/mirrors.ts';

const now = 1_800_000_000_000;
const ok = (url: string) => recordSuccess(newHealth(url), { ms: 20, bytes: 100, at: now - 1000 });

describe('mirror states', () => {
  it('behind: a valid older edition, ranked after current mirrors, cleared by the next success', () => {
    const a = recordBehind(ok('https://a.test/'), { at: now - 500, version: 41, expires: '2027-01-16T08:00:00Z' });
    const b = ok('https://b.test/');
    expect(mirrorState(a, [a, b], now)).toBe('behind');
    expect(a.consecutiveFailures).toBe(0);
    expect(describeHealth(a, now)).toContain('behind');
    expect(rankMirrors([a, b], now)).toEqual(['https://b.test/', 'https://a.test/']);
    const caughtUp = recordSuccess(a, { ms: 20, bytes: 100, at: now });
    expect(caughtUp.behind).toBeUndefined();
    expect(mirrorState(caughtUp, [caughtUp, b], now)).toBe('ok');
  });

  it('suspicious only when it alone served bad data; the same fault everywhere is "failing"', () => {
    const bad = recordBadBytes(ok('https://a.test/'), now - 100);
    const good = ok('https://b.test/');
    expect(mirrorState(bad, [bad, good], now)).toBe('suspicious');
    const bad2 = recordBadBytes(ok('https://b.test/'), now - 100);
    expect(mirrorState(bad, [bad, bad2], now)).toBe('failing');
    expect(mirrorState(bad, [bad], now)).toBe('failing');
  });

  it('failing for unreachable mirrors, untried before any contact', () => {
    const down = recordFailure(newHealth('https://a.test/'), { code: 'NETWORK', message: 'x', at: now - 100 });
    expect(mirrorState(down, [down], now)).toBe('failing');
    expect(mirrorState(undefined, [], now)).toBe('untried');
    expect(mirrorState(newHealth('https://c.test/'), [], now)).toBe('untried');
  });
});
