/**
 * The IndexedDB implementation of the sync engine's SyncStore (src/core/sync/store.ts).
 *
 * Every write method is ONE transaction (write-tx.ts) that the engine calls only after all
 * verification is done; nothing but IndexedDB requests is awaited inside it. Two guards make the
 * store safe even against a confused caller (or two writers, adversarial checklist item 44):
 * - an article is replaced only by a HIGHER revision (equal: already stored; lower: ignored);
 * - the trust state never moves backwards (root version, then timestamp and manifest versions).
 */
import { unwrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { PigeonError } from '../../core/errors.ts';
import type { MirrorHealth } from '../../core/net/mirror-health.ts';
import type { ArticleRecord, ImageRecord, PackSource, SyncStore, TrustRecord } from '../../core/sync/store.ts';
import { getDb } from './open.ts';
import type { EnvelopeBatchRecord, PigeonpostDB, StoredArticle } from './schema.ts';
import { observed, requestResult, writeTx } from './write-tx.ts';
import { passageTextKey } from './passage-text.ts';

/**
 * A Uint8Array that owns exactly its bytes. Structured clone stores a view's WHOLE buffer, so an
 * envelope sliced out of a decompressed pack would otherwise store the entire pack with it.
 */
export function ownBytes(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? b : b.slice();
}

/** Epoch ms of an article's signed `published` time (ISO 8601 with offset). */
export function publishedMs(published: string): number {
  const ms = Date.parse(published);
  if (!Number.isFinite(ms)) throw new PigeonError('MALFORMED', `article time ${published.slice(0, 40)} is not a date`);
  return ms;
}

/** The stored row for an article record, without its envelope (which goes into a batch). */
export function toStoredArticle(a: ArticleRecord): StoredArticle {
  // The HTML is inside the envelope: storing it twice doubled the bytes written per article.
  const { html: _html, envelope: _envelope, ...rest } = a;
  return {
    ...rest,
    publishedMs: publishedMs(a.published),
    imageShas: [...new Set(a.images.map((i) => i.sha256))],
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Keep the compressed pack rather than copies of the envelopes when the envelopes written are
 * at least this share of the decompressed pack (so a batch never keeps much that no row names:
 * images, which have their own store, or articles written earlier).
 */
const KEEP_PACK_SHARE = 0.75;

/**
 * The envelope batch for `envelopes` (in row order) and each one's offset in it: the pack object
 * itself when they are views into its content and make up most of it, else their bytes
 * concatenated (only their own bytes, even when they are views into a larger buffer).
 */
export function envelopeBatch(envelopes: readonly Uint8Array[], pack?: PackSource): { record: EnvelopeBatchRecord; at: number[] } {
  const total = envelopes.reduce((n, e) => n + e.length, 0);
  if (pack && total >= KEEP_PACK_SHARE * pack.content.length && envelopes.every((e) => e.buffer === pack.content.buffer)) {
    const at = envelopes.map((e) => e.byteOffset - pack.content.byteOffset);
    if (at.every((a, i) => a >= 0 && a + envelopes[i]!.length <= pack.content.length)) {
      return { record: { gzip: ownBytes(pack.gzip), size: pack.content.length }, at };
    }
  }
  const bytes = new Uint8Array(total);
  const at: number[] = [];
  let offset = 0;
  for (const e of envelopes) {
    bytes.set(e, offset);
    at.push(offset);
    offset += e.length;
  }
  return { record: { bytes }, at };
}

/** The two handles garbage collection of one kind of record needs, from the running transaction. */
interface Gc<K> {
  readonly refs: { count(key: K): Promise<number> };
  readonly store: { delete(key: K): Promise<void> };
}

/** Delete those of `candidates` that no stored article references any more (same transaction). */
export async function collect<K>({ refs, store }: Gc<K>, candidates: Iterable<K>): Promise<void> {
  await Promise.all(
    [...new Set(candidates)].map(async (key) => {
      if ((await refs.count(key)) === 0) await store.delete(key);
    }),
  );
}

/** Image and envelope-batch collection over the raw stores of a running transaction. */
export function collectors(tx: IDBTransaction): { images: Gc<string>; envelopes: Gc<number> } {
  const articles = tx.objectStore('articles');
  const on = <K extends IDBValidKey>(index: string, store: string): Gc<K> => ({
    refs: { count: (key) => requestResult(articles.index(index).count(key)) },
    store: { delete: (key) => requestResult(tx.objectStore(store).delete(key)) },
  });
  return { images: on<string>('by-image', 'images'), envelopes: on<number>('by-envelopes', 'envelopes') };
}

/** Refuse a trust state that would move a floor backwards (defence in depth; the engine checks first). */
function checkForward(stored: TrustRecord | undefined, next: TrustRecord): void {
  if (!stored) return;
  if (stored.site !== next.site) throw new PigeonError('WRONG_SITE', `trust state for site "${next.site}" cannot replace "${stored.site}"`);
  if (next.rootVersion < stored.rootVersion) {
    throw new PigeonError('ROLLBACK', `refusing to store root version ${next.rootVersion} over version ${stored.rootVersion}`);
  }
  if (next.rootVersion > stored.rootVersion) return; // a new root may reset the floors (format.md §4.2)
  if (stored.timestamp && next.timestamp && next.timestamp.version < stored.timestamp.version) {
    throw new PigeonError('ROLLBACK', `refusing to store timestamp version ${next.timestamp.version} over version ${stored.timestamp.version}`);
  }
  if (stored.manifest && next.manifest && next.manifest.version < stored.manifest.version) {
    throw new PigeonError('ROLLBACK', `refusing to store manifest version ${next.manifest.version} over version ${stored.manifest.version}`);
  }
}

function compactTrust(t: TrustRecord): TrustRecord {
  return {
    ...t,
    rootBytes: ownBytes(t.rootBytes),
    ...(t.chain ? { chain: t.chain.map(ownBytes) } : {}),
    ...(t.manifest?.envelope ? { manifest: { ...t.manifest, envelope: ownBytes(t.manifest.envelope) } } : {}),
    ...(t.timestamp ? { timestamp: { ...t.timestamp, bytes: ownBytes(t.timestamp.bytes) } } : {}),
    ...(t.manifest?.envelope ? { manifest: { ...t.manifest, envelope: ownBytes(t.manifest.envelope) } } : {}),
    ...(t.invited ? { invited: { ...t.invited, envelope: ownBytes(t.invited.envelope) } } : {}),
  };
}

type RemovalTx = IDBPTransaction<PigeonpostDB, ('articles' | 'envelopes' | 'images' | 'settings')[], 'readwrite'>;

/**
 * Remove articles inside a running transaction (which must cover articles, envelopes, images and
 * settings): each row, its reading position, saved mark and search passage text, and the images
 * and envelope batches nobody else uses. Resolves with the rows removed (those that were stored).
 */
export async function removeArticleRows(wider: { objectStoreNames: unknown }, ids: readonly string[]): Promise<StoredArticle[]> {
  // Any transaction covering at least these four stores (commitManifest's covers more).
  const tx = wider as RemovalTx;
  const articles = tx.objectStore('articles');
  const removed = await Promise.all(ids.map((id) => articles.get(id)));
  const orphanImages = removed.flatMap((a) => a?.imageShas ?? []);
  const orphanBatches = removed.flatMap((a) => (a?.envelopeIn === undefined ? [] : [a.envelopeIn]));
  const settings = tx.objectStore('settings');
  // Each request observed as it is made: if one throws, the transaction aborts and those made
  // before it reject with nobody else listening (write-tx.ts `observed`).
  await Promise.all([...ids.map((id) => observed(articles.delete(id))), ...ids.flatMap((id) => [observed(settings.delete(positionKey(id))), observed(settings.delete(savedKey(id))), observed(settings.delete(passageTextKey(id)))])]);
  const gc = collectors(unwrap(tx) as unknown as IDBTransaction);
  await Promise.all([collect(gc.images, orphanImages), collect(gc.envelopes, orphanBatches)]);
  return removed.filter((a): a is StoredArticle => a !== undefined);
}

/** SyncStore over the reader database of one site. */
export class IdbSyncStore implements SyncStore {
  readonly site: string;
  private readonly open: () => Promise<IDBPDatabase<PigeonpostDB>>;

  /** `open` defaults to the shared connection of `site` (tests pass their own). */
  constructor(site: string, open?: () => Promise<IDBPDatabase<PigeonpostDB>>) {
    this.site = site;
    this.open = open ?? (() => getDb(site));
  }

  async loadTrust(): Promise<TrustRecord | undefined> {
    return (await this.open()).get('trust', this.site);
  }

  async saveTrust(trust: TrustRecord): Promise<void> {
    this.checkSite(trust);
    await writeTx(await this.open(), ['trust'], 'the trust state', async (tx) => {
      const store = tx.objectStore('trust');
      checkForward(await store.get(this.site), trust);
      await store.put(compactTrust(trust));
    });
  }

  async articleRevisions(): Promise<Map<string, number>> {
    const db = await this.open();
    const revs = new Map<string, number>();
    const tx = db.transaction('articles');
    // Rows imported from other readers are no floor: no index vouched for them (schema.ts).
    const imported = new Set(await tx.store.index('by-imported').getAllKeys());
    // A key cursor on the revision index: id → rev without reading any article body.
    let cursor = await tx.store.index('by-rev').openKeyCursor();
    while (cursor) {
      if (!imported.has(cursor.primaryKey)) revs.set(cursor.primaryKey, cursor.key);
      cursor = await cursor.continue();
    }
    return revs;
  }

  async getSegment(sha256: string): Promise<Uint8Array | undefined> {
    return (await (await this.open()).get('segments', sha256))?.bytes;
  }

  async putArticles(articles: readonly ArticleRecord[], images: readonly ImageRecord[], pack?: PackSource): Promise<void> {
    // Everything that can throw outside IndexedDB happens before the transaction opens.
    const rows = articles.map((a) => ({ row: toStoredArticle(a) as Mutable<StoredArticle>, envelope: a.envelope }));
    const imageRows = images.map((i) => ({ sha256: i.sha256, type: i.type, bytes: ownBytes(i.bytes) }));
    const what = `${rows.length} article(s) and ${imageRows.length} image(s)`;
    await writeTx(
      await this.open(),
      ['articles', 'envelopes', 'images'],
      what,
      // Raw requests: this runs once per pack for every article of a sync, and idb's promise per
      // request (two listeners, a wrapper) cost more than the requests themselves.
      async (wrapped) => {
        const tx = unwrap(wrapped) as unknown as IDBTransaction;
        const store = tx.objectStore('articles');
        const imageStore = tx.objectStore('images');
        // Which of these ids are stored already: one key read over their range rather than one
        // record read per article (a pack's articles are usually all new).
        const ids = rows.map((r) => r.row.id).sort();
        const present = new Set(ids.length === 0 ? [] : ((await requestResult(store.getAllKeys(IDBKeyRange.bound(ids[0], ids.at(-1))))) as string[]));
        const existing = await Promise.all(rows.map((r) => (present.has(r.row.id) ? (requestResult(store.get(r.row.id)) as Promise<StoredArticle | undefined>) : undefined)));
        const stored = await Promise.all(imageRows.map((r) => requestResult(imageStore.getKey(r.sha256))));
        const orphanImages: string[] = [];
        const orphanBatches: number[] = [];
        // Never replace a higher (or the same) revision: revisions only move forward. Two
        // exceptions for copies from other readers (schema.ts): an archive copy gives way to any
        // revision, and an imported copy to the same revision as the index vouches for it.
        const fresh = rows.filter(({ row }, i) => {
          const old = existing[i];
          if (old && !old.archived && (old.rev > row.rev || (old.rev === row.rev && !old.imported))) return false;
          if (old) orphanImages.push(...old.imageShas.filter((s) => !row.imageShas.includes(s)));
          if (old?.envelopeIn !== undefined) orphanBatches.push(old.envelopeIn);
          return true;
        });
        if (fresh.length > 0) {
          const { record, at } = envelopeBatch(fresh.map((r) => r.envelope), pack);
          const key = (await requestResult(tx.objectStore('envelopes').add(record))) as number;
          // Not awaited one by one: a failed put fails the transaction, which writeTx waits for.
          fresh.forEach(({ row, envelope }, i) => {
            row.envelopeIn = key;
            row.envelopeAt = at[i]!;
            row.envelopeLength = envelope.length;
            store.put(row);
          });
        }
        imageRows.forEach((r, i) => {
          if (stored[i] === undefined) imageStore.put(r); // content-addressed: same bytes
        });
        const gc = collectors(tx);
        await Promise.all([collect(gc.images, orphanImages), collect(gc.envelopes, orphanBatches)]);
      },
      // Articles and images can be fetched again from any mirror, and the trust state that
      // vouches for them moves only in commitManifest (default durability), so a crash may lose
      // the last packs but never leaves trust ahead of its data. See docs/reader-app.md.
      { durability: 'relaxed' },
    );
  }

  async commitManifest(trust: TrustRecord, segments: readonly { sha256: string; bytes: Uint8Array }[], removedIds: readonly string[]): Promise<void> {
    this.checkSite(trust);
    const compact = compactTrust(trust);
    const segmentRows = segments.map((s) => ({ sha256: s.sha256, bytes: ownBytes(s.bytes) }));
    const keep = new Set(trust.manifest?.segments.map((s) => s.sha256) ?? segmentRows.map((s) => s.sha256));
    await writeTx(await this.open(), ['trust', 'segments', 'articles', 'envelopes', 'images', 'settings'], 'the new manifest', async (tx) => {
      const trustStore = tx.objectStore('trust');
      checkForward(await trustStore.get(this.site), trust);
      const segStore = tx.objectStore('segments');
      const segWrites = segmentRows.map((s) => observed(segStore.put(s)));
      // Segments the new manifest no longer pins (merged by compaction) are garbage.
      const storedSegs = await segStore.getAllKeys();
      const segDeletes = storedSegs.filter((k) => !keep.has(k)).map((k) => segStore.delete(k));
      // Signed removals: the article, its reading position, and images nobody else uses.
      await Promise.all([...segWrites, ...segDeletes, trustStore.put(compact), removeArticleRows(tx, removedIds)]);
    });
  }

  async articlePins(): Promise<Map<string, { rev: number; sha256: string | undefined }>> {
    const pins = new Map<string, { rev: number; sha256: string | undefined }>();
    // Rows hold metadata only (the HTML is in the envelope batches), so a full walk stays small.
    for (let c = await (await this.open()).transaction('articles').store.openCursor(); c; c = await c.continue()) {
      pins.set(c.value.id, { rev: c.value.rev, sha256: c.value.envelopeSha256 });
    }
    return pins;
  }

  async withdrawArticles(ids: readonly string[]): Promise<void> {
    await writeTx(await this.open(), ['articles', 'envelopes', 'images', 'settings'], 'the withdrawal of articles', async (tx) => {
      await removeArticleRows(tx, ids);
    });
  }

  async loadHealth(): Promise<MirrorHealth[]> {
    return (await this.open()).getAll('health');
  }

  async saveHealth(records: readonly MirrorHealth[]): Promise<void> {
    await writeTx(await this.open(), ['health'], 'mirror health', async (tx) => {
      await Promise.all(records.map((r) => tx.objectStore('health').put(r)));
    });
  }

  private checkSite(trust: TrustRecord): void {
    if (trust.site !== this.site) throw new PigeonError('WRONG_SITE', `trust state for site "${trust.site}" given to the store of "${this.site}"`);
  }
}

/** Settings key of an article's reading position. */
export function positionKey(articleId: string): string {
  return `position:${articleId}`;
}

/** Prefix of the settings keys that mark articles the reader saved (saved-store.ts). */
export const SAVED_PREFIX = 'saved:';

/** Settings key of an article's saved mark. */
export function savedKey(articleId: string): string {
  return `${SAVED_PREFIX}${articleId}`;
}
