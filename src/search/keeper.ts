/**
 * Keeping the offline search index current without rebuilding it.
 *
 * Indexing reads and parses every stored article, so the index is saved after it changes and
 * loaded on the next visit (one decoding pass over typed arrays, inverted-index.ts), and each
 * update only discards the articles that are gone or changed and indexes the new ones. Each article is known by its id and a version key (revision
 * and envelope hash): the same key means the same signed text. A saved index of another engine
 * version, or one that does not match its own document list, is dropped and built again.
 */
import { createIndex, ENGINE_VERSION, InvertedIndex, type SearchDoc } from './engine.ts';
import { savedBytes, type SavedIndexData } from './inverted-index.ts';

/** The saved form. */
export interface SavedIndex {
  readonly engine: number;
  /** [id, version key] of every indexed article. */
  readonly docs: readonly (readonly [string, string])[];
  /** The index itself (typed arrays and strings, stored by structured clone). */
  readonly index: SavedIndexData;
  /**
   * Ids removed from the device since this was saved (written by the transaction that removed
   * them: shared/db/search-record.ts); discarded as the index loads, before any query.
   */
  readonly forget?: readonly string[];
}

/** Where the keeper reads articles and keeps its saved index. */
export interface IndexSource {
  /** Every stored article: id and version key. */
  list(): Promise<readonly { readonly id: string; readonly key: string }[]>;
  /** The document to index for `id`, or undefined if it is gone meanwhile. */
  doc(id: string): Promise<SearchDoc | undefined>;
  load(): Promise<unknown>;
  save(saved: SavedIndex): Promise<void>;
}

/** What one update did. */
export interface UpdateReport {
  /** Whether a saved index was used. */
  readonly loaded: boolean;
  readonly added: number;
  readonly removed: number;
}

/** Documents fetched at once while indexing. */
const BATCH = 20;

function isSaved(v: unknown): v is SavedIndex {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    o['engine'] === ENGINE_VERSION &&
    typeof o['index'] === 'object' &&
    o['index'] !== null &&
    Array.isArray(o['docs']) &&
    o['docs'].every((d) => Array.isArray(d) && d.length === 2 && typeof d[0] === 'string' && typeof d[1] === 'string')
  );
}

/** One site's index, in memory once loaded. */
export class SearchIndexKeeper {
  private index: InvertedIndex | undefined;
  private docs = new Map<string, string>();
  private dirty = false;
  private saved = 0;
  private closed = false;

  constructor(private readonly source: IndexSource) {}

  /** Stop for good (erase): nothing is saved any more, even by a persist already scheduled. */
  close(): void {
    this.closed = true;
    this.index = undefined;
    this.docs = new Map();
  }

  /** The index (after {@link update} has started), complete or still being filled. */
  get current(): InvertedIndex {
    if (!this.index) throw new Error('search index used before update()');
    return this.index;
  }

  /** Approximate bytes of the index last saved (inverted-index.ts `savedBytes`; 0 before the first save). */
  get savedBytes(): number {
    return this.saved;
  }

  /** Whether an index exists (loaded, or being built). */
  get started(): boolean {
    return this.index !== undefined;
  }

  /**
   * Bring the index in line with the stored articles. `progress` hears how many of the articles
   * to index are done, after each batch; between batches the index can be searched (partial).
   */
  async update(progress?: (done: number, total: number) => void): Promise<UpdateReport> {
    let loaded = false;
    let created = false;
    if (!this.index) {
      loaded = await this.loadSaved();
      if (!loaded) {
        this.index = createIndex();
        this.docs = new Map();
        created = true;
      }
    }
    const index = this.index!;
    if (this.closed) return { loaded, added: 0, removed: 0 };
    const wanted = new Map((await this.source.list()).map((a) => [a.id, a.key]));
    if (this.closed) return { loaded, added: 0, removed: 0 };
    let removed = 0;
    for (const [id, key] of this.docs) {
      if (wanted.get(id) === key) continue;
      index.discard(id);
      this.docs.delete(id);
      removed++;
    }
    const missing = [...wanted.keys()].filter((id) => !this.docs.has(id));
    let added = 0;
    for (let i = 0; i < missing.length; i += BATCH) {
      const ids = missing.slice(i, i + BATCH);
      const docs = await Promise.all(ids.map((id) => this.source.doc(id)));
      docs.forEach((d, k) => {
        if (!d) return;
        index.add(d);
        this.docs.set(ids[k]!, wanted.get(ids[k]!)!);
        added++;
      });
      progress?.(Math.min(missing.length, i + BATCH), missing.length);
    }
    index.prepare();
    if (added > 0 || removed > 0 || created) this.dirty = true;
    return { loaded, added, removed };
  }

  /** Save the index if it changed since it was loaded or last saved. Returns whether it saved. */
  async persist(): Promise<boolean> {
    if (this.closed || !this.index || !this.dirty) return false;
    this.dirty = false;
    try {
      const index = this.index.save();
      await this.source.save({ engine: ENGINE_VERSION, docs: [...this.docs], index });
      this.saved = savedBytes(index);
      return true;
    } catch (e) {
      this.dirty = true; // try again after the next update (storage full, or the database closing)
      throw e;
    }
  }

  private async loadSaved(): Promise<boolean> {
    const saved = await this.source.load().catch(() => undefined);
    if (!isSaved(saved)) return false;
    try {
      const index = InvertedIndex.fromSaved(saved.index);
      if (index.documentCount !== saved.docs.length || !saved.docs.every(([id]) => index.has(id))) return false;
      this.index = index;
      this.docs = new Map(saved.docs);
      for (const id of Array.isArray(saved.forget) ? saved.forget : []) {
        if (typeof id !== 'string' || !this.docs.has(id)) continue;
        index.discard(id);
        this.docs.delete(id);
        this.dirty = true; // saved again without them (and without the list)
      }
      return true;
    } catch {
      return false;
    }
  }
}
