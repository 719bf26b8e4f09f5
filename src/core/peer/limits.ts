/**
 * Limits of a nearby-sync session (format.md §10.4): a peer is a mirror you cannot even name
 * (architecture.md invariant 8), so everything it sends is capped in size, count and time before
 * it is looked at. One typed object with the unit of every field, like net/limits.ts.
 */
import { DEFAULT_LIMITS } from '../net/limits.ts';

/** Every knob of a peer session. Times in milliseconds, sizes in bytes. */
export interface PeerLimits {
  /** Largest data-channel message (one frame), header included (bytes). */
  readonly maxFrameBytes: number;
  /** Largest control message (hello, done, error), assembled from its frames (bytes). */
  readonly maxControlBytes: number;
  /** Largest inventory or want message (bytes). */
  readonly maxListBytes: number;
  /** Largest bundle message: one share container (bytes). */
  readonly maxBundleBytes: number;
  /** Most entries in one inventory message, and most ids in one want message (count). */
  readonly maxEntriesPerMessage: number;
  /** Most inventory entries a peer may announce in a session (count). */
  readonly maxEntries: number;
  /** Total bytes a peer may send in one session, every frame counted (bytes). */
  readonly sessionBudgetBytes: number;
  /** A message must be complete this long after its first frame (ms). */
  readonly messageDeadlineMs: number;
  /** Longest wait for the next message while the peer owes us one (ms). */
  readonly idleDeadlineMs: number;
  /** Minimum rate of a message's frames after the grace period (bytes/s), as for mirrors. */
  readonly minBytesPerSec: number;
  /** No throughput judgement this long after a message's first frame (ms). */
  readonly throughputGraceMs: number;
  /** Averaging window of the throughput rule (ms). */
  readonly throughputWindowMs: number;
  /** Target size of the bundles this side sends (bytes; one article may exceed it alone). */
  readonly bundleTargetBytes: number;
  /** Most articles in one bundle this side sends (count). */
  readonly bundleMaxArticles: number;
}

/**
 * Defaults. Frames of 64 KiB fit every browser's data-channel message size (Chromium and Firefox
 * take 256 KiB, Safari 64 KiB). A bundle may carry an article with its pictures, so its cap is
 * the largest share file (format/share.ts) over 2: a peer cannot make us hold more than that per
 * message. The session budget is the largest object a mirror may pin (format.md §6). Deadlines and
 * throughput are the mirrors' (net/limits.ts): a peer that drips bytes is cut off as a mirror is.
 */
export const DEFAULT_PEER_LIMITS: PeerLimits = Object.freeze({
  maxFrameBytes: 64 * 1024, // bytes
  maxControlBytes: 4 * 1024, // bytes
  maxListBytes: 256 * 1024, // bytes
  maxBundleBytes: 32 * 1024 * 1024, // bytes
  maxEntriesPerMessage: 500, // entries
  maxEntries: 100_000, // entries
  sessionBudgetBytes: 256 * 1024 * 1024, // bytes
  messageDeadlineMs: DEFAULT_LIMITS.requestDeadlineMs, // ms
  idleDeadlineMs: 60_000, // ms
  minBytesPerSec: DEFAULT_LIMITS.minBytesPerSec, // bytes/s
  throughputGraceMs: DEFAULT_LIMITS.throughputGraceMs, // ms
  throughputWindowMs: DEFAULT_LIMITS.throughputWindowMs, // ms
  bundleTargetBytes: 1024 * 1024, // bytes
  bundleMaxArticles: 100, // articles
});
