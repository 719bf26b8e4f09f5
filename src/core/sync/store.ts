/**
 * What the sync engine needs from storage (IndexedDB in the service worker, memory in tests).
 *
 * Contract (format.md §5.5): every method that writes does so in ONE storage transaction, opened
 * only after all verification is done, so a failure leaves the previous state whole. The engine
 * never awaits anything but the store between deciding to write and writing.
 */
import type { ArticleMeta } from '../format/article-meta.ts';
import type { ArticleImage } from '../format/article.ts';
import type { MirrorEntry, SegmentPin } from '../format/manifest.ts';
import type { MirrorHealth } from '../net/mirror-health.ts';

/** The mirror list of a verified invite, with the manifest envelope that signs it. */
export interface InvitedMirrors {
  /** The signed manifest's version and the SHA-256 of its envelope. */
  readonly version: number;
  readonly sha256: string;
  readonly mirrors: readonly MirrorEntry[];
  readonly envelope: Uint8Array;
}

/** The client's trust state for one site. Moves forward only together with the data it vouches for. */
export interface TrustRecord {
  readonly site: string;
  /** The newest verified root envelope bytes and its version. */
  readonly rootVersion: number;
  readonly rootBytes: Uint8Array;
  /**
   * Every verified root above the shipped one up to `rootBytes`, oldest first (absent when the app
   * never walked the chain). A share file carries it, so a reader whose app is older can follow.
   */
  readonly chain?: readonly Uint8Array[];
  /** The newest verified timestamp (its version is the rollback floor). */
  readonly timestamp?: {
    readonly version: number;
    readonly expires: string;
    readonly bytes: Uint8Array;
  };
  /** The manifest whose content is fully stored. */
  readonly manifest?: {
    readonly version: number;
    readonly sha256: string;
    readonly expires: string;
    readonly published: string;
    readonly mirrors: readonly MirrorEntry[];
    readonly segments: readonly SegmentPin[];
    /**
     * The manifest envelope itself (decompressed): the signed mirror list that share files and
     * invites (format.md §11) carry. Absent on records stored before they existed.
     */
    readonly envelope?: Uint8Array;
  };
  /**
   * A signed mirror list learnt from an invite (format.md §11) whose manifest is newer than the
   * stored one. It names the mirrors to contact until a sync stores a manifest at least as new; it
   * vouches for no content and moves no rollback floor.
   */
  readonly invited?: InvitedMirrors;
  /**
   * Set when a new root changed the publish role's keys (format.md §4.2), until a manifest signed by
   * the new keys is committed: every stored article must then be vouched for again by that manifest's
   * index (same revision, same envelope hash), or it is withdrawn.
   */
  readonly rebase?: true;
}

/**
 * A stored, verified article. `envelope` holds the exact signed bytes (for sharing); the engine
 * passes a view into the decompressed pack, and the store copies what it keeps.
 */
export interface ArticleRecord extends ArticleMeta {
  readonly site: string;
  readonly envelope: Uint8Array;
  /**
   * SHA-256 (hex) the index pinned the envelope by. Always set by the sync engine; absent on rows
   * stored by versions that did not keep it (such an article counts as not vouched for in a rebase).
   */
  readonly envelopeSha256?: string;
  readonly html: string;
  readonly images: readonly ArticleImage[];
  readonly lead?: string;
  readonly source?: string;
  /** When this revision was stored (epoch ms). */
  readonly storedAt: number;
}

/** A stored, verified image, addressed by its SHA-256. */
export interface ImageRecord {
  readonly sha256: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/**
 * The pack a batch of articles was taken from: the pinned object exactly as verified against its
 * pin (gzip), and its decompressed content, into which the articles' envelopes are views. A store
 * may keep the compressed object instead of copies of the envelopes (about a sixth of the bytes).
 */
export interface PackSource {
  readonly gzip: Uint8Array;
  readonly content: Uint8Array;
}

/** Storage used by the sync engine. */
export interface SyncStore {
  /** The trust state, or undefined on first run (the engine then starts from the shipped root). */
  loadTrust(): Promise<TrustRecord | undefined>;
  /** Persist a trust state change that carries no content (root chain step, fresh timestamp). */
  saveTrust(trust: TrustRecord): Promise<void>;
  /** Stored revision of every article: the per-article rollback floor. */
  articleRevisions(): Promise<Map<string, number>>;
  /** Stored revision and pinned envelope hash of every article (for a rebase, see TrustRecord). */
  articlePins(): Promise<Map<string, { rev: number; sha256: string | undefined }>>;
  /**
   * One transaction: remove articles the current index no longer vouches for (a rebase after the
   * publish keys changed), with their reading positions and the images and envelopes no other
   * article uses. Nothing else changes; the trust state moves later, in commitManifest.
   */
  withdrawArticles(ids: readonly string[]): Promise<void>;
  /** A stored, already verified, decompressed index segment. */
  getSegment(sha256: string): Promise<Uint8Array | undefined>;
  /** One transaction: articles (replacing lower revisions, never higher ones) and their images. */
  putArticles(articles: readonly ArticleRecord[], images: readonly ImageRecord[], pack?: PackSource): Promise<void>;
  /**
   * One transaction: the new trust state, the manifest's segments, and removal of articles withdrawn
   * by signed tombstones (and images no article references any more).
   */
  commitManifest(trust: TrustRecord, segments: readonly { sha256: string; bytes: Uint8Array }[], removedIds: readonly string[]): Promise<void>;
  /** Mirror health records (persisted: the worker may be killed at any moment). */
  loadHealth(): Promise<MirrorHealth[]>;
  saveHealth(records: readonly MirrorHealth[]): Promise<void>;
}
