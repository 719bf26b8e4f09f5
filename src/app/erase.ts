/**
 * "Erase everything" (surveillance safety): remove every trace this app keeps on the device.
 *
 * 1. Ask the worker to erase (ERASE_ALL): it stops any sync, deletes the site's database and the
 *    app's caches while holding the sync lock, so no sync can re-create them half-way.
 * 2. Sweep from the page whatever is left or was unreachable: our databases, our caches, our
 *    localStorage/sessionStorage keys, and the worker registration itself (a registered worker
 *    would start syncing again and re-create the database).
 * 3. Replace the page with a plain "erased" notice and reset the address to the app's root.
 *
 * It deliberately does not reload: with the worker gone, a reload would fetch the app again from
 * a mirror (a fresh network trace) or fail offline. The reader closes the tab.
 */
import { deleteDB } from 'idb';
import { siteConfig } from 'virtual:pigeonpost-site';
import { closeDb, DB_PREFIX, dbName } from '../shared/db/index.ts';
import type { Messages } from './i18n/messages.ts';
import { BASE } from './router.ts';
import { dropSearchIndex } from './search-client.ts';
import { send, workerSupported } from './sw-client.ts';

/** Storage key prefix of everything the page keeps in Web Storage. */
export const STORAGE_PREFIX = 'pigeonpost.';

/** True for caches this app owns (same rule as the worker's erase.ts). */
function isAppCache(name: string, scope: string): boolean {
  return name.startsWith('pigeonpost-') || (name.startsWith('workbox-') && name.includes(scope));
}

function clearWebStorage(storage: Storage | undefined): void {
  if (!storage) return;
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(STORAGE_PREFIX)) keys.push(k);
  }
  for (const k of keys) storage.removeItem(k);
}

/** Erase everything. Resolves with the problems met (empty when all went well). */
export async function eraseEverything(): Promise<string[]> {
  const problems: string[] = [];
  const step = async (what: string, fn: () => Promise<unknown> | unknown): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  dropSearchIndex();
  // Our own connection would block the worker's deleteDatabase.
  await step('close', () => closeDb(siteConfig.id));
  const scope = new URL(BASE, location.href).href;
  if (workerSupported() && (await navigator.serviceWorker.getRegistration())?.active) {
    await step('worker', () => send('ERASE_ALL', {}));
  }
  await step('database', async () => {
    const names = new Set([dbName(siteConfig.id)]);
    const all = (await indexedDB.databases?.()) ?? [];
    for (const d of all) if (d.name?.startsWith(DB_PREFIX)) names.add(d.name);
    for (const name of names) await deleteDB(name);
  });
  await step('caches', async () => {
    if (!('caches' in globalThis)) return;
    for (const name of await caches.keys()) if (isAppCache(name, scope)) await caches.delete(name);
  });
  await step('storage', () => {
    clearWebStorage(globalThis.localStorage);
    clearWebStorage(globalThis.sessionStorage);
  });
  await step('worker registration', async () => {
    if (!workerSupported()) return;
    for (const reg of await navigator.serviceWorker.getRegistrations()) if (reg.scope.startsWith(scope)) await reg.unregister();
  });
  return problems;
}

/** Replace the whole page with the "erased" notice (plain DOM, nothing loaded). */
export function showErasedScreen(m: Messages): void {
  history.replaceState(null, '', BASE);
  document.title = m.erasedTitle;
  const main = document.createElement('main');
  main.className = 'pp-boot';
  const h1 = document.createElement('h1');
  h1.textContent = m.erasedTitle;
  h1.tabIndex = -1;
  const p = document.createElement('p');
  p.textContent = m.erasedText;
  main.append(h1, p);
  document.body.replaceChildren(main);
  h1.focus();
}
