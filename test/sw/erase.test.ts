/** ERASE_ALL: the database goes (even with a page connection open) and only this app's caches go. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbSyncStore, articleCount, dbName, getDb } from '../../src/shared/db/index.ts';
import { eraseAll, isAppCache } from '../../src/sw/erase.ts';
import { article, freshSite } from '../db/fixtures.ts';

function fakeCaches(names: string[]): CacheStorage & { names: string[] } {
  const c = {
    names: [...names],
    keys: async () => [...c.names],
    delete: async (n: string) => {
      const had = c.names.includes(n);
      c.names = c.names.filter((x) => x !== n);
      return had;
    },
  };
  return c as unknown as CacheStorage & { names: string[] };
}

describe('erase', () => {
  const scope = 'http://127.0.0.1:8080/';

  it('recognises only this app’s caches', () => {
    expect(isAppCache(`workbox-precache-v2-${scope}`, scope)).toBe(true);
    expect(isAppCache('pigeonpost-anything', scope)).toBe(true);
    expect(isAppCache('workbox-precache-v2-http://127.0.0.1:8080/other/', 'http://127.0.0.1:8080/news/')).toBe(false);
    expect(isAppCache('someone-else', scope)).toBe(false);
  });

  it('deletes the database although a page holds a connection, and the app caches', async () => {
    const site = freshSite('erase');
    await new IdbSyncStore(site).putArticles([article(site, 'a')], []);
    // The page's connection (same module cache here, so open a second, independent one).
    const { openReaderDb } = await import('../../src/shared/db/open.ts');
    const page = await openReaderDb(site);
    const caches = fakeCaches([`workbox-precache-v2-${scope}`, 'unrelated']);
    await eraseAll(site, scope, caches);
    expect(caches.names).toEqual(['unrelated']);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(dbName(site));
    expect(() => page.transaction('articles')).toThrow();
    // A fresh open starts empty.
    expect(await articleCount(site)).toBe(0);
    (await getDb(site)).close();
  });
});
