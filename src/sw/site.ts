/**
 * The site this worker was built for (virtual:pigeonpost-site), turned into the sync engine's config.
 */
import { siteConfig } from 'virtual:pigeonpost-site';
import { fromBase64url } from '../core/encoding/bytes.ts';
import type { SyncConfig } from '../core/sync/run-sync.ts';

/** Site id: names the database (format.md §2.3). */
export const SITE_ID: string = siteConfig.id;

/** The trust anchor and bootstrap mirrors compiled into the app. */
export const SYNC_CONFIG: SyncConfig = Object.freeze({
  shippedRoot: fromBase64url(siteConfig.rootBase64url, 'shipped root'),
  bootstrapMirrors: Object.freeze([...siteConfig.mirrors]),
});
