/**
 * format.md §5 step 1: verify a timestamp against the trusted root and the stored floor.
 */
import { PigeonError } from '../errors.ts';
import { bytesEqual } from '../encoding/bytes.ts';
import { decodeEnvelope, verifyThreshold, type Envelope } from '../format/envelope.ts';
import { decodeTimestamp, type Timestamp } from '../format/timestamp.ts';
import { parseUtc } from '../format/time.ts';
import type { Root } from '../format/root.ts';

/** The outcome of a timestamp check. */
export interface TimestampCheck {
  readonly timestamp: Timestamp;
  /** 'new': above the floor; 'same': equal version (nothing changed). */
  readonly status: 'new' | 'same';
  /** Same version but different bytes: an anomaly worth reporting (the stored one is kept). */
  readonly anomaly?: string;
}

/**
 * Read the untrusted hints of a timestamp before verification: the root version it names. Used only
 * to decide whether to walk the root chain first; never trusted for anything else.
 */
export function peekTimestamp(bytes: Uint8Array): { env: Envelope; rootVersion?: number } {
  const env = decodeEnvelope(bytes, 'timestamp');
  const p = env.payload as Record<string, unknown> | null;
  const rv = p && typeof p === 'object' && Object.hasOwn(p, 'root_version') ? p['root_version'] : undefined;
  return typeof rv === 'number' && Number.isSafeInteger(rv) ? { env, rootVersion: rv } : { env };
}

/** Verify timestamp `bytes`. Order: signature (5.1), site, rollback (5.2), expiry (5.3). */
export async function verifyTimestamp(
  root: Root,
  bytes: Uint8Array,
  opts: { now: number; stored?: { version: number; bytes?: Uint8Array } },
): Promise<TimestampCheck> {
  const env = decodeEnvelope(bytes, 'timestamp');
  // 5.1: signed by the publish role of the trusted root.
  await verifyThreshold(env, root.keys, root.roles.publish, 'timestamp');
  const timestamp = decodeTimestamp(env.payload);
  if (timestamp.site !== root.site.id) throw new PigeonError('WRONG_SITE', `timestamp is for site "${timestamp.site}", not "${root.site.id}"`);
  if (timestamp.rootVersion > root.version) {
    throw new PigeonError('NOT_LISTED', `timestamp names root version ${timestamp.rootVersion}, newer than the trusted ${root.version}`);
  }
  // 5.2: never go back.
  const stored = opts.stored;
  if (stored && timestamp.version < stored.version) {
    // Validly signed and unexpired or not, an older edition: the mirror is behind (health records it
    // as such, not as a failure), and the stored data stays.
    throw new PigeonError('ROLLBACK', `timestamp version ${timestamp.version} is older than the stored version ${stored.version} (replayed old data)`, { behind: { version: timestamp.version, expires: timestamp.expires } });
  }
  // 5.3: freeze.
  if (parseUtc(timestamp.expires, 'timestamp.expires') < opts.now) {
    throw new PigeonError('EXPIRED', `timestamp expired at ${timestamp.expires}: the mirror is serving stale data`, { expires: timestamp.expires });
  }
  if (stored && timestamp.version === stored.version) {
    const anomaly = stored.bytes && !bytesEqual(stored.bytes, bytes) ? `timestamp version ${timestamp.version} re-served with different content` : undefined;
    return anomaly ? { timestamp, status: 'same', anomaly } : { timestamp, status: 'same' };
  }
  return { timestamp, status: 'new' };
}
