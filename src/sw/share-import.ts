/**
 * The worker's side of receiving stories (format.md §7.4, §9): IMPORT_SHARE runs the import
 * pipeline here, off the page's main thread (verification, then one IndexedDB transaction), and
 * SYNC_FROM_FILE turns a mirror file or folder into a one-off mirror for the sync driver.
 */
import type { IDBPDatabase } from 'idb';
import { isPigeonError, PigeonError } from '../core/errors.ts';
import { importShare, type ImportReport } from '../core/share/import.ts';
import { fileMirrorUrl, treeFetch, treeFromEntries, treeFromZip } from '../core/sync/file-mirror.ts';
import type { SyncConfig } from '../core/sync/run-sync.ts';
import { IdbImportStore } from '../shared/db/import-store.ts';
import type { PigeonpostDB } from '../shared/db/schema.ts';
import type { Broadcast, FilePayload, MirrorFilePayload, SyncStatus } from '../shared/protocol.ts';
import type { OneOffMirror } from './sync-driver.ts';

/** What the handlers need. */
export interface ShareImportDeps {
  readonly site: string;
  readonly config: SyncConfig;
  readonly db: () => Promise<IDBPDatabase<PigeonpostDB>>;
  readonly broadcast: (m: Broadcast) => Promise<void>;
  readonly status: () => Promise<SyncStatus>;
  readonly syncFrom: (source: OneOffMirror) => Promise<SyncStatus>;
  readonly now?: () => number;
}

/** IMPORT_SHARE: verify and store; tell every page when the library changed. */
export function importHandler(deps: ShareImportDeps): (p: FilePayload) => Promise<ImportReport> {
  const store = new IdbImportStore(deps.site, deps.db);
  return async (p) => {
    const report = await importShare(new Uint8Array(p.bytes), store, { shippedRoot: deps.config.shippedRoot, now: (deps.now ?? Date.now)() });
    const added = report.stories.filter((s) => s.status === 'added' || s.status === 'replaced').length;
    if (added > 0) {
      await deps.broadcast({ type: 'ARTICLES_CHANGED', payload: { added, removed: 0 } }).catch(() => undefined);
      await deps.broadcast({ type: 'STATUS_CHANGED', payload: await deps.status() }).catch(() => undefined);
    }
    return report;
  };
}

/** SYNC_FROM_FILE: the file's tree as a one-off mirror (throws a PigeonError for a file that is none). */
export function fileSyncHandler(deps: ShareImportDeps): (p: MirrorFilePayload) => Promise<SyncStatus> {
  return async (p) => {
    let tree: Map<string, Uint8Array>;
    try {
      tree = 'zip' in p ? await treeFromZip(new Uint8Array(p.zip)) : treeFromEntries(p.files.map((f) => [f.path, new Uint8Array(f.bytes)] as const));
    } catch (e) {
      if (isPigeonError(e)) throw e;
      throw new PigeonError('MALFORMED', `the mirror file cannot be read (${e instanceof Error ? e.message : String(e)})`);
    }
    const url = fileMirrorUrl(p.name);
    return deps.syncFrom({ url, fetchImpl: treeFetch(tree, url) });
  };
}
