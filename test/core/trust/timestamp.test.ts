/**
 * Timestamp verification (format.md §5.1–5.3; checklist B.14, B.15, B.18–B.20): signature by the
 * publish role, site, rollback against the stored floor, equal version = 'same' (anomaly when the
 * bytes differ), expiry against one reference time, root version not above the trusted root.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyTimestamp, peekTimestamp } from '../../../src/core/trust/timestamp.ts';
import { verifyAnchor } from '../../../src/core/trust/root-chain.ts';
import type { Root } from '../../../src/core/format/root.ts';
import { signEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { signingMessage } from '../../../src/core/format/envelope.ts';
import { toBase64url, utf8 } from '../../../src/core/encoding/bytes.ts';
import { DAY, HOUR, newKeys, rejectionCode, sampleArticle, TestRepo } from '../../helpers/test-repo.ts';

let repo: TestRepo;
let root: Root;

beforeAll(async () => {
  repo = await TestRepo.create();
  repo.addArticle(sampleArticle(1));
  await repo.publish();
  root = (await verifyAnchor(repo.anchor)).root;
});

const ts = (o: Parameters<TestRepo['resignTimestamp']>[0] = {}): Promise<Uint8Array> => repo.resignTimestamp({ store: false, ...o });

describe('verifyTimestamp', () => {
  it('accepts a fresh timestamp as new; decodes its manifest pin', async () => {
    const r = await verifyTimestamp(root, await ts({ version: 10 }), { now: repo.now });
    expect(r.status).toBe('new');
    expect(r.timestamp.version).toBe(10);
    expect(r.timestamp.manifest).toEqual(repo.history[0]!.manifest);
  });

  it('a version below the stored one → ROLLBACK (checklist B.14)', async () => {
    expect(await rejectionCode(verifyTimestamp(root, await ts({ version: 9 }), { now: repo.now, stored: { version: 10 } }))).toBe('ROLLBACK');
    expect(await rejectionCode(verifyTimestamp(root, await ts({ version: 1 }), { now: repo.now, stored: { version: Number.MAX_SAFE_INTEGER } }))).toBe('ROLLBACK');
  });

  it('the same version with the same bytes → same, no anomaly', async () => {
    const bytes = await ts({ version: 10 });
    const r = await verifyTimestamp(root, bytes, { now: repo.now, stored: { version: 10, bytes } });
    expect(r.status).toBe('same');
    expect(r.anomaly).toBeUndefined();
  });

  it('the same version with different bytes → same, with an anomaly (checklist B.15)', async () => {
    const stored = await ts({ version: 10 });
    const other = await ts({ version: 10, expires: repo.now + 2 * DAY });
    const r = await verifyTimestamp(root, other, { now: repo.now, stored: { version: 10, bytes: stored } });
    expect(r.status).toBe('same');
    expect(r.anomaly).toMatch(/different content/);
  });

  it('expired at the reference time → EXPIRED, with the expiry in the detail (checklist B.18)', async () => {
    const bytes = await ts({ version: 11, expires: repo.now - 1000 });
    const e = await verifyTimestamp(root, bytes, { now: repo.now }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'EXPIRED', detail: { expires: '2026-11-27T19:59:59Z' } });
    // The same bytes were fine an hour earlier: expiry depends only on the reference time passed in.
    expect((await verifyTimestamp(root, bytes, { now: repo.now - HOUR })).status).toBe('new');
    // Exactly at the expiry second it is still valid.
    expect((await verifyTimestamp(root, await ts({ version: 11, expires: repo.now }), { now: repo.now })).status).toBe('new');
  });

  it('rollback is judged before expiry: an old expired timestamp is reported as ROLLBACK', async () => {
    const bytes = await ts({ version: 5, expires: repo.now - DAY });
    expect(await rejectionCode(verifyTimestamp(root, bytes, { now: repo.now, stored: { version: 10 } }))).toBe('ROLLBACK');
  });

  it('a root version above the trusted root → NOT_LISTED (walk the chain first)', async () => {
    expect(await rejectionCode(verifyTimestamp(root, await ts({ rootVersion: 2 }), { now: repo.now }))).toBe('NOT_LISTED');
    expect(peekTimestamp(await ts({ rootVersion: 7 })).rootVersion).toBe(7);
  });

  it('signed by an unknown key → UNKNOWN_KEY; another site → WRONG_SITE', async () => {
    const stranger = await newKeys(1);
    expect(await rejectionCode(verifyTimestamp(root, await ts({ signers: stranger }), { now: repo.now }))).toBe('UNKNOWN_KEY');
    expect(await rejectionCode(verifyTimestamp(root, await ts({ signers: repo.rootKeys }), { now: repo.now }))).toBe('UNKNOWN_KEY');
    expect(await rejectionCode(verifyTimestamp(root, await ts({ site: 'other-site' }), { now: repo.now }))).toBe('WRONG_SITE');
  });

  it('a fast-forwarded version (2^53 − 1) is valid for the key that signed it; 2^53 is MALFORMED (checklist B.20)', async () => {
    expect((await verifyTimestamp(root, await ts({ version: Number.MAX_SAFE_INTEGER }), { now: repo.now })).status).toBe('new');
    const payload = JSON.parse(JSON.parse(new TextDecoder().decode(await ts())).payload) as Record<string, unknown>;
    // 2^53 cannot even be written canonically; sign the raw text by hand.
    const text = JSON.stringify({ ...payload, version: 0 }).replace('"version":0', '"version":9007199254740992');
    const sig = toBase64url(await signEd25519(repo.publishKeys[0]!.key, signingMessage(utf8(text))));
    const env = utf8(JSON.stringify({ payload: text, signatures: [{ keyid: repo.publishKeys[0]!.keyid, sig }] }));
    expect(await rejectionCode(verifyTimestamp(root, env, { now: repo.now }))).toBe('MALFORMED');
  });

  it('threshold publish roles: 2-of-3 publish keys', async () => {
    const r2 = await TestRepo.create({ publishKeys: 3, publishThreshold: 2 });
    r2.addArticle(sampleArticle(2));
    await r2.publish();
    const root2 = (await verifyAnchor(r2.anchor)).root;
    const pk = r2.publishKeys;
    expect(await rejectionCode(verifyTimestamp(root2, r2.files.get('timestamp.json')!, { now: r2.now }))).toBe('OK');
    expect(await rejectionCode(verifyTimestamp(root2, await r2.resignTimestamp({ store: false, signers: [pk[2]!, pk[0]!] }), { now: r2.now }))).toBe('OK');
    expect(await rejectionCode(verifyTimestamp(root2, await r2.resignTimestamp({ store: false, signers: [pk[1]!] }), { now: r2.now }))).toBe('THRESHOLD_NOT_MET');
    expect(await rejectionCode(verifyTimestamp(root2, await r2.resignTimestamp({ store: false, signers: [pk[1]!, pk[1]!] }), { now: r2.now }))).toBe('THRESHOLD_NOT_MET');
  });
});
