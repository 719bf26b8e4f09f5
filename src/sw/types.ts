/**
 * Types the WebWorker lib lacks: Background Sync and Periodic Background Sync events (Chromium
 * only; pwa-platform.md B.5), and the precache manifest vite-plugin-pwa injects.
 */
import type { PrecacheEntry } from 'workbox-precaching';

/** `sync` event (Background Sync). */
export interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  /** The browser will not retry after this attempt. */
  readonly lastChance: boolean;
}

/** `periodicsync` event (Periodic Background Sync). */
export interface PeriodicSyncEvent extends ExtendableEvent {
  readonly tag: string;
}

/** The worker's global scope as this app sees it. */
export type PigeonpostWorkerScope = ServiceWorkerGlobalScope & {
  /** Replaced at build time by injectManifest with the app shell's precache list. */
  readonly __WB_MANIFEST: (PrecacheEntry | string)[];
};
