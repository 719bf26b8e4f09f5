/**
 * format.md §5 step 2: verify a manifest (already opened from its pinned object).
 */
import { PigeonError } from '../errors.ts';
import { decodeEnvelope, verifyThreshold } from '../format/envelope.ts';
import { decodeManifest, type Manifest } from '../format/manifest.ts';
import { parseUtc } from '../format/time.ts';
import type { Root } from '../format/root.ts';

/** Verify manifest envelope bytes (decompressed). */
export async function verifyManifest(
  root: Root,
  bytes: Uint8Array,
  opts: { now: number; pinnedVersion: number; storedVersion?: number },
): Promise<Manifest> {
  const env = decodeEnvelope(bytes, 'manifest');
  // 5.5: publish-role signature, type, site, version as pinned, no rollback, not expired.
  await verifyThreshold(env, root.keys, root.roles.publish, 'manifest');
  const m = decodeManifest(env.payload);
  if (m.site !== root.site.id) throw new PigeonError('WRONG_SITE', `manifest is for site "${m.site}", not "${root.site.id}"`);
  if (m.version !== opts.pinnedVersion) {
    throw new PigeonError('NOT_LISTED', `manifest version ${m.version} is not the version ${opts.pinnedVersion} the timestamp names (mix-and-match)`);
  }
  if (opts.storedVersion !== undefined && m.version < opts.storedVersion) {
    throw new PigeonError('ROLLBACK', `manifest version ${m.version} is older than the stored version ${opts.storedVersion}`);
  }
  if (parseUtc(m.expires, 'manifest.expires') < opts.now) {
    throw new PigeonError('EXPIRED', `manifest expired at ${m.expires}`, { expires: m.expires });
  }
  return m;
}
