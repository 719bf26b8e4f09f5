/**
 * Timestamps in signed documents: `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds), format.md §2.3.
 * Expiry is always judged against one reference time per sync run, passed in by the caller.
 */
import { PigeonError } from '../errors.ts';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Parse a signed UTC timestamp to epoch milliseconds. */
export function parseUtc(value: string, what: string): number {
  const ms = ISO_UTC.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().replace('.000Z', 'Z') !== value) {
    throw new PigeonError('MALFORMED', `${what} must be a UTC time like 2026-01-31T12:00:00Z`);
  }
  return ms;
}

/** Format epoch milliseconds as a signed UTC timestamp (seconds precision). */
export function formatUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Parse a duration like `1d`, `12h`, `30m`, `45s` to milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d{1,6})([dhms])$/.exec(text);
  if (!m) throw new PigeonError('MALFORMED', `duration "${text}" must look like 1d, 12h, 30m or 45s`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[2] as 'd' | 'h' | 'm' | 's'];
  return Number(m[1]) * unit;
}
