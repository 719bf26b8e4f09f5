/**
 * Drives the sync engine from the service worker: one run at a time (sync-lock.ts), status and
 * progress persisted in IndexedDB and broadcast to every page, whatever started it (worker start,
 * activation, SYNC_NOW, Background Sync, Periodic Background Sync).
 *
 * The browser may stop the worker between any two lines (invariant 7). Everything a later
 * instance needs is in IndexedDB: the status record, mirror health, the trust state and the stored
 * packs, so a killed run simply resumes on the next trigger. The only module state is `current`, a
 * handle on a run of THIS instance so that a second trigger can wait for it instead of starting
 * another, and the AbortController ERASE_ALL uses to stop it.
 */
import type { IDBPDatabase } from 'idb';
import { isPigeonError } from '../core/errors.ts';
import type { runSync as RunSync, SyncConfig, SyncProgress, SyncResult } from '../core/sync/run-sync.ts';
import type { SyncStore } from '../core/sync/store.ts';
import type { PigeonpostDB, StatusRecord } from '../shared/db/schema.ts';
import { countArticles } from '../shared/db/reading.ts';
import { applyRetention, loadRetention } from '../shared/db/retention-store.ts';
import { skippedByRetention, type RetentionPolicy } from '../core/sync/retention.ts';
import { loadStatus, updateStatus } from '../shared/db/status-store.ts';
import type { Broadcast, SyncStatus } from '../shared/protocol.ts';
import type { SyncLock } from './sync-lock.ts';
import { afterRun, articlesRemoved, toSyncStatus } from './status.ts';

/** What started a sync (kept in the status record for diagnostics). */
export type SyncTrigger = 'start' | 'activate' | 'message' | 'background-sync' | 'periodic-sync' | 'file' | 'test';

/** A mirror outside the signed list, read once (a mirror in a file: core/sync/file-mirror.ts). */
export interface OneOffMirror {
  readonly url: string;
  readonly fetchImpl: typeof fetch;
}

/** Everything the driver needs, injected so that Node tests can drive it with fakes. */
export interface SyncDriverDeps {
  readonly config: SyncConfig;
  readonly db: () => Promise<IDBPDatabase<PigeonpostDB>>;
  readonly store: SyncStore;
  readonly lock: SyncLock;
  readonly runSync: typeof RunSync;
  readonly broadcast: (message: Broadcast) => Promise<void>;
  /** Clock (epoch ms); default Date.now. */
  readonly now?: () => number;
  readonly fetchImpl?: typeof fetch;
  /** Shortest interval between progress broadcasts (ms); default 250. */
  readonly progressIntervalMs?: number;
  /**
   * Whether the device is online (`navigator.onLine`); default always. While it is not, no run
   * starts: every mirror would fail, and the failures would count against mirrors that did
   * nothing wrong (their health ranks them for the next run).
   */
  readonly online?: () => boolean;
}

/** A sync is overdue on worker start when the last attempt is older than this (ms). */
export const START_SYNC_AFTER_MS = 10 * 60_000;
/** Progress is persisted (for pages that open mid-sync) at most this often (ms). */
const PERSIST_PROGRESS_MS = 1_000;

/** The sync driver of one site. */
export class SyncDriver {
  private readonly deps: SyncDriverDeps;
  private readonly now: () => number;
  private current: Promise<SyncStatus> | undefined;
  private controller: AbortController | undefined;
  /**
   * While this instance runs a sync: the article count at its start plus the articles the engine
   * reports as new. Counting the store during a run is not cheap: Chromium counts an index by
   * walking it and looking up every record it names, and those reads queue with the pack writes
   * (the counts cost as much browser CPU as a third of the writes themselves).
   */
  private live: { base: number; added: number } | undefined;

  constructor(deps: SyncDriverDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  /** The status as the page sees it. */
  async status(): Promise<SyncStatus> {
    const db = await this.deps.db();
    const live = this.live;
    const [rec, count, running] = await Promise.all([loadStatus(db), live ? live.base + live.added : countArticles(db), this.current ? Promise.resolve(true) : this.deps.lock.isHeld()]);
    return toSyncStatus(rec, count, running);
  }

  /**
   * Sync now. If this instance is already syncing, wait for that run; if another instance holds
   * the lock, return the current status at once. Resolves with the status after the run; never
   * rejects for sync failures (they are in the status), only if the database itself is unusable.
   * While the device is offline it starts nothing and returns the current status.
   */
  sync(trigger: SyncTrigger): Promise<SyncStatus> {
    if (this.current) return this.current;
    if (this.deps.online && !this.deps.online()) return this.status();
    const run = this.deps.lock
      .tryRun(() => this.runLocked(trigger))
      .then((r) => (r.ran ? r.value : this.status()))
      .finally(() => {
        if (this.current === run) this.current = undefined;
      });
    this.current = run;
    return run;
  }

  /** Sync when the last attempt is older than `maxAgeMs` (or there was none): the worker-start trigger. */
  async syncIfOverdue(trigger: SyncTrigger, maxAgeMs = START_SYNC_AFTER_MS): Promise<SyncStatus | undefined> {
    const rec = await loadStatus(await this.deps.db());
    if (rec.lastAttemptAt !== undefined && this.now() - rec.lastAttemptAt < maxAgeMs && this.now() >= rec.lastAttemptAt) return undefined;
    return this.sync(trigger);
  }

  /**
   * Sync from `source` instead of the mirror list, under the same lock, rules, status and
   * broadcasts as any sync; waits for a sync already running (it may have been a file too).
   */
  async syncFrom(source: OneOffMirror): Promise<SyncStatus> {
    await this.current?.catch(() => undefined);
    const run = this.deps.lock.run(() => this.runLocked('file', source)).finally(() => {
      if (this.current === run) this.current = undefined;
    });
    this.current = run;
    return run;
  }

  /**
   * Store the reader's retention `policy` and apply it at once (SET_RETENTION), holding the lock
   * so that no sync writes meanwhile (a running one is waited for). Returns how many articles
   * were removed; the pages hear of it through ARTICLES_CHANGED and STATUS_CHANGED.
   */
  async setRetention(policy: RetentionPolicy): Promise<{ dropped: number }> {
    await this.current?.catch(() => undefined);
    const db = await this.deps.db();
    const { dropped } = await this.deps.lock.run(() => applyRetention(db, this.now(), policy));
    if (dropped.length > 0) {
      await this.deps.broadcast({ type: 'ARTICLES_CHANGED', payload: { added: 0, removed: dropped.length } }).catch(() => undefined);
      await this.publish(await loadStatus(db), false).catch(() => undefined);
    }
    return { dropped: dropped.length };
  }

  /** Stop a running sync of this instance, then run `fn` holding the lock (ERASE_ALL). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.controller?.abort();
    await this.current?.catch(() => undefined);
    return this.deps.lock.run(fn);
  }

  private async runLocked(trigger: SyncTrigger, source?: OneOffMirror): Promise<SyncStatus> {
    const { deps } = this;
    const db = await deps.db();
    const startedAt = this.now();
    const controller = new AbortController();
    this.controller = controller;
    const [running, base] = await Promise.all([updateStatus(db, (s) => ({ ...s, running: { since: startedAt, heartbeat: startedAt, trigger } })), countArticles(db)]);
    let rec = running;
    const live = { base, added: 0 };
    this.live = live;
    // Told to the pages without holding up the run (progress broadcasts go the same way).
    void this.publish(rec, true).catch(() => undefined);

    let lastBroadcast = 0;
    let lastPersist = startedAt;
    let lastPhase: SyncProgress['phase'] | undefined;
    const onProgress = (p: SyncProgress): void => {
      live.added = p.articlesNew ?? 0;
      const t = this.now();
      const phaseChanged = p.phase !== lastPhase;
      lastPhase = p.phase;
      if (!phaseChanged && t - lastBroadcast < (deps.progressIntervalMs ?? 250)) return;
      lastBroadcast = t;
      const progress = { articlesDone: p.articlesDone, articlesTotal: p.articlesTotal, bytes: p.bytes };
      rec = { ...rec, running: { since: startedAt, heartbeat: t, trigger, phase: p.phase, progress } };
      void this.publish(rec, true).catch(() => undefined);
      if (phaseChanged || t - lastPersist >= PERSIST_PROGRESS_MS) {
        lastPersist = t;
        const snapshot = rec.running;
        // Only the running part: never overwrite a newer outcome with a stale copy of the record.
        void updateStatus(db, (s) => ({ ...s, ...(snapshot ? { running: snapshot } : {}) })).catch(() => undefined);
      }
    };

    let result: SyncResult;
    try {
      // The reader's retention setting: entries it would drop at once are not downloaded
      // (core/sync/retention.ts), so a dropped article does not come back as new on every run.
      const { policy, evicted } = await loadRetention(db);
      const skip = policy.kind === 'all' && evicted.size === 0 ? undefined : (e: Parameters<typeof skippedByRetention>[0], storedRev: number | undefined) => skippedByRetention(e, storedRev, policy, evicted, startedAt);
      result = await deps.runSync(deps.store, deps.config, {
        now: startedAt,
        signal: controller.signal,
        onProgress,
        ...(skip ? { skip } : {}),
        ...(source ? { fetchImpl: source.fetchImpl, mirrors: [source.url] } : deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
      });
    } catch (e) {
      // runSync reports expected failures in its result; anything thrown is a bug or a dead database.
      result = { outcome: 'failed', added: 0, removed: 0, bytes: 0, requests: 0, errors: [{ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) }] };
    } finally {
      if (this.controller === controller) this.controller = undefined;
      if (this.live === live) this.live = undefined;
    }

    // Then the setting itself, after every run (a failed one too: it frees space for the next).
    // A failure here is no sync failure: the next run applies it again.
    const dropped = await applyRetention(db, this.now())
      .then((r) => r.dropped.length)
      .catch(() => 0);

    const endedAt = this.now();
    try {
      rec = await updateStatus(db, (s) => afterRun(s, result, startedAt, endedAt));
    } catch (e) {
      // Storage refused even the status (full disk): still tell the pages what happened.
      const code = isPigeonError(e) ? e.code : 'STORAGE';
      rec = afterRun(rec, { ...result, errors: [...result.errors, { code, message: e instanceof Error ? e.message : String(e) }] }, startedAt, endedAt);
    }
    const status = await this.publish(rec, false);
    const removed = articlesRemoved(result) + dropped;
    if (result.added > 0 || removed > 0) {
      await deps.broadcast({ type: 'ARTICLES_CHANGED', payload: { added: result.added, removed } }).catch(() => undefined);
    }
    return status;
  }

  private async publish(rec: StatusRecord, running: boolean): Promise<SyncStatus> {
    // While a run writes, the count is the one kept by the run (never a read of the store).
    const live = running ? this.live : undefined;
    const count = live ? live.base + live.added : await countArticles(await this.deps.db());
    const status = toSyncStatus(rec, count, running);
    await this.deps.broadcast({ type: 'STATUS_CHANGED', payload: status }).catch(() => undefined);
    return status;
  }
}
