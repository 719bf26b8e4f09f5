/**
 * The signed mirror list a share file (or an invite) carries: the sender's manifest envelope
 * (format.md §3.3), checked against the publish role of a root the app trusts. Expiry is reported,
 * not fatal: a reader may keep an old list as hints, but only a list that verifies names mirrors.
 */
import { decodeEnvelope, verifyThreshold } from '../format/envelope.ts';
import { decodeManifest, type Manifest } from '../format/manifest.ts';
import type { Root } from '../format/root.ts';
import { parseUtc } from '../format/time.ts';
import { PigeonError } from '../errors.ts';

/** A verified mirror list. */
export interface SignedMirrorList {
  readonly version: number;
  readonly published: string;
  readonly expires: string;
  readonly expired: boolean;
  readonly mirrors: Manifest['mirrors'];
}

/** Verify manifest envelope bytes as a mirror list of `root`'s site. Throws PigeonError. */
export async function verifyMirrorList(root: Root, bytes: Uint8Array, now: number): Promise<SignedMirrorList> {
  const env = decodeEnvelope(bytes, 'mirror list');
  await verifyThreshold(env, root.keys, root.roles.publish, 'mirror list');
  const m = decodeManifest(env.payload);
  if (m.site !== root.site.id) throw new PigeonError('WRONG_SITE', `the mirror list is for site "${m.site}", not "${root.site.id}"`);
  return { version: m.version, published: m.published, expires: m.expires, expired: parseUtc(m.expires, 'manifest.expires') < now, mirrors: m.mirrors };
}
