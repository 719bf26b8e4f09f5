/**
 * The sync driver, with a scripted sync engine, on fake-indexeddb: status persisted and broadcast,
 * one run at a time, a stale "running" left by a killed worker is not reported as syncing, the
 * start trigger only fires when overdue, and ERASE_ALL's exclusive section stops a running sync.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SyncOptions, SyncResult, runSync } from '../../src/core/sync/run-sync.ts';
import { IdbSyncStore, closeDb, getDb, updateStatus } from '../../src/shared/db/index.ts';
import { isBroadcast, isSyncStatus, type Broadcast } from '../../src/shared/protocol.ts';
import { SyncDriver } from '../../src/sw/sync-driver.ts';
import { leaseLock, type SyncLock } from '../../src/sw/sync-lock.ts';
import { freshSite } from '../db/fixtures.ts';

/** An in-process lock (what Web Locks gives within one worker). */
function memoryLock(): SyncLock & { holders: number } {
  let held = false;
  const waiters: (() => void)[] = [];
  const lock = {
    holders: 0,
    async tryRun<T>(fn: () => Promise<T>) {
      if (held) return { ran: false as const };
      held = true;
      try {
        return { ran: true as const, value: await fn() };
      } finally {
        held = false;
        waiters.shift()?.();
      }
    },
    async run<T>(fn: () => Promise<T>): Promise<T> {
      while (held) await new Promise<void>((r) => waiters.push(r));
      held = true;
      try {
        return await fn();
      } finally {
        held = false;
        waiters.shift()?.();
      }
    },
    async isHeld() {
      return held;
    },
  };
  return lock;
}

const ok = (over: Partial<SyncResult> = {}): SyncResult => ({ outcome: 'updated', mirror: 'http://127.0.0.1:1/', added: 2, removed: 0, bytes: 100, requests: 3, errors: [], publishedAt: 1_000, freshUntil: 9_000_000_000_000, ...over });

function setup(engine: (opts: SyncOptions) => Promise<SyncResult>, lock: SyncLock = memoryLock(), online?: () => boolean) {
  const site = freshSite('drv');
  const sent: Broadcast[] = [];
  let clock = 1_700_000_000_000;
  const calls: SyncOptions[] = [];
  const run = (async (_store: unknown, _config: unknown, opts: SyncOptions = {}) => {
    calls.push(opts);
    return engine(opts);
  }) as unknown as typeof runSync;
  const driver = new SyncDriver({
    config: { shippedRoot: new Uint8Array(), bootstrapMirrors: ['http://127.0.0.1:1/'] },
    db: () => getDb(site),
    store: new IdbSyncStore(site),
    lock,
    runSync: run,
    broadcast: async (m) => void sent.push(m),
    now: () => clock,
    progressIntervalMs: 0,
    ...(online ? { online } : {}),
  });
  return { site, driver, sent, calls, tick: (ms: number) => (clock += ms), now: () => clock };
}

describe('SyncDriver', () => {
  it('persists and broadcasts the outcome, progress included', async () => {
    const { site, driver, sent } = setup(async (o) => {
      o.onProgress?.({ phase: 'packs', articlesDone: 1, articlesTotal: 2, bytes: 50 });
      return ok();
    });
    const s = await driver.sync('test');
    expect(s).toMatchObject({ state: 'idle', lastOutcome: 'updated', lastSuccessMirror: 'http://127.0.0.1:1/', publishedAt: 1_000, articleCount: 0, lastRun: { bytes: 100, requests: 3, added: 2, removed: 0 } });
    expect(sent.every(isBroadcast)).toBe(true);
    expect(sent.some((m) => m.type === 'STATUS_CHANGED' && m.payload.state === 'syncing' && m.payload.progress?.articlesDone === 1)).toBe(true);
    expect(sent.at(-1)).toEqual({ type: 'ARTICLES_CHANGED', payload: { added: 2, removed: 0 } });
    // A new driver (the worker restarted) sees the same status.
    await closeDb(site);
    const again = await setup(async () => ok()).driver.status();
    expect(isSyncStatus(again)).toBe(true);
    expect((await driver.status()).lastOutcome).toBe('updated');
  });

  it('counts withdrawn articles (a rebase after a key change) as removed, so the pages refresh their lists', async () => {
    const { driver, sent } = setup(async () => ok({ added: 0, removed: 1, withdrawn: 2, errors: [{ code: 'WITHDRAWN', message: '2 stored article(s) …' }] }));
    const s = await driver.sync('test');
    expect(s.lastRun).toMatchObject({ added: 0, removed: 3 });
    expect(sent.at(-1)).toEqual({ type: 'ARTICLES_CHANGED', payload: { added: 0, removed: 3 } });
  });

  it('never counts the store while a run writes: the count is the one at the start plus the new articles', async () => {
    const site = freshSite('drv-count');
    const sent: Broadcast[] = [];
    let counts = 0;
    const db = async () => {
      const real = await getDb(site);
      // Count every countFromIndex (what countArticles uses) made through the driver's handle.
      return new Proxy(real, {
        get(target, prop, receiver) {
          if (prop === 'countFromIndex') counts++;
          const v = Reflect.get(target, prop, receiver) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    };
    const seen: number[] = [];
    let clock = 1_700_000_000_000;
    const run = (async (_s: unknown, _c: unknown, o: SyncOptions = {}) => {
      const before = counts;
      for (let i = 1; i <= 3; i++) {
        clock += 2_000; // seconds apart: no throttle would hide a count
        o.onProgress?.({ phase: 'packs', articlesDone: 2 * i, articlesTotal: 6, articlesNew: i, bytes: 10 * i });
      }
      await new Promise((r) => setTimeout(r, 5));
      seen.push(counts - before);
      return ok({ added: 3 });
    }) as unknown as typeof runSync;
    const driver = new SyncDriver({ config: { shippedRoot: new Uint8Array(), bootstrapMirrors: [] }, db, store: new IdbSyncStore(site), lock: memoryLock(), runSync: run, broadcast: async (m) => void sent.push(m), now: () => clock, progressIntervalMs: 0 });
    await driver.sync('test');
    expect(seen).toEqual([0]);
    const during = sent.flatMap((m) => (m.type === 'STATUS_CHANGED' && m.payload.state === 'syncing' ? [m.payload.articleCount] : []));
    expect(during.at(-1)).toBe(3); // 0 at the start, plus 3 new
  });

  it('keeps the last success when a later attempt fails, and tells why', async () => {
    let fail = false;
    const { driver, tick } = setup(async () => (fail ? ok({ outcome: 'failed', added: 0, mirror: undefined, errors: [{ mirror: 'http://127.0.0.1:1/', code: 'TIMEOUT', message: 'mirror not responding' }] }) : ok()));
    const first = await driver.sync('test');
    fail = true;
    tick(60_000);
    const second = await driver.sync('test');
    expect(second.lastOutcome).toBe('failed');
    expect(second.lastSuccessAt).toBe(first.lastSuccessAt);
    expect(second.lastAttemptAt).toBeGreaterThan(first.lastAttemptAt!);
    expect(second.lastErrors).toEqual([{ mirror: 'http://127.0.0.1:1/', code: 'TIMEOUT', message: 'mirror not responding' }]);
  });

  it('reports an engine that throws as a failed attempt, not a crash', async () => {
    const { driver } = setup(async () => {
      throw new Error('boom');
    });
    expect(await driver.sync('test')).toMatchObject({ state: 'idle', lastOutcome: 'failed', lastErrors: [{ code: 'INTERNAL', message: 'boom' }] });
  });

  it('runs one sync at a time: concurrent triggers share the run', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { driver, calls } = setup(async () => {
      await gate;
      return ok();
    });
    const a = driver.sync('test');
    const b = driver.sync('message');
    expect((await driver.status()).state).toBe('syncing');
    release();
    expect(await a).toEqual(await b);
    expect(calls).toHaveLength(1);
  });

  it('does not start while another worker holds the lock, and reports "syncing"', async () => {
    const lock = memoryLock();
    let release!: () => void;
    void lock.run(() => new Promise<void>((r) => (release = r)));
    const { driver, calls } = setup(async () => ok(), lock);
    const s = await driver.sync('test');
    expect(calls).toHaveLength(0);
    expect(s.state).toBe('syncing');
    release();
  });

  it('does not believe a "running" record left by a killed worker', async () => {
    const { site, driver } = setup(async () => ok());
    await updateStatus(await getDb(site), (s) => ({ ...s, running: { since: 1, heartbeat: 1, trigger: 'start', phase: 'packs' } }));
    const s = await driver.status();
    expect(s.state).toBe('idle');
    expect(s.phase).toBeUndefined();
  });

  it('starts no run while the device is offline, so no mirror is blamed for it', async () => {
    let online = false;
    const { driver, calls, sent } = setup(async () => ok(), memoryLock(), () => online);
    const s = await driver.sync('message');
    expect(calls).toHaveLength(0);
    expect(s.lastAttemptAt).toBeUndefined();
    expect(await driver.syncIfOverdue('start')).toMatchObject({ state: 'idle' });
    expect(calls).toHaveLength(0);
    expect(sent).toEqual([]);
    online = true;
    expect((await driver.sync('message')).lastOutcome).toBe('updated');
    expect(calls).toHaveLength(1);
  });

  it('syncs on worker start only when overdue', async () => {
    const { driver, calls, tick } = setup(async () => ok());
    expect(await driver.syncIfOverdue('start')).toBeDefined(); // never attempted
    expect(await driver.syncIfOverdue('start')).toBeUndefined(); // just done
    tick(11 * 60_000);
    expect(await driver.syncIfOverdue('start')).toBeDefined();
    expect(calls).toHaveLength(2);
  });

  it('exclusive() aborts the running sync and waits for it before running', async () => {
    const order: string[] = [];
    const { driver } = setup(
      (o) =>
        new Promise<SyncResult>((resolve) => {
          o.signal?.addEventListener('abort', () => {
            order.push('aborted');
            resolve(ok({ outcome: 'failed', added: 0, errors: [{ code: 'ABORTED', message: 'cancelled' }] }));
          });
        }),
    );
    const running = driver.sync('test');
    await new Promise((r) => setTimeout(r, 10));
    await driver.exclusive(async () => void order.push('exclusive'));
    expect(order).toEqual(['aborted', 'exclusive']);
    expect((await running).lastOutcome).toBe('failed');
  });

  it('passes one reference time to the engine per run', async () => {
    const { driver, calls, now } = setup(async () => ok());
    await driver.sync('test');
    expect(calls[0]?.now).toBe(now());
  });
});

describe('leaseLock (no Web Locks)', () => {
  it('excludes a second owner until the first releases or its lease lapses', async () => {
    const site = freshSite('lease');
    let clock = 1_000_000;
    const a = leaseLock(() => getDb(site), 'a', () => clock);
    const b = leaseLock(() => getDb(site), 'b', () => clock);
    let inner: unknown;
    await a.tryRun(async () => {
      inner = await b.tryRun(async () => 'b ran');
      expect(await b.isHeld()).toBe(true);
    });
    expect(inner).toEqual({ ran: false });
    expect(await b.tryRun(async () => 'b ran')).toEqual({ ran: true, value: 'b ran' });
    // A holder killed mid-run: its lease lapses after the TTL and another owner takes over.
    const db = await getDb(site);
    await db.put('status', { kind: 'lease', owner: 'dead', expiresAt: clock + 60_000 }, 'lease');
    expect(await a.tryRun(async () => 1)).toEqual({ ran: false });
    clock += 60_001;
    expect(await a.tryRun(async () => 1)).toEqual({ ran: true, value: 1 });
  });
});
