/**
 * Sync status and the single-writer lease, persisted in the reader database (invariant 7: the
 * browser may stop the worker between any two lines, so nothing here lives in module globals).
 */
import type { IDBPDatabase } from 'idb';
import type { LeaseRecord, PigeonpostDB, StatusRecord } from './schema.ts';
import { writeTx } from './write-tx.ts';

const STATUS_KEY = 'sync';
const LEASE_KEY = 'lease';

/** The persisted status, or an empty one before the first sync. */
export async function loadStatus(db: IDBPDatabase<PigeonpostDB>): Promise<StatusRecord> {
  const v = await db.get('status', STATUS_KEY);
  return v?.kind === 'sync' ? v : { kind: 'sync' };
}

/** Read-modify-write the status in one transaction; returns what was stored. */
export async function updateStatus(db: IDBPDatabase<PigeonpostDB>, change: (s: StatusRecord) => StatusRecord): Promise<StatusRecord> {
  return writeTx(db, ['status'], 'the sync status', async (tx) => {
    const old = await tx.objectStore('status').get(STATUS_KEY);
    const next = { ...change(old?.kind === 'sync' ? old : { kind: 'sync' }), kind: 'sync' as const };
    await tx.objectStore('status').put(next, STATUS_KEY);
    return next;
  });
}

/**
 * Take (or renew) the lease for `owner` until `now + ttlMs`, atomically. False when another owner
 * holds an unexpired lease. Used only where the Web Locks API is missing.
 */
export async function acquireLease(db: IDBPDatabase<PigeonpostDB>, owner: string, now: number, ttlMs: number): Promise<boolean> {
  return writeTx(db, ['status'], 'the sync lease', async (tx) => {
    const cur = await tx.objectStore('status').get(LEASE_KEY);
    if (cur?.kind === 'lease' && cur.owner !== owner && cur.expiresAt > now) return false;
    const lease: LeaseRecord = { kind: 'lease', owner, expiresAt: now + ttlMs };
    await tx.objectStore('status').put(lease, LEASE_KEY);
    return true;
  });
}

/** Give the lease back if `owner` still holds it. */
export async function releaseLease(db: IDBPDatabase<PigeonpostDB>, owner: string): Promise<void> {
  await writeTx(db, ['status'], 'the sync lease', async (tx) => {
    const cur = await tx.objectStore('status').get(LEASE_KEY);
    if (cur?.kind === 'lease' && cur.owner === owner) await tx.objectStore('status').delete(LEASE_KEY);
  });
}

/** True when some owner holds an unexpired lease at `now`. */
export async function leaseHeld(db: IDBPDatabase<PigeonpostDB>, now: number): Promise<boolean> {
  const cur = await db.get('status', LEASE_KEY);
  return cur?.kind === 'lease' && cur.expiresAt > now;
}
