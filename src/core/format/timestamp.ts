/**
 * The timestamp (format.md §3.2): tiny, re-signed often, names the current manifest.
 * A sync in which nothing changed fetches only this file.
 */
import { checkHeader, readPin, readTime, TYPES, type ObjectPin } from './common.ts';
import { int, obj, SITE_ID_PATTERN, str } from './read.ts';

/** Fixed cap for the timestamp file (bytes); its size is not known in advance. */
export const MAX_TIMESTAMP_BYTES = 16 * 1024;

/** A decoded timestamp payload. */
export interface Timestamp {
  readonly type: 'pigeonpost.timestamp';
  readonly site: string;
  readonly version: number;
  readonly expires: string;
  readonly rootVersion: number;
  readonly manifest: ObjectPin & { readonly version: number };
}

/** Decode a timestamp payload. */
export function decodeTimestamp(payload: unknown, what = 'timestamp'): Timestamp {
  // The type tag first: a validly signed document of another type is WRONG_TYPE, not just MALFORMED.
  checkHeader(obj(payload, what), TYPES.timestamp, what);
  const o = obj(payload, what, { required: ['_type', 'spec_version', 'site', 'version', 'expires', 'root_version', 'manifest'] });
  const pin = readPin(o['manifest'], `${what}.manifest`, ['version']);
  return {
    type: TYPES.timestamp,
    site: str(o, 'site', what, { pattern: SITE_ID_PATTERN }),
    version: int(o, 'version', what, 1),
    expires: readTime(o, 'expires', what),
    rootVersion: int(o, 'root_version', what, 1),
    manifest: { sha256: pin.sha256, length: pin.length, size: pin.size, version: int(pin, 'version', `${what}.manifest`, 1) },
  };
}
