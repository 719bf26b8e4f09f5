/**
 * Network limits of the sync engine: deadlines, minimum throughput, fixed byte caps, hedging and
 * concurrency. One typed object with the unit of every field in its comment (invariant 4 of
 * architecture.md: every network read has a deadline, a minimum throughput and a byte cap).
 *
 * Where signed metadata gives an exact length (objects pinned by the timestamp or the manifest),
 * that length is the cap; the fixed caps below apply only to files whose size is not known in
 * advance (the timestamp, root versions), as in TUF client workflow 5.3.3 / 5.4.1.
 */

/** Every knob of the network layer. All times are milliseconds, all sizes bytes. */
export interface NetLimits {
  /** Total deadline of one request, from the call until the last body byte (ms). */
  readonly requestDeadlineMs: number;
  /** Deadline for the response headers, i.e. time to first byte (ms). */
  readonly headerDeadlineMs: number;
  /** Minimum body throughput (bytes/s), averaged over `throughputWindowMs`. */
  readonly minBytesPerSec: number;
  /** Time after the headers during which throughput is not judged (ms); covers TCP slow start. */
  readonly throughputGraceMs: number;
  /** Width of the sliding window over which throughput is averaged (ms). */
  readonly throughputWindowMs: number;
  /** Cap for the timestamp file, whose size is not known in advance (bytes). */
  readonly timestampMaxBytes: number;
  /** Cap for one root version, whose size is not known in advance (bytes). */
  readonly rootMaxBytes: number;
  /** Start the next mirror when the current one has not finished after this long (ms). */
  readonly hedgeDelayMs: number;
  /** Requests in flight to one mirror at a time (count). */
  readonly maxConcurrentPerMirror: number;
  /** Requests in flight across all mirrors at a time (count). */
  readonly maxConcurrentTotal: number;
}

/**
 * Defaults, chosen so that a slow but honest mobile link passes and a hostile mirror is cut off fast:
 * - "Slow 3G" (devtools preset: 400 kbit/s ≈ 50 KB/s, 2 s RTT) and even GPRS (≈ 5 KB/s) stay well
 *   above 1 KiB/s, and a TLS handshake over a 2 s RTT link fits in the 15 s header deadline.
 * - A mirror that drips 1 byte/s is cut off about 6 s after its headers (grace + one window
 *   check), however regular the drip: an inactivity-gap timeout alone would never fire.
 * - The total deadline is a backstop for mirrors that stay just above the minimum throughput.
 * - Caps follow tuf-js / python-tuf defaults (timestamp 16 KiB, root 512 KiB).
 */
export const DEFAULT_LIMITS: NetLimits = Object.freeze({
  requestDeadlineMs: 120_000, // ms
  headerDeadlineMs: 15_000, // ms
  minBytesPerSec: 1024, // bytes/s
  throughputGraceMs: 5_000, // ms
  throughputWindowMs: 5_000, // ms
  timestampMaxBytes: 16 * 1024, // bytes
  rootMaxBytes: 512 * 1024, // bytes
  hedgeDelayMs: 2_000, // ms
  maxConcurrentPerMirror: 4, // requests
  maxConcurrentTotal: 6, // requests
});
