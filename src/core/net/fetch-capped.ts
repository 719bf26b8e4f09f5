/**
 * One HTTP GET from an untrusted mirror, with every limit enforced while the body streams in:
 * a total deadline, a header deadline, a minimum throughput, a byte cap (or the exact signed
 * length), refusal of redirects and of markup. Adversarial checklist section C, items 24–31.
 *
 * The bytes returned are still untrusted: the caller verifies them against signed metadata.
 * Nothing here looks at Content-Type for trust, and Content-Length is used only to refuse early.
 */
import { PigeonError } from '../errors.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { checkResponse, networkError } from './response-checks.ts';
import { createMarkupSniffer } from './sniff.ts';
import { createThroughputMeter } from './throughput.ts';

/** Options of {@link fetchCapped}. Times in ms, sizes in bytes, rates in bytes/s. */
export interface FetchCappedOptions {
  /** Hard cap on the (decoded) body size (bytes). */
  readonly maxBytes: number;
  /** Exact body size from signed metadata (bytes): more is TOO_LARGE, less is LENGTH_MISMATCH. */
  readonly expectedLength?: number;
  /** Total deadline from the call to the last byte (ms); default DEFAULT_LIMITS.requestDeadlineMs. */
  readonly deadlineMs?: number;
  /** Deadline for the response headers (ms); default DEFAULT_LIMITS.headerDeadlineMs. */
  readonly headerDeadlineMs?: number;
  /** Minimum body throughput (bytes/s), 0 to disable; default DEFAULT_LIMITS.minBytesPerSec. */
  readonly minBytesPerSec?: number;
  /** Grace period after the headers before throughput is judged (ms). */
  readonly throughputGraceMs?: number;
  /** Averaging window of the throughput rule (ms). */
  readonly throughputWindowMs?: number;
  /** Accept a body that starts with `<` (an SVG, say); default false: markup is NOT_BUNDLE. */
  readonly expectHtml?: boolean;
  /** Caller cancellation; rejects with ABORTED. */
  readonly signal?: AbortSignal;
  /** Called with the running byte count after each accepted chunk. */
  readonly onProgress?: (bytes: number) => void;
  /** Replacement for the global fetch (tests, instrumentation). */
  readonly fetchImpl?: typeof fetch;
  /** HTTP cache mode; default 'no-store' (freshness comes from signed metadata, not HTTP caching). */
  readonly cache?: RequestCache;
}

/** A complete, size-checked, not yet verified body. */
export interface FetchCappedResult {
  /** The body bytes, exactly as decoded by the HTTP layer (a fresh buffer of exactly this size). */
  readonly bytes: Uint8Array;
  /** HTTP status (always 2xx). */
  readonly status: number;
  /** The URL answered (always the one requested: redirects are refused). */
  readonly url: string;
  /** Time from the call to the last byte (ms). */
  readonly ms: number;
  /** Content-Type as sent by the mirror; informational only, never used for trust. */
  readonly contentType: string | null;
}

function checkSize(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0)) throw new RangeError(`fetchCapped: ${name} must be a non-negative integer`);
}

/**
 * GET `url` from an untrusted mirror and return the body, enforcing every limit while streaming.
 *
 * Request: `redirect: 'error'` (a redirect target never gains trust, CVE-2019-3462; the mirror
 * list names the exact hosts we may contact, invariant 6), `credentials: 'omit'`,
 * `referrerPolicy: 'no-referrer'`, `mode: 'cors'`.
 *
 * Rejects with a PigeonError:
 * - TIMEOUT: no headers within `headerDeadlineMs`, or not complete within `deadlineMs`;
 * - TOO_SLOW: below `minBytesPerSec` over the window once the grace period is over;
 * - TOO_LARGE: `expectedLength > maxBytes` (nothing fetched), a Content-Length clearly above the
 *   limit (refused before reading), or more bytes than the limit while streaming;
 * - LENGTH_MISMATCH: fewer bytes than `expectedLength`;
 * - HTTP_STATUS: any non-2xx status (`detail.status`);
 * - NOT_BUNDLE: a body starting with `<` after whitespace, unless `expectHtml`;
 * - NETWORK: connection failure, reset mid-body, or a redirect;
 * - ABORTED: `signal` was aborted.
 * On every failure the request is aborted and the body reader cancelled, releasing the connection.
 */
export async function fetchCapped(url: string, opts: FetchCappedOptions): Promise<FetchCappedResult> {
  checkSize('maxBytes', opts.maxBytes);
  checkSize('expectedLength', opts.expectedLength);
  const { expectedLength, maxBytes } = opts;
  if (expectedLength !== undefined && expectedLength > maxBytes) {
    throw new PigeonError('TOO_LARGE', `signed length ${expectedLength} exceeds the cap of ${maxBytes} bytes`, { url, expectedLength, maxBytes });
  }
  if (opts.signal?.aborted) throw new PigeonError('ABORTED', 'download cancelled', { url });

  const limit = expectedLength ?? maxBytes;
  const deadlineMs = opts.deadlineMs ?? DEFAULT_LIMITS.requestDeadlineMs;
  const headerDeadlineMs = opts.headerDeadlineMs ?? DEFAULT_LIMITS.headerDeadlineMs;
  const rule = {
    minBytesPerSec: opts.minBytesPerSec ?? DEFAULT_LIMITS.minBytesPerSec,
    graceMs: opts.throughputGraceMs ?? DEFAULT_LIMITS.throughputGraceMs,
    windowMs: opts.throughputWindowMs ?? DEFAULT_LIMITS.throughputWindowMs,
  };
  const fetchImpl = opts.fetchImpl ?? fetch;
  const t0 = performance.now();

  // The first limit to trip wins: it is recorded, aborts the request, and rejects `tripwire`, which
  // every await races against (so a fetch implementation that ignores its signal is still cut off).
  const controller = new AbortController();
  let failure: PigeonError | undefined;
  let trip: (e: PigeonError) => void = () => {};
  const tripwire = new Promise<never>((_, reject) => (trip = reject));
  tripwire.catch(() => {});
  const fail = (e: PigeonError): void => {
    if (failure) return;
    failure = e;
    trip(e);
    controller.abort(e);
  };

  const onAbort = (): void => fail(new PigeonError('ABORTED', 'download cancelled', { url }));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const deadlineTimer = setTimeout(
    () => fail(new PigeonError('TIMEOUT', `mirror did not finish within ${deadlineMs} ms`, { url, phase: 'body', deadlineMs })),
    deadlineMs,
  );
  const headerTimer = setTimeout(
    () => fail(new PigeonError('TIMEOUT', `mirror not responding (no headers within ${headerDeadlineMs} ms)`, { url, phase: 'headers', headerDeadlineMs })),
    headerDeadlineMs,
  );
  let meterTimer: ReturnType<typeof setInterval> | undefined;
  let responsePromise: Promise<Response> | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  try {
    let res: Response;
    try {
      responsePromise = fetchImpl(url, {
        method: 'GET',
        redirect: 'error',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        mode: 'cors',
        cache: opts.cache ?? 'no-store',
        signal: controller.signal,
      });
      res = await Promise.race([responsePromise, tripwire]);
    } catch (e) {
      throw failure ?? networkError(url, e);
    }
    clearTimeout(headerTimer);

    checkResponse(res, url, limit);

    const chunks: Uint8Array[] = [];
    let received = 0;
    if (res.body) {
      reader = res.body.getReader();
      // Dropped once the first significant byte has been seen.
      let sniffer = opts.expectHtml === true ? undefined : createMarkupSniffer();
      const meter = createThroughputMeter(rule, performance.now());
      meterTimer = setInterval(() => {
        const now = performance.now();
        if (meter.tooSlow(now)) {
          const rate = Math.round(meter.rate(now) ?? 0);
          fail(new PigeonError('TOO_SLOW', `mirror too slow: ${rate} bytes/s, minimum ${rule.minBytesPerSec}`, { url, bytesPerSec: rate, received }));
        }
      }, Math.max(10, Math.min(250, rule.windowMs / 4)));

      for (;;) {
        let step: ReadableStreamReadResult<Uint8Array>;
        try {
          step = await Promise.race([reader.read(), tripwire]);
        } catch (e) {
          throw failure ?? networkError(url, e, received);
        }
        if (failure) throw failure;
        if (step.done) break;
        const chunk = step.value;
        if (!(chunk instanceof Uint8Array)) throw new PigeonError('NETWORK', 'response body yielded a non-byte chunk', { url });
        const markup = sniffer?.push(chunk);
        if (markup === true) throw new PigeonError('NOT_BUNDLE', 'mirror returned non-bundle content (captive portal?)', { url, contentType: res.headers.get('content-type') });
        if (markup === false) sniffer = undefined;
        if (received + chunk.byteLength > limit) {
          throw new PigeonError('TOO_LARGE', `body exceeds the limit of ${limit} bytes`, { url, limit, received: received + chunk.byteLength });
        }
        received += chunk.byteLength;
        chunks.push(chunk);
        meter.add(chunk.byteLength, performance.now());
        opts.onProgress?.(received);
      }
    }
    if (expectedLength !== undefined && received !== expectedLength) {
      throw new PigeonError('LENGTH_MISMATCH', `body is ${received} bytes, expected ${expectedLength}`, { url, received, expectedLength });
    }

    const bytes = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return { bytes, status: res.status, url: res.url || url, ms: Math.round(performance.now() - t0), contentType: res.headers.get('content-type') };
  } catch (e) {
    // Release the connection whatever went wrong, including an exception thrown by onProgress.
    const reason = e instanceof PigeonError ? e : new PigeonError('ABORTED', 'download abandoned', { url });
    if (!failure) failure = reason;
    controller.abort(reason);
    if (reader) reader.cancel(reason).catch(() => {});
    else responsePromise?.then((r) => r.body?.cancel(reason).catch(() => {}), () => {});
    throw e;
  } finally {
    clearTimeout(deadlineTimer);
    clearTimeout(headerTimer);
    if (meterTimer !== undefined) clearInterval(meterTimer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
