/**
 * Hedged multi-mirror fetches: real hostile servers with fetchCapped plus verification as the
 * attempt (checklist items 32–34), and fake attempts for the scheduling rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PigeonError } from '../../../src/core/errors.ts';
import { fetchCapped } from '../../../src/core/net/fetch-capped.ts';
import { fetchFromAny, fetchFromSeveral, type AttemptOutcome, type MirrorFailure } from '../../../src/core/net/hedged.ts';
import { hang, html200, serve, slowStart, startHostileServer, status, type HostileServer } from '../../helpers/hostile-server.ts';

const GOOD = new TextEncoder().encode('{"_type":"pigeonpost.timestamp","version":7}');
const EVIL = new TextEncoder().encode('{"_type":"pigeonpost.timestamp","version":9}');

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Download with tight limits, then verify against the pinned hash, as the sync engine will. */
function verifiedAttempt(pin: string, headerDeadlineMs = 1_000) {
  return async (url: string, signal: AbortSignal): Promise<Uint8Array> => {
    const r = await fetchCapped(url, { maxBytes: 1024, signal, deadlineMs: 3_000, headerDeadlineMs, minBytesPerSec: 10, throughputGraceMs: 300, throughputWindowMs: 300 });
    if ((await sha256(r.bytes)) !== pin) throw new PigeonError('HASH_MISMATCH', 'bytes do not match the pinned hash');
    return r.bytes;
  };
}

/** The PigeonError `p` rejects with. */
async function rejection(p: Promise<unknown>): Promise<PigeonError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PigeonError);
    return e as PigeonError;
  }
  throw new Error('expected a rejection');
}

/** Collects onAttempt reports. */
function observer() {
  const seen: { mirror: string; outcome: AttemptOutcome }[] = [];
  return { seen, onAttempt: (mirror: string, outcome: AttemptOutcome) => seen.push({ mirror, outcome }) };
}

const servers: Record<string, HostileServer> = {};
let pin = '';

beforeAll(async () => {
  pin = await sha256(GOOD);
  const make = async (name: string, b: Parameters<typeof startHostileServer>[0]) => (servers[name] = await startHostileServer(b));
  await Promise.all([
    make('good', { 'timestamp.json': serve(GOOD) }),
    make('good2', { 'timestamp.json': serve(GOOD) }),
    make('slow', { 'timestamp.json': slowStart(2_000, serve(GOOD)) }),
    make('evil', { 'timestamp.json': serve(EVIL) }),
    make('hang', { '*': hang() }),
    make('down', { '*': status(500) }),
    make('portal', { '*': html200() }),
  ]);
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

const url = (name: string): string => servers[name]!.url;

describe('fetchFromAny', () => {
  it('brings in the second mirror when the first is slow, and aborts the first once it wins', async () => {
    const obs = observer();
    const t0 = performance.now();
    const r = await fetchFromAny([url('slow'), url('good')], 'timestamp.json', verifiedAttempt(pin), { hedgeDelayMs: 150, maxConcurrent: 2, onAttempt: obs.onAttempt });
    const ms = performance.now() - t0;
    expect(r.mirror).toBe(url('good'));
    expect(r.url).toBe(`${url('good')}timestamp.json`);
    expect(r.value).toEqual(GOOD);
    expect(ms).toBeGreaterThanOrEqual(140); // waited for the hedge delay, not longer
    expect(ms).toBeLessThan(1_000); // did not wait for the slow mirror
    expect(obs.seen.map((s) => [s.mirror, s.outcome.kind])).toEqual([[url('good'), 'success'], [url('slow'), 'cancelled']]);
    await servers['slow']!.waitFor(() => servers['slow']!.requests.every((q) => q.clientClosed));
  });

  it('moves on at once when the first mirror serves bad bytes, with the same verification', async () => {
    const obs = observer();
    const t0 = performance.now();
    const r = await fetchFromAny([url('evil'), url('good')], 'timestamp.json', verifiedAttempt(pin), { hedgeDelayMs: 10_000, maxConcurrent: 1, onAttempt: obs.onAttempt });
    expect(performance.now() - t0).toBeLessThan(1_000); // no hedge wait: the failure freed the slot
    expect(r.mirror).toBe(url('good'));
    expect(r.value).toEqual(GOOD);
    const first = obs.seen[0]!;
    expect(first.mirror).toBe(url('evil'));
    expect(first.outcome.kind === 'failure' && first.outcome.error.code).toBe('HASH_MISMATCH');
  });

  it('rejects with ALL_MIRRORS_FAILED listing each mirror and its reason', async () => {
    const mirrors = [url('hang'), url('down'), url('portal'), url('evil'), 'ftp://bad.example/'];
    const t0 = performance.now();
    const err = await rejection(fetchFromAny(mirrors, 'timestamp.json', verifiedAttempt(pin, 400), { hedgeDelayMs: 100, maxConcurrent: 3 }));
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(err.code).toBe('ALL_MIRRORS_FAILED');
    const byMirror = Object.fromEntries((err.detail!['errors'] as MirrorFailure[]).map((f) => [f.mirror, f.code]));
    expect(byMirror).toEqual({
      [url('hang')]: 'TIMEOUT',
      [url('down')]: 'HTTP_STATUS',
      [url('portal')]: 'NOT_BUNDLE',
      [url('evil')]: 'HASH_MISMATCH',
      'ftp://bad.example/': 'MALFORMED',
    });
    for (const m of mirrors) expect(err.message).toContain(m);
  });

  it('never has more than maxConcurrent attempts in flight, and asks each mirror once', async () => {
    let inFlight = 0;
    let peak = 0;
    const calls: string[] = [];
    const attempt = (u: string, signal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        calls.push(u);
        peak = Math.max(peak, ++inFlight);
        const done = (f: () => void) => () => { inFlight--; f(); };
        const t = setTimeout(done(u.includes('m5') ? () => resolve(u) : () => reject(new PigeonError('TIMEOUT', 'slow'))), 80);
        signal.addEventListener('abort', () => { clearTimeout(t); done(() => reject(signal.reason))(); });
      });
    const mirrors = ['https://m1.example/', 'https://m2.example/', 'https://m3.example/', 'https://m1.example/', 'https://m4.example/', 'https://m5.example/'];
    const r = await fetchFromAny(mirrors, 'timestamp.json', attempt, { hedgeDelayMs: 5, maxConcurrent: 2 });
    expect(r.mirror).toBe('https://m5.example/');
    expect(peak).toBe(2);
    expect(calls).toHaveLength(5); // m1 listed twice, asked once
  });

  it('stops everything when the caller aborts', async () => {
    const ac = new AbortController();
    const obs = observer();
    setTimeout(() => ac.abort(), 100);
    const t0 = performance.now();
    const err = await rejection(fetchFromAny([url('hang'), url('slow')], 'timestamp.json', verifiedAttempt(pin), {
      hedgeDelayMs: 20, maxConcurrent: 2, signal: ac.signal, onAttempt: obs.onAttempt,
    }));
    expect(err.code).toBe('ABORTED');
    expect(performance.now() - t0).toBeLessThan(400);
    expect(obs.seen.map((s) => s.outcome.kind)).toEqual(['cancelled', 'cancelled']);
  });

  it('rejects at once without mirrors or with an aborted signal', async () => {
    await expect(fetchFromAny([], 'timestamp.json', verifiedAttempt(pin), { hedgeDelayMs: 1, maxConcurrent: 1 })).rejects.toMatchObject({ code: 'ALL_MIRRORS_FAILED' });
    await expect(fetchFromAny([url('good')], 'timestamp.json', verifiedAttempt(pin), { hedgeDelayMs: 1, maxConcurrent: 1, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('refuses a path outside the repository vocabulary before any request', async () => {
    const before = servers['good']!.requests.length;
    await expect(fetchFromAny([url('good')], '../secret', verifiedAttempt(pin), { hedgeDelayMs: 1, maxConcurrent: 1 })).rejects.toMatchObject({ code: 'ALL_MIRRORS_FAILED' });
    expect(servers['good']!.requests.length).toBe(before);
  });
});

describe('fetchFromSeveral', () => {
  it('returns two results when two mirrors answer', async () => {
    const r = await fetchFromSeveral([url('good'), url('good2')], 'timestamp.json', verifiedAttempt(pin), { want: 2, hedgeDelayMs: 1_000, maxConcurrent: 3 });
    expect(r.map((x) => x.mirror).sort()).toEqual([url('good'), url('good2')].sort());
    for (const x of r) expect(x.value).toEqual(GOOD);
  });

  it('keeps asking past failures and hangs until `want` mirrors answered', async () => {
    const obs = observer();
    const t0 = performance.now();
    const r = await fetchFromSeveral([url('hang'), url('down'), url('good'), url('good2')], 'timestamp.json', verifiedAttempt(pin), {
      want: 2, hedgeDelayMs: 5_000, maxConcurrent: 2, onAttempt: obs.onAttempt,
    });
    expect(performance.now() - t0).toBeLessThan(1_000); // the hang did not hold anything up
    expect(r.map((x) => x.mirror)).toEqual([url('good'), url('good2')]);
    expect(obs.seen.find((s) => s.mirror === url('hang'))?.outcome.kind).toBe('cancelled');
  });

  it('returns every answer so the caller can take the highest version (a withholding mirror cannot freeze)', async () => {
    const version = async (u: string, signal: AbortSignal) => {
      const r = await fetchCapped(u, { maxBytes: 1024, signal, headerDeadlineMs: 1_000 });
      return (JSON.parse(new TextDecoder().decode(r.bytes)) as { version: number }).version;
    };
    const r = await fetchFromSeveral([url('good'), url('evil')], 'timestamp.json', version, { want: 2, hedgeDelayMs: 1_000, maxConcurrent: 2 });
    expect(Math.max(...r.map((x) => x.value))).toBe(9);
    expect(r).toHaveLength(2);
  });

  it('returns fewer than `want` when only some mirrors answer, and fails when none do', async () => {
    const one = await fetchFromSeveral([url('down'), url('good'), url('portal')], 'timestamp.json', verifiedAttempt(pin), { want: 2, hedgeDelayMs: 50, maxConcurrent: 2 });
    expect(one.map((x) => x.mirror)).toEqual([url('good')]);
    const err = await rejection(fetchFromSeveral([url('down'), url('portal')], 'timestamp.json', verifiedAttempt(pin), { want: 2, hedgeDelayMs: 50, maxConcurrent: 2 }));
    expect(err.code).toBe('ALL_MIRRORS_FAILED');
    expect(err.detail!['errors']).toHaveLength(2);
  });
});

describe('options', () => {
  it('rejects (rather than throws) on nonsensical options', async () => {
    const p = fetchFromAny([url('good')], 'timestamp.json', verifiedAttempt(pin), { hedgeDelayMs: 1, maxConcurrent: 0 });
    await expect(p).rejects.toBeInstanceOf(RangeError);
    await expect(fetchFromSeveral([url('good')], 'timestamp.json', verifiedAttempt(pin), { want: 0, hedgeDelayMs: 1, maxConcurrent: 1 })).rejects.toBeInstanceOf(RangeError);
  });
});
