/**
 * Minimum-throughput rule for one download: bytes received over a sliding window, judged only
 * after a grace period. An inactivity-gap timeout alone is defeated by drip-feeding (one byte just
 * before each timeout); a rate over a window is not (adversarial checklist item 25).
 *
 * Plain per-request state, created and dropped inside one fetch; nothing here is persisted.
 */

/** Parameters of the rule. */
export interface ThroughputRule {
  /** Required average rate (bytes/s); 0 disables the rule. */
  readonly minBytesPerSec: number;
  /** No judgement before this long after `startedAt` (ms). */
  readonly graceMs: number;
  /** Width of the averaging window (ms). */
  readonly windowMs: number;
}

/** A running measurement. Times are in the same clock as `startedAt` (ms, e.g. performance.now()). */
export interface ThroughputMeter {
  /** Record `bytes` received at time `at`. */
  add(bytes: number, at: number): void;
  /** Average rate over the window ending at `at` (bytes/s); null during the grace period. */
  rate(at: number): number | null;
  /** True when the grace period is over and the windowed rate is below the minimum. */
  tooSlow(at: number): boolean;
}

/** Start measuring at `startedAt` (usually when the response headers arrived). */
export function createThroughputMeter(rule: ThroughputRule, startedAt: number): ThroughputMeter {
  const samples: { at: number; bytes: number }[] = [];
  let windowBytes = 0;

  const prune = (at: number): void => {
    const from = at - rule.windowMs;
    while (samples.length > 0 && samples[0]!.at <= from) windowBytes -= samples.shift()!.bytes;
  };

  const rate = (at: number): number | null => {
    const elapsed = at - startedAt;
    if (elapsed < rule.graceMs || elapsed <= 0) return null;
    prune(at);
    // Early in the download the window may reach back before the start: average over what exists.
    const span = Math.min(rule.windowMs, elapsed);
    return (windowBytes * 1000) / span;
  };

  return {
    add(bytes, at) {
      samples.push({ at, bytes });
      windowBytes += bytes;
    },
    rate,
    tooSlow(at) {
      if (rule.minBytesPerSec <= 0) return false;
      const r = rate(at);
      return r !== null && r < rule.minBytesPerSec;
    },
  };
}
