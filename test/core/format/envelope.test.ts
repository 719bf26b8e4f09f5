/**
 * Signed envelopes and threshold verification (format.md §2.2, §4.1; checklist A.2–A.7, A.12):
 * duplicate keyids count once, junk next to a valid threshold is ignored, unknown and revoked
 * keys → UNKNOWN_KEY, bad signatures → BAD_SIGNATURE, too few → THRESHOLD_NOT_MET; a validly
 * signed document of one type is never accepted as another (WRONG_TYPE) or for another site.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson } from '../../../src/core/encoding/canonical-json.ts';
import { concatBytes, fromUtf8, toBase64url, utf8 } from '../../../src/core/encoding/bytes.ts';
import { signEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { decodeEnvelope, MAX_SIGNATURES, SIG_CONTEXT, signingMessage, verifyThreshold } from '../../../src/core/format/envelope.ts';
import { decodeRoot, type Root } from '../../../src/core/format/root.ts';
import { verifyTimestamp } from '../../../src/core/trust/timestamp.ts';
import { verifyManifest } from '../../../src/core/trust/manifest.ts';
import { verifyArticleEnvelope } from '../../../src/core/trust/article.ts';
import { verifyAnchor } from '../../../src/core/trust/root-chain.ts';
import { errorCode, newKeys, rejectionCode, rootPayload, sampleArticle, signWith, T0, DAY, TestRepo, type TestKey } from '../../helpers/test-repo.ts';

const PAYLOAD = { _type: 'pigeonpost.timestamp', spec_version: 1, note: 'Новости' };

let k: TestKey[] = [];
/** A root whose publish role is 2-of-3 (k0, k1, k2); k3 is listed under `keys` only (revoked); k4 unknown. */
let root: Root;

beforeAll(async () => {
  k = await newKeys(5);
  root = await decodeRoot(
    rootPayload({ version: 1, expires: T0 + DAY, site: { id: 'demo-news', name: 'Demo', lang: 'en' }, rootKeys: [k[0]!], rootThreshold: 1, publishKeys: [k[0]!, k[1]!, k[2]!], publishThreshold: 2, extraKeys: [k[3]!] }),
  );
});

/** An envelope carrying the given raw signatures over PAYLOAD. */
function envelopeWith(sigs: { keyid: string; sig: Uint8Array }[], payload: unknown = PAYLOAD): Uint8Array {
  return canonicalBytes({ payload: canonicalJson(payload), signatures: sigs.map((s) => ({ keyid: s.keyid, sig: toBase64url(s.sig) })) });
}
async function sigBy(key: TestKey, payload: unknown = PAYLOAD): Promise<{ keyid: string; sig: Uint8Array }> {
  return { keyid: key.keyid, sig: await signEd25519(key.key, signingMessage(utf8(canonicalJson(payload)))) };
}
const junk = (key: TestKey): { keyid: string; sig: Uint8Array } => ({ keyid: key.keyid, sig: new Uint8Array(64).fill(9) });
const check = (bytes: Uint8Array): Promise<string> => rejectionCode(verifyThreshold(decodeEnvelope(bytes), root.keys, root.roles.publish, 'doc'));

describe('decodeEnvelope', () => {
  it('decodes the payload from the exact signed text', async () => {
    const bytes = await signWith(PAYLOAD, [k[0]!]);
    const env = decodeEnvelope(bytes);
    expect(env.payload).toEqual(PAYLOAD);
    expect(fromUtf8(env.payloadBytes)).toBe(canonicalJson(PAYLOAD));
    expect(env.signatures).toHaveLength(1);
    expect(env.signatures[0]!.sig).toHaveLength(64);
  });

  it('rejects malformed envelopes with MALFORMED', async () => {
    const s = await sigBy(k[0]!);
    const sig = toBase64url(s.sig);
    const bad: unknown[] = [
      { payload: canonicalJson(PAYLOAD), signatures: [{ keyid: s.keyid, sig }], extra: 1 }, // unknown field
      { payload: canonicalJson(PAYLOAD) }, // no signatures
      { payload: PAYLOAD, signatures: [] }, // payload not a string
      { payload: '{"b":1,"a":2}', signatures: [] }, // payload not canonical
      { payload: '{"a": 1}', signatures: [] },
      { payload: 'not json', signatures: [] },
      { payload: canonicalJson(PAYLOAD), signatures: [{ keyid: s.keyid.toUpperCase(), sig }] },
      { payload: canonicalJson(PAYLOAD), signatures: [{ keyid: s.keyid, sig: sig.slice(1) }] }, // 63.x bytes
      { payload: canonicalJson(PAYLOAD), signatures: [{ keyid: s.keyid, sig: toBase64url(new Uint8Array(65)) }] },
      { payload: canonicalJson(PAYLOAD), signatures: [{ keyid: s.keyid, sig: toBase64url(new Uint8Array(63)) }] },
      { payload: canonicalJson(PAYLOAD), signatures: [{ keyid: s.keyid, sig: `${sig}==` }] },
      { payload: canonicalJson(PAYLOAD), signatures: [{ keyid: s.keyid, sig, alg: 'rsa' }] },
      { payload: canonicalJson(PAYLOAD), signatures: Array.from({ length: MAX_SIGNATURES + 1 }, () => ({ keyid: s.keyid, sig })) },
      [],
      'text',
    ];
    for (const b of bad) expect(errorCode(() => decodeEnvelope(canonicalBytes(b))), JSON.stringify(b).slice(0, 80)).toBe('MALFORMED');
    // The envelope itself must be canonical too (whitespace).
    expect(errorCode(() => decodeEnvelope(utf8(`{"payload": ${JSON.stringify(canonicalJson(PAYLOAD))},"signatures":[]}`)))).toBe('MALFORMED');
  });

  it('signs "pigeonpost-signature-v1\\n" + payload, so a bare signature over the payload is refused', async () => {
    expect(fromUtf8(signingMessage(utf8('{}')))).toBe(`${SIG_CONTEXT}{}`);
    const bare = await signEd25519(k[0]!.key, utf8(canonicalJson(PAYLOAD)));
    const good = await sigBy(k[1]!);
    expect(await check(envelopeWith([{ keyid: k[0]!.keyid, sig: bare }, good]))).toBe('THRESHOLD_NOT_MET');
    const onlyBare = await signEd25519(k[1]!.key, concatBytes([utf8('other-context\n'), utf8(canonicalJson(PAYLOAD))]));
    expect(await check(envelopeWith([{ keyid: k[1]!.keyid, sig: onlyBare }]))).toBe('BAD_SIGNATURE');
  });
});

describe('verifyThreshold (format.md §4.1)', () => {
  it('accepts a threshold of distinct listed keys', async () => {
    expect(await check(envelopeWith([await sigBy(k[0]!), await sigBy(k[1]!)]))).toBe('OK');
    expect(await check(envelopeWith([await sigBy(k[2]!), await sigBy(k[0]!), await sigBy(k[1]!)]))).toBe('OK');
  });

  it('counts a keyid that appears twice once (THRESHOLD_NOT_MET)', async () => {
    const s = await sigBy(k[0]!);
    expect(await check(envelopeWith([s, s]))).toBe('THRESHOLD_NOT_MET');
    expect(await check(envelopeWith([s, s, s, s, s, s]))).toBe('THRESHOLD_NOT_MET');
  });

  it('a junk signature next to a valid threshold does not fail the document (checklist A.7)', async () => {
    const [a, b] = [await sigBy(k[0]!), await sigBy(k[1]!)];
    expect(await check(envelopeWith([junk(k[2]!), a, b]))).toBe('OK'); // bad sig by a listed key
    expect(await check(envelopeWith([a, junk(k[4]!), b]))).toBe('OK'); // unknown key
    expect(await check(envelopeWith([junk(k[0]!), a, b]))).toBe('OK'); // junk under the same keyid first
    expect(await check(envelopeWith([a, b, junk(k[3]!)]))).toBe('OK'); // revoked key
  });

  it('signatures only by unknown keys → UNKNOWN_KEY (also: no signatures at all)', async () => {
    expect(await check(envelopeWith([await sigBy(k[4]!)]))).toBe('UNKNOWN_KEY');
    expect(await check(envelopeWith([]))).toBe('UNKNOWN_KEY');
  });

  it('a valid signature by a revoked key (in keys, not in the role) → UNKNOWN_KEY (checklist A.4)', async () => {
    expect(await check(envelopeWith([await sigBy(k[3]!)]))).toBe('UNKNOWN_KEY');
    expect(await check(envelopeWith([await sigBy(k[3]!), await sigBy(k[4]!)]))).toBe('UNKNOWN_KEY');
  });

  it('listed keys whose signatures all fail → BAD_SIGNATURE', async () => {
    expect(await check(envelopeWith([junk(k[0]!), junk(k[1]!)]))).toBe('BAD_SIGNATURE');
    const other = await sigBy(k[0]!, { ...PAYLOAD, note: 'other' });
    expect(await check(envelopeWith([other]))).toBe('BAD_SIGNATURE'); // signature of another payload
  });

  it('some valid but too few → THRESHOLD_NOT_MET', async () => {
    expect(await check(envelopeWith([await sigBy(k[0]!)]))).toBe('THRESHOLD_NOT_MET');
    expect(await check(envelopeWith([await sigBy(k[0]!), junk(k[1]!)]))).toBe('THRESHOLD_NOT_MET');
    expect(await check(envelopeWith([await sigBy(k[0]!), await sigBy(k[3]!), await sigBy(k[4]!)]))).toBe('THRESHOLD_NOT_MET');
  });

  it('any change to the payload after signing fails the signature (checklist A.2)', async () => {
    const sigs = [await sigBy(k[0]!), await sigBy(k[1]!)];
    expect(await check(envelopeWith(sigs, { ...PAYLOAD, note: 'Новости!' }))).toBe('BAD_SIGNATURE');
    expect(await check(envelopeWith(sigs, { ...PAYLOAD, extra: 1 }))).toBe('BAD_SIGNATURE');
  });
});

describe('type and site confusion (checklist A.12)', () => {
  let repo: TestRepo;
  let trusted: Root;
  beforeAll(async () => {
    // One key in both roles, so that signatures are valid everywhere and only the type decides.
    const one = await newKeys(1);
    repo = await TestRepo.create({ keys: { root: one, publish: one } });
    repo.addArticle(sampleArticle(1));
    await repo.publish();
    trusted = (await verifyAnchor(repo.anchor)).root;
  });

  it('a valid timestamp offered as a manifest → WRONG_TYPE, and vice versa', async () => {
    const ts = repo.files.get('timestamp.json')!;
    const m = repo.history[0]!;
    expect(await rejectionCode(verifyManifest(trusted, ts, { now: repo.now, pinnedVersion: 1 }))).toBe('WRONG_TYPE');
    expect(await rejectionCode(verifyTimestamp(trusted, m.manifestBytes, { now: repo.now }))).toBe('WRONG_TYPE');
    expect(await rejectionCode(verifyManifest(trusted, m.manifestBytes, { now: repo.now, pinnedVersion: 1 }))).toBe('OK');
  });

  it('a root or an article offered as a timestamp → WRONG_TYPE; a timestamp as an article → WRONG_TYPE', async () => {
    const article = repo.published('story-1').envelope;
    expect(await rejectionCode(verifyTimestamp(trusted, repo.anchor, { now: repo.now }))).toBe('WRONG_TYPE');
    expect(await rejectionCode(verifyTimestamp(trusted, article, { now: repo.now }))).toBe('WRONG_TYPE');
    expect(await rejectionCode(verifyArticleEnvelope(trusted, repo.files.get('timestamp.json')!))).toBe('WRONG_TYPE');
    expect(await rejectionCode(verifyArticleEnvelope(trusted, article))).toBe('OK');
  });

  it('documents for another site → WRONG_SITE', async () => {
    const ts = await repo.resignTimestamp({ site: 'other-news', store: false });
    expect(await rejectionCode(verifyTimestamp(trusted, ts, { now: repo.now }))).toBe('WRONG_SITE');
    const { payload } = await repo.articlePayload({ input: sampleArticle(2), rev: 1 }, 'other-news');
    expect(await rejectionCode(verifyArticleEnvelope(trusted, await repo.sign(payload)))).toBe('WRONG_SITE');
    const m = JSON.parse(JSON.parse(fromUtf8(repo.history[0]!.manifestBytes)).payload) as Record<string, unknown>;
    expect(await rejectionCode(verifyManifest(trusted, await repo.sign({ ...m, site: 'other-news' }), { now: repo.now, pinnedVersion: 1 }))).toBe('WRONG_SITE');
  });

  it('an unknown spec_version → UNSUPPORTED', async () => {
    const m = JSON.parse(JSON.parse(fromUtf8(repo.history[0]!.manifestBytes)).payload) as Record<string, unknown>;
    expect(await rejectionCode(verifyManifest(trusted, await repo.sign({ ...m, spec_version: 2 }), { now: repo.now, pinnedVersion: 1 }))).toBe('UNSUPPORTED');
  });
});
