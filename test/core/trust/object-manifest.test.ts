/**
 * Pinned objects (format.md §5.4) and manifest verification (§5.5): exact length, SHA-256, gzip to
 * exactly the signed size (a bomb is cut off at it); then the manifest's signature, type, site, the
 * version the timestamp pins (mix-and-match), rollback and expiry (checklist A.1, B.14, B.18,
 * B.21, B.22, D.26, D.27).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gzip } from '../../../src/core/encoding/gzip.ts';
import { sha256Hex } from '../../../src/core/crypto/sha256.ts';
import { fromUtf8 } from '../../../src/core/encoding/bytes.ts';
import { openObject } from '../../../src/core/trust/object.ts';
import { verifyManifest } from '../../../src/core/trust/manifest.ts';
import { verifyAnchor } from '../../../src/core/trust/root-chain.ts';
import type { Root } from '../../../src/core/format/root.ts';
import { DAY, makeObject, newKeys, rejectionCode, sampleArticle, TestRepo } from '../../helpers/test-repo.ts';

describe('openObject', () => {
  const raw = new TextEncoder().encode('{"_type":"pigeonpost.index"}'.repeat(20));

  it('opens an object that matches its pin', async () => {
    const { gz, pin } = await makeObject(raw);
    expect(await openObject(gz, pin, 'segment')).toEqual(raw);
  });

  it('longer than pinned → TOO_LARGE; shorter → LENGTH_MISMATCH; other bytes → HASH_MISMATCH', async () => {
    const { gz, pin } = await makeObject(raw);
    expect(await rejectionCode(openObject(new Uint8Array([...gz, 0]), pin, 'x'))).toBe('TOO_LARGE');
    expect(await rejectionCode(openObject(gz.subarray(0, gz.length - 1), pin, 'x'))).toBe('LENGTH_MISMATCH');
    expect(await rejectionCode(openObject(new Uint8Array(0), pin, 'x'))).toBe('LENGTH_MISMATCH');
    for (let i = 0; i < gz.length; i++) {
      const t = gz.slice();
      t[i]! ^= 0x40;
      expect(await rejectionCode(openObject(t, pin, 'x')), `byte ${i}`).toBe('HASH_MISMATCH');
    }
  });

  it('inflating to a size other than the pinned one → LENGTH_MISMATCH / TOO_LARGE', async () => {
    const { gz, pin } = await makeObject(raw);
    expect(await rejectionCode(openObject(gz, { ...pin, size: pin.size + 1 }, 'x'))).toBe('LENGTH_MISMATCH');
    expect(await rejectionCode(openObject(gz, { ...pin, size: pin.size - 1 }, 'x'))).toBe('TOO_LARGE');
  });

  it('a gzip bomb pinned with a small size → TOO_LARGE, quickly', async () => {
    // A publisher key holder (or a bug) pins a bomb with a small declared size.
    const bomb = await gzip(new Uint8Array(64 * 1024 * 1024));
    const pin = { sha256: await sha256Hex(bomb), length: bomb.length, size: 4096 };
    const t = performance.now();
    expect(await rejectionCode(openObject(bomb, pin, 'pack'))).toBe('TOO_LARGE');
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it('pinned bytes that are not gzip → MALFORMED', async () => {
    const junk = new TextEncoder().encode('<html>portal</html>');
    expect(await rejectionCode(openObject(junk, { sha256: await sha256Hex(junk), length: junk.length, size: 10 }, 'x'))).toBe('MALFORMED');
  });
});

describe('verifyManifest', () => {
  let repo: TestRepo;
  let root: Root;
  let payload: Record<string, unknown>;

  beforeAll(async () => {
    repo = await TestRepo.create({ mirrors: [{ url: 'https://a.example/', name: 'A' }] });
    repo.addArticle(sampleArticle(1));
    await repo.publish();
    root = (await verifyAnchor(repo.anchor)).root;
    payload = JSON.parse(JSON.parse(fromUtf8(repo.history[0]!.manifestBytes)).payload) as Record<string, unknown>;
  });
  const opts = (o: { pinnedVersion?: number; storedVersion?: number; now?: number } = {}) => ({ now: o.now ?? repo.now, pinnedVersion: o.pinnedVersion ?? 1, ...(o.storedVersion === undefined ? {} : { storedVersion: o.storedVersion }) });

  it('accepts the manifest the timestamp pins', async () => {
    const m = await verifyManifest(root, repo.history[0]!.manifestBytes, opts());
    expect(m.version).toBe(1);
    expect(m.mirrors).toEqual([{ url: 'https://a.example/', name: 'A' }]);
    expect(m.segments).toHaveLength(1);
  });

  it('a version other than the pinned one → NOT_LISTED (checklist B.21, B.22)', async () => {
    expect(await rejectionCode(verifyManifest(root, repo.history[0]!.manifestBytes, opts({ pinnedVersion: 2 })))).toBe('NOT_LISTED');
  });

  it('older than the stored version → ROLLBACK; equal is fine', async () => {
    expect(await rejectionCode(verifyManifest(root, repo.history[0]!.manifestBytes, opts({ storedVersion: 2 })))).toBe('ROLLBACK');
    expect(await rejectionCode(verifyManifest(root, repo.history[0]!.manifestBytes, opts({ storedVersion: 1 })))).toBe('OK');
  });

  it('expired → EXPIRED', async () => {
    expect(await rejectionCode(verifyManifest(root, repo.history[0]!.manifestBytes, opts({ now: repo.now + 15 * DAY })))).toBe('EXPIRED');
  });

  it('unsigned, signed by an unknown key, or altered → UNKNOWN_KEY / BAD_SIGNATURE (checklist A.2, A.3)', async () => {
    expect(await rejectionCode(verifyManifest(root, await repo.sign(payload, []), opts()))).toBe('UNKNOWN_KEY');
    expect(await rejectionCode(verifyManifest(root, await repo.sign(payload, await newKeys(1)), opts()))).toBe('UNKNOWN_KEY');
    const env = JSON.parse(fromUtf8(repo.history[0]!.manifestBytes)) as { payload: string; signatures: unknown[] };
    const altered = JSON.stringify({ payload: env.payload.replace('"version":1', '"version":2'), signatures: env.signatures });
    expect(await rejectionCode(verifyManifest(root, new TextEncoder().encode(altered), opts({ pinnedVersion: 2 })))).toBe('BAD_SIGNATURE');
  });

  it('a signed but malformed mirror list → MALFORMED', async () => {
    for (const url of ['ftp://x.example/', 'https://u:p@x.example/', 'https://x.example/?a=1', 'https://x.example']) {
      expect(await rejectionCode(verifyManifest(root, await repo.sign({ ...payload, mirrors: [{ url }] }), opts())), url).toBe('MALFORMED');
    }
  });
});
