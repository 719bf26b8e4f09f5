/**
 * The one way this module writes: a single readwrite transaction that either commits whole or is
 * aborted, with storage failures turned into a STORAGE (or, for a full disk, STORAGE_FULL)
 * PigeonError the reader can understand.
 *
 * Why the explicit abort: a transaction whose callback throws a plain JavaScript error (not a
 * failed request) would otherwise auto-commit the requests already made, leaving half a write.
 * Why no other awaits: IndexedDB commits a transaction as soon as it has no pending request
 * (adversarial checklist item 43), so `body` may await only requests of `tx` itself.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { PigeonError, isPigeonError } from '../../core/errors.ts';
import type { PigeonpostDB } from './schema.ts';

type Stores = StoreNames<PigeonpostDB>;

/** True for the browser's "out of storage" errors (QuotaExceededError, and Firefox's old name). */
export function isQuotaError(e: unknown): boolean {
  const name = typeof e === 'object' && e !== null && 'name' in e ? (e as { name: unknown }).name : undefined;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** Map any failure of a write to a PigeonError (PigeonErrors pass through unchanged). */
export function toStorageError(e: unknown, what: string): PigeonError {
  if (isPigeonError(e)) return e;
  if (isQuotaError(e)) {
    return new PigeonError('STORAGE_FULL', `storage full: the device refused to store ${what}; nothing was changed. Free some space and sync again.`, { quota: true });
  }
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new PigeonError('STORAGE', `the local database refused to store ${what} (${detail}); nothing was changed`.slice(0, 400));
}

/**
 * Run `body` in one readwrite transaction over `stores` and wait for the commit.
 * On any failure the transaction is aborted, so the previous state stays whole, and the error is
 * rethrown as a PigeonError (STORAGE for storage faults, STORAGE_FULL for quota).
 */
export async function writeTx<S extends Stores[], T>(
  db: IDBPDatabase<PigeonpostDB>,
  stores: S,
  what: string,
  body: (tx: IDBPTransaction<PigeonpostDB, S, 'readwrite'>) => Promise<T>,
  options?: IDBTransactionOptions,
): Promise<T> {
  let tx: IDBPTransaction<PigeonpostDB, S, 'readwrite'>;
  try {
    tx = options ? db.transaction(stores, 'readwrite', options) : db.transaction(stores, 'readwrite');
  } catch (e) {
    throw toStorageError(e, what);
  }
  // tx.done rejects when we abort; observe it so it never becomes an unhandled rejection.
  const done = tx.done.then(
    () => undefined,
    (e: unknown) => e ?? new DOMException('transaction aborted', 'AbortError'),
  );
  try {
    const result = await body(tx);
    const failure = await done;
    if (failure !== undefined) throw failure;
    return result;
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already committed or aborted: nothing left to undo.
    }
    // Prefer the transaction's own error (QuotaExceededError surfaces there, at commit time).
    const txError = tx.error;
    throw toStorageError(isQuotaError(txError) ? txError : e, what);
  }
}

/**
 * The result of a raw request of a running transaction. Rejects (observed: see {@link observed})
 * when the request fails, which also aborts the transaction.
 */
export function requestResult<T>(r: IDBRequest<T>): Promise<T> {
  return observed(
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new DOMException('request failed', 'UnknownError'));
    }),
  );
}

/**
 * Mark a request's promise as observed and return it unchanged. When a transaction aborts, every
 * request made so far rejects; those not yet awaited would surface as unhandled rejections.
 */
export function observed<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
