/**
 * Code for the views a reader opens less often, loaded when first routed to.
 *
 * The list, the article view and the status line are in the app's first script; search, mirrors,
 * settings, share, nearby and invite (WebRTC, QR codes, the share-file writer) are separate
 * chunks, so a reader opening the app to read pays for none of them. Every chunk is in the
 * service worker's precache like the first script, so loading one works offline; a failure
 * (a broken install, storage cleared under the page) is reported, never swallowed.
 */
import type { Route } from './router.ts';

const LOADERS: Partial<Record<Route['name'], () => Promise<unknown>>> = {
  search: () => import('./pp-search.ts'),
  mirrors: () => import('./pp-mirrors-panel.ts'),
  settings: () => import('./pp-settings.ts'),
  share: () => import('./pp-share-page.ts'),
  nearby: () => import('./pp-nearby.ts'),
  invite: () => import('./pp-invite.ts'),
};

/** True when the view of `name` needs a chunk loaded first. */
export function isLazyView(name: Route['name']): boolean {
  return LOADERS[name] !== undefined;
}

const loading = new Map<Route['name'], Promise<void>>();

/**
 * Loads the code of the view of `name` (at most once; a failed load is retried next time).
 * Resolves at once for the views in the first script.
 */
export function loadView(name: Route['name']): Promise<void> {
  const load = LOADERS[name];
  if (!load) return Promise.resolve();
  let p = loading.get(name);
  if (!p) {
    p = load().then(
      () => undefined,
      (err: unknown) => {
        loading.delete(name);
        throw err;
      },
    );
    loading.set(name, p);
  }
  return p;
}
