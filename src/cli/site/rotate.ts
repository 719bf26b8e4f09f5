/**
 * Key rotation (format.md §4.2): root version N+1 replaces every key of one role with a new key and
 * is signed by a threshold of the old root role AND by the new root role, so readers that only
 * know version N accept it through the chain. The old private key moves to keys/retired/.
 *
 * Rotating the publish key changes the key that signs articles too, so the next publish re-signs
 * every article (as a new revision) and readers download them again.
 */
import { formatUtc } from '../../core/format/time.ts';
import type { RoleName } from '../../core/format/root.ts';
import { CliError } from '../util/errors.ts';
import { loadSiteConfig } from './config.ts';
import { createKey, loadKeys, retireKey, signersFor, type SiteKey } from './keys.ts';
import { loadRootChain, signRoot, storeRoot, type RootSpec } from './roots.ts';

/** What a rotation did. */
export interface RotateResult {
  role: RoleName;
  version: number;
  expires: string;
  newKeyid: string;
  retired: string[];
}

/** Rotate the keys of `role` in the site folder. */
export async function rotateKeys(siteDir: string, role: RoleName, now: number): Promise<RotateResult> {
  const config = await loadSiteConfig(siteDir);
  const chain = await loadRootChain(siteDir);
  const cur = chain[chain.length - 1]!.root;
  const keys = await loadKeys(siteDir);
  const oldRootSigners = signersFor(keys, 'root', cur.roles.root.keyids, cur.roles.root.threshold);
  const fresh = await createKey(siteDir, role);

  const keep = (r: RoleName): { keys: { keyid: string; publicKey: Uint8Array }[]; threshold: number } => ({
    keys: cur.roles[r].keyids.map((keyid) => ({ keyid, publicKey: cur.keys.get(keyid)! })),
    threshold: cur.roles[r].threshold,
  });
  const replaced = { keys: [{ keyid: fresh.keyid, publicKey: fresh.key.publicKey }], threshold: 1 };
  const spec: RootSpec = {
    version: cur.version + 1,
    expiresMs: now + config.expiry.root,
    site: { id: cur.site.id, name: config.name, lang: config.lang },
    roles: role === 'root' ? { root: replaced, publish: keep('publish') } : { root: keep('root'), publish: replaced },
  };
  if (cur.site.id !== config.id) throw new CliError(`root.json is for site "${cur.site.id}" but site.json says "${config.id}"`);
  // §4.2: signed by the old root role and by the new one (the same keys when publish rotates).
  const newRootSigners: SiteKey[] = role === 'root' ? [fresh] : oldRootSigners;
  const bytes = await signRoot(spec, [...oldRootSigners, ...newRootSigners]);
  await storeRoot(siteDir, spec.version, bytes);

  const stillUsed = new Set([...(role === 'root' ? [] : cur.roles.root.keyids), ...(role === 'publish' ? [] : cur.roles.publish.keyids), fresh.keyid]);
  const retired: string[] = [];
  for (const k of keys) {
    if (cur.roles[role].keyids.includes(k.keyid) && !stillUsed.has(k.keyid)) retired.push(await retireKey(siteDir, k));
  }
  return { role, version: spec.version, expires: formatUtc(spec.expiresMs), newKeyid: fresh.keyid, retired };
}
