/**
 * The sync engine (format.md §5): bring the local store up to the freshest verified state any
 * mirror offers. Pure TypeScript: the service worker drives it with an IndexedDB store, tests with a
 * memory store. Invariants (architecture.md): nothing unverified is stored; a failed run leaves the
 * previous state whole; trust state moves forward only with the data it vouches for.
 */
import { PigeonError, isPigeonError } from '../errors.ts';
import { DEFAULT_LIMITS, type NetLimits } from '../net/limits.ts';
import { objectPath } from '../format/common.ts';
import { decodeIndexSegment, type IndexEntry, type IndexSegment } from '../format/index-segment.ts';
import { parseUtc } from '../format/time.ts';
import { verifyAnchor, publishKeysChanged, type TrustedRoot } from '../trust/root-chain.ts';
import { openObject } from '../trust/object.ts';
import { verifyManifest } from '../trust/manifest.ts';
import { buildIndexView, checkAgainstStored, plannedPacks, unvouchedArticles } from '../trust/index-view.ts';
import { currentMirrors } from './mirrors.ts';
import { SyncSession } from './session.ts';
import { freshestTimestamp } from './fresh-timestamp.ts';
import { fetchPacks } from './fetch-packs.ts';
import type { SyncStore, TrustRecord } from './store.ts';

/** Build-time configuration of the reader app. */
export interface SyncConfig {
  /** The trust anchor shipped with the app (root envelope bytes). */
  readonly shippedRoot: Uint8Array;
  /** Mirrors to try before the first signed mirror list is stored. */
  readonly bootstrapMirrors: readonly string[];
}

/** Progress of a running sync. */
export interface SyncProgress {
  readonly phase: 'timestamp' | 'root' | 'manifest' | 'index' | 'packs' | 'commit';
  readonly articlesDone: number;
  readonly articlesTotal: number;
  /**
   * Of `articlesDone`, those whose id was not stored before this run (the rest replaced a lower
   * revision): the stored article count grew by this much, so a driver can show it without
   * counting the store while the packs are being written.
   */
  readonly articlesNew?: number;
  readonly bytes: number;
  readonly mirror?: string;
}

/** What a sync run did. */
export interface SyncResult {
  readonly outcome: 'updated' | 'unchanged' | 'failed';
  readonly mirror?: string;
  readonly manifestVersion?: number;
  readonly added: number;
  readonly removed: number;
  readonly bytes: number;
  readonly requests: number;
  readonly errors: readonly { readonly mirror?: string; readonly code: string; readonly message: string }[];
  /**
   * Stored articles withdrawn because the index signed under new publish keys no longer vouches for
   * them (format.md §4.2); those it lists were downloaded again at their current revision.
   */
  readonly withdrawn?: number;
  /** Signed publication time of the stored manifest (epoch ms). */
  readonly publishedAt?: number;
  /** Until when the stored data counts as fresh: the stored timestamp's signed expiry (epoch ms). */
  readonly freshUntil?: number;
}

/** Options of one run. */
export interface SyncOptions {
  /** Reference time (epoch ms) for every expiry check of this run (format.md §5). */
  readonly now?: number;
  readonly fetchImpl?: typeof fetch;
  readonly signal?: AbortSignal;
  readonly limits?: Partial<NetLimits>;
  readonly onProgress?: (p: SyncProgress) => void;
  /**
   * Mirrors to read instead of the current list: a mirror in a file (file-mirror.ts) is read this
   * way, under exactly the same rules. Its health is not the list's: it is neither read nor kept.
   */
  readonly mirrors?: readonly string[];
  /**
   * Index entries not to download (the reader's retention setting: retention.ts
   * `skippedByRetention`). Only entries the store lacks are asked about; a skipped entry is
   * neither downloaded nor counted, and is no error.
   */
  readonly skip?: (e: IndexEntry, storedRev: number | undefined) => boolean;
}

function errorList(e: unknown): { mirror?: string; code: string; message: string }[] {
  if (isPigeonError(e, 'ALL_MIRRORS_FAILED') && Array.isArray(e.detail?.['errors'])) {
    return (e.detail['errors'] as { mirror: string; code: string; message: string }[]).map((x) => ({ mirror: x.mirror, code: x.code, message: x.message }));
  }
  if (e instanceof PigeonError) return [{ code: e.code, message: e.message }];
  return [{ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) }];
}

function freshness(trust: TrustRecord | undefined): { publishedAt?: number; freshUntil?: number } {
  const out: { publishedAt?: number; freshUntil?: number } = {};
  if (trust?.manifest) out.publishedAt = parseUtc(trust.manifest.published, 'published');
  if (trust?.timestamp) out.freshUntil = parseUtc(trust.timestamp.expires, 'expires');
  return out;
}

async function trustedRootOf(trust: TrustRecord | undefined, shipped: Uint8Array): Promise<TrustedRoot> {
  const anchor = await verifyAnchor(shipped);
  if (!trust || trust.rootVersion < anchor.root.version) return anchor;
  // The stored root was verified through the chain when it was stored; re-check its self-signature.
  const stored = await verifyAnchor(trust.rootBytes);
  if (stored.root.site.id !== anchor.root.site.id) throw new PigeonError('WRONG_SITE', 'stored trust state belongs to another site');
  return stored;
}

/** `store` with mirror health left alone (for sources outside the mirror list). */
function withoutHealth(store: SyncStore): SyncStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'loadHealth') return async () => [];
      if (key === 'saveHealth') return async () => undefined;
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Run one sync. Never throws for expected failures: they are reported in the result. */
export async function runSync(store: SyncStore, config: SyncConfig, opts: SyncOptions = {}): Promise<SyncResult> {
  const now = opts.now ?? Date.now();
  const limits: NetLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  let trust = await store.loadTrust();
  const mirrors = opts.mirrors ? [...opts.mirrors] : currentMirrors(trust, config);
  if (opts.mirrors) store = withoutHealth(store);
  const session = new SyncSession({ now, limits, ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}), ...(opts.signal ? { signal: opts.signal } : {}) }, await store.loadHealth(), mirrors);
  let articlesDone = 0;
  let articlesNew = 0;
  let articlesTotal = 0;
  let phase: SyncProgress['phase'] = 'timestamp';
  let mirror: string | undefined;
  const progress = (): void => opts.onProgress?.({ phase, articlesDone, articlesTotal, articlesNew, bytes: session.bytes, ...(mirror ? { mirror } : {}) });
  session.onBytes = progress;
  const result = (outcome: SyncResult['outcome'], extra: Partial<SyncResult>): SyncResult => ({
    outcome,
    added: 0,
    removed: 0,
    bytes: session.bytes,
    requests: session.requests,
    errors: [],
    ...freshness(trust),
    ...extra,
  });

  /**
   * Mirror health is advice for the next run's order, not trust state: a refused write (a full
   * disk) must not turn a committed sync into a failure or hide the real failure's reason, so it
   * is reported after the other errors and never thrown.
   */
  const saveHealth = (): Promise<ReturnType<typeof errorList>> =>
    store.saveHealth(session.healthRecords()).then(
      () => [],
      (e: unknown) => errorList(e),
    );

  try {
    const root = await trustedRootOf(trust, config.shippedRoot);
    const site = root.root.site.id;
    trust ??= { site, rootVersion: root.root.version, rootBytes: root.bytes };
    progress();

    // Step 1 (+ §4.2 root chain): the freshest valid timestamp; each root step is persisted at once.
    const fresh = await freshestTimestamp(session, root, trust.timestamp, async (r) => {
      phase = 'root';
      const base: TrustRecord = trust!;
      const resetFloors = publishKeysChanged((await verifyAnchor(base.rootBytes)).root, r.root);
      trust = {
        site,
        rootVersion: r.root.version,
        rootBytes: r.bytes,
        chain: [...(base.chain ?? []), r.bytes],
        // format.md §4.2: a rotated publish key clears the version floors it signed (fast-forward
        // recovery), and every stored article must be vouched for again by the next manifest.
        ...(resetFloors || !base.timestamp ? {} : { timestamp: base.timestamp }),
        ...(base.manifest ? { manifest: resetFloors ? { ...base.manifest, version: 0 } : base.manifest } : {}),
        ...((resetFloors && base.manifest) || base.rebase ? { rebase: true as const } : {}),
      };
      await store.saveTrust(trust);
    });
    const ts = fresh.best.value.timestamp;
    mirror = fresh.best.mirror;
    const errors = fresh.anomalies.map((message) => ({ code: 'ANOMALY', message }));
    const newTimestamp = { version: ts.version, expires: ts.expires, bytes: fresh.best.value.bytes };

    // Step 2: unchanged manifest → only the fresher timestamp is stored.
    // 5.2: an equal version means nothing changed, whatever it pins; if its bytes differ from the
    // stored timestamp (an anomaly, reported above), the stored one is kept.
    const storedManifest = trust.manifest;
    const sameVersion = fresh.best.value.status === 'same';
    // A rebase always goes through the manifest: the stored articles must be vouched for again.
    if (storedManifest && !trust.rebase && (sameVersion || storedManifest.sha256 === ts.manifest.sha256)) {
      const timestamp = sameVersion && trust.timestamp ? trust.timestamp : newTimestamp;
      trust = { ...trust, rootVersion: fresh.root.root.version, rootBytes: fresh.root.bytes, timestamp };
      await store.saveTrust(trust);
      await saveHealth();
      return result('unchanged', { mirror: fresh.best.mirror, manifestVersion: storedManifest.version, errors });
    }
    phase = 'manifest';
    progress();
    const rootNow = fresh.root.root;
    const storedManifestVersion = trust.manifest?.version;
    const { manifest, manifestBytes } = (
      await session.fromAny(objectPath(ts.manifest.sha256), { maxBytes: ts.manifest.length, expectedLength: ts.manifest.length }, async (b) => {
        const opened = await openObject(b, ts.manifest, 'manifest');
        const m = await verifyManifest(rootNow, opened, {
          now,
          pinnedVersion: ts.manifest.version,
          ...(storedManifestVersion === undefined ? {} : { storedVersion: storedManifestVersion }),
        });
        return { manifest: m, manifestBytes: opened };
      })
    ).value;

    // The signed list is trusted from here on: its mirrors and IPFS gateways serve this run too.
    // (A mirror file is synced on its own: its signed list is for the mirrors, not this run.)
    if (!opts.mirrors) session.adoptMirrors(manifest.mirrors);

    // Step 3: index segments (stored ones are reused; new ones verified against their pins).
    phase = 'index';
    progress();
    // The stored revisions are read while the segments download (nothing else writes meanwhile:
    // one run at a time).
    const revisionsRead = store.articleRevisions();
    revisionsRead.catch(() => undefined); // awaited below; observed here in case a segment fails first
    const segments: IndexSegment[] = [];
    const newSegments: { sha256: string; bytes: Uint8Array }[] = [];
    for (const pin of manifest.segments) {
      session.checkAborted();
      const cached = await store.getSegment(pin.sha256);
      if (cached) {
        segments.push(decodeIndexSegment(cached, 'index segment', { pinned: true })); // verified when stored
        continue;
      }
      const got = await session.fromAny(objectPath(pin.sha256), { maxBytes: pin.length, expectedLength: pin.length }, async (b) => {
        const bytes = await openObject(b, pin, 'index segment');
        return { bytes, segment: decodeIndexSegment(bytes, 'index segment', { pinned: true }) };
      }, { gateways: true });
      segments.push(got.value.segment);
      newSegments.push({ sha256: pin.sha256, bytes: got.value.bytes });
    }
    const view = buildIndexView(segments, site);
    let revisions = await revisionsRead;
    // Rebase (format.md §4.2): articles stored under the previous publish keys stay only if this
    // index lists them at the same revision with the same envelope hash; the rest are withdrawn now
    // (one transaction) and, when listed, downloaded again at their current revision below.
    let withdrawn = 0;
    if (trust.rebase) {
      const unvouched = unvouchedArticles(view, await store.articlePins());
      if (unvouched.length > 0) {
        await store.withdrawArticles(unvouched);
        withdrawn = unvouched.length;
        const gone = new Set(unvouched);
        revisions = new Map([...revisions].filter(([id]) => !gone.has(id)));
        errors.push({
          code: 'WITHDRAWN',
          message: `${withdrawn} stored article(s) from before the publisher's key change are not in its current index as stored; they were removed and any the index still lists are downloaded again`,
        });
      }
    }
    const toRemove = checkAgainstStored(view, revisions);

    // Step 4: packs holding articles we lack, each committed in its own transaction.
    phase = 'packs';
    const plan = plannedPacks(view, revisions, opts.skip);
    articlesTotal = [...plan.values()].reduce((n, l) => n + l.length, 0);
    progress();
    const packErrors = await fetchPacks(session, store, view, plan, site, (stored) => {
      articlesDone += stored.length;
      for (const id of stored) if (!revisions.has(id)) articlesNew++;
      progress();
    });
    if (packErrors.length > 0) {
      const healthError = await saveHealth();
      return result('failed', { mirror: fresh.best.mirror, added: articlesDone, ...(withdrawn ? { withdrawn } : {}), errors: [...errors, ...packErrors, ...healthError] });
    }

    // Step 5: the new trust state, segments and signed removals in one transaction.
    phase = 'commit';
    progress();
    const next: TrustRecord = {
      site,
      rootVersion: fresh.root.root.version,
      rootBytes: fresh.root.bytes,
      ...(trust.chain ? { chain: trust.chain } : {}),
      timestamp: newTimestamp,
      manifest: {
        envelope: manifestBytes,
        version: manifest.version,
        sha256: ts.manifest.sha256,
        expires: manifest.expires,
        published: manifest.published,
        mirrors: manifest.mirrors,
        segments: manifest.segments,
      },
      // An invited list stays while it is newer than what this sync stored.
      ...(trust.invited && trust.invited.version > manifest.version ? { invited: trust.invited } : {}),
    };
    // Health is no trust state: it is written beside the commit, not after it.
    const committed = store.commitManifest(next, newSegments, toRemove).then(() => {
      trust = next;
    });
    await Promise.all([committed, saveHealth()]);
    return result('updated', { mirror: fresh.best.mirror, manifestVersion: manifest.version, added: articlesDone, removed: toRemove.length, ...(withdrawn ? { withdrawn } : {}), errors });
  } catch (e) {
    const healthError = await saveHealth();
    // Packs committed before the failure stay stored (each in its own transaction): say so.
    return result('failed', { added: articlesDone, errors: [...errorList(e), ...healthError] });
  }
}
