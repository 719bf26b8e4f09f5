/**
 * The page's saved offline search index (src/app/search-keeper.ts), one row of the `settings`
 * store. It holds terms of the stored articles, so it lives and is erased with them.
 */
import { getDb } from './open.ts';
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
