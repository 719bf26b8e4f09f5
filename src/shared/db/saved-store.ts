/**
 * Articles the reader saved ("keep this"): a mark per article in the `settings` store
 * (`saved:<id>` → when). Retention never drops a saved article (retention-store.ts re-reads the
 * marks inside its own transaction, so a mark written just before it is always seen); a signed
 * removal by the publisher removes the mark with the article (sync-store.ts removeArticleRows).
 */
import type { IDBPDatabase } from 'idb';
import { PigeonError } from '../../core/errors.ts';
import { getDb } from './open.ts';
import { countArticles, type ArticleSummary } from './reading.ts';
import type { PigeonpostDB, StoredArticle } from './schema.ts';
import { SAVED_PREFIX, savedKey } from './sync-store.ts';
import { writeTx } from './write-tx.ts';

/** The key range of every saved mark. */
function savedRange(): IDBKeyRange {
  return IDBKeyRange.bound(SAVED_PREFIX, `${SAVED_PREFIX}\uffff`);
}

/** Ids of every saved article. */
export async function savedIds(db: IDBPDatabase<PigeonpostDB>): Promise<Set<string>> {
  const keys = await db.getAllKeys('settings', savedRange());
  return new Set(keys.map((k) => k.slice(SAVED_PREFIX.length)));
}

/** Ids of every saved article of `site`. */
export async function savedArticleIds(site: string): Promise<Set<string>> {
  return savedIds(await getDb(site));
}

/** Whether the reader saved `articleId`. */
export async function isSaved(site: string, articleId: string): Promise<boolean> {
  return (await (await getDb(site)).getKey('settings', savedKey(articleId))) !== undefined;
}

/**
 * Save (or unsave) a stored article, in one transaction that checks the article is still stored:
 * retention may have dropped it a moment ago, and a mark on nothing would keep nothing.
 */
export async function setSaved(site: string, articleId: string, saved: boolean, at: number = Date.now()): Promise<void> {
  await writeTx(await getDb(site), ['articles', 'settings'], 'the saved mark', async (tx) => {
    const settings = tx.objectStore('settings');
    if (!saved) {
      await settings.delete(savedKey(articleId));
      return;
    }
    if ((await tx.objectStore('articles').getKey(articleId)) === undefined) {
      throw new PigeonError('STORAGE', `article ${articleId.slice(0, 80)} is no longer stored on this device`);
    }
    await settings.put({ key: savedKey(articleId), value: { at } });
  });
}

/** The saved articles that are stored, newest first (as the list shows them), without bodies. */
export async function listSavedArticles(site: string): Promise<ArticleSummary[]> {
  const db = await getDb(site);
  const ids = [...(await savedIds(db))];
  const tx = db.transaction('articles');
  const rows = await Promise.all(ids.map((id) => tx.store.get(id)));
  return rows
    .filter((r): r is StoredArticle => r !== undefined)
    .sort((a, b) => b.publishedMs - a.publishedMs || (a.id < b.id ? 1 : -1))
    .map(({ html: _h, envelope: _e, envelopeIn: _i, envelopeAt: _a, envelopeLength: _l, ...rest }) => rest);
}

/** What the storage panel shows: stored articles, saved ones, and images. */
export async function storedCounts(site: string): Promise<{ articles: number; saved: number; images: number }> {
  const db = await getDb(site);
  const [articles, saved, images] = await Promise.all([countArticles(db), savedIds(db), db.count('images')]);
  return { articles, saved: saved.size, images };
}
