/**
 * The page's saved offline search index (src/search/keeper.ts), one row of the `settings`
 * store. It holds terms of the stored articles, so it lives and is erased with them.
 */
import type { IDBPTransaction } from 'idb';
import { getDb } from './open.ts';
import type { PigeonpostDB } from './schema.ts';
import { writeTx } from './write-tx.ts';

const KEY = 'search-index';

/** Whatever was saved (the caller checks its shape), or undefined. */
export async function loadSearchRecord(site: string): Promise<unknown> {
  return (await (await getDb(site)).get('settings', KEY))?.value;
}

/** Replace the saved index. */
export async function saveSearchRecord(site: string, value: unknown): Promise<void> {
  await writeTx(await getDb(site), ['settings'], 'the search index', async (tx) => {
    await tx.objectStore('settings').put({ key: KEY, value });
  });
}

/**
 * Inside a running transaction that removes articles: add their ids to the saved index's `forget`
 * list, which the keeper discards from the index as it loads it, before any query (keeper.ts). The
 * index itself is the search worker's to rewrite; this way no query ever finds an article that is
 * gone, even when no page was open to hear of the removal.
 */
export async function forgetInSearchRecord(tx: IDBPTransaction<PigeonpostDB, ('settings' | 'articles' | 'envelopes' | 'images')[], 'readwrite'>, ids: readonly string[]): Promise<void> {
  const settings = tx.objectStore('settings');
  const row = await settings.get(KEY);
  const v = row?.value;
  if (typeof v !== 'object' || v === null) return;
  const old = (v as { forget?: unknown }).forget;
  const forget = new Set([...(Array.isArray(old) ? old.filter((x): x is string => typeof x === 'string') : []), ...ids]);
  await settings.put({ key: KEY, value: { ...v, forget: [...forget] } });
}
