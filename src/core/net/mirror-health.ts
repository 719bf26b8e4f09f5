/**
 * Per-mirror health: a plain JSON record and pure functions over it.
 *
 * The service worker keeps these records in IndexedDB (the browser may stop the worker between
 * any two lines, invariant 7), so there is no module state here: every function takes a record
 * and returns a new one. Times are epoch milliseconds (Date.now()) supplied by the caller.
 *
 * Ranking demotes slow, failing and lying mirrors but never drops one: a reader whose only
 * reachable mirror had a bad day must not be cut off (TUF "malicious mirrors preventing updates").
 */
import type { ErrorCode } from '../errors.ts';

/** The last failure of a mirror, for diagnostics and the reader's status line. */
export interface MirrorError {
  readonly code: ErrorCode;
  readonly message: string;
  /** When it happened (epoch ms). */
  readonly at: number;
  /** The HTTP status, for HTTP_STATUS errors. */
  readonly status?: number;
}

/** Health of one mirror. Plain JSON: safe to store in IndexedDB and to post to the page. */
export interface MirrorHealth {
  readonly url: string;
  readonly successes: number;
  readonly failures: number;
  /** Failures since the last success; drives the exponential backoff. */
  readonly consecutiveFailures: number;
  /** Epoch ms of the last success, or null if never. */
  readonly lastSuccessAt: number | null;
  /** Epoch ms of the last failure, or null if never. */
  readonly lastFailureAt: number | null;
  /** Epoch ms of the first failure of the current run of failures (absent when healthy). */
  readonly failingSince?: number;
  readonly lastError?: MirrorError;
  /** Exponentially weighted mean time per successful request (ms), null before the first one. */
  readonly latencyEwmaMs: number | null;
  /** Exponentially weighted mean throughput of sizeable downloads (bytes/s), null before one. */
  readonly throughputEwmaBps: number | null;
  /** Epoch ms when the mirror last served bytes that failed verification. */
  readonly badBytesAt?: number;
  /**
   * The mirror answered with a valid, signed, but older edition than this device (or another
   * mirror) has: it is behind (slow to copy, or withholding), not broken. `version` and `expires`
   * are those of its timestamp; cleared by the next success.
   */
  readonly behind?: MirrorBehind;
}

/** An older edition a mirror served (see {@link MirrorHealth.behind}). */
export interface MirrorBehind {
  readonly at: number;
  readonly version: number;
  /** The signed expiry of its timestamp (the only date a timestamp carries). */
  readonly expires: string;
}

/** Weight of a new sample in the moving averages. */
const EWMA_ALPHA = 0.3;
/** Downloads smaller than this (bytes) say more about latency than throughput; not sampled. */
const THROUGHPUT_MIN_SAMPLE_BYTES = 16 * 1024;
/** First backoff after a failure (ms); doubles per consecutive failure. */
export const BACKOFF_BASE_MS = 30_000;
/** Longest backoff (ms): even a dead mirror is retried at least this often. */
export const BACKOFF_MAX_MS = 60 * 60_000;
/** How long a mirror that served bad bytes stays at the back of the queue (ms). */
export const BAD_BYTES_PENALTY_MS = 6 * 60 * 60_000;
/** A success older than this (ms) no longer vouches for the mirror. */
const RECENT_SUCCESS_MS = 24 * 60 * 60_000;

/** A fresh record for a mirror never contacted. */
export function newHealth(url: string): MirrorHealth {
  return {
    url,
    successes: 0,
    failures: 0,
    consecutiveFailures: 0,
    lastSuccessAt: null,
    lastFailureAt: null,
    latencyEwmaMs: null,
    throughputEwmaBps: null,
  };
}

function ewma(previous: number | null, sample: number): number {
  return previous === null ? sample : previous + EWMA_ALPHA * (sample - previous);
}

/** Record a verified, successful request that took `ms` and delivered `bytes`, at epoch ms `at`. */
export function recordSuccess(h: MirrorHealth, s: { ms: number; bytes: number; at: number }): MirrorHealth {
  const { failingSince: _cleared, behind: _caughtUp, ...rest } = h;
  const ms = Math.max(0, s.ms);
  return {
    ...rest,
    successes: h.successes + 1,
    consecutiveFailures: 0,
    lastSuccessAt: s.at,
    latencyEwmaMs: ewma(h.latencyEwmaMs, ms),
    throughputEwmaBps: s.bytes >= THROUGHPUT_MIN_SAMPLE_BYTES && ms > 0 ? ewma(h.throughputEwmaBps, (s.bytes * 1000) / ms) : h.throughputEwmaBps,
  };
}

/** Record a failed request (any error code), at epoch ms `e.at`. */
export function recordFailure(h: MirrorHealth, e: { code: ErrorCode; message: string; at: number; status?: number }): MirrorHealth {
  return {
    ...h,
    failures: h.failures + 1,
    consecutiveFailures: h.consecutiveFailures + 1,
    lastFailureAt: e.at,
    failingSince: h.consecutiveFailures > 0 && h.failingSince !== undefined ? h.failingSince : e.at,
    lastError: { code: e.code, message: e.message.slice(0, 300), at: e.at, ...(e.status === undefined ? {} : { status: e.status }) },
  };
}

/**
 * Record that the mirror served bytes that failed verification, at epoch ms `at`. Counts as a
 * failure and demotes the mirror behind every other one for BAD_BYTES_PENALTY_MS.
 */
export function recordBadBytes(
  h: MirrorHealth,
  at: number,
  error: { code: ErrorCode; message: string } = { code: 'HASH_MISMATCH', message: 'served data that failed verification' },
): MirrorHealth {
  return { ...recordFailure(h, { ...error, at }), badBytesAt: at };
}

/**
 * Record that the mirror served an older edition (a validly signed timestamp below the stored or
 * another mirror's version), at `b.at`. Not a failure (nothing it served was wrong), but it ranks
 * behind current mirrors until it catches up. Its last success stays what it was.
 */
export function recordBehind(h: MirrorHealth, b: MirrorBehind): MirrorHealth {
  return { ...h, behind: { at: b.at, version: b.version, expires: b.expires } };
}

/** Whether the mirror's latest verdict is "behind" (no success since). */
export function isBehind(h: MirrorHealth): boolean {
  return h.behind !== undefined && h.behind.at >= (h.lastSuccessAt ?? 0);
}

/** Whether the mirror served bytes that failed verification within the penalty window. */
export function servedBadBytesRecently(h: MirrorHealth, now: number): boolean {
  return servedBadBytes(h, now);
}

/** Current backoff length for a record (ms); 0 when it has no consecutive failures. */
export function backoffMs(h: MirrorHealth): number {
  if (h.consecutiveFailures <= 0) return 0;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(h.consecutiveFailures - 1, 30));
}

/** Time elapsed since `at`, or null when `at` is missing or in the future (clock moved back). */
function since(at: number | null | undefined, now: number): number | null {
  return at === null || at === undefined || at > now ? null : now - at;
}

function servedBadBytes(h: MirrorHealth, now: number): boolean {
  const age = since(h.badBytesAt, now);
  return age !== null && age < BAD_BYTES_PENALTY_MS;
}

function inBackoff(h: MirrorHealth, now: number): boolean {
  const age = since(h.lastFailureAt, now);
  return age !== null && age < backoffMs(h);
}

/**
 * Order mirror URLs best first, at epoch ms `now`. Every record appears exactly once; none is ever
 * dropped. Tiers, in order:
 * 1. healthy: no failure since a success within the last 24 h, fastest (latency EWMA) first;
 * 2. unproven: never tried, success too old, backoff over, or behind (an older edition);
 *    fewer consecutive failures first;
 * 3. backing off (30 s doubling per failure, at most 1 h): the soonest due first;
 * 4. served bad bytes within the last 6 h: the oldest offence first.
 * Ties keep the input order (the signed mirror list's order).
 */
export function rankMirrors(records: readonly MirrorHealth[], now: number): string[] {
  const key = (h: MirrorHealth): [number, number] => {
    if (servedBadBytes(h, now)) return [3, h.badBytesAt ?? 0];
    if (inBackoff(h, now)) return [2, (h.lastFailureAt ?? 0) + backoffMs(h)];
    const success = since(h.lastSuccessAt, now);
    if (h.consecutiveFailures === 0 && success !== null && success <= RECENT_SUCCESS_MS && !isBehind(h)) return [0, h.latencyEwmaMs ?? 0];
    return [1, h.consecutiveFailures];
  };
  return records
    .map((h, i) => ({ url: h.url, i, k: key(h) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((e) => e.url);
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** "12:03" for today (local time), "2026-03-01 12:03" for other days. */
function clock(at: number, now: number): string {
  const d = new Date(at);
  const n = new Date(now);
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  const sameDay = d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  return sameDay ? hm : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${hm}`;
}

/**
 * A short status line for diagnostics, at epoch ms `now`, e.g. "ok, 120 ms",
 * "not responding since 12:03", "too slow since 12:03", "HTTP 503 since 12:03",
 * "served bad data", "not tried yet".
 */
export function describeHealth(h: MirrorHealth, now: number): string {
  if (servedBadBytes(h, now)) return 'served bad data';
  if (isBehind(h) && h.consecutiveFailures === 0) return `behind (edition ${h.behind!.version}, valid until ${h.behind!.expires})`;
  if (h.consecutiveFailures > 0 && h.lastError) {
    const from = clock(h.failingSince ?? h.lastError.at, now);
    switch (h.lastError.code) {
      case 'TIMEOUT':
      case 'NETWORK':
        return `not responding since ${from}`;
      case 'TOO_SLOW':
        return `too slow since ${from}`;
      case 'NOT_BUNDLE':
        return `returns a web page instead of data since ${from} (captive portal?)`;
      case 'HTTP_STATUS':
        return `HTTP ${h.lastError.status ?? 'error'} since ${from}`;
      default:
        return `failing since ${from} (${h.lastError.code})`;
    }
  }
  if (h.lastSuccessAt !== null) return `ok, ${Math.round(h.latencyEwmaMs ?? 0)} ms`;
  return 'not tried yet';
}
