/**
 * Taking verified articles and images out of a pack (format.md §5.7, §5.8; checklist A.1, B.21):
 * each envelope must match its index entry's pin and say the same id, revision and site; each
 * image the article pins must be in the pack with matching hash, length and type.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openPack } from '../../../src/core/trust/pack.ts';
import { verifyArticleEnvelope } from '../../../src/core/trust/article.ts';
import { verifyAnchor } from '../../../src/core/trust/root-chain.ts';
import { decodeIndexSegment, type IndexEntry } from '../../../src/core/format/index-segment.ts';
import { decodePack, encodePack, type PackRecord } from '../../../src/core/format/pack.ts';
import { gunzip } from '../../../src/core/encoding/gzip.ts';
import { sha256Hex } from '../../../src/core/crypto/sha256.ts';
import { rejectionCode, sampleArticle, tinyImage, TestRepo } from '../../helpers/test-repo.ts';

let repo: TestRepo;
let entries: Map<string, IndexEntry>;
let packBytes: Uint8Array;

beforeAll(async () => {
  repo = await TestRepo.create();
  repo.addArticle(sampleArticle(3, { section: 'City' })); // Russian, one image
  repo.addArticle(sampleArticle(5, { section: 'City' })); // same section → same pack
  repo.addArticle(sampleArticle(6, { section: 'City' }));
  const p = await repo.publish();
  const segGz = repo.files.get(`objects/${p.segment!.sha256}`)!;
  entries = new Map(decodeIndexSegment(await gunzip(segGz, p.segment!.size)).entries.map((e) => [e.id, e]));
  const pin = p.packs[0]!;
  packBytes = await gunzip(repo.files.get(`objects/${pin.sha256}`)!, pin.size);
});

/** The entries of `ids`, optionally edited. */
const want = (ids: string[], edit: (e: IndexEntry) => IndexEntry = (e) => e): IndexEntry[] => ids.map((id) => edit(entries.get(id)!));
/** Article and image records of `packBytes`, re-framed after `edit`. */
async function repack(edit: (r: PackRecord[]) => PackRecord[]): Promise<Uint8Array> {
  return encodePack(edit(decodePack(packBytes)));
}

describe('openPack', () => {
  it('returns each wanted article with its exact envelope bytes and its images', async () => {
    const got = await openPack(packBytes, want(['story-3', 'story-5']), 'demo-news');
    expect(got.articles.map((a) => a.article.id)).toEqual(['story-3', 'story-5']);
    expect(got.articles[0]!.envelope).toEqual(repo.published('story-3').envelope);
    expect(got.articles[1]!.article.title).toBe('Новости дня №5');
    expect(got.images).toHaveLength(1);
    expect(got.images[0]!.sha256).toBe(await sha256Hex(got.images[0]!.bytes));
    // The stored article still verifies on its own (it is kept for sharing).
    const root = (await verifyAnchor(repo.anchor)).root;
    expect((await verifyArticleEnvelope(root, got.articles[0]!.envelope)).id).toBe('story-3');
  });

  it('an article the index places in the pack but the pack lacks → NOT_LISTED', async () => {
    const bytes = await repack((r) => r.filter((x, i) => !(x.kind === 'article' && i === 0)));
    expect(await rejectionCode(openPack(bytes, want(['story-3']), 'demo-news'))).toBe('NOT_LISTED');
  });

  it('an envelope that does not match the entry pin (one byte changed) → NOT_LISTED', async () => {
    const bytes = await repack((r) =>
      r.map((x) => {
        if (x.kind !== 'article') return x;
        const b = x.bytes.slice();
        b[b.length - 5]! ^= 1;
        return { kind: 'article', bytes: b };
      }),
    );
    expect(await rejectionCode(openPack(bytes, want(['story-3', 'story-5']), 'demo-news'))).toBe('NOT_LISTED');
  });

  it('an entry whose pin names another article\'s envelope (id/rev mismatch) → NOT_LISTED', async () => {
    const swapped = want(['story-3'], (e) => ({ ...e, envelope: entries.get('story-5')!.envelope }));
    expect(await rejectionCode(openPack(packBytes, swapped, 'demo-news'))).toBe('NOT_LISTED');
    const otherRev = want(['story-3'], (e) => ({ ...e, rev: e.rev + 1 }));
    expect(await rejectionCode(openPack(packBytes, otherRev, 'demo-news'))).toBe('NOT_LISTED');
    expect(await rejectionCode(openPack(packBytes, want(['story-3']), 'other-news'))).toBe('NOT_LISTED');
  });

  it('an envelope pinned with the wrong length → LENGTH_MISMATCH', async () => {
    const bad = want(['story-3'], (e) => ({ ...e, envelope: { ...e.envelope, length: e.envelope.length + 1 } }));
    expect(await rejectionCode(openPack(packBytes, bad, 'demo-news'))).toBe('LENGTH_MISMATCH');
  });

  it('a missing image → NOT_LISTED; wrong bytes → HASH_MISMATCH; wrong length → LENGTH_MISMATCH; wrong type → MALFORMED', async () => {
    const img = (f: (x: Extract<PackRecord, { kind: 'image' }>) => PackRecord | null) =>
      repack((r) => r.flatMap((x) => (x.kind === 'image' ? ([f(x)].filter(Boolean) as PackRecord[]) : [x])));
    expect(await rejectionCode(openPack(await img(() => null), want(['story-3']), 'demo-news'))).toBe('NOT_LISTED');
    expect(await rejectionCode(openPack(await img((x) => ({ ...x, bytes: x.bytes.map((b, i) => (i === 20 ? b ^ 1 : b)) })), want(['story-3']), 'demo-news'))).toBe('HASH_MISMATCH');
    expect(await rejectionCode(openPack(await img((x) => ({ ...x, bytes: new Uint8Array([...x.bytes, 0]) })), want(['story-3']), 'demo-news'))).toBe('LENGTH_MISMATCH');
    expect(await rejectionCode(openPack(await img((x) => ({ ...x, type: x.type === 'image/png' ? 'image/gif' : 'image/png' })), want(['story-3']), 'demo-news'))).toBe('MALFORMED');
    // Another valid image under the pinned hash.
    expect(await rejectionCode(openPack(await img((x) => ({ ...x, bytes: tinyImage(x.type, 999, x.bytes.length) })), want(['story-3']), 'demo-news'))).toBe('HASH_MISMATCH');
  });

  it('records the index does not ask for are ignored, never returned (mix-and-match, 5.7)', async () => {
    const { payload } = await repo.articlePayload({ input: sampleArticle(77), rev: 1 });
    const extra = await repo.sign(payload);
    const bytes = await repack((r) => [{ kind: 'article', bytes: extra }, ...r, { kind: 'image', sha256: 'ab'.repeat(32), type: 'image/png', bytes: tinyImage('image/png', 5) }]);
    const got = await openPack(bytes, want(['story-6']), 'demo-news');
    expect(got.articles.map((a) => a.article.id)).toEqual(['story-6']);
    expect(got.images.map((i) => i.sha256)).toEqual(got.articles[0]!.article.images.map((i) => i.sha256));
    expect(got.images.map((i) => i.sha256)).not.toContain('ab'.repeat(32));
    const plain = await openPack(bytes, want(['story-5']), 'demo-news');
    expect(plain.images).toEqual([]);
  });

  it('a pack that is not a pack → MALFORMED; unknown record kind → MALFORMED', async () => {
    expect(await rejectionCode(openPack(new TextEncoder().encode('<html>'), want(['story-3']), 'demo-news'))).toBe('MALFORMED');
    const odd = new Uint8Array([...packBytes, ...new TextEncoder().encode('{"kind":"video","length":1}\nx\n')]);
    expect(await rejectionCode(openPack(odd, want(['story-3']), 'demo-news'))).toBe('MALFORMED');
    expect(await rejectionCode(openPack(packBytes.subarray(0, packBytes.length - 3), want(['story-3']), 'demo-news'))).toBe('MALFORMED');
  });
});
