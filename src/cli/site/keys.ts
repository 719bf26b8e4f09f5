/**
 * Private key files in `<site>/keys/` (docs/site-folder.md): one JSON file per key, mode 0600, in a
 * directory of mode 0700, named `<role>-<keyid16>.key`:
 *
 *   {"type":"ed25519","role":"publish","keyid":"<64 hex>","public":"<base64url>","pkcs8":"<base64url>"}
 *
 * Retired keys move to `keys/retired/` on rotation and are never used for signing again.
 */
import { chmod, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fromBase64url, toBase64url } from '../../core/encoding/bytes.ts';
import { generateSigningKey, importSigningKey, type SigningKey } from '../../core/crypto/ed25519.ts';
import { sha256Hex } from '../../core/crypto/sha256.ts';
import type { RoleName } from '../../core/format/root.ts';
import { CliError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { makeDirs } from '../util/fs.ts';

/** A key ready to sign, with its id and role. */
export interface SiteKey {
  readonly role: RoleName;
  readonly keyid: string;
  readonly key: SigningKey;
  readonly file: string;
}

/** The keys directory of a site. */
export function keysDir(siteDir: string): string {
  return join(siteDir, 'keys');
}

/** Generate a key for `role` and store it (mode 0600). */
export async function createKey(siteDir: string, role: RoleName): Promise<SiteKey> {
  const { key, pkcs8 } = await generateSigningKey();
  const keyid = await sha256Hex(key.publicKey);
  const dir = keysDir(siteDir);
  await makeDirs(dir, 0o700);
  await chmod(dir, 0o700);
  const file = join(dir, `${role}-${keyid.slice(0, 16)}.key`);
  const body = JSON.stringify({ type: 'ed25519', role, keyid, public: toBase64url(key.publicKey), pkcs8: toBase64url(pkcs8) }, null, 2) + '\n';
  await writeFileAtomic(file, body, { mode: 0o600 });
  await chmod(file, 0o600);
  return { role, keyid, key, file };
}

async function readKeyFile(file: string): Promise<SiteKey> {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new CliError(`key file ${file} is not valid JSON (${(e as Error).message})`);
  }
  const { type, role, keyid, public: pub, pkcs8 } = o;
  if (type !== 'ed25519' || (role !== 'root' && role !== 'publish') || typeof keyid !== 'string' || typeof pub !== 'string' || typeof pkcs8 !== 'string') {
    throw new CliError(`key file ${file} must hold {"type":"ed25519","role":"root"|"publish","keyid","public","pkcs8"}`);
  }
  const publicKey = fromBase64url(pub, `${file} public`, 32);
  if ((await sha256Hex(publicKey)) !== keyid) throw new CliError(`key file ${file}: keyid is not the SHA-256 of the public key`);
  let key: SigningKey;
  try {
    key = await importSigningKey(fromBase64url(pkcs8, `${file} pkcs8`), publicKey);
  } catch {
    throw new CliError(`key file ${file}: the private key cannot be imported`);
  }
  return { role, keyid, key, file };
}

/** Every active key in `keys/` (not `keys/retired/`). */
export async function loadKeys(siteDir: string): Promise<SiteKey[]> {
  const dir = keysDir(siteDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') throw new CliError(`no keys directory in ${siteDir} (run pigeonpost init, or restore keys/)`);
    throw e;
  }
  const out: SiteKey[] = [];
  for (const n of names.sort()) if (n.endsWith('.key')) out.push(await readKeyFile(join(dir, n)));
  return out;
}

/**
 * The keys able to sign for `role` under a root that lists `keyids` with `threshold`.
 * Throws a CliError when fewer than the threshold are present in keys/.
 */
export function signersFor(keys: readonly SiteKey[], role: RoleName, keyids: readonly string[], threshold: number): SiteKey[] {
  const listed = new Set(keyids);
  const found = keys.filter((k) => listed.has(k.keyid));
  const unique = [...new Map(found.map((k) => [k.keyid, k])).values()];
  if (unique.length < threshold) {
    throw new CliError(`the ${role} role needs ${threshold} key(s) but keys/ holds ${unique.length} of those listed in the current root`);
  }
  return unique;
}

/** Move a key file into keys/retired/. */
export async function retireKey(siteDir: string, key: SiteKey): Promise<string> {
  const dir = join(keysDir(siteDir), 'retired');
  await makeDirs(dir, 0o700);
  await chmod(dir, 0o700);
  const dest = join(dir, key.file.split(/[\\/]/).pop()!);
  await rename(key.file, dest);
  return dest;
}
