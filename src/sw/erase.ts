/**
 * ERASE_ALL (surveillance safety): delete this site's database and every cache of this app.
 * Runs while holding the sync lock (the caller arranges that), so no sync can re-create the
 * database half-way. Open pages close their connection on `versionchange` (open.ts `blocking`).
 */
import { deleteDB } from 'idb';
import { PigeonError } from '../core/errors.ts';
import { closeDb } from '../shared/db/open.ts';
import { dbName } from '../shared/db/schema.ts';

/** How long to wait for other connections to close before giving up (ms). */
const DELETE_TIMEOUT_MS = 10_000;

/** True for caches this app owns: Workbox's for this scope, and any `pigeonpost-` cache. */
export function isAppCache(name: string, scope: string): boolean {
  return name.startsWith('pigeonpost-') || (name.startsWith('workbox-') && name.includes(scope));
}

/** Delete the database of `site` and every app cache of `scope`. */
export async function eraseAll(site: string, scope: string, caches: CacheStorage): Promise<void> {
  await closeDb(site);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PigeonError('STORAGE', 'another tab of this app keeps the database open; close it and erase again')),
      DELETE_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([deleteDB(dbName(site)), timeout]);
  } finally {
    clearTimeout(timer);
  }
  const names = await caches.keys();
  await Promise.all(names.filter((n) => isAppCache(n, scope)).map((n) => caches.delete(n)));
}
