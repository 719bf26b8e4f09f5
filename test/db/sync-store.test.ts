/**
 * The IndexedDB SyncStore contract (src/core/sync/store.ts), on fake-indexeddb:
 * one transaction per write, revisions only move forward, trust floors only move forward,
 * and a write that fails midway (a throwing put, a quota error, an abort) leaves the old state whole.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdbSyncStore, getDb, closeDb, listArticles, getImage, getArticle, getReadingPosition, saveReadingPosition } from '../../src/shared/db/index.ts';
import { isPigeonError } from '../../src/core/errors.ts';
import { gzip } from '../../src/core/encoding/gzip.ts';
import { article, freshSite, image, sha, trust } from './fixtures.ts';

/** A stand-in for decompressed pack content: `gap` filler bytes, then each envelope after another gap. */
function packOf(envelopes: readonly Uint8Array[], gap: number): { content: Uint8Array; views: Uint8Array[] } {
  const content = new Uint8Array(envelopes.reduce((n, e) => n + e.length + gap, gap)).fill(0x0a);
  const views: Uint8Array[] = [];
  let at = gap;
  for (const e of envelopes) {
    content.set(e, at);
    views.push(content.subarray(at, at + e.length));
    at += e.length + gap;
  }
  return { content, views };
}

const opened: string[] = [];
function store(): { site: string; s: IdbSyncStore } {
  const site = freshSite();
  opened.push(site);
  return { site, s: new IdbSyncStore(site) };
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const site of opened.splice(0)) await closeDb(site);
});

/** Count readwrite transactions opened (on the raw IDBDatabase, below idb's wrapper) while `fn` runs. */
async function countWriteTx(site: string, fn: () => Promise<unknown>): Promise<number> {
  await getDb(site);
  const original = IDBDatabase.prototype.transaction;
  let n = 0;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] === 'readwrite') n++;
    return original.apply(this, args);
  });
  await fn().catch(() => undefined);
  return n;
}

describe('IdbSyncStore', () => {
  it('starts empty: no trust, no revisions, no health', async () => {
    const { s } = store();
    expect(await s.loadTrust()).toBeUndefined();
    expect(await s.articleRevisions()).toEqual(new Map());
    expect(await s.loadHealth()).toEqual([]);
  });

  it('stores articles and images and lists revisions without loading bodies', async () => {
    const { site, s } = store();
    const img = image('a.png');
    await s.putArticles([article(site, 'a', 2, { images: [img] }), article(site, 'b', 1)], [img]);
    expect(await s.articleRevisions()).toEqual(new Map([['a', 2], ['b', 1]]));
    expect((await getImage(site, img.sha256))?.bytes).toEqual(img.bytes);
    expect((await getArticle(site, 'a'))?.html).toBe('<p>a revision 2</p>');
  });

  it('uses exactly one readwrite transaction per write method', async () => {
    const { site, s } = store();
    const img = image('one');
    expect(await countWriteTx(site, () => s.putArticles([article(site, 'a', 1, { images: [img] }), article(site, 'b', 1)], [img]))).toBe(1);
    vi.restoreAllMocks();
    expect(await countWriteTx(site, () => s.commitManifest(trust(site, { ts: 1, manifest: 1, segments: [sha('s1')] }), [{ sha256: sha('s1'), bytes: new Uint8Array(3) }], ['a']))).toBe(1);
    vi.restoreAllMocks();
    expect(await countWriteTx(site, () => s.saveTrust(trust(site, { ts: 2, manifest: 1 })))).toBe(1);
    vi.restoreAllMocks();
    expect(await countWriteTx(site, () => s.saveHealth([{ url: 'http://x/', successes: 1, failures: 0, consecutiveFailures: 0, lastSuccessAt: 1, lastFailureAt: null, latencyEwmaMs: 5, throughputEwmaBps: null }]))).toBe(1);
  });

  it('never replaces a higher revision with a lower one, and replaces a lower one', async () => {
    const { site, s } = store();
    await s.putArticles([article(site, 'a', 3)], []);
    await s.putArticles([article(site, 'a', 2)], []);
    expect((await getArticle(site, 'a'))?.rev).toBe(3);
    await s.putArticles([article(site, 'a', 3, { html: '<p>forged same rev</p>' })], []);
    expect((await getArticle(site, 'a'))?.html).toBe('<p>a revision 3</p>');
    await s.putArticles([article(site, 'a', 4)], []);
    expect((await getArticle(site, 'a'))?.rev).toBe(4);
  });

  it('checks revisions per article in a batch whose id range spans other stored articles', async () => {
    const { site, s } = store();
    // One key read over the batch's id range finds a, b and c; only a and c are in the batch.
    await s.putArticles([article(site, 'a', 1), article(site, 'b', 5), article(site, 'c', 3)], []);
    await s.putArticles([article(site, 'a', 2), article(site, 'c', 2), article(site, 'ab', 1)], []);
    expect((await s.articleRevisions()).get('a')).toBe(2);
    expect((await s.articleRevisions()).get('b')).toBe(5);
    expect((await s.articleRevisions()).get('c')).toBe(3);
    expect((await getArticle(site, 'c'))?.html).toBe('<p>c revision 3</p>');
    expect((await getArticle(site, 'ab'))?.rev).toBe(1);
  });

  it('writes articles with relaxed durability (re-fetchable), the trust state with the default', async () => {
    const { site, s } = store();
    const seen: (string | undefined)[] = [];
    const original = IDBDatabase.prototype.transaction;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (args[1] === 'readwrite') seen.push(`${[args[0]].flat().join('+')}:${args[2]?.durability ?? 'default'}`);
      return original.apply(this, args);
    });
    await s.putArticles([article(site, 'a', 1)], []);
    await s.commitManifest(trust(site, { ts: 1, manifest: 1, segments: [] }), [], []);
    await s.saveTrust(trust(site, { ts: 2, manifest: 1, segments: [] }));
    vi.restoreAllMocks();
    expect(seen).toEqual(['articles+envelopes+images:relaxed', 'trust+segments+articles+envelopes+images+settings:default', 'trust:default']);
  });

  it('collects images only the replaced revision used', async () => {
    const { site, s } = store();
    const shared = image('shared');
    const old = image('old-only');
    const fresh = image('fresh');
    await s.putArticles([article(site, 'a', 1, { images: [shared, old] }), article(site, 'b', 1, { images: [shared] })], [shared, old]);
    await s.putArticles([article(site, 'a', 2, { images: [fresh] })], [fresh]);
    expect(await getImage(site, old.sha256)).toBeUndefined();
    expect(await getImage(site, shared.sha256)).toBeDefined(); // b still uses it
    expect(await getImage(site, fresh.sha256)).toBeDefined();
  });

  it('stores only the bytes of a view, not its whole backing buffer', async () => {
    const { site, s } = store();
    const pack = new Uint8Array(100_000);
    const real = article(site, 'a');
    pack.set(real.envelope, 1000);
    const a = { ...real, envelope: pack.subarray(1000, 1000 + real.envelope.length) };
    await s.putArticles([a], [{ sha256: sha('v'), type: 'image/png', bytes: pack.subarray(50, 60) }]);
    const back = await getArticle(site, 'a');
    expect(back?.envelope).toEqual(real.envelope);
    expect(back?.envelope.buffer.byteLength).toBe(real.envelope.length);
    expect(back?.html).toBe(real.html);
    expect((await getImage(site, sha('v')))?.bytes.buffer.byteLength).toBe(10);
    const batches = await (await getDb(site)).getAll('envelopes');
    expect(batches.map((b) => ('bytes' in b ? b.bytes.buffer.byteLength : -1))).toEqual([real.envelope.length]);
  });

  it('keeps the envelopes of one write in one batch, each row pointing at its own bytes', async () => {
    const { site, s } = store();
    const list = [article(site, 'a', 1), article(site, 'b', 1, { html: '<p>ü ✓</p>' }), article(site, 'c', 1)];
    await s.putArticles(list, []);
    const db = await getDb(site);
    const [batch, ...more] = await db.getAll('envelopes');
    expect(more).toEqual([]);
    expect(batch && 'bytes' in batch && batch.bytes.length).toBe(list.reduce((n, a) => n + a.envelope.length, 0));
    for (const a of list) {
      const row = (await db.get('articles', a.id))!;
      expect(row).not.toHaveProperty('envelope');
      expect(row.envelopeLength).toBe(a.envelope.length);
      const back = (await getArticle(site, a.id))!;
      expect(back.envelope).toEqual(a.envelope);
      expect(back.html).toBe(a.html);
    }
    // Only the rows actually written go into a batch: same revisions again write nothing.
    await s.putArticles(list, []);
    expect(await db.count('envelopes')).toBe(1);
  });

  it('keeps the pack object itself as the batch when the envelopes written are most of it', async () => {
    const { site, s } = store();
    const list = [article(site, 'a', 1), article(site, 'b', 1, { html: '<p>ü ✓</p>' }), article(site, 'c', 1)];
    const { content, views } = packOf(list.map((a) => a.envelope), 40);
    const gz = await gzip(content);
    await s.putArticles(list.map((a, i) => ({ ...a, envelope: views[i]! })), [], { gzip: gz, content });
    const db = await getDb(site);
    const [batch, ...more] = await db.getAll('envelopes');
    expect(more).toEqual([]);
    expect(batch).toEqual({ gzip: gz, size: content.length });
    for (const a of list) {
      const back = (await getArticle(site, a.id))!;
      expect(back.envelope).toEqual(a.envelope);
      expect(back.envelope.buffer.byteLength).toBe(a.envelope.length);
      expect(back.html).toBe(a.html);
    }
  });

  it('copies the envelopes instead when they are a small part of the pack (images, articles stored before)', async () => {
    const { site, s } = store();
    const list = [article(site, 'a', 1)];
    const { content, views } = packOf(list.map((a) => a.envelope), 4 * list[0]!.envelope.length);
    await s.putArticles([{ ...list[0]!, envelope: views[0]! }], [], { gzip: await gzip(content), content });
    const [batch] = await (await getDb(site)).getAll('envelopes');
    expect(batch && 'bytes' in batch && batch.bytes).toEqual(list[0]!.envelope);
    expect((await getArticle(site, 'a'))?.html).toBe(list[0]!.html);
  });

  it('deletes a batch once no stored article points at it (newer revisions, signed removals)', async () => {
    const { site, s } = store();
    await s.putArticles([article(site, 'a', 1), article(site, 'b', 1)], []);
    await s.putArticles([article(site, 'a', 2)], []);
    const db = await getDb(site);
    expect(await db.count('envelopes')).toBe(2); // b still points at the first batch
    await s.putArticles([article(site, 'b', 2)], []);
    expect(await db.count('envelopes')).toBe(2); // the first batch went, b's new one came
    await s.commitManifest(trust(site, { ts: 1, manifest: 1 }), [], ['a']);
    expect(await db.count('envelopes')).toBe(1);
    expect((await getArticle(site, 'b'))?.rev).toBe(2);
    expect(await getArticle(site, 'a')).toBeUndefined();
  });

  it('commits a manifest: trust, segments, tombstoned removals and their images in one go', async () => {
    const { site, s } = store();
    const img = image('gone');
    await s.putArticles([article(site, 'a', 1, { images: [img] }), article(site, 'b', 1)], [img]);
    await s.commitManifest(trust(site, { ts: 5, manifest: 2, segments: [sha('s1')] }), [{ sha256: sha('s1'), bytes: new Uint8Array([7]) }], ['a']);
    expect((await s.loadTrust())?.manifest?.version).toBe(2);
    expect(await s.getSegment(sha('s1'))).toEqual(new Uint8Array([7]));
    expect(await s.articleRevisions()).toEqual(new Map([['b', 1]]));
    expect(await getImage(site, img.sha256)).toBeUndefined();
    // Compaction: a later manifest pins a merged segment; the old one is dropped.
    await s.commitManifest(trust(site, { ts: 6, manifest: 3, segments: [sha('merged')] }), [{ sha256: sha('merged'), bytes: new Uint8Array([8]) }], []);
    expect(await s.getSegment(sha('s1'))).toBeUndefined();
    expect(await s.getSegment(sha('merged'))).toEqual(new Uint8Array([8]));
  });

  it('lists each article\'s revision and pinned envelope hash (none on rows stored without one)', async () => {
    const { site, s } = store();
    await s.putArticles([{ ...article(site, 'a', 3), envelopeSha256: sha('env-a') }, article(site, 'b', 1)], []);
    expect(await s.articlePins()).toEqual(
      new Map([
        ['a', { rev: 3, sha256: sha('env-a') }],
        ['b', { rev: 1, sha256: undefined }],
      ]),
    );
  });

  it('withdraws articles in one transaction: rows, reading positions, unshared images and batches; nothing else', async () => {
    const { site, s } = store();
    const own = image('own');
    const shared = image('shared');
    await s.putArticles([article(site, 'a', 1, { images: [own, shared] })], [own, shared]);
    await s.putArticles([article(site, 'b', 1, { images: [shared] })], []);
    await s.commitManifest(trust(site, { ts: 2, manifest: 2 }), [], []);
    await saveReadingPosition(site, 'a', 0.5);
    await saveReadingPosition(site, 'b', 0.25);
    const db = await getDb(site);
    expect(await db.count('envelopes')).toBe(2);
    expect(await countWriteTx(site, () => s.withdrawArticles(['a', 'not-stored']))).toBe(1);
    expect(await s.articleRevisions()).toEqual(new Map([['b', 1]]));
    expect(await getReadingPosition(site, 'a')).toBeUndefined();
    expect((await getReadingPosition(site, 'b'))?.fraction).toBe(0.25);
    expect(await getImage(site, own.sha256)).toBeUndefined();
    expect(await getImage(site, shared.sha256)).toBeDefined();
    expect(await db.count('envelopes')).toBe(1);
    // The trust state is not touched: it moves with the next manifest.
    expect((await s.loadTrust())?.manifest?.version).toBe(2);
  });

  it('keeps the rebase mark of the trust state until a manifest without it is committed', async () => {
    const { site, s } = store();
    await s.saveTrust({ ...trust(site, { root: 2 }), rebase: true });
    expect((await s.loadTrust())?.rebase).toBe(true);
    await s.commitManifest(trust(site, { root: 2, ts: 1, manifest: 1 }), [], []);
    expect((await s.loadTrust())?.rebase).toBeUndefined();
  });

  it('refuses to move trust floors backwards and keeps the stored state', async () => {
    const { site, s } = store();
    await s.commitManifest(trust(site, { ts: 10, manifest: 4 }), [], []);
    for (const older of [trust(site, { ts: 9, manifest: 4 }), trust(site, { ts: 10, manifest: 3 })]) {
      const e = await s.saveTrust(older).catch((x: unknown) => x);
      expect(isPigeonError(e, 'ROLLBACK')).toBe(true);
      const e2 = await s.commitManifest(older, [], []).catch((x: unknown) => x);
      expect(isPigeonError(e2, 'ROLLBACK')).toBe(true);
    }
    const t = await s.loadTrust();
    expect([t?.timestamp?.version, t?.manifest?.version]).toEqual([10, 4]);
    // A new root may reset the floors (format.md §4.2: new publish keys forget them).
    await s.saveTrust({ ...trust(site, { root: 2 }) });
    expect((await s.loadTrust())?.rootVersion).toBe(2);
    expect(isPigeonError(await s.saveTrust(trust(site, { root: 1, ts: 99 })).catch((x: unknown) => x), 'ROLLBACK')).toBe(true);
  });

  it('refuses trust state of another site', async () => {
    const { s } = store();
    expect(isPigeonError(await s.saveTrust(trust('other-site')).catch((x: unknown) => x), 'WRONG_SITE')).toBe(true);
  });

  it('keeps health records across instances (the worker may be killed)', async () => {
    const { site, s } = store();
    const h = { url: 'http://127.0.0.1:9/', successes: 2, failures: 1, consecutiveFailures: 0, lastSuccessAt: 5, lastFailureAt: 3, latencyEwmaMs: 12, throughputEwmaBps: null };
    await s.saveHealth([h]);
    expect(await new IdbSyncStore(site).loadHealth()).toEqual([h]);
  });
});

describe('IdbSyncStore atomicity', () => {
  async function seeded(): Promise<{ site: string; s: IdbSyncStore; before: unknown }> {
    const { site, s } = store();
    const img = image('keep');
    await s.putArticles([article(site, 'a', 1, { images: [img] }), article(site, 'b', 1)], [img]);
    await s.commitManifest(trust(site, { ts: 1, manifest: 1, segments: [sha('s1')] }), [{ sha256: sha('s1'), bytes: new Uint8Array([1]) }], []);
    return { site, s, before: await snapshot(site, s) };
  }

  async function snapshot(site: string, s: IdbSyncStore): Promise<unknown> {
    return {
      revs: [...(await s.articleRevisions())].sort(),
      trust: await s.loadTrust(),
      list: (await listArticles(site, { limit: 100 })).map((a) => `${a.id}@${a.rev}`),
      image: (await getImage(site, sha('keep')))?.bytes,
      envelopes: await (await getDb(site)).getAll('envelopes'),
      articles: await Promise.all(['a', 'b', 'c'].map(async (id) => (await getArticle(site, id))?.html)),
    };
  }

  it('a put that throws midway (QuotaExceededError) aborts the whole batch with "storage full"', async () => {
    const { site, s, before } = await seeded();
    let calls = 0;
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === 3) throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const e = await s.putArticles([article(site, 'a', 2), article(site, 'c', 1), article(site, 'd', 1), article(site, 'e', 1)], [image('new')]).catch((x: unknown) => x);
    vi.restoreAllMocks();
    expect(isPigeonError(e, 'STORAGE_FULL')).toBe(true);
    expect((e as Error).message).toMatch(/^storage full/);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(await snapshot(site, s)).toEqual(before);
  });

  it('a value that cannot be stored (DataCloneError) after earlier puts leaves nothing behind', async () => {
    const { site, s, before } = await seeded();
    const bad = { ...article(site, 'z', 1), summary: (() => 'x') as unknown as string };
    const e = await s.putArticles([article(site, 'a', 2), article(site, 'c', 1), bad], []).catch((x: unknown) => x);
    expect(isPigeonError(e, 'STORAGE')).toBe(true);
    expect(await snapshot(site, s)).toEqual(before);
  });

  it('a commitManifest that fails midway keeps the old manifest, articles and segments', async () => {
    const { site, s, before } = await seeded();
    let calls = 0;
    const del = IDBObjectStore.prototype.delete;
    vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['delete']>) {
      if (++calls === 2) throw new DOMException('quota', 'QuotaExceededError');
      return del.apply(this, args);
    });
    const e = await s.commitManifest(trust(site, { ts: 2, manifest: 2, segments: [sha('s2')] }), [{ sha256: sha('s2'), bytes: new Uint8Array([2]) }], ['a']).catch((x: unknown) => x);
    vi.restoreAllMocks();
    expect(isPigeonError(e, 'STORAGE_FULL')).toBe(true);
    expect(await snapshot(site, s)).toEqual(before);
    expect(await s.getSegment(sha('s1'))).toEqual(new Uint8Array([1]));
    expect(await s.getSegment(sha('s2'))).toBeUndefined();
  });

  it('a transaction aborted from outside (browser kill) keeps the old state', async () => {
    const { site, s, before } = await seeded();
    const original = IDBDatabase.prototype.transaction;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const tx = original.apply(this, args);
      if (args[1] === 'readwrite') queueMicrotask(() => tx.abort());
      return tx;
    });
    const e = await s.putArticles([article(site, 'a', 2), article(site, 'c', 1)], []).catch((x: unknown) => x);
    vi.restoreAllMocks();
    expect(isPigeonError(e, 'STORAGE')).toBe(true);
    expect(await snapshot(site, s)).toEqual(before);
  });
});
