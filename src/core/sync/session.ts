/**
 * One sync run's shared context: the reference time, counters, mirror health bookkeeping and the
 * verified-fetch helper every step uses. Lives only for one run; everything durable goes through
 * the SyncStore.
 */
import { PigeonError } from '../errors.ts';
import { DEFAULT_LIMITS, type NetLimits } from '../net/limits.ts';
import { fetchCapped } from '../net/fetch-capped.ts';
import type { MirrorEntry } from '../format/manifest.ts';
import { fetchFromAny, fetchFromSeveral, type AttemptOutcome, type MirrorResult } from '../net/hedged.ts';
import { gatewayObjectUrl } from '../net/ipfs-gateway.ts';
import { joinMirrorUrl } from '../net/url.ts';
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
  /** Mirrors of kind ipfs-gateway: asked only for content-addressed objects, by CID. */
  private readonly gateways = new Set<string>();
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly signal: AbortSignal | undefined;
  /** Called with the running byte count. */
  onBytes: (() => void) | undefined;

  /**
   * @param mirrors the mirrors this run may contact: URLs (ordinary mirrors) or signed entries,
   *   whose `kind` marks IPFS gateways
   */
  constructor(opts: SessionOptions, health: readonly MirrorHealth[], mirrors: readonly (string | MirrorEntry)[]) {
    this.now = opts.now;
    this.limits = opts.limits ?? DEFAULT_LIMITS;
    this.fetchImpl = opts.fetchImpl;
    this.signal = opts.signal;
    this.stored = health;
    this.adoptMirrors(mirrors);
  }

  private readonly stored: readonly MirrorHealth[];

  /**
   * Add mirrors from a signed list verified during this run (the first manifest of a new reader
   * names mirrors and gateways the bootstrap list does not); known ones keep their health.
   */
  adoptMirrors(mirrors: readonly (string | MirrorEntry)[]): void {
    for (const m of mirrors) {
      const url = typeof m === 'string' ? m : m.url;
      if (typeof m !== 'string' && m.kind === 'ipfs-gateway') this.gateways.add(url);
      if (!this.health.has(url)) this.health.set(url, this.stored.find((h) => h.url === url) ?? newHealth(url));
    }
  }

  /** Mirrors ranked best first by their health at this moment; gateways only when `gateways`. */
  ranked(gateways = false): string[] {
    return rankMirrors([...this.health.values()].filter((h) => gateways || !this.gateways.has(h.url)), Date.now());
  }

  /** The URL of `path` on `mirror` (by CID on a gateway). */
  private urlFor = (mirror: string, path: string): string => (this.gateways.has(mirror) ? gatewayObjectUrl(mirror, path) : joinMirrorUrl(mirror, path));

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

  /**
   * Fetch `path` from the best mirror that serves verified data (`verify` turns bytes into T).
   * `gateways`: IPFS gateways may serve it too (index segments and packs; format.md §3.3).
   */
  async fromAny<T>(path: string, cap: { maxBytes: number; expectedLength?: number }, verify: (bytes: Uint8Array) => Promise<T>, opts: { gateways?: boolean } = {}): Promise<MirrorResult<T>> {
    let size = 0;
    return fetchFromAny(
      this.ranked(opts.gateways === true),
      path,
      async (url, signal) => {
        const b = await this.download(url, signal, cap);
        size = b.length;
        return verify(b);
      },
      { hedgeDelayMs: this.limits.hedgeDelayMs, maxConcurrent: Math.min(2, this.limits.maxConcurrentTotal), ...(this.signal ? { signal: this.signal } : {}), onAttempt: (m, o) => this.observe(m, o, () => size), urlFor: this.urlFor },
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
