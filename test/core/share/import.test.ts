/**
 * The import pipeline (core/share/import.ts + shared/db/import-store.ts, format.md §7.4) with real
 * Ed25519 signatures and fake-indexeddb: the verdicts (added, same, replaced, older, archive), the
 * refusals (tampered, foreign with its fingerprint, revoked, truncated, not Pigeonpost, too large)
 * with nothing stored, the share file format round trip, and arbitrary bytes (property).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/core/encoding/bytes.ts';
import { decodeShareFile, SHARE_CSP } from '../../../src/core/format/share-html.ts';
import { MAX_SHARE_BYTES } from '../../../src/core/format/share.ts';
import { importShare, importTrust, verifyImport, type StoryVerdict } from '../../../src/core/share/import.ts';
import { keyFingerprint } from '../../../src/core/trust/fingerprint.ts';
import { verifyAnchor } from '../../../src/core/trust/root-chain.ts';
import { IdbImportStore } from '../../../src/shared/db/import-store.ts';
import { IdbSyncStore } from '../../../src/shared/db/sync-store.ts';
import { getDb } from '../../../src/shared/db/open.ts';
import { sha256Hex } from '../../../src/core/crypto/sha256.ts';
import type { ImageType } from '../../../src/core/format/article.ts';
import { DAY, sampleArticle, TestRepo } from '../../helpers/test-repo.ts';
import { article as fixtureArticle, freshSite } from '../../db/fixtures.ts';
import { rewriteShare, shareContainer, shareFileOf, tamperTitle } from '../../helpers/share-file.ts';
import { encodeShareHtml, viewStory } from '../../../src/core/format/share-html.ts';
import { decodeArticle } from '../../../src/core/format/article.ts';
import { decodeEnvelope } from '../../../src/core/format/envelope.ts';
import { toBase64 } from '../../../src/core/encoding/base64.ts';
import { messagesIn } from '../../../src/app/i18n/messages.ts';
import { shareViewLabels } from '../../../src/app/i18n/share-view-labels.ts';
import { parse, serialize } from 'parse5';
import { fromUtf8 } from '../../../src/core/encoding/bytes.ts';

async function setup(n = 3, opts: Parameters<typeof TestRepo.create>[0] = {}) {
  const repo = await TestRepo.create({ mirrors: [{ url: 'https://mirror-a.example/' }], ...opts });
  for (let i = 0; i < n; i++) repo.addArticle(sampleArticle(i));
  const pub = await repo.publish();
  const images = new Map<string, { type: ImageType; bytes: Uint8Array }>();
  for (let i = 0; i < n; i++) {
    for (const img of sampleArticle(i).images ?? []) images.set(await sha256Hex(img.bytes), { type: img.type, bytes: img.bytes });
  }
  // The app's database is named by the site id; a fresh one per test (the store takes its own opener).
  const dbSite = freshSite('import');
  const open = () => getDb(dbSite);
  const site = repo.site.id;
  const store = new IdbImportStore(site, open);
  const sync = new IdbSyncStore(site, open);
  const file = (ids: readonly string[]) => shareFileOf(ids.map((id) => repo.published(id).envelope), repo.roots.map((r) => r.bytes), images);
  const run = (input: Uint8Array, now = repo.now) => importShare(input, store, { shippedRoot: repo.anchor, now });
  const stored = async () => (await (await open()).getAll('articles')).map((a) => ({ id: a.id, rev: a.rev, imported: a.imported, archived: a.archived }));
  return { repo, pub, images, store, sync, file, run, stored, open };
}

const statuses = (stories: readonly StoryVerdict[]) => stories.map((s) => [s.status === 'rejected' ? s.id : s.id, s.status === 'rejected' ? `rejected:${s.rejection.reason}` : s.status]);

describe('share file format', () => {
  it('round-trips envelopes, roots, manifest and pictures through the HTML, with a strict CSP', async () => {
    const { repo, images } = await setup(1);
    const envelope = repo.published('story-0').envelope;
    const manifest = utf8('{"payload":"{}","signatures":[]}');
    const bytes = await shareFileOf([envelope], [repo.anchor], images, { manifest });
    const text = fromUtf8(bytes);
    expect(text).toContain(`content="${SHARE_CSP}"`);
    expect(text).toContain('News of the day, number 0');
    const { share, format } = await decodeShareFile(bytes);
    expect(format).toBe('html');
    expect([...share.articles[0]!.envelope]).toEqual([...envelope]);
    expect([...share.roots[0]!]).toEqual([...repo.anchor]);
    expect([...share.manifest!]).toEqual([...manifest]);
    expect(share.articles[0]!.images.map((i) => i.sha256)).toEqual([...images.keys()]);
  });
});

describe('story regions: the signed text is carried once, in the page (format.md §7.1)', () => {
  /** The page's raw text of story region `n`. */
  const region = (text: string, n: number) => text.slice(text.indexOf(`<!--pigeonpost-body ${n}-->`), text.indexOf(`<!--/pigeonpost-body ${n}-->`));

  it('the data block holds the envelope without its HTML; the reader rebuilds the exact signed bytes, pictures included', async () => {
    const { repo, images } = await setup(2);
    const envelopes = ['story-0', 'story-1'].map((id) => repo.published(id).envelope);
    const text = fromUtf8(await shareFileOf(envelopes, [repo.anchor], images));
    const c = shareContainer(text);
    expect(c.articles.map((a) => (a as { body?: number }).body)).toEqual([1, 2]);
    for (const a of c.articles) expect(JSON.parse(JSON.parse(a.envelope).payload).html).toBe('');
    // story-0 places its picture in its text: the region shows it as a data: URL.
    expect(region(text, 1)).toMatch(/<img src="data:image\/png;base64,/);
    const { share } = await decodeShareFile(utf8(text));
    expect(share.articles.map((a) => [...a.envelope].join(','))).toEqual(envelopes.map((e) => [...e].join(',')));
    expect(share.articles[0]!.images.map((i) => i.sha256)).toEqual([...images.keys()]);
    // Smaller than carrying the envelopes whole (a view that differs from the signed HTML does that).
    const whole = await encodeShareHtml(
      { lang: 'en', dir: 'ltr', publisher: { name: 'Demo News', site: 'demo-news', fingerprint: '0' }, stories: envelopes.map((e) => viewStory(decodeArticle(decodeEnvelope(e, 'article', { pinned: true }).payload), '<p>Another view.</p>')), images, mirrors: [], labels: shareViewLabels(messagesIn('en')) },
      { roots: [repo.anchor], articles: envelopes.map((envelope) => ({ envelope, images: [] })) },
    );
    expect(shareContainer(whole).articles.map((a) => (a as { body?: number }).body)).toEqual([undefined, undefined]);
    expect(whole).not.toContain('<!--pigeonpost-body');
    expect((await decodeShareFile(utf8(whole))).share.articles.map((a) => [...a.envelope].join(','))).toEqual(envelopes.map((e) => [...e].join(',')));
  });

  it('a story whose page text was edited is refused as tampered; the other story of the file goes in', async () => {
    const { file, run, stored } = await setup(2);
    const text = fromUtf8(await file(['story-0', 'story-1']));
    const r1 = region(text, 2);
    const edited = text.replace(r1, r1.replace(/<p>([^<]{3})/, '<p>Not $1'));
    expect(edited).not.toBe(text);
    const r = await run(utf8(edited));
    expect(statuses(r.stories)).toEqual([['story-0', 'added'], ['story-1', 'rejected:tampered']]);
    expect((await stored()).map((a) => a.id)).toEqual(['story-0']);
  });

  it('a swapped picture in the page is tampered, never a different picture under the old pin', async () => {
    const { file, run, stored } = await setup(1);
    const text = fromUtf8(await file(['story-0']));
    const other = toBase64(utf8('not the picture'));
    const swapped = text.replace(/(<!--pigeonpost-body 1-->[^]*?<img src="data:image\/png;base64,)[A-Za-z0-9+/=]+/, `$1${other}`);
    expect(swapped).not.toBe(text);
    const r = await run(utf8(swapped));
    expect(r).toMatchObject({ ok: false, rejection: { reason: 'tampered' } });
    expect(await stored()).toEqual([]);
  });

  it('a page without its story markers, or saved again by a browser-like serializer, is refused cleanly with nothing stored', async () => {
    const { repo, file, run, stored } = await setup(2);
    const text = fromUtf8(await file(['story-0', 'story-1']));
    const unmarked = await run(utf8(text.replace(/<!--\/?pigeonpost-body \d+-->/g, '')));
    expect(unmarked).toMatchObject({ ok: false, rejection: { reason: 'tampered', code: 'MALFORMED' } });
    expect(unmarked.rejection!.message).toMatch(/saved again by a browser/);
    // "Save page as": the browser writes its own serialization of the parsed page. Plain markup
    // comes back byte for byte (then the signature rightly holds); markup the serializer spells
    // its own way (`&quot;` in text, `<br/>`) no longer matches its signature: tampered, and the
    // story is not stored. Nothing throws.
    repo.addArticle(sampleArticle(2, { html: '<p>She said &quot;not yet&quot;.<br/>Then the ferry left.</p>' }));
    await repo.publish();
    const saved = serialize(parse(fromUtf8(await file(['story-0', 'story-2']))));
    const r = await run(utf8(saved));
    expect(statuses(r.stories)).toEqual([['story-0', 'added'], ['story-2', 'rejected:tampered']]);
    expect((await stored()).map((a) => a.id)).toEqual(['story-0']);
    // A page re-serialized with an attribute spelled differently (as editors and browsers do).
    const respelled = text.replace(/(<!--pigeonpost-body 1-->[^]*?)<img src="/, '$1<img  src="');
    expect(respelled).not.toBe(text);
    expect(statuses((await run(utf8(respelled))).stories)[0]).toEqual(['story-0', 'rejected:tampered']);
  });

  it('an envelope that names a region but keeps its own text, or names a region that is not there, is malformed', async () => {
    const { repo, file } = await setup(1);
    const text = fromUtf8(await file(['story-0']));
    const keeps = rewriteShare(text, (c) => {
      c.articles[0]!.envelope = fromUtf8(repo.published('story-0').envelope);
      return c;
    });
    await expect(decodeShareFile(utf8(keeps))).rejects.toMatchObject({ code: 'MALFORMED' });
    const elsewhere = rewriteShare(text, (c) => {
      (c.articles[0] as { body?: number }).body = 7;
      return c;
    });
    await expect(decodeShareFile(utf8(elsewhere))).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});

describe('import pipeline', () => {
  it('adds verified stories, then says already had, newer replaced, older ignored', async () => {
    const { repo, file, run, stored } = await setup(3);
    const first = await run(await file(['story-0', 'story-1']));
    expect(first.ok).toBe(true);
    expect(first.publisher).toMatchObject({ name: 'Demo News', site: 'demo-news', fingerprint: await keyFingerprint((await verifyAnchor(repo.anchor)).root) });
    expect(statuses(first.stories)).toEqual([['story-0', 'added'], ['story-1', 'added']]);
    expect(await stored()).toEqual([
      { id: 'story-0', rev: 1, imported: 1, archived: undefined },
      { id: 'story-1', rev: 1, imported: 1, archived: undefined },
    ]);
    const oldFile = await file(['story-1']);
    expect(statuses((await run(await file(['story-0']))).stories)).toEqual([['story-0', 'same']]);
    repo.addArticle(sampleArticle(1, { title: 'Changed title' }));
    await repo.publish();
    const newer = await run(await file(['story-1']));
    expect(newer.stories[0]).toMatchObject({ status: 'replaced', rev: 2, storedRev: 1, title: 'Changed title' });
    expect((await run(oldFile)).stories[0]).toMatchObject({ status: 'older', rev: 1, storedRev: 2 });
    expect((await stored()).find((a) => a.id === 'story-1')?.rev).toBe(2);
  });

  it('stores the pictures with the story, in the same transaction', async () => {
    const { file, run, open, images } = await setup(1);
    await run(await file(['story-0']));
    const db = await open();
    expect((await db.getAllKeys('images')).sort()).toEqual([...images.keys()].sort());
  });

  it('refuses a tampered story and stores nothing of it; the valid one of the same file goes in', async () => {
    const { file, run, stored } = await setup(2);
    const bad = utf8(tamperTitle(fromUtf8(await file(['story-0', 'story-1'])), 1));
    const r = await run(bad);
    expect(statuses(r.stories)).toEqual([['story-0', 'added'], ['story-1', 'rejected:tampered']]);
    expect((await stored()).map((a) => a.id)).toEqual(['story-0']);
    const all = await run(utf8(tamperTitle(fromUtf8(await file(['story-1'])), 0)));
    expect(all).toMatchObject({ ok: false, rejection: { reason: 'tampered' } });
  });

  it('refuses another publisher, naming its fingerprint, and stores nothing', async () => {
    const { run, stored } = await setup(1);
    const other = await TestRepo.create({ site: { id: 'other-news', name: 'Other News', lang: 'ru' } });
    other.addArticle(sampleArticle(5));
    await other.publish();
    const r = await run(await shareFileOf([other.published('story-5').envelope], [other.anchor]));
    const fp = await keyFingerprint((await verifyAnchor(other.anchor)).root);
    expect(r).toMatchObject({ ok: false, rejection: { reason: 'foreign', publisher: 'Other News', fingerprint: fp } });
    // Same site id, other keys: still another publisher.
    const impostor = await TestRepo.create();
    impostor.addArticle(sampleArticle(0, { title: 'Fake' }));
    await impostor.publish();
    const r2 = await run(await shareFileOf([impostor.published('story-0').envelope], [impostor.anchor]));
    expect(r2).toMatchObject({ ok: false, rejection: { reason: 'foreign', fingerprint: await keyFingerprint((await verifyAnchor(impostor.anchor)).root) } });
    expect(await stored()).toEqual([]);
  });

  it('refuses truncated files, non-Pigeonpost files and oversized input as such', async () => {
    const { file, run, stored, open } = await setup(1);
    const whole = await file(['story-0']);
    // Anywhere before the end of the data block (losing only the closing tags loses nothing signed).
    const blockEnd = fromUtf8(whole).lastIndexOf('</script>');
    for (const cut of [0.3, 0.5, 0.9, (blockEnd - 3) / whole.length]) {
      const r = await run(whole.subarray(0, Math.floor(whole.length * cut)));
      expect([cut, r.rejection?.reason]).toEqual([cut, 'truncated']);
    }
    expect((await run(whole.subarray(0, whole.length - 8))).ok).toBe(true);
    await (await open()).clear('articles');
    expect((await run(utf8('<!doctype html><p>hello</p>'))).rejection?.reason).toBe('not-pigeonpost');
    expect((await run(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]))).rejection?.reason).toBe('not-pigeonpost');
    expect((await run(utf8('{"_type":"pigeonpost.root"}'))).rejection?.reason).toBe('not-pigeonpost');
    expect((await run(new Uint8Array(MAX_SHARE_BYTES + 1))).rejection?.reason).toBe('too-large');
    expect(await stored()).toEqual([]);
  });

  it('refuses a story signed by a publish key the chain has replaced (revoked)', async () => {
    const { repo, file, store, stored } = await setup(1);
    const before = await file(['story-0']);
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(0, { title: 'Signed by the new key' }));
    await repo.publish();
    // The app has followed the chain to root v2 (its stored trust record).
    const db = await store['open']();
    await db.put('trust', { site: 'demo-news', rootVersion: 2, rootBytes: repo.root(2) });
    const r = await importShare(before, store, { shippedRoot: repo.anchor, now: repo.now });
    expect(r).toMatchObject({ ok: false, rejection: { reason: 'revoked' } });
    expect(await stored()).toEqual([]);
    // A file made after the rotation carries root v2 and verifies even for an app still at v1.
    const after = await file(['story-0']);
    await db.delete('trust', 'demo-news');
    expect(statuses((await importShare(after, store, { shippedRoot: repo.anchor, now: repo.now })).stories)).toEqual([['story-0', 'added']]);
  });

  it('keeps stories under an expired root as labelled archive copies that never act as a revision floor', async () => {
    const { repo, file, run, stored, sync } = await setup(2);
    const later = repo.now + 400 * DAY; // past the root's 365-day expiry
    const r = await run(await file(['story-0']), later);
    expect(r.stories[0]).toMatchObject({ status: 'added', archived: true });
    expect(await stored()).toEqual([{ id: 'story-0', rev: 1, imported: 1, archived: 1 }]);
    // Not a floor for sync, and any synced revision (even a lower one) replaces it.
    expect(await sync.articleRevisions()).toEqual(new Map());
    // An archive copy never replaces what the app has.
    await run(await file(['story-1']));
    repo.addArticle(sampleArticle(1, { title: 'Newer' }));
    await repo.publish();
    const v = await run(await file(['story-1']), later);
    expect(v.stories[0]).toMatchObject({ status: 'expired-ignored', storedRev: 1 });
    expect((await stored()).find((a) => a.id === 'story-1')).toMatchObject({ rev: 1, archived: undefined });
  });

  it('sync takes over imported rows: same revision adopts them, an archive copy yields to any revision', async () => {
    const { repo, file, run, stored, sync } = await setup(3);
    await run(await file(['story-0']));
    await run(await file(['story-1']), repo.now + 400 * DAY);
    repo.addArticle(sampleArticle(2, { title: 'two' }));
    await repo.publish();
    await run(await file(['story-2'])); // rev 2, newer than what a mirror might still serve
    const rec = (id: string, rev: number) => ({ ...fixtureArticle('demo-news', id, rev), envelopeSha256: 'a'.repeat(64) });
    await sync.putArticles([rec('story-0', 1), rec('story-1', 1), rec('story-2', 1)], []);
    expect(await stored()).toEqual([
      { id: 'story-0', rev: 1, imported: undefined, archived: undefined }, // adopted: now vouched for by the index
      { id: 'story-1', rev: 1, imported: undefined, archived: undefined }, // the archive copy gave way
      { id: 'story-2', rev: 2, imported: 1, archived: undefined }, // a lower revision never replaces a verified one
    ]);
    expect(await sync.articleRevisions()).toEqual(new Map([['story-0', 1], ['story-1', 1]]));
  });

  it('never stores anything from arbitrary bytes or damaged share files (property)', async () => {
    const { repo, file } = await setup(1);
    const trust = await importTrust(repo.anchor, undefined);
    const whole = await file(['story-0']);
    const genuine = [...repo.published('story-0').envelope].join(',');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          fc.string().map((s) => utf8(`<!doctype html>${s}`)),
          fc.tuple(fc.nat(whole.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, x]) => {
            const b = whole.slice();
            b[at]! ^= x;
            return b;
          }),
        ),
        async (bytes) => {
          const v = await verifyImport(bytes, trust, { now: repo.now });
          // Whatever verifies is exactly the genuine story; nothing else ever becomes a candidate.
          if (v.ok) for (const c of v.candidates) expect([...c.record.envelope].join(',')).toBe(genuine);
        },
      ),
      { numRuns: 150 },
    );
  });
});
