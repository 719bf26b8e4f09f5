/**
 * The root chain as the operator keeps it: `<site>/roots/<N>.json` for every version and
 * `<site>/root.json`, the public trust anchor (same bytes as the newest roots/<N>.json).
 * format.md §3.1 (root document), §4.2 (rotation: N+1 signed by the old AND the new root role).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toBase64url } from '../../core/encoding/bytes.ts';
import { SPEC_VERSION, TYPES } from '../../core/format/common.ts';
import { signEnvelope } from '../../core/format/envelope.ts';
import { decodeRootEnvelope, type Root, type RoleName } from '../../core/format/root.ts';
import { formatUtc } from '../../core/format/time.ts';
import { CliError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/fs.ts';
import type { SiteKey } from './keys.ts';

/** One stored root version: its exact bytes and decoded payload. */
export interface StoredRoot {
  readonly version: number;
  readonly bytes: Uint8Array;
  readonly root: Root;
}

/** Inputs of a root payload. */
export interface RootSpec {
  readonly version: number;
  readonly expiresMs: number;
  readonly site: { readonly id: string; readonly name: string; readonly lang: string };
  /** Keys per role; a key may serve both roles. */
  readonly roles: Readonly<Record<RoleName, { readonly keys: readonly { keyid: string; publicKey: Uint8Array }[]; readonly threshold: number }>>;
}

/** The root payload object for `spec` (canonical JSON sorts it when signed). */
export function rootPayload(spec: RootSpec): Record<string, unknown> {
  const keys: Record<string, { type: string; public: string }> = {};
  for (const role of ['root', 'publish'] as const) {
    for (const k of spec.roles[role].keys) keys[k.keyid] = { type: 'ed25519', public: toBase64url(k.publicKey) };
  }
  const role = (r: RoleName) => ({ keyids: [...new Set(spec.roles[r].keys.map((k) => k.keyid))].sort(), threshold: spec.roles[r].threshold });
  return {
    _type: TYPES.root,
    spec_version: SPEC_VERSION,
    version: spec.version,
    expires: formatUtc(spec.expiresMs),
    site: { id: spec.site.id, name: spec.site.name, lang: spec.site.lang },
    keys,
    roles: { root: role('root'), publish: role('publish') },
  };
}

/** Sign a root payload with every given key (deduplicated by keyid, sorted for stable bytes). */
export async function signRoot(spec: RootSpec, signers: readonly SiteKey[]): Promise<Uint8Array> {
  const unique = [...new Map(signers.map((s) => [s.keyid, s])).values()].sort((a, b) => (a.keyid < b.keyid ? -1 : 1));
  return signEnvelope(rootPayload(spec), unique.map((s) => ({ keyid: s.keyid, key: s.key })));
}

/** Paths of a site's root files. */
export function rootPaths(siteDir: string): { anchor: string; dir: string; version: (n: number) => string } {
  const dir = join(siteDir, 'roots');
  return { anchor: join(siteDir, 'root.json'), dir, version: (n) => join(dir, `${n}.json`) };
}

/** Store a new root version in the site folder: roots/<N>.json first, then root.json. */
export async function storeRoot(siteDir: string, version: number, bytes: Uint8Array): Promise<void> {
  const p = rootPaths(siteDir);
  await writeFileAtomic(p.version(version), bytes);
  await writeFileAtomic(p.anchor, bytes);
}

/**
 * Every root version stored in `<site>/roots/`, oldest first. Requires versions 1..N without gaps,
 * each decodable, and root.json equal to the newest.
 */
export async function loadRootChain(siteDir: string): Promise<StoredRoot[]> {
  const p = rootPaths(siteDir);
  let names: string[];
  try {
    names = await readdir(p.dir);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') throw new CliError(`no roots/ directory in ${siteDir} (is this a site folder made by pigeonpost init?)`);
    throw e;
  }
  const versions = names
    .map((n) => /^([1-9]\d{0,8})\.json$/.exec(n)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  if (versions.length === 0) throw new CliError(`${p.dir} holds no root versions`);
  const out: StoredRoot[] = [];
  for (let i = 0; i < versions.length; i++) {
    if (versions[i] !== i + 1) throw new CliError(`${p.dir}: root version ${i + 1} is missing (the chain must be complete)`);
    const bytes = new Uint8Array(await readFile(p.version(i + 1)));
    let root: Root;
    try {
      root = (await decodeRootEnvelope(bytes, `roots/${i + 1}.json`)).root;
    } catch (e) {
      throw new CliError(`${p.version(i + 1)}: ${(e as Error).message}`);
    }
    if (root.version !== i + 1) throw new CliError(`${p.version(i + 1)} holds version ${root.version}`);
    out.push({ version: i + 1, bytes, root });
  }
  const anchor = new Uint8Array(await readFile(p.anchor).catch(() => new Uint8Array()));
  const newest = out[out.length - 1]!;
  if (Buffer.compare(anchor, newest.bytes) !== 0) {
    throw new CliError(`${p.anchor} differs from roots/${newest.version}.json (root.json must be the newest root)`);
  }
  return out;
}
