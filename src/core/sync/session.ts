/**
 * One sync run's shared context: the reference time, counters, mirror health bookkeeping and the
 * verified-fetch helper every step uses. Lives only for one run; everything durable goes through
 * the SyncStore.
 */
import { PigeonError } from '../errors.ts';
import { DEFAULT_LIMITS, type NetLimits } from '../net/limits.ts';
import { fetchCapped } from '../net/fetch-capped.ts';
import { fetchFromAny, fetchFromSeveral, type AttemptOutcome, type MirrorResult } from '../net/hedged.ts';
import { newHealth, rankMirrors, recordBadBytes, recordBehind, recordFailure, recordSuccess, type MirrorHealth } from '../net/mirror-health.ts';

/** Error codes that mean "the mirror served bytes that failed verification". */
const BAD_BYTES = new Set(['HASH_MISMATCH', 'LENGTH_MISMATCH', 'TOO_LARGE', 'BAD_SIGNATURE', 'MALFORMED', 'NOT_BUNDLE', 'WRONG_TYPE', 'NOT_LISTED']);

function isBehindDetail(v: unknown): v is { version: number; expires: string } {
  return typeof v === 'object' && v !== null && typeof (v as { version?: unknown }).version === 'number' && typeof (v as { expires?: unknown }).expires === 'string';
}

/** Options a run is started with. */
export interface SessionOptions {
  readonly now: number;
  readonly limits: NetLimits;
  readonly fetchImpl?: typeof fetch;
  readonly signal?: AbortSignal;
}

/** A sync run's context. */
export class SyncSession {
  readonly now: number;
  readonly limits: NetLimits;
  requests = 0;
  bytes = 0;
  private readonly health = new Map<string, MirrorHealth>();
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly signal: AbortSignal | undefined;
  /** Called with the running byte count. */
  onBytes: (() => void) | undefined;

  constructor(opts: SessionOptions, health: readonly MirrorHealth[], mirrors: readonly string[]) {
    this.now = opts.now;
    this.limits = opts.limits ?? DEFAULT_LIMITS;
    this.fetchImpl = opts.fetchImpl;
    this.signal = opts.signal;
    for (const h of health) if (mirrors.includes(h.url)) this.health.set(h.url, h);
    for (const m of mirrors) if (!this.health.has(m)) this.health.set(m, newHealth(m));
  }

  /** Mirrors ranked best first by their health at this moment. */
  ranked(): string[] {
    return rankMirrors([...this.health.values()], Date.now());
  }

  /** Health records to persist. */
  healthRecords(): MirrorHealth[] {
    return [...this.health.values()];
  }

  private observe = (mirror: string, outcome: AttemptOutcome, bytes: () => number): void => {
    const h = this.health.get(mirror) ?? newHealth(mirror);
    const at = Date.now();
    if (outcome.kind === 'success') this.health.set(mirror, recordSuccess(h, { ms: outcome.ms, bytes: bytes(), at }));
    else if (outcome.kind === 'failure') {
      const e = outcome.error;
      // Plain fields, not the Error itself: `message` is not enumerable, so spreading a PigeonError
      // (as recordBadBytes does) would lose it, and the observer's TypeError would be swallowed.
      const status = typeof e.detail?.['status'] === 'number' ? { status: e.detail['status'] } : {};
      const plain = { code: e.code, message: e.message };
      const behind = e.code === 'ROLLBACK' ? e.detail?.['behind'] : undefined;
      if (isBehindDetail(behind)) this.health.set(mirror, recordBehind(h, { at, version: behind.version, expires: behind.expires }));
      else this.health.set(mirror, BAD_BYTES.has(e.code) ? recordBadBytes(h, at, plain) : recordFailure(h, { ...plain, at, ...status }));
    }
  };

  /** Download `url` with caps and deadlines, counting requests and bytes. */
  async download(url: string, signal: AbortSignal, cap: { maxBytes: number; expectedLength?: number }): Promise<Uint8Array> {
    this.requests++;
    const combined = this.signal ? AbortSignal.any([signal, this.signal]) : signal;
    const l = this.limits;
    const res = await fetchCapped(url, {
      maxBytes: cap.maxBytes,
      ...(cap.expectedLength === undefined ? {} : { expectedLength: cap.expectedLength }),
      deadlineMs: l.requestDeadlineMs,
      headerDeadlineMs: l.headerDeadlineMs,
      minBytesPerSec: l.minBytesPerSec,
      throughputGraceMs: l.throughputGraceMs,
      throughputWindowMs: l.throughputWindowMs,
      signal: combined,
      ...(this.fetchImpl ? { fetchImpl: this.fetchImpl } : {}),
    });
    this.bytes += res.bytes.length;
    this.onBytes?.();
    return res.bytes;
  }

  /** Fetch `path` from the best mirror that serves verified data (`verify` turns bytes into T). */
  async fromAny<T>(path: string, cap: { maxBytes: number; expectedLength?: number }, verify: (bytes: Uint8Array) => Promise<T>): Promise<MirrorResult<T>> {
    let size = 0;
    return fetchFromAny(
      this.ranked(),
      path,
      async (url, signal) => {
        const b = await this.download(url, signal, cap);
        size = b.length;
        return verify(b);
      },
      { hedgeDelayMs: this.limits.hedgeDelayMs, maxConcurrent: Math.min(2, this.limits.maxConcurrentTotal), ...(this.signal ? { signal: this.signal } : {}), onAttempt: (m, o) => this.observe(m, o, () => size) },
    );
  }

  /** Fetch `path` from up to `want` mirrors that serve verified data. */
  async fromSeveral<T>(path: string, want: number, cap: { maxBytes: number }, verify: (bytes: Uint8Array) => Promise<T>): Promise<MirrorResult<T>[]> {
    return fetchFromSeveral(
      this.ranked(),
      path,
      async (url, signal) => verify(await this.download(url, signal, cap)),
      { want, hedgeDelayMs: this.limits.hedgeDelayMs, maxConcurrent: Math.max(want, 2), ...(this.signal ? { signal: this.signal } : {}), onAttempt: (m, o) => this.observe(m, o, () => 0) },
    );
  }

  /**
   * Record that `mirror` answered with valid but outdated data (a lower timestamp version than
   * another mirror): it is behind (slow to copy, or withholding updates), so it ranks behind
   * mirrors that were current, without counting as a failure.
   */
  recordStale(mirror: string, timestamp: { readonly version: number; readonly expires: string }): void {
    const h = this.health.get(mirror);
    if (h) this.health.set(mirror, recordBehind(h, { at: Date.now(), version: timestamp.version, expires: timestamp.expires }));
  }

  /** Throw ABORTED when the run was cancelled. */
  checkAborted(): void {
    if (this.signal?.aborted) throw new PigeonError('ABORTED', 'sync cancelled');
  }
}
