/**
 * One sync at a time per site, across worker instances (an old and a new worker during an update)
 * and across restarts: the Web Locks API where the browser has it, otherwise a lease record in
 * IndexedDB with an expiry, so a worker killed while holding it cannot block syncing for ever
 * (adversarial checklist item 44).
 */
import type { IDBPDatabase } from 'idb';
import { acquireLease, leaseHeld, releaseLease } from '../shared/db/status-store.ts';
import type { PigeonpostDB } from '../shared/db/schema.ts';

/** A named mutual-exclusion lock. */
export interface SyncLock {
  /** Run `fn` if nobody holds the lock; `{ ran: false }` at once otherwise. */
  tryRun<T>(fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /** Wait for the lock, then run `fn`. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether some holder (in any worker instance) has the lock now. */
  isHeld(): Promise<boolean>;
}

/** The Web Locks implementation (Chromium 69+, Firefox 96+, Safari 15.4+; workers included). */
export function webLock(locks: LockManager, name: string): SyncLock {
  return {
    async tryRun(fn) {
      return locks.request(name, { ifAvailable: true }, async (lock) => (lock ? { ran: true as const, value: await fn() } : { ran: false as const }));
    },
    async run<T>(fn: () => Promise<T>): Promise<T> {
      return (await locks.request(name, () => fn())) as T;
    },
    async isHeld() {
      const snapshot = await locks.query();
      return (snapshot.held ?? []).some((l) => l.name === name);
    },
  };
}

/** Lease timing (ms). The holder renews every TTL/3; a dead holder's lease lapses after TTL. */
export const LEASE_TTL_MS = 60_000;
const WAIT_POLL_MS = 500;

/** The IndexedDB lease implementation, for browsers without Web Locks. */
export function leaseLock(db: () => Promise<IDBPDatabase<PigeonpostDB>>, owner: string, now: () => number = Date.now): SyncLock {
  const holding = async <T>(fn: () => Promise<T>): Promise<T> => {
    const timer = setInterval(() => {
      void db()
        .then((d) => acquireLease(d, owner, now(), LEASE_TTL_MS))
        .catch(() => undefined);
    }, LEASE_TTL_MS / 3);
    try {
      return await fn();
    } finally {
      clearInterval(timer);
      await releaseLease(await db(), owner).catch(() => undefined);
    }
  };
  return {
    async tryRun(fn) {
      if (!(await acquireLease(await db(), owner, now(), LEASE_TTL_MS))) return { ran: false };
      return { ran: true, value: await holding(fn) };
    },
    async run(fn) {
      while (!(await acquireLease(await db(), owner, now(), LEASE_TTL_MS))) await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
      return holding(fn);
    },
    async isHeld() {
      return leaseHeld(await db(), now());
    },
  };
}
