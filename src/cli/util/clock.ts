/**
 * The reference time of one CLI run. Tests and demos may pin it with the hidden `--now <iso>` flag
 * or the PIGEONPOST_NOW environment variable (an ISO 8601 time, e.g. 2030-01-01T00:00:00Z);
 * otherwise it is the system clock. Read once per command, so one run never straddles two times.
 */
import { UsageError } from './errors.ts';

/** Resolve the reference time (epoch ms) from `--now`, then PIGEONPOST_NOW, then Date.now(). */
export function referenceTime(nowFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const text = nowFlag ?? env['PIGEONPOST_NOW'];
  if (text === undefined || text === '') return Date.now();
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || !Number.isFinite(ms)) {
    throw new UsageError(`--now / PIGEONPOST_NOW must be an ISO 8601 time like 2030-01-01T00:00:00Z, got "${text}"`);
  }
  return ms;
}
