/**
 * Page entry: start the UI, register the service worker and keep the shared state in step.
 *
 * Sync triggers from the page (pwa-platform.md B.5): app start, coming back `online`, the page
 * becoming visible after a while, and the "Sync now" button; Background Sync and Periodic
 * Background Sync are registered where they exist (Chromium; feature-detected) as extras.
 *
 * Updates are prompt-driven (style habit 18): a new worker waits until the reader clicks
 * "Update now"; only then does workbox-window send it SKIP_WAITING, and the page reloads once the
 * new worker controls it.
 */
import './global.css';
// First: the UI language starts loading (pp-app's first render waits for it: locale.ts localeReady).
import './i18n/locale.ts';
import { BASE, parseRoute } from './router.ts';
import { appState } from './state.ts';
import { onBroadcast, workerSupported } from './sw-client.ts';
import { refreshStatus, requestSync } from './sync-trigger.ts';
import { trustedSwUrl } from './sw-url.ts';
import './pp-app.ts';
import { watchLaunches } from './file-launch.ts';
import { Workbox } from 'workbox-window';

/** Tag of the Background Sync / Periodic Background Sync registrations (the worker accepts any). */
const SYNC_TAG = 'pigeonpost-sync';
/** Periodic sync: at most every 6 hours (the browser decides the real cadence). */
const PERIODIC_MIN_INTERVAL_MS = 6 * 60 * 60_000;
/** Page became visible again: sync if the last attempt is older than this (ms). */
const VISIBLE_RESYNC_MS = 30 * 60_000;

interface SyncRegistration {
  readonly sync?: { register(tag: string): Promise<void> };
  readonly periodicSync?: { register(tag: string, opts: { minInterval: number }): Promise<void> };
}

/** Background Sync (retry when connectivity returns) and Periodic Background Sync, if available. */
async function registerBackgroundSync(reg: ServiceWorkerRegistration): Promise<void> {
  const r = reg as ServiceWorkerRegistration & SyncRegistration;
  if (r.sync) await r.sync.register(SYNC_TAG).catch(() => undefined);
  if (r.periodicSync) {
    const permission = await navigator.permissions?.query({ name: 'periodic-background-sync' as PermissionName }).catch(() => undefined);
    if (permission?.state === 'granted') await r.periodicSync.register(SYNC_TAG, { minInterval: PERIODIC_MIN_INTERVAL_MS }).catch(() => undefined);
  }
}

/**
 * The worker's registration and its update prompt, through workbox-window (the design card's
 * package): `waiting` offers the update (only an *update*: the very first worker has nothing to
 * replace), the reader's click sends `messageSkipWaiting()`, and `controlling` reloads the page
 * once the new worker has taken over. Requests and broadcasts keep the typed protocol of
 * sw-client.ts: workbox-window's messageSW is untyped and unguarded, and talks to the worker this
 * Workbox registered rather than the one controlling the page.
 */
let workbox: Workbox | undefined;

/** Look for a new version now and then, only when online (elk's hourly check). */
const UPDATE_CHECK_MS = 60 * 60_000;

function watchUpdates(wb: Workbox): void {
  wb.addEventListener('waiting', (event) => {
    // External or not: a worker that registered through another tab is still this app's update.
    if (navigator.serviceWorker.controller) appState.set({ updateWaiting: event.sw });
  });
  setInterval(() => {
    if (navigator.onLine) void wb.update().catch(() => undefined);
  }, UPDATE_CHECK_MS);
}

let accepted = false;

/** The reader agreed: activate the waiting worker, then reload once it controls the page. */
function applyUpdate(): void {
  const wb = workbox;
  if (!wb || !appState.updateWaiting) return;
  if (!accepted) {
    accepted = true;
    wb.addEventListener('controlling', () => location.reload());
  }
  wb.messageSkipWaiting();
}

async function startWorker(): Promise<void> {
  if (!workerSupported()) {
    appState.set({ worker: 'unsupported' });
    return;
  }
  onBroadcast((b) => {
    if (b.type === 'STATUS_CHANGED') appState.set({ status: b.payload, worker: 'ready' });
    else if (b.type === 'ARTICLES_CHANGED') appState.articlesChanged();
  });
  navigator.serviceWorker.startMessages();
  const wb = new Workbox(trustedSwUrl(), { type: 'module', scope: BASE, updateViaCache: 'none' });
  watchUpdates(wb);
  let reg: ServiceWorkerRegistration | undefined;
  try {
    // At once, not after `load`: the first visit should be offline-capable as early as it can.
    reg = await wb.register({ immediate: true });
  } catch (e) {
    reg = undefined;
    appState.set({ worker: 'unsupported', requestError: { code: 'NO_WORKER', message: String(e) } });
  }
  if (!reg) return;
  workbox = wb;
  await navigator.serviceWorker.ready;
  await refreshStatus();
  void registerBackgroundSync(reg);
  void requestSync('start');
}

window.addEventListener('online', () => {
  appState.set({ online: true });
  void requestSync('online');
});
window.addEventListener('offline', () => appState.set({ online: false }));
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible') return;
  const last = appState.status?.lastAttemptAt ?? 0;
  if (Date.now() - last > VISIBLE_RESYNC_MS && appState.status?.state !== 'syncing') void requestSync('visible');
});
document.addEventListener('pp-update-accepted', applyUpdate);

void startWorker();
// "Open with" this app (file_handlers): the files go to the share page's import panel.
watchLaunches(() => {
  if (parseRoute(location.pathname, location.search, BASE).name !== 'share') document.querySelector('pp-app')?.navigate(`${BASE}share`);
});
