/**
 * The root document (format.md §3.1): the site's keys, roles and thresholds. Signed by the root role.
 */
import { PigeonError } from '../errors.ts';
import { fromBase64url } from '../encoding/bytes.ts';
import { checkPublicKey } from '../crypto/ed25519.ts';
import { sha256Hex } from '../crypto/sha256.ts';
import { decodeEnvelope, type Envelope } from './envelope.ts';
import { checkHeader, readTime, TYPES } from './common.ts';
import { arr, int, LANG_PATTERN, obj, SHA256_PATTERN, SITE_ID_PATTERN, str } from './read.ts';
import type { Role, Root, RoleName } from './root-types.ts';

export type { Root, Role, RoleName, KeyRing } from './root-types.ts';

/** Cap on keys per root. */
const MAX_KEYS = 32;

function readRole(v: unknown, path: string, known: ReadonlyMap<string, Uint8Array>): Role {
  const o = obj(v, path, { required: ['keyids', 'threshold'] });
  const keyids = arr(o, 'keyids', path, MAX_KEYS, (k, p) => {
    if (typeof k !== 'string' || !SHA256_PATTERN.test(k)) throw new PigeonError('MALFORMED', `${p} must be a keyid`);
    if (!known.has(k)) throw new PigeonError('MALFORMED', `${p} names a key that is not in keys`);
    return k;
  });
  if (new Set(keyids).size !== keyids.length) throw new PigeonError('MALFORMED', `${path}.keyids lists a key twice`);
  const threshold = int(o, 'threshold', path, 1, MAX_KEYS);
  if (keyids.length < threshold) {
    throw new PigeonError('MALFORMED', `${path} lists ${keyids.length} key(s), fewer than its threshold ${threshold}`);
  }
  return { keyids, threshold };
}

/** Decode a root payload (already parsed from an envelope). Verifies keyids match their keys. */
export async function decodeRoot(payload: unknown, what = 'root'): Promise<Root> {
  checkHeader(obj(payload, what), TYPES.root, what);
  const o = obj(payload, what, { required: ['_type', 'spec_version', 'version', 'expires', 'site', 'keys', 'roles'] });
  const site = obj(o['site'], `${what}.site`, { required: ['id', 'name', 'lang'] });
  const keysObj = obj(o['keys'], `${what}.keys`);
  const ids = Object.keys(keysObj);
  if (ids.length === 0 || ids.length > MAX_KEYS) throw new PigeonError('MALFORMED', `${what}.keys must hold 1 to ${MAX_KEYS} keys`);
  const keys = new Map<string, Uint8Array>();
  for (const id of ids) {
    const p = `${what}.keys.${id.slice(0, 16)}`;
    if (!SHA256_PATTERN.test(id)) throw new PigeonError('MALFORMED', `${p}: keyid must be 64 hex digits`);
    const k = obj(keysObj[id], p, { required: ['type', 'public'] });
    if (k['type'] !== 'ed25519') throw new PigeonError('UNSUPPORTED', `${p}: key type must be ed25519`);
    const raw = fromBase64url(str(k, 'public', p, { max: 64 }), `${p}.public`, 32);
    checkPublicKey(raw);
    // A keyid is the hash of its key, so one key cannot be listed under two ids (checklist A.6).
    if ((await sha256Hex(raw)) !== id) throw new PigeonError('MALFORMED', `${p}: keyid is not the SHA-256 of the key`);
    keys.set(id, raw);
  }
  const roles = obj(o['roles'], `${what}.roles`, { required: ['root', 'publish'] });
  return {
    type: TYPES.root,
    version: int(o, 'version', what, 1),
    expires: readTime(o, 'expires', what),
    site: {
      id: str(site, 'id', `${what}.site`, { pattern: SITE_ID_PATTERN }),
      name: str(site, 'name', `${what}.site`, { min: 1, max: 200 }),
      lang: str(site, 'lang', `${what}.site`, { pattern: LANG_PATTERN }),
    },
    keys,
    roles: {
      root: readRole(roles['root'], `${what}.roles.root`, keys),
      publish: readRole(roles['publish'], `${what}.roles.publish`, keys),
    } satisfies Record<RoleName, Role>,
  };
}

/** Decode root envelope bytes (structure only; the chain logic verifies signatures). */
export async function decodeRootEnvelope(bytes: Uint8Array, what = 'root'): Promise<{ env: Envelope; root: Root }> {
  const env = decodeEnvelope(bytes, what);
  return { env, root: await decodeRoot(env.payload, what) };
}
