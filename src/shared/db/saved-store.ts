/**
 * Articles the reader saved ("keep this"): a mark per article in the `settings` store
 * (`saved:<id>` → when). Retention never drops a saved article (retention-store.ts re-reads the
 * marks inside its own transaction, so a mark written just before it is always seen); a signed
 * removal by the publisher removes the mark with the article (sync-store.ts removeArticleRows).
 */
import type { IDBPDatabase } from 'idb';
import { PigeonError } from '../../core/errors.ts';
import { getDb } from './open.ts';
import type { PigeonpostDB } from './schema.ts';
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
