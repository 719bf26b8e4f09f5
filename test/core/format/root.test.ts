/**
 * Root documents (format.md §3.1): structure rules enforced at decode, before any chain logic.
 * A role with fewer keys than its threshold, a keyid that is not the hash of its key, a key listed
 * twice, unknown key types and small-order keys are all refused (checklist A.5, A.6, A.12, A.13).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64url } from '../../../src/core/encoding/bytes.ts';
import { decodeRoot, decodeRootEnvelope } from '../../../src/core/format/root.ts';
import { DAY, T0, newKeys, rejectionCode, rootPayload, signWith, type TestKey } from '../../helpers/test-repo.ts';

let k: TestKey[] = [];
let base: Record<string, unknown>;
const site = { id: 'demo-news', name: 'Demo News', lang: 'en' };

beforeAll(async () => {
  k = await newKeys(34);
  base = rootPayload({ version: 1, expires: T0 + DAY, site, rootKeys: [k[0]!, k[1]!], rootThreshold: 2, publishKeys: [k[2]!], publishThreshold: 1 });
});

/** A deep copy of the base payload with `edit` applied. */
function variant(edit: (p: any) => void): unknown {
  const p = structuredClone(base);
  edit(p);
  return p;
}
const decode = (p: unknown): Promise<string> => rejectionCode(decodeRoot(p));

describe('decodeRoot', () => {
  it('decodes a valid root into keys and roles', async () => {
    const root = await decodeRoot(base);
    expect(root.version).toBe(1);
    expect(root.site).toEqual(site);
    expect([...root.keys.keys()].sort()).toEqual([k[0]!.keyid, k[1]!.keyid, k[2]!.keyid].sort());
    expect(root.roles.root).toEqual({ keyids: [k[0]!.keyid, k[1]!.keyid], threshold: 2 });
    expect(root.roles.publish.threshold).toBe(1);
  });

  it('a role with fewer keys than its threshold → MALFORMED (checklist A.5)', async () => {
    expect(await decode(variant((p) => (p.roles.publish.threshold = 2)))).toBe('MALFORMED');
    expect(await decode(variant((p) => (p.roles.root.threshold = 3)))).toBe('MALFORMED');
  });

  it('threshold 0, negative, fractional or a string → MALFORMED', async () => {
    for (const t of [0, -1, 1.5, '1', null]) expect(await decode(variant((p) => (p.roles.publish.threshold = t))), String(t)).toBe('MALFORMED');
  });

  it('a keyid that is not the SHA-256 of its key → MALFORMED (one key cannot hide under two ids, A.6)', async () => {
    expect(
      await decode(
        variant((p) => {
          p.keys[k[0]!.keyid] = { type: 'ed25519', public: toBase64url(k[3]!.publicKey) };
        }),
      ),
    ).toBe('MALFORMED');
    // The same public key under a second, made-up id.
    const fake = 'f'.repeat(64);
    expect(
      await decode(
        variant((p) => {
          p.keys[fake] = { type: 'ed25519', public: toBase64url(k[0]!.publicKey) };
          p.roles.root.keyids = [k[0]!.keyid, fake];
        }),
      ),
    ).toBe('MALFORMED');
  });

  it('a role listing the same keyid twice, or a keyid not in keys → MALFORMED', async () => {
    expect(await decode(variant((p) => (p.roles.root.keyids = [k[0]!.keyid, k[0]!.keyid])))).toBe('MALFORMED');
    expect(await decode(variant((p) => (p.roles.publish.keyids = [k[5]!.keyid])))).toBe('MALFORMED');
    expect(await decode(variant((p) => (p.roles.publish.keyids = ['X'.repeat(64)])))).toBe('MALFORMED');
  });

  it('key types other than ed25519 → UNSUPPORTED; malformed key material → MALFORMED', async () => {
    expect(await decode(variant((p) => (p.keys[k[2]!.keyid].type = 'rsa')))).toBe('UNSUPPORTED');
    expect(await decode(variant((p) => (p.keys[k[2]!.keyid].public = toBase64url(k[2]!.publicKey.subarray(0, 31)))))).toBe('MALFORMED');
    expect(await decode(variant((p) => (p.keys[k[2]!.keyid].public = `${toBase64url(k[2]!.publicKey)}=`)))).toBe('MALFORMED');
    expect(await decode(variant((p) => (p.keys[k[2]!.keyid].scheme = 'ed25519ph')))).toBe('MALFORMED');
  });

  it('a small-order public key (even with its correct keyid) → MALFORMED', async () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const id = await (async () => [...new Uint8Array(await crypto.subtle.digest('SHA-256', identity))].map((b) => b.toString(16).padStart(2, '0')).join(''))();
    expect(
      await decode(
        variant((p) => {
          p.keys[id] = { type: 'ed25519', public: toBase64url(identity) };
          p.roles.publish.keyids = [id];
        }),
      ),
    ).toBe('MALFORMED');
  });

  it('no keys, or more than 32 keys → MALFORMED', async () => {
    expect(await decode(variant((p) => (p.keys = {})))).toBe('MALFORMED');
    const many = rootPayload({ version: 1, expires: T0 + DAY, site, rootKeys: k.slice(0, 1), rootThreshold: 1, publishKeys: k.slice(1, 33), publishThreshold: 1 });
    expect(await decode(many)).toBe('MALFORMED');
    const max = rootPayload({ version: 1, expires: T0 + DAY, site, rootKeys: k.slice(0, 1), rootThreshold: 1, publishKeys: k.slice(1, 32), publishThreshold: 31 });
    expect(await decode(max)).toBe('OK');
  });

  it('missing or extra roles and fields → MALFORMED; another type → WRONG_TYPE', async () => {
    expect(await decode(variant((p) => delete p.roles.publish))).toBe('MALFORMED');
    expect(await decode(variant((p) => (p.roles.mirrors = { keyids: [k[2]!.keyid], threshold: 1 })))).toBe('MALFORMED');
    expect(await decode(variant((p) => (p.unknown = 1)))).toBe('MALFORMED');
    expect(await decode(variant((p) => delete p.expires))).toBe('MALFORMED');
    expect(await decode(variant((p) => (p._type = 'pigeonpost.timestamp')))).toBe('WRONG_TYPE');
    expect(await decode(variant((p) => (p.spec_version = 2)))).toBe('UNSUPPORTED');
  });

  it('versions must be integers from 1 to 2^53 − 1', async () => {
    for (const v of [0, -1, 1.5, '2', Number.MAX_SAFE_INTEGER + 1, 1e300]) expect(await decode(variant((p) => (p.version = v))), String(v)).toBe('MALFORMED');
    expect(await decode(variant((p) => (p.version = Number.MAX_SAFE_INTEGER)))).toBe('OK');
  });

  it('expires must be a real UTC time in whole seconds', async () => {
    for (const e of ['2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00+00:00', '2026-01-01 00:00:00Z', '2026-01-01T00:00:00z', '', 1795809600]) {
      expect(await decode(variant((p) => (p.expires = e))), String(e)).toBe('MALFORMED');
    }
  });

  it('site ids that are not safe identifiers → MALFORMED (checklist D.39)', async () => {
    for (const id of ['../etc', 'a%2Fb', 'a\u0000b', 'A', '-a', 'a/b', 'a.b', 'x'.repeat(65), 'x'.repeat(10_000), '']) {
      expect(await decode(variant((p) => (p.site.id = id))), id.slice(0, 20)).toBe('MALFORMED');
    }
  });

  it('decodeRootEnvelope decodes structure only (signatures are the chain walk\'s job)', async () => {
    const signedByStranger = await signWith(base, [k[9]!]);
    const { root, env } = await decodeRootEnvelope(signedByStranger);
    expect(root.version).toBe(1);
    expect(env.signatures[0]!.keyid).toBe(k[9]!.keyid);
  });
});
