/**
 * The app shell: precached by Workbox from the manifest vite-plugin-pwa injects, old revisions
 * cleaned up, and every navigation inside the scope answered with the precached index.html so
 * deep links such as `article/<id>` open offline. Article data never goes into the precache: it
 * lives in IndexedDB and changes independently of app releases (pwa-platform.md B.10).
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

/** Navigations that must not get the shell (media URLs are answered by media-route.ts). */
const NAVIGATION_DENYLIST = [/\/media\/[0-9a-f]{64}$/];

/** Precache `entries` and route navigations to the shell. */
export function setUpPrecache(entries: (PrecacheEntry | string)[]): void {
  precacheAndRoute(entries);
  cleanupOutdatedCaches();
  let handler;
  try {
    handler = createHandlerBoundToURL('index.html');
  } catch {
    // No index.html in the precache (a development build): leave navigations to the network.
    return;
  }
  registerRoute(new NavigationRoute(handler, { denylist: NAVIGATION_DENYLIST }));
}
