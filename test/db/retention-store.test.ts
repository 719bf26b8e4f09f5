/**
 * Retention in the reader database (shared/db/retention-store.ts): the drop is ONE readwrite
 * transaction that removes the articles, their images and envelope batches nobody else uses, their
 * reading positions, and tells the saved search index to forget them; saved articles, imported
 * ones and the trust state are never touched; a failure leaves everything whole.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isPigeonError } from '../../src/core/errors.ts';
import { IdbImportStore } from '../../src/shared/db/import-store.ts';
import { applyRetention, closeDb, getArticle, getDb, getImage, getReadingPosition, IdbSyncStore, isSaved, loadRetention, loadSearchRecord, saveReadingPosition, saveSearchRecord, setSaved } from '../../src/shared/db/index.ts';
import { article, freshSite, image, trust } from './fixtures.ts';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const day = (n: number): string => new Date(NOW - n * 86_400_000).toISOString();

const opened: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const site of opened.splice(0)) await closeDb(site);
});

/** Five articles 1, 5, 20, 40 and 90 days old; "shared" image used by the newest and the oldest. */
async function library() {
  const site = freshSite('ret');
  opened.push(site);
  const s = new IdbSyncStore(site);
  const shared = image('shared', 64);
  const own = image('own-old', 64);
  await s.putArticles(
    [
      article(site, 'd1', 1, { published: day(1), images: [shared] }),
      article(site, 'd5', 2, { published: day(5) }),
      article(site, 'd20', 1, { published: day(20) }),
      article(site, 'd40', 3, { published: day(40), images: [own] }),
      article(site, 'd90', 1, { published: day(90), images: [shared] }),
    ],
    [shared, own],
  );
  await s.commitManifest(trust(site, { ts: 4, manifest: 4 }), [], []);
  await saveReadingPosition(site, 'd40', 0.5);
  await saveSearchRecord(site, { engine: 1, docs: [['d1', 'k'], ['d40', 'k']], json: '{}' });
  return { site, s, shared, own };
}

async function writeTxCount(fn: () => Promise<unknown>): Promise<number> {
  const original = IDBDatabase.prototype.transaction;
  let n = 0;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] === 'readwrite') n++;
    return original.apply(this, args);
  });
  await fn();
  vi.restoreAllMocks();
  return n;
}

describe('applyRetention', () => {
  it('drops old unsaved articles with their images, positions and search entries in one transaction', async () => {
    const { site, shared, own } = await library();
    await setSaved(site, 'd90', true, NOW);
    const db = await getDb(site);
    const trustBefore = await db.get('trust', site);
    let outcome: Awaited<ReturnType<typeof applyRetention>> | undefined;
    const writes = await writeTxCount(async () => {
      outcome = await applyRetention(db, NOW, { kind: 'days', days: 30 });
    });
    expect(writes).toBe(1);
    expect(outcome?.dropped).toEqual(['d40']);
    expect(await getArticle(site, 'd40')).toBeUndefined();
    expect(await getReadingPosition(site, 'd40')).toBeUndefined();
    // Its own image went with it; the image the saved article shares stays.
    expect(await getImage(site, own.sha256)).toBeUndefined();
    expect(await getImage(site, shared.sha256)).toBeDefined();
    for (const id of ['d1', 'd5', 'd20', 'd90']) expect(await getArticle(site, id), id).toBeDefined();
    expect(await isSaved(site, 'd90')).toBe(true);
    // The trust state (the rollback floors) is exactly as it was.
    expect(await db.get('trust', site)).toEqual(trustBefore);
    // The saved search index is told to forget it; the drop is remembered for the sync (rev 3).
    expect(((await loadSearchRecord(site)) as { forget?: string[] }).forget).toEqual(['d40']);
    const { policy, evicted } = await loadRetention(db);
    expect(policy).toEqual({ kind: 'days', days: 30 });
    // Older than the window: the sync skips it by date, nothing to remember.
    expect(evicted.size).toBe(0);
  });

  it('remembers what a size limit dropped (id and revision), and applies the stored policy after a sync', async () => {
    const { site } = await library();
    const db = await getDb(site);
    // Nothing set yet: the default keeps everything and nothing is written.
    expect(await writeTxCount(async () => expect((await applyRetention(db, NOW)).dropped).toEqual([]))).toBe(0);
    await applyRetention(db, NOW, { kind: 'size', megabytes: 1 });
    // Everything fits in 1 MiB: nothing dropped, but the policy is stored.
    expect((await loadRetention(db)).policy).toEqual({ kind: 'size', megabytes: 1 });
    // Make the two oldest large (a new revision of each, about 0.6 MiB of HTML).
    const s = new IdbSyncStore(site);
    const html = `<p>${'x'.repeat(600 * 1024)}</p>`;
    await s.putArticles([article(site, 'd20', 2, { published: day(20), html }), article(site, 'd40', 4, { published: day(40), html })], []);
    const { dropped } = await applyRetention(db, NOW);
    expect(dropped).toEqual(['d40', 'd90']);
    const { evicted } = await loadRetention(db);
    expect(evicted.get('d40')).toMatchObject({ rev: 4 });
    expect(evicted.get('d90')).toMatchObject({ rev: 1 });
    // Widening the policy forgets the drops (the next sync may bring them back).
    await applyRetention(db, NOW, { kind: 'all' });
    expect((await loadRetention(db)).evicted.size).toBe(0);
  });

  it('never drops stories received from other readers', async () => {
    const { site } = await library();
    const imports = new IdbImportStore(site);
    const rec = article(site, 'shared-old', 1, { published: day(200) });
    await imports.commitImport([{ record: rec, images: [], archived: false } as unknown as Parameters<IdbImportStore['commitImport']>[0][number]]);
    const { dropped } = await applyRetention(await getDb(site), NOW, { kind: 'days', days: 30 });
    expect(dropped).toEqual(['d40', 'd90']);
    expect(await getArticle(site, 'shared-old')).toBeDefined();
  });

  it('keeps an article saved between the choice and the write', async () => {
    const { site } = await library();
    const db = await getDb(site);
    // The mark lands right after the reads that chose what to drop (the page writes marks itself).
    const getAllKeys = IDBObjectStore.prototype.getAllKeys;
    let marked = false;
    vi.spyOn(IDBObjectStore.prototype, 'getAllKeys').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['getAllKeys']>) {
      const r = getAllKeys.apply(this, args);
      if (this.name === 'settings' && !marked) {
        marked = true;
        r.addEventListener('success', () => void setSaved(site, 'd40', true, NOW));
      }
      return r;
    });
    const { dropped } = await applyRetention(db, NOW, { kind: 'days', days: 30 });
    expect(marked).toBe(true);
    expect(dropped).toEqual(['d90']);
    expect(await getArticle(site, 'd40')).toBeDefined();
  });

  it('a write that fails midway (quota) leaves every article, image and setting as it was', async () => {
    const { site, own } = await library();
    const db = await getDb(site);
    const del = IDBObjectStore.prototype.delete;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['delete']>) {
      if (++calls === 3) throw new DOMException('disk full', 'QuotaExceededError');
      return del.apply(this, args);
    });
    const e = await applyRetention(db, NOW, { kind: 'days', days: 30 }).catch((x: unknown) => x);
    vi.restoreAllMocks();
    expect(isPigeonError(e, 'STORAGE_FULL')).toBe(true);
    for (const id of ['d1', 'd5', 'd20', 'd40', 'd90']) expect(await getArticle(site, id), id).toBeDefined();
    expect(await getImage(site, own.sha256)).toBeDefined();
    expect(await getReadingPosition(site, 'd40')).toBeDefined();
    expect((await loadRetention(db)).policy).toEqual({ kind: 'all' });
    expect(((await loadSearchRecord(site)) as { forget?: string[] }).forget).toBeUndefined();
  });
});

describe('saved marks', () => {
  it('cannot mark an article that is not stored, and a signed removal takes the mark with it', async () => {
    const { site, s } = await library();
    const e = await setSaved(site, 'nope', true).catch((x: unknown) => x);
    expect(isPigeonError(e, 'STORAGE')).toBe(true);
    expect(await isSaved(site, 'nope')).toBe(false);
    await setSaved(site, 'd5', true);
    await s.commitManifest(trust(site, { ts: 5, manifest: 5 }), [], ['d5']);
    expect(await isSaved(site, 'd5')).toBe(false);
  });
});
