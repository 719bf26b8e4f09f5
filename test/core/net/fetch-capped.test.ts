/**
 * fetchCapped against a real local HTTP server playing hostile mirrors
 * (adversarial checklist items 24–31). Limits are shortened so the file runs in a few seconds;
 * every failure asserts its error code and a bound on how long it took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PigeonError } from '../../../src/core/errors.ts';
import { fetchCapped, type FetchCappedOptions } from '../../../src/core/net/fetch-capped.ts';
import {
  drip, endless, hang, html200, lyingLength, redirect, serve, serveChunked, slowStart, startHostileServer, status,
  type HostileServer,
} from '../../helpers/hostile-server.ts';

const FAST: Omit<FetchCappedOptions, 'maxBytes'> = {
  deadlineMs: 2_000,
  headerDeadlineMs: 1_000, // generous: a cold first request on a loaded CI machine can take 300 ms
  minBytesPerSec: 100,
  throughputGraceMs: 300,
  throughputWindowMs: 300,
};

const body = (n: number, fill = 0x7b): Uint8Array => new Uint8Array(n).fill(fill);

/** Run `p`, expect a PigeonError, return it with the elapsed time (ms). */
async function failure(p: Promise<unknown>): Promise<{ err: PigeonError; ms: number }> {
  const t0 = performance.now();
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PigeonError);
    return { err: e as PigeonError, ms: performance.now() - t0 };
  }
  throw new Error('expected a rejection');
}

let srv: HostileServer;
let other: HostileServer;

beforeAll(async () => {
  other = await startHostileServer({ 'target.json': serve('{"ok":true}') });
  srv = await startHostileServer({
    'ok.json': serve('{"v":1}', { contentType: 'application/json' }),
    'ok-chunked': serveChunked(body(3000)),
    'json-as-html': serve('{"v":1}', { contentType: 'text/html' }),
    'hang': hang(),
    'slow-start-long': slowStart(1_000),
    'slow-start-short': slowStart(50, serve('{"late":true}')),
    'drip': drip({ intervalMs: 100 }),
    'steady': drip({ intervalMs: 20, bytesPerTick: 100 }), // 5000 B/s: fast enough, never ends
    'honest-slow': drip({ intervalMs: 50, bytesPerTick: 100, total: 1_200 }), // 2000 B/s for 0.6 s
    'endless': endless(),
    'big': serve(body(2 * 1024 * 1024)),
    'over-cap-chunked': serveChunked(body(2_000)),
    'exact-100': serve(body(100)),
    'short-claims-long': lyingLength(body(50), 100),
    'long-claims-short': lyingLength(body(100), 50),
    'portal': html200(),
    'portal-bom': serve(new Uint8Array([0xef, 0xbb, 0xbf, 0x20, 0x0a, 0x3c, 0x68])),
    'portal-drip': drip({ intervalMs: 200, fill: 0x3c }),
    'svg': serve('<svg xmlns="http://www.w3.org/2000/svg"/>', { contentType: 'image/svg+xml' }),
    'not-found': status(404),
    'unavailable': status(503),
    'moved': redirect(`${other.url}target.json`),
    'moved-local': redirect('/ok.json', 301),
  });
});

afterAll(async () => {
  await srv.close();
  await other.close();
});

describe('fetchCapped: success', () => {
  it('returns the exact bytes, status, url, content type and progress', async () => {
    const progress: number[] = [];
    const r = await fetchCapped(`${srv.url}ok.json`, { ...FAST, maxBytes: 1024, onProgress: (n) => progress.push(n) });
    expect(new TextDecoder().decode(r.bytes)).toBe('{"v":1}');
    expect(r.bytes.byteLength).toBe(r.bytes.buffer.byteLength);
    expect(r.status).toBe(200);
    expect(r.url).toBe(`${srv.url}ok.json`);
    expect(r.contentType).toBe('application/json');
    expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(progress.at(-1)).toBe(7);
  });

  it('accepts a chunked body under the cap and an exact expectedLength', async () => {
    expect((await fetchCapped(`${srv.url}ok-chunked`, { ...FAST, maxBytes: 3000 })).bytes.byteLength).toBe(3000);
    expect((await fetchCapped(`${srv.url}exact-100`, { ...FAST, maxBytes: 1000, expectedLength: 100 })).bytes.byteLength).toBe(100);
  });

  it('sends no cookies, no referrer, and asks fetch for redirect:error, omit, no-referrer, cors, no-store', async () => {
    let init: RequestInit | undefined;
    const spy: typeof fetch = (input, i) => {
      init = i;
      return fetch(input, i);
    };
    await fetchCapped(`${srv.url}ok.json`, { ...FAST, maxBytes: 1024, fetchImpl: spy });
    expect(init).toMatchObject({ method: 'GET', redirect: 'error', credentials: 'omit', referrerPolicy: 'no-referrer', mode: 'cors', cache: 'no-store' });
    const seen = srv.hits('ok.json').at(-1)!;
    expect(seen.headers['cookie']).toBeUndefined();
    expect(seen.headers['referer']).toBeUndefined();
  });

  it('lets a slow but honest mirror finish (2000 B/s against a 100 B/s minimum)', async () => {
    const r = await fetchCapped(`${srv.url}honest-slow`, { ...FAST, maxBytes: 4000 });
    expect(r.bytes.byteLength).toBe(1200);
    expect(r.ms).toBeGreaterThan(500); // long enough to have been judged twice
  });

  it('waits for late headers inside the header deadline', async () => {
    const r = await fetchCapped(`${srv.url}slow-start-short`, { ...FAST, maxBytes: 1024 });
    expect(new TextDecoder().decode(r.bytes)).toBe('{"late":true}');
  });

  it('accepts a valid body whatever its Content-Type (item 29), and markup when expectHtml is set', async () => {
    expect(new TextDecoder().decode((await fetchCapped(`${srv.url}json-as-html`, { ...FAST, maxBytes: 1024 })).bytes)).toBe('{"v":1}');
    expect((await fetchCapped(`${srv.url}svg`, { ...FAST, maxBytes: 1024, expectHtml: true })).bytes[0]).toBe(0x3c);
  });
});

describe('fetchCapped: deadlines and throughput', () => {
  it('gives up on a mirror that never sends headers (TIMEOUT at the header deadline)', async () => {
    const { err, ms } = await failure(fetchCapped(`${srv.url}hang`, { ...FAST, headerDeadlineMs: 300, maxBytes: 1024 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.detail).toMatchObject({ phase: 'headers' });
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(800);
    await srv.waitFor(() => srv.hits('hang').every((r) => r.clientClosed));
  });

  it('gives up on headers that come after the header deadline', async () => {
    const { err, ms } = await failure(fetchCapped(`${srv.url}slow-start-long`, { ...FAST, headerDeadlineMs: 300, maxBytes: 1024 }));
    expect(err.code).toBe('TIMEOUT');
    expect(ms).toBeLessThan(800);
  });

  it('enforces the total deadline on a body that is fast enough but never ends', async () => {
    const { err, ms } = await failure(fetchCapped(`${srv.url}steady`, { ...FAST, deadlineMs: 600, maxBytes: 1 << 20 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.detail).toMatchObject({ phase: 'body' });
    expect(ms).toBeGreaterThanOrEqual(580);
    expect(ms).toBeLessThan(1_200);
  });

  it('cuts off a drip-feed below the minimum throughput although bytes keep arriving (TOO_SLOW)', async () => {
    // 10 B/s with a 100 ms gap: an inactivity timeout of any sane length would never fire.
    const { err, ms } = await failure(fetchCapped(`${srv.url}drip`, { ...FAST, deadlineMs: 10_000, maxBytes: 1 << 20 }));
    expect(err.code).toBe('TOO_SLOW');
    expect(ms).toBeGreaterThanOrEqual(280); // not judged during the grace period
    expect(ms).toBeLessThan(1_000);
    await srv.waitFor(() => srv.hits('drip').every((r) => r.clientClosed));
  });

  it('is cut off even if the fetch implementation ignores the abort signal', async () => {
    const deaf: typeof fetch = () => new Promise<Response>(() => {});
    const { err, ms } = await failure(fetchCapped('http://127.0.0.1:9/x', { ...FAST, headerDeadlineMs: 300, maxBytes: 10, fetchImpl: deaf }));
    expect(err.code).toBe('TIMEOUT');
    expect(ms).toBeLessThan(800);
  });
});

describe('fetchCapped: size', () => {
  it('stops an endless body at the cap and releases the connection (TOO_LARGE)', async () => {
    const { err, ms } = await failure(fetchCapped(`${srv.url}endless`, { ...FAST, maxBytes: 64 * 1024 }));
    expect(err.code).toBe('TOO_LARGE');
    expect(ms).toBeLessThan(1_000);
    await srv.waitFor(() => srv.hits('endless').every((r) => r.clientClosed));
  });

  it('refuses before reading when Content-Length is over the cap', async () => {
    let progress = 0;
    const { err } = await failure(fetchCapped(`${srv.url}big`, { ...FAST, maxBytes: 1024, onProgress: () => progress++ }));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.detail).toMatchObject({ contentLength: 2 * 1024 * 1024 });
    expect(progress).toBe(0);
  });

  it('counts bytes when there is no Content-Length', async () => {
    const { err } = await failure(fetchCapped(`${srv.url}over-cap-chunked`, { ...FAST, maxBytes: 1_000 }));
    expect(err.code).toBe('TOO_LARGE');
  });

  it('refuses more bytes than the signed length, even under the cap', async () => {
    const { err } = await failure(fetchCapped(`${srv.url}exact-100`, { ...FAST, maxBytes: 1000, expectedLength: 99 }));
    expect(err.code).toBe('TOO_LARGE');
  });

  it('refuses a signed length over the cap without any request', async () => {
    const before = srv.requests.length;
    const { err } = await failure(fetchCapped(`${srv.url}exact-100`, { ...FAST, maxBytes: 10, expectedLength: 100 }));
    expect(err.code).toBe('TOO_LARGE');
    expect(srv.requests.length).toBe(before);
  });

  it('refuses a body shorter than the signed length (LENGTH_MISMATCH)', async () => {
    const { err } = await failure(fetchCapped(`${srv.url}exact-100`, { ...FAST, maxBytes: 1000, expectedLength: 120 }));
    expect(err.code).toBe('LENGTH_MISMATCH');
    expect(err.detail).toMatchObject({ received: 100, expectedLength: 120 });
  });

  it('refuses a body cut short by a Content-Length that is too small', async () => {
    const { err } = await failure(fetchCapped(`${srv.url}long-claims-short`, { ...FAST, maxBytes: 1000, expectedLength: 100 }));
    expect(err.code).toBe('LENGTH_MISMATCH');
    expect(err.detail).toMatchObject({ received: 50 });
  });

  it('reports a connection dropped before the announced length (NETWORK)', async () => {
    const { err } = await failure(fetchCapped(`${srv.url}short-claims-long`, { ...FAST, maxBytes: 1000 }));
    expect(err.code).toBe('NETWORK');
  });
});

describe('fetchCapped: hostile answers', () => {
  it('refuses a redirect to another host, which is never contacted', async () => {
    const { err } = await failure(fetchCapped(`${srv.url}moved`, { ...FAST, maxBytes: 1024 }));
    expect(err.code).toBe('NETWORK');
    expect(err.detail).toMatchObject({ redirect: true });
    expect(other.hits('target.json')).toHaveLength(0);
  });

  it('refuses a redirect within the same mirror too', async () => {
    const { err } = await failure(fetchCapped(`${srv.url}moved-local`, { ...FAST, maxBytes: 1024 }));
    expect(err.code).toBe('NETWORK');
  });

  it('refuses a defensive fetch that followed a redirect anyway', async () => {
    const following: typeof fetch = async () => {
      const r = new Response('{}', { status: 200 });
      Object.defineProperty(r, 'redirected', { value: true });
      return r;
    };
    const { err } = await failure(fetchCapped('http://127.0.0.1:9/x', { ...FAST, maxBytes: 1024, fetchImpl: following }));
    expect(err.code).toBe('NETWORK');
  });

  it('refuses an HTML captive portal page served with 200 (NOT_BUNDLE)', async () => {
    const { err } = await failure(fetchCapped(`${srv.url}portal`, { ...FAST, maxBytes: 1 << 20 }));
    expect(err.code).toBe('NOT_BUNDLE');
    expect(err.message).toBe('mirror returned non-bundle content (captive portal?)');
  });

  it('sees markup behind a byte-order mark and whitespace', async () => {
    const { err } = await failure(fetchCapped(`${srv.url}portal-bom`, { ...FAST, maxBytes: 1024 }));
    expect(err.code).toBe('NOT_BUNDLE');
  });

  it('refuses markup at its first byte, without waiting for the rest', async () => {
    const { err, ms } = await failure(fetchCapped(`${srv.url}portal-drip`, { ...FAST, minBytesPerSec: 0, deadlineMs: 5_000, maxBytes: 1024 }));
    expect(err.code).toBe('NOT_BUNDLE');
    expect(ms).toBeLessThan(600);
  });

  it('maps a non-2xx status to HTTP_STATUS with the status', async () => {
    const a = await failure(fetchCapped(`${srv.url}not-found`, { ...FAST, maxBytes: 1024 }));
    expect(a.err.code).toBe('HTTP_STATUS');
    expect(a.err.detail).toMatchObject({ status: 404 });
    const b = await failure(fetchCapped(`${srv.url}unavailable`, { ...FAST, maxBytes: 1024 }));
    expect(b.err.detail).toMatchObject({ status: 503 });
  });

  it('maps a refused connection to NETWORK', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const { err } = await failure(fetchCapped(`http://127.0.0.1:${port}/x`, { ...FAST, maxBytes: 1024 }));
    expect(err.code).toBe('NETWORK');
  });
});

describe('fetchCapped: cancellation', () => {
  it('rejects with ABORTED soon after the caller aborts, and releases the connection', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const { err, ms } = await failure(fetchCapped(`${srv.url}steady`, { ...FAST, deadlineMs: 5_000, maxBytes: 1 << 20, signal: ac.signal }));
    expect(err.code).toBe('ABORTED');
    expect(ms).toBeLessThan(400);
  });

  it('does not even connect with an already aborted signal', async () => {
    const before = srv.requests.length;
    const { err } = await failure(fetchCapped(`${srv.url}ok.json`, { ...FAST, maxBytes: 1024, signal: AbortSignal.abort() }));
    expect(err.code).toBe('ABORTED');
    expect(srv.requests.length).toBe(before);
  });

  it('releases the connection when onProgress throws, and passes the exception on', async () => {
    const oops = new Error('observer failed');
    await expect(
      fetchCapped(`${srv.url}endless`, { ...FAST, maxBytes: 1 << 30, onProgress: () => { throw oops; } }),
    ).rejects.toBe(oops);
    await srv.waitFor(() => srv.hits('endless').every((r) => r.clientClosed));
  });
});
