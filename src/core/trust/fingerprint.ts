/**
 * A publisher's key fingerprint (format.md §7.3): what a reader compares by eye to tell two
 * publishers apart. It names the root role's keys (the keys that vouch for everything else), so it
 * stays the same across publish-key rotations and changes only when the root keys do.
 *
 * Definition: SHA-256 over the root role's keyids, sorted, each followed by "\n"; the first 80 bits
 * as 20 uppercase hex digits in five groups of four ("3F2A 91C0 5D7E 0B44 A1C9").
 */
import { sha256Hex } from '../crypto/sha256.ts';
import { utf8 } from '../encoding/bytes.ts';
import type { Root } from '../format/root.ts';

/** The fingerprint of `root` (see the module header). */
export async function keyFingerprint(root: Pick<Root, 'roles'>): Promise<string> {
  const text = [...root.roles.root.keyids].sort().map((k) => `${k}\n`).join('');
  const hex = (await sha256Hex(utf8(text))).slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}
