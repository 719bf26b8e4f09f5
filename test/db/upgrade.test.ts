/**
 * The schema upgrade path: a fresh open creates every store; reopening keeps data; a future
 * version step runs on top of existing data without losing any; no step deletes a store; an old
 * connection gets out of the way of a newer one (blocking → close); a database newer than the code
 * is refused with STORAGE instead of being touched.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, IdbSyncStore, STORE_NAMES, UPGRADES, articleHtml, closeDb, getArticle, getDb, openReaderDb, type StoredArticle, type UpgradeStep } from '../../src/shared/db/index.ts';
import { isPigeonError } from '../../src/core/errors.ts';
import { article, freshSite, image, trust } from './fixtures.ts';

describe('schema upgrades', () => {
  it('has one step per version', () => {
    expect(UPGRADES).toHaveLength(DB_VERSION);
  });

  it('creates every store and index on first open', async () => {
    const site = freshSite();
    const db = await openReaderDb(site);
    expect([...db.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
    expect([...db.transaction('articles').store.indexNames].sort()).toEqual(['by-envelopes', 'by-image', 'by-imported', 'by-published', 'by-rev', 'by-section']);
    db.close();
  });

  it('never deletes a store or an index in any step', async () => {
    const site = freshSite();
    const deletions: string[] = [];
    const spy: UpgradeStep[] = UPGRADES.map((step) => (db, tx) => {
      const raw = db as unknown as { deleteObjectStore: (n: string) => void };
      raw.deleteObjectStore = (n) => void deletions.push(n);
      step(db, tx);
    });
    const db = await openReaderDb(site, { steps: spy });
    db.close();
    expect(deletions).toEqual([]);
  });

  it('keeps reader data through a future upgrade step', async () => {
    const site = freshSite();
    const img = image('kept');
    const s = new IdbSyncStore(site, () => openReaderDb(site));
    await s.putArticles([article(site, 'a', 1, { images: [img] })], [img]);
    await s.commitManifest(trust(site, { ts: 3, manifest: 2 }), [], []);
    // A hypothetical v(N+1): a new store plus a derived field backfilled on existing articles.
    const next: UpgradeStep = (db, tx) => {
      (db as unknown as IDBDatabase).createObjectStore('bookmarks', { keyPath: 'id' });
      const store = tx.objectStore('articles') as unknown as { openCursor(): Promise<{ value: Record<string, unknown>; update(v: unknown): Promise<unknown>; continue(): Promise<unknown> } | null> };
      void (async () => {
        for (let c = await store.openCursor(); c; c = (await c.continue()) as typeof c) await c.update({ ...c.value, wordCount: 3 });
      })();
    };
    const upgraded = await openReaderDb(site, { version: DB_VERSION + 1, steps: [...UPGRADES, next] });
    expect(upgraded.objectStoreNames.contains('bookmarks' as never)).toBe(true);
    const a = (await upgraded.get('articles', 'a')) as unknown as StoredArticle & { wordCount: number };
    expect(a.wordCount).toBe(3);
    const stored = (await upgraded.get('envelopes', a.envelopeIn!))!;
    const batch = 'bytes' in stored ? stored.bytes : new Uint8Array();
    expect(articleHtml({ id: 'a', envelope: batch.subarray(a.envelopeAt!, a.envelopeAt! + a.envelopeLength!) })).toBe('<p>a revision 1</p>');
    expect((await upgraded.get('images', img.sha256))?.bytes).toEqual(img.bytes);
    expect((await upgraded.get('trust', site))?.manifest?.version).toBe(2);
    upgraded.close();
  });

  it('v1 → v2: rows that carry their own envelope (or HTML) still read; new writes go into batches', async () => {
    const site = freshSite();
    const v1 = await openReaderDb(site, { version: 1, steps: UPGRADES.slice(0, 1) });
    const legacy = article(site, 'old', 1);
    const { html: _h, ...withEnvelope } = legacy;
    await v1.put('articles', { ...withEnvelope, publishedMs: 1, imageShas: [] } as unknown as StoredArticle);
    await v1.put('articles', { ...article(site, 'older', 1), publishedMs: 2, imageShas: [] } as unknown as StoredArticle); // 0.1: HTML beside it
    v1.close();
    const s = new IdbSyncStore(site);
    expect((await getArticle(site, 'old'))?.html).toBe('<p>old revision 1</p>');
    expect((await getArticle(site, 'old'))?.envelope).toEqual(legacy.envelope);
    expect((await getArticle(site, 'older'))?.html).toBe('<p>older revision 1</p>');
    await s.putArticles([article(site, 'old', 2), article(site, 'new', 1)], []);
    expect((await getArticle(site, 'old'))?.html).toBe('<p>old revision 2</p>');
    expect((await getArticle(site, 'new'))?.html).toBe('<p>new revision 1</p>');
    expect(await (await getDb(site)).count('envelopes')).toBe(1);
    await closeDb(site);
  });

  it('closes an old connection when a newer version needs the database (blocking)', async () => {
    const site = freshSite();
    const old = await getDb(site);
    const next: UpgradeStep = (db) => void (db as unknown as IDBDatabase).createObjectStore('extra');
    const newer = await openReaderDb(site, { version: DB_VERSION + 1, steps: [...UPGRADES, next] });
    expect(newer.version).toBe(DB_VERSION + 1);
    // The cached connection was dropped; the old one is closed.
    expect(() => old.transaction('articles')).toThrow();
    newer.close();
    await closeDb(site);
  });

  it('refuses a database written by a newer app version, without touching it', async () => {
    const site = freshSite();
    const next: UpgradeStep = () => undefined;
    (await openReaderDb(site, { version: DB_VERSION + 1, steps: [...UPGRADES, next] })).close();
    const e = await openReaderDb(site).catch((x: unknown) => x);
    expect(isPigeonError(e, 'STORAGE')).toBe(true);
  });
});
