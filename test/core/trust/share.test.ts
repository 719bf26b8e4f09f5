/**
 * Share files (format.md §7; checklist 46 and 47, and the rules of §4.2 for the carried roots):
 * encode/decode round trip, strict decoding of hostile containers, and verification against the
 * recipient's own trusted root with real Ed25519 signatures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/crypto/sha256.ts';
import { utf8 } from '../../../src/core/encoding/bytes.ts';
import { isPigeonError } from '../../../src/core/errors.ts';
import { decodeShare, encodeShare, MAX_SHARE_BYTES, type Share } from '../../../src/core/format/share.ts';
import { verifyAnchor } from '../../../src/core/trust/root-chain.ts';
import { verifyShare, type VerifiedSharedArticle } from '../../../src/core/trust/share.ts';
import { DAY, newKeys, sampleArticle, TestRepo, tinyImage } from '../../helpers/test-repo.ts';
import { errorCode, rejectionCode } from '../../helpers/error-code.ts';

/** A repository with three published stories (story-0 has a picture) and its anchor. */
async function setup() {
  const repo = await TestRepo.create();
  for (let n = 0; n < 3; n++) repo.addArticle(sampleArticle(n));
  await repo.publish();
  const trusted = await verifyAnchor(repo.anchor);
  const imagesOf = async (id: string) => {
    const { payload, images } = await repo.articlePayload({ input: sampleArticle(Number(id.split('-')[1])), rev: repo.published(id).rev });
    expect(payload['id']).toBe(id);
    return images.map(({ sha256, type, bytes }) => ({ sha256, type, bytes }));
  };
  return { repo, trusted, imagesOf };
}

const ok = (a: unknown): VerifiedSharedArticle => {
  expect((a as { ok: boolean }).ok).toBe(true);
  return a as VerifiedSharedArticle;
};
const rejected = (a: unknown): string => {
  expect((a as { ok: boolean }).ok).toBe(false);
  return (a as { error: { code: string } }).error.code;
};

describe('share files: container', () => {
  it('round-trips exactly (envelope bytes, images, roots) and encodes deterministically', async () => {
    const { repo, imagesOf } = await setup();
    const share: Share = { roots: [repo.anchor], articles: [{ envelope: repo.published('story-0').envelope, images: await imagesOf('story-0') }] };
    const bytes = encodeShare(share);
    const back = decodeShare(bytes);
    expect(back.roots.map((r) => [...r])).toEqual([[...repo.anchor]]);
    expect([...back.articles[0]!.envelope]).toEqual([...repo.published('story-0').envelope]);
    expect(back.articles[0]!.images.map((i) => ({ ...i, bytes: [...i.bytes] }))).toEqual(share.articles[0]!.images.map((i) => ({ ...i, bytes: [...i.bytes] })));
    expect(encodeShare(back)).toEqual(bytes);
  });

  it('rejects hostile containers with a specific error, never anything else', () => {
    const base = { _type: 'pigeonpost.share', spec_version: 1, roots: [], articles: [{ envelope: '{}', images: [] }] };
    const cases: [unknown, string][] = [
      [{ ...base, _type: 'pigeonpost.article' }, 'WRONG_TYPE'],
      [{ ...base, spec_version: 2 }, 'UNSUPPORTED'],
      [{ ...base, articles: [] }, 'MALFORMED'],
      [{ ...base, extra: 1 }, 'MALFORMED'],
      [{ ...base, roots: [''] }, 'MALFORMED'],
      [{ ...base, roots: [7] }, 'MALFORMED'],
      [{ ...base, articles: [{ envelope: '{}', images: [{ sha256: 'x', type: 'image/png', data: '' }] }] }, 'MALFORMED'],
      [{ ...base, articles: [{ envelope: '{}', images: [{ sha256: 'a'.repeat(64), type: 'image/svg+xml', data: '' }] }] }, 'MALFORMED'],
      [{ ...base, articles: [{ envelope: '{}', images: [{ sha256: 'a'.repeat(64), type: 'image/png', data: 'a+/=' }] }] }, 'MALFORMED'],
      [{ ...base, articles: [{ envelope: '{}', images: [{ sha256: 'a'.repeat(64), type: 'image/png', data: 'AA' }, { sha256: 'a'.repeat(64), type: 'image/png', data: 'AA' }] }] }, 'MALFORMED'],
      [{ ...base, articles: Array.from({ length: 1001 }, () => ({ envelope: '{}', images: [] })) }, 'MALFORMED'],
      [JSON.parse('{"__proto__":{"polluted":1},"_type":"pigeonpost.share","spec_version":1,"roots":[],"articles":[]}'), 'MALFORMED'],
    ];
    for (const [doc, code] of cases) expect(errorCode(() => decodeShare(utf8(JSON.stringify(doc))))).toBe(code);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(errorCode(() => decodeShare(utf8('not json')))).toBe('MALFORMED');
    expect(errorCode(() => decodeShare(new Uint8Array([0xff, 0xfe, 0x00])))).toBe('MALFORMED');
    expect(errorCode(() => decodeShare(new Uint8Array(MAX_SHARE_BYTES + 1)))).toBe('TOO_LARGE');
  });

  it('decoding arbitrary bytes gives a share or a typed error, never a crash (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.jsonValue().map((v) => utf8(JSON.stringify({ _type: 'pigeonpost.share', spec_version: 1, roots: [], articles: v })))), (bytes) => {
        try {
          decodeShare(bytes);
        } catch (e) {
          expect(isPigeonError(e)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('share files: verification against the trusted root', () => {
  it('verifies every article and image, and lists pinned images it did not bring', async () => {
    const { repo, trusted, imagesOf } = await setup();
    const share = decodeShare(encodeShare({ roots: [repo.anchor], articles: [
      { envelope: repo.published('story-0').envelope, images: await imagesOf('story-0') },
      { envelope: repo.published('story-1').envelope, images: [] },
      { envelope: repo.published('story-2').envelope, images: [] },
    ] }));
    const v = await verifyShare(trusted, share, { now: repo.now });
    expect(v.rootExpired).toBe(false);
    expect(v.newRoots).toEqual([]);
    expect(v.articles.map((a) => ok(a).article.id)).toEqual(['story-0', 'story-1', 'story-2']);
    expect(ok(v.articles[0]).images).toHaveLength(1);
    expect(ok(v.articles[0]).missingImages).toEqual([]);
    // Text only: the picture stays missing, the story still verifies.
    const textOnly = await verifyShare(trusted, decodeShare(encodeShare({ roots: [], articles: [{ envelope: repo.published('story-0').envelope, images: [] }] })), { now: repo.now });
    expect(ok(textOnly.articles[0]).missingImages).toEqual([(await imagesOf('story-0'))[0]!.sha256]);
  });

  it('rejects only the bad article: flipped byte, another publisher (checklist 46), swapped, wrong-length or unpinned image', async () => {
    const { repo, trusted, imagesOf } = await setup();
    const good = repo.published('story-1').envelope;
    const flipped = good.slice();
    const mid = Math.floor(flipped.length / 2);
    flipped[mid] = flipped[mid]! ^ 1;
    // A well-formed story signed by a key the trusted root does not list.
    const stranger = await TestRepo.create({ site: { id: repo.site.id } });
    stranger.addArticle(sampleArticle(1, { title: 'Forged headline' }));
    await stranger.publish();
    const [img] = await imagesOf('story-0');
    const otherBytes = tinyImage('image/png', 999, img!.bytes.length);
    const cases: [Share['articles'][number], string][] = [
      [{ envelope: flipped, images: [] }, 'MALFORMED|BAD_SIGNATURE'],
      [{ envelope: stranger.published('story-1').envelope, images: [] }, 'UNKNOWN_KEY'],
      [{ envelope: repo.published('story-0').envelope, images: [{ ...img!, bytes: otherBytes }] }, 'HASH_MISMATCH'],
      [{ envelope: repo.published('story-0').envelope, images: [{ ...img!, bytes: img!.bytes.slice(1) }] }, 'LENGTH_MISMATCH'],
      [{ envelope: repo.published('story-0').envelope, images: [{ ...img!, type: img!.type === 'image/png' ? 'image/gif' : 'image/png' }] }, 'MALFORMED'],
      [{ envelope: repo.published('story-1').envelope, images: [{ sha256: await sha256Hex(otherBytes), type: 'image/png', bytes: otherBytes }] }, 'NOT_LISTED'],
    ];
    const v = await verifyShare(trusted, { roots: [], articles: [...cases.map(([a]) => a), { envelope: good, images: [] }] }, { now: repo.now });
    cases.forEach(([, code], i) => expect(rejected(v.articles[i])).toMatch(new RegExp(`^(${code})$`)));
    expect(ok(v.articles[cases.length]).article.id).toBe('story-1');
  });

  it('walks newer roots from the trusted one, ignores older ones, and checks articles against the newest publish keys', async () => {
    const { repo, trusted } = await setup();
    const oldEnvelope = repo.published('story-1').envelope;
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(1, { title: 'Updated after the key rotation' }));
    await repo.publish();
    const share: Share = { roots: [repo.root(2), repo.anchor], articles: [{ envelope: repo.published('story-1').envelope, images: [] }, { envelope: oldEnvelope, images: [] }] };
    const v = await verifyShare(trusted, share, { now: repo.now });
    expect(v.root.root.version).toBe(2);
    expect(v.newRoots.map((r) => r.root.version)).toEqual([2]);
    expect(ok(v.articles[0]).article.title).toBe('Updated after the key rotation');
    // Signed by the publish key the new root dropped (revoked): rejected.
    expect(rejected(v.articles[1])).toBe('UNKNOWN_KEY');
    // Without the new root the new story's key is unknown to this recipient.
    expect(rejected((await verifyShare(trusted, { roots: [], articles: share.articles }, { now: repo.now })).articles[0])).toBe('UNKNOWN_KEY');
  });

  it('refuses a broken root chain: a gap, a root not signed by the old keys, two roots of one version, another site', async () => {
    const { repo, trusted } = await setup();
    await repo.rotate('root');
    await repo.rotate('root');
    const a = { envelope: repo.published('story-1').envelope, images: [] };
    expect(await rejectionCode(verifyShare(trusted, { roots: [repo.root(3)], articles: [a] }, { now: repo.now }))).toBe('NOT_LISTED');
    expect(await rejectionCode(verifyShare(trusted, { roots: [repo.root(2), repo.root(2), repo.root(3)], articles: [a] }, { now: repo.now }))).toBe('MALFORMED');
    const [intruder] = await newKeys(1);
    const hijack = await repo.addRoot({ version: 2, rootKeys: [intruder!], signers: [intruder!], store: false });
    expect(await rejectionCode(verifyShare(trusted, { roots: [hijack], articles: [a] }, { now: repo.now }))).toMatch(/UNKNOWN_KEY|THRESHOLD_NOT_MET/);
    const other = await TestRepo.create({ site: { id: 'other-site' } });
    await other.rotate('root');
    expect(await rejectionCode(verifyShare(trusted, { roots: [other.root(2)], articles: [a] }, { now: repo.now }))).toMatch(/WRONG_SITE|UNKNOWN_KEY|THRESHOLD_NOT_MET/);
    const v = await verifyShare(trusted, { roots: [repo.root(3), repo.root(2)], articles: [a] }, { now: repo.now });
    expect(v.root.root.version).toBe(3);
  });

  it('says when the newest root has expired (archival import, checklist 47) but still verifies the story', async () => {
    const { repo, trusted } = await setup();
    const later = repo.now + 400 * DAY;
    const v = await verifyShare(trusted, { roots: [], articles: [{ envelope: repo.published('story-2').envelope, images: [] }] }, { now: later });
    expect(v.rootExpired).toBe(true);
    expect(ok(v.articles[0]).article.id).toBe('story-2');
  });
});
