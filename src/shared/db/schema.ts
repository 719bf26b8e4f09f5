/**
 * The IndexedDB schema of the reader: one database per site, shared by the service worker (which
 * writes it through the sync engine) and the page (which reads it). Everything about stores, keys
 * and indexes lives here and in `open.ts`; other code uses the intention-named functions of
 * `reading.ts`, `sync-store.ts` and `status-store.ts`, never raw store names.
 */
import type { DBSchema } from 'idb';
import type { ArticleRecord, ImageRecord, TrustRecord } from '../../core/sync/store.ts';
import type { MirrorHealth } from '../../core/net/mirror-health.ts';

/** Current schema version. Bump it only together with a new step in `open.ts` UPGRADES. */
export const DB_VERSION = 3;

/** Prefix of every database this app creates (one per site id). */
export const DB_PREFIX = 'pigeonpost-';

/** The database name for a site. Site ids match `^[a-z0-9][a-z0-9-]{0,63}$` (format.md §2.3). */
export function dbName(site: string): string {
  return `${DB_PREFIX}${site}`;
}

/**
 * A stored article: the verified record (its HTML left inside the signed envelope) plus derived
 * fields the indexes need.
 * `publishedMs` orders articles (the signed `published` string carries an offset, so its text does
 * not sort); `imageShas` lets image garbage collection ask "does any article still use this?".
 *
 * Where the envelope is: rows written since schema version 2 keep it in an envelope batch (all
 * the envelopes one pack write stored, concatenated: one large value instead of a hundred, which
 * costs IndexedDB a fraction of the work) at `envelopeAt`, `envelopeLength` bytes long. Older
 * rows carry `envelope` itself (0.2) or the HTML beside it (0.1). Read them with `getArticle`.
 */
export interface StoredArticle extends Omit<ArticleRecord, 'html' | 'envelope'> {
  readonly publishedMs: number;
  readonly imageShas: readonly string[];
  /** Key of the envelope batch (`envelopes` store) holding this article's envelope. */
  readonly envelopeIn?: number;
  readonly envelopeAt?: number;
  readonly envelopeLength?: number;
  /** The envelope bytes, on rows written before envelope batches. */
  readonly envelope?: Uint8Array;
  /** The HTML, on rows written by version 0.1 (beside the envelope). */
  readonly html?: string;
  /**
   * 1 when the row came from another reader (a share file, a nearby peer: format.md §7.4) and no
   * index the app synced has vouched for it yet. Such rows are no revision floor for sync (its
   * checks against the index skip them); a synced copy of the same revision takes their place.
   */
  readonly imported?: 1;
  /** 1 for an archive copy: verified under a root that had expired. Any synced revision replaces it. */
  readonly archived?: 1;
}

/**
 * The envelopes of one pack write (each article row says where its own is), verified through the
 * signed chain before they were stored: either concatenated (`bytes`), or, when the articles
 * written make up most of their pack, the pack object itself as pinned (`gzip`, decompressing to
 * `size` bytes, in which the rows' offsets point): about a sixth of the bytes to store.
 */
export type EnvelopeBatchRecord = { readonly bytes: Uint8Array } | { readonly gzip: Uint8Array; readonly size: number };

/** A stored index segment (decompressed, verified through the manifest's pin). */
export interface SegmentRecord {
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/** One error of a sync attempt, as the reader sees it. */
export interface SyncErrorRecord {
  readonly mirror?: string;
  readonly code: string;
  readonly message: string;
}

/** Phases of a running sync (mirrors protocol.ts SyncStatus.phase). */
export type SyncPhase = 'timestamp' | 'root' | 'manifest' | 'index' | 'packs' | 'commit';

/** The persisted sync status (key 'sync' of the status store). All times epoch ms. */
export interface StatusRecord {
  readonly kind: 'sync';
  readonly lastSuccessAt?: number;
  readonly lastSuccessMirror?: string;
  readonly lastAttemptAt?: number;
  readonly lastOutcome?: 'updated' | 'unchanged' | 'failed';
  readonly lastErrors?: readonly SyncErrorRecord[];
  readonly publishedAt?: number;
  readonly freshUntil?: number;
  /** Figures of the last finished run. */
  readonly lastRun?: { readonly ms: number; readonly bytes: number; readonly requests: number; readonly added: number; readonly removed: number };
  /**
   * Set while a sync runs. The worker may be killed mid-sync, so this is only a hint: whether a
   * sync really runs is decided by the lock (or by the lease's expiry), never by this field alone.
   */
  readonly running?: {
    readonly since: number;
    readonly heartbeat: number;
    readonly trigger: string;
    readonly phase?: SyncPhase;
    readonly progress?: { readonly articlesDone: number; readonly articlesTotal: number; readonly bytes: number };
  };
}

/** The single-writer lease, used where the Web Locks API is missing (key 'lease'). */
export interface LeaseRecord {
  readonly kind: 'lease';
  readonly owner: string;
  /** Epoch ms after which the lease is void (its holder was killed or hung). */
  readonly expiresAt: number;
}

/** A reader setting or per-article state (reading position), keyed by a string. */
export interface SettingRecord {
  readonly key: string;
  readonly value: unknown;
}

/** A reading position inside an article. */
export interface ReadingPosition {
  /** Scrolled fraction of the article, 0..1. */
  readonly fraction: number;
  /** When it was saved (epoch ms). */
  readonly at: number;
}

/** The typed schema (idb's DBSchema). */
export interface PigeonpostDB extends DBSchema {
  articles: {
    key: string;
    value: StoredArticle;
    indexes: {
      /** Newest first when walked backwards; `id` breaks ties so paging is stable. */
      'by-published': [number, string];
      'by-section': [string, number, string];
      /** multiEntry over `imageShas`. */
      'by-image': string;
      /** The revision: a key cursor over it yields id → rev without loading article bodies. */
      'by-rev': number;
      /** The envelope batch a row's envelope is in (garbage collection of batches). */
      'by-envelopes': number;
      /** Sparse: only rows imported from other readers (`imported` is 1). */
      'by-imported': number;
    };
  };
  /** Key: generated (autoIncrement). */
  envelopes: { key: number; value: EnvelopeBatchRecord };
  images: { key: string; value: ImageRecord };
  segments: { key: string; value: SegmentRecord };
  /** Key: the site id. */
  trust: { key: string; value: TrustRecord };
  /** Key: the mirror base URL. */
  health: { key: string; value: MirrorHealth };
  /** Keys: 'sync' (StatusRecord), 'lease' (LeaseRecord). */
  status: { key: string; value: StatusRecord | LeaseRecord };
  /** Keys: 'position:<article id>', and reader settings. */
  settings: { key: string; value: SettingRecord };
}

/** Every store name, for "erase everything" and for tests. */
export const STORE_NAMES = ['articles', 'envelopes', 'images', 'segments', 'trust', 'health', 'status', 'settings'] as const;
