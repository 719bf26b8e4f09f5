/// <reference lib="webworker" />
/**
 * The service worker entry: a thin event router (style habit 15). Each concern lives in its own
 * module: precache.ts (app shell), media-route.ts (images from IndexedDB), sync-driver.ts (sync
 * runs, status, broadcasts), messages.ts (the typed request protocol), erase.ts (ERASE_ALL).
 *
 * Sync triggers handled here: worker start when a sync is overdue, activation, SYNC_NOW from a
 * page (sent on app start and on `online`), Background Sync `sync` and `periodicsync` (Chromium;
 * registering them is the page's job). All state is in IndexedDB; see sync-driver.ts.
 */
import { clientsClaim } from 'workbox-core';
import { registerRoute } from 'workbox-routing';
import { runSync } from '../core/sync/run-sync.ts';
import { parseRetentionPolicy } from '../core/sync/retention.ts';
import { IdbSyncStore } from '../shared/db/sync-store.ts';
import { IdbImportStore } from '../shared/db/import-store.ts';
import { getDb } from '../shared/db/open.ts';
import { getImage } from '../shared/db/reading.ts';
import { eraseAll } from './erase.ts';
import { mediaHash, mediaResponse } from './media-route.ts';
import { onMessage } from './messages.ts';
import { onPeerMessage, type PeerDeps } from './peer.ts';
import { mirrorInfos } from './mirrors.ts';
import { setUpPrecache } from './precache.ts';
import { SITE_ID, SYNC_CONFIG } from './site.ts';
import { SyncDriver } from './sync-driver.ts';
import { leaseLock, webLock } from './sync-lock.ts';
import { broadcast } from './broadcast.ts';
import type { PeriodicSyncEvent, PigeonpostWorkerScope, SyncEvent } from './types.ts';
import { fileSyncHandler, importHandler } from './share-import.ts';
import { isShareTargetPost, receiveShareTarget, SharedFilesInbox } from './share-target.ts';

declare const self: PigeonpostWorkerScope;

const scopeUrl = new URL(self.registration.scope);
const db = () => getDb(SITE_ID);
const store = new IdbSyncStore(SITE_ID, db);
const lockName = `pigeonpost-sync:${SITE_ID}`;
const driver = new SyncDriver({
  config: SYNC_CONFIG,
  db,
  store,
  lock: 'locks' in self.navigator ? webLock(self.navigator.locks, lockName) : leaseLock(db, crypto.randomUUID()),
  runSync,
  broadcast: (m) => broadcast(self, m),
  online: () => self.navigator.onLine,
});

// --- share_target POSTs (before Workbox's listener: the first respondWith wins) ---
const inbox = new SharedFilesInbox();
self.addEventListener('fetch', (event) => {
  if (isShareTargetPost(event.request, scopeUrl)) event.respondWith(receiveShareTarget(event.request, scopeUrl, inbox, (p) => event.waitUntil(p)));
});
const shareDeps = { site: SITE_ID, config: SYNC_CONFIG, db, broadcast: (m: Parameters<typeof broadcast>[1]) => broadcast(self, m), status: () => driver.status(), syncFrom: (s: Parameters<typeof driver.syncFrom>[0]) => driver.syncFrom(s) };

// --- routes: media before the shell's navigation route (first match wins) ---
registerRoute(
  ({ url, request }) => (request.method === 'GET' || request.method === 'HEAD') && mediaHash(url, scopeUrl) !== undefined,
  async ({ url, request }) => mediaResponse(await getImage(SITE_ID, mediaHash(url, scopeUrl)!), request.method),
);
setUpPrecache(self.__WB_MANIFEST);

// --- lifecycle ---
// The first worker takes control at once so the first visit is already offline-capable; updates
// wait for the page's SKIP_WAITING (prompt-for-update, style habit 18).
clientsClaim();
self.addEventListener('activate', () => {
  // Not in waitUntil: activation would hold every fetch until the sync ended.
  void driver.sync('activate').catch(() => undefined);
});

// --- messages: nearby sync and invites (peer.ts), then the core protocol ---
const peer: PeerDeps = {
  site: SITE_ID,
  store,
  imports: new IdbImportStore(SITE_ID, db),
  shippedRoot: SYNC_CONFIG.shippedRoot,
  onStored: (added) => void broadcast(self, { type: 'ARTICLES_CHANGED', payload: { added, removed: 0 } }),
  exclusive: (fn) => driver.exclusive(fn),
};
self.addEventListener('message', (event) => {
  if (onPeerMessage(event, peer)) return;
  onMessage(event, {
    GET_STATUS: () => driver.status(),
    SYNC_NOW: () => driver.sync('message'),
    GET_MIRRORS: async () => mirrorInfos(await store.loadTrust(), SYNC_CONFIG, await store.loadHealth(), Date.now()),
    ERASE_ALL: async () => {
      await driver.exclusive(() => eraseAll(SITE_ID, self.registration.scope, self.caches));
      return { erased: true } as const;
    },
    SKIP_WAITING: async () => {
      await self.skipWaiting();
      return { ok: true } as const;
    },
    IMPORT_SHARE: importHandler(shareDeps),
    SYNC_FROM_FILE: fileSyncHandler(shareDeps),
    TAKE_SHARED_FILES: async () => inbox.take(),
    // The guard checked the policy; its parsed form drops anything else the object carried.
    SET_RETENTION: async (p) => driver.setRetention(parseRetentionPolicy(p.policy) ?? { kind: 'all' }),
  });
});

// --- background triggers (Chromium only; feature-detected by the page when registering) ---
self.addEventListener('sync', (e) => {
  const event = e as SyncEvent;
  event.waitUntil(
    driver.sync('background-sync').then((s) => {
      // A rejected promise asks the browser to retry later, unless this was the last chance.
      if (s.lastOutcome === 'failed' && !event.lastChance) throw new Error('sync failed; retry later');
    }),
  );
});
self.addEventListener('periodicsync', (e) => {
  (e as PeriodicSyncEvent).waitUntil(driver.sync('periodic-sync').then(() => undefined));
});

// --- worker start: every start (the browser restarts workers for fetches and messages) ---
void driver.syncIfOverdue('start').catch(() => undefined);
