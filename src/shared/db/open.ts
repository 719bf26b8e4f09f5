/**
 * Opening the reader database: a lazy, cached connection per site and the upgrade path.
 *
 * Upgrades cascade (`if (oldVersion < N)`) and only ever ADD stores, indexes or derived fields:
 * reader data (articles, images, trust state, reading positions) is never deleted by an upgrade.
 * A connection closes itself when a newer version wants to open (`blocking`), so a new service
 * worker can upgrade while old tabs are open; their next `getDb` opens the new version.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { PigeonError } from '../../core/errors.ts';
import { DB_VERSION, dbName, type PigeonpostDB } from './schema.ts';

type UpgradeTx = IDBPTransaction<PigeonpostDB, StoreNames<PigeonpostDB>[], 'versionchange'>;

/** One schema step: upgrades a database at version `index` to `index + 1`. */
export type UpgradeStep = (db: IDBPDatabase<PigeonpostDB>, tx: UpgradeTx) => void;

/** The schema history. Entry i takes version i to version i+1; append, never edit or remove. */
export const UPGRADES: readonly UpgradeStep[] = [
  // v1: the initial schema.
  (db) => {
    const articles = db.createObjectStore('articles', { keyPath: 'id' });
    articles.createIndex('by-published', ['publishedMs', 'id']);
    articles.createIndex('by-section', ['section', 'publishedMs', 'id']);
    articles.createIndex('by-image', 'imageShas', { multiEntry: true });
    articles.createIndex('by-rev', 'rev');
    db.createObjectStore('images', { keyPath: 'sha256' });
    db.createObjectStore('segments', { keyPath: 'sha256' });
    db.createObjectStore('trust', { keyPath: 'site' });
    db.createObjectStore('health', { keyPath: 'url' });
    db.createObjectStore('status');
    db.createObjectStore('settings', { keyPath: 'key' });
  },
  // v2: envelope batches. Existing rows keep their own `envelope` (or `html`) and are read as before.
  (db, tx) => {
    db.createObjectStore('envelopes', { autoIncrement: true });
    tx.objectStore('articles').createIndex('by-envelopes', 'envelopeIn');
  },
  // v3: stories imported from other readers (format.md §7.4): a sparse index over `imported`.
  (_db, tx) => {
    tx.objectStore('articles').createIndex('by-imported', 'imported');
  },
];

/** Run the steps that take `oldVersion` to `newVersion` (exported for the upgrade tests). */
export function runUpgrades(db: IDBPDatabase<PigeonpostDB>, tx: UpgradeTx, oldVersion: number, newVersion: number, steps: readonly UpgradeStep[] = UPGRADES): void {
  for (let v = oldVersion; v < newVersion; v++) {
    const step = steps[v];
    if (!step) throw new PigeonError('STORAGE', `no upgrade step from database version ${v}`);
    step(db, tx);
  }
}

const connections = new Map<string, Promise<IDBPDatabase<PigeonpostDB>>>();

/** Options for {@link openReaderDb}; tests use them to open other versions or step lists. */
export interface OpenOptions {
  readonly version?: number;
  readonly steps?: readonly UpgradeStep[];
}

/**
 * Open (uncached) the database of `site`. Prefer {@link getDb}; this is for tests and tools.
 * A database newer than this code (a downgrade) fails with STORAGE rather than being touched.
 */
export async function openReaderDb(site: string, opts: OpenOptions = {}): Promise<IDBPDatabase<PigeonpostDB>> {
  const name = dbName(site);
  const version = opts.version ?? DB_VERSION;
  const steps = opts.steps ?? UPGRADES;
  try {
    return await openDB<PigeonpostDB>(name, version, {
      upgrade(db, oldVersion, newVersion, tx) {
        runUpgrades(db, tx, oldVersion, newVersion ?? version, steps);
      },
      blocking(_current, _blocked, event) {
        // A newer schema (or ERASE_ALL's deleteDatabase) waits for us: get out of its way.
        (event.target as IDBDatabase).close();
        connections.delete(name);
      },
      terminated() {
        connections.delete(name);
      },
    });
  } catch (e) {
    if (e instanceof PigeonError) throw e;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new PigeonError('STORAGE', `cannot open the local database (${what})`.slice(0, 300));
  }
}

/** The shared connection to the database of `site`, opened on first use. */
export function getDb(site: string): Promise<IDBPDatabase<PigeonpostDB>> {
  const name = dbName(site);
  let p = connections.get(name);
  if (!p) {
    p = openReaderDb(site);
    connections.set(name, p);
    // A failed open must not stick: the next call tries again.
    p.catch(() => connections.delete(name));
  }
  return p;
}

/** Close and forget the cached connection of `site` (before deleting the database, in tests). */
export async function closeDb(site: string): Promise<void> {
  const name = dbName(site);
  const p = connections.get(name);
  connections.delete(name);
  if (p) (await p.catch(() => undefined))?.close();
}
