/**
 * What the page reads from the reader database (same origin as the worker): intention-named
 * functions over `getDb(site)`. Article HTML comes back exactly as verified and stored; the page
 * sanitizes it again (DOMPurify) at render time, every time.
 */
import type { IDBPDatabase } from 'idb';
import { getDb } from './open.ts';
import type { PigeonpostDB, ReadingPosition, StoredArticle } from './schema.ts';
import type { ImageRecord } from '../../core/sync/store.ts';
import { positionKey } from './sync-store.ts';
import { writeTx } from './write-tx.ts';
import { decodeArticle } from '../../core/format/article.ts';
import { decodeEnvelope } from '../../core/format/envelope.ts';
import { PigeonError } from '../../core/errors.ts';
import { gunzip } from '../../core/encoding/gzip.ts';

/** An article without its body and envelope: what a list shows. */
export type ArticleSummary = Omit<StoredArticle, 'html' | 'envelope' | 'envelopeIn' | 'envelopeAt' | 'envelopeLength'>;

/** Where a page of the list ended; pass it back as `after` for the next page. */
export interface ListCursor {
  readonly publishedMs: number;
  readonly id: string;
}

/** Options of {@link listArticles}. */
export interface ListOptions {
  /** Most articles returned (default 50). */
  readonly limit?: number;
  /** Only this section. */
  readonly section?: string;
  /** Continue after this article (the last one of the previous page). */
  readonly after?: ListCursor;
}

function summary(a: StoredArticle): ArticleSummary {
  const { html: _html, envelope: _envelope, envelopeIn: _in, envelopeAt: _at, envelopeLength: _length, ...rest } = a;
  return rest;
}

/** Stored articles, newest first (by signed publication time, then id). */
export async function listArticles(site: string, opts: ListOptions = {}): Promise<ArticleSummary[]> {
  const limit = Math.max(0, Math.floor(opts.limit ?? 50));
  const db = await getDb(site);
  const tx = db.transaction('articles');
  const { after, section } = opts;
  let range: IDBKeyRange | undefined;
  let cursor;
  if (section === undefined) {
    if (after) range = IDBKeyRange.upperBound([after.publishedMs, after.id], true);
    cursor = await tx.store.index('by-published').openCursor(range, 'prev');
  } else {
    const upper = after ? [section, after.publishedMs, after.id] : [section, Infinity, ''];
    range = IDBKeyRange.bound([section, -Infinity, ''], upper, false, after !== undefined);
    cursor = await tx.store.index('by-section').openCursor(range, 'prev');
  }
  const out: ArticleSummary[] = [];
  while (cursor && out.length < limit) {
    out.push(summary(cursor.value));
    cursor = await cursor.continue();
  }
  return out;
}

/** Section names present in the store, sorted. */
export async function listSections(site: string): Promise<string[]> {
  const db = await getDb(site);
  const sections: string[] = [];
  let cursor = await db.transaction('articles').store.index('by-section').openKeyCursor(null, 'nextunique');
  while (cursor) {
    const section = cursor.key[0];
    sections.push(section);
    // Jump past every key of this section.
    cursor = await cursor.continue([section, Infinity, '']);
  }
  return sections;
}

/** A stored article with its exact envelope bytes and its (still unsanitized) HTML. */
export type ReadableArticle = StoredArticle & { readonly html: string; readonly envelope: Uint8Array };

/**
 * The HTML of a stored article, taken from its envelope. The envelope's bytes were verified
 * through the signed chain before they were stored, so they are parsed without re-verification.
 * `a` must carry its envelope (a row of schema 0.2, or what `getArticle` returns).
 */
export function articleHtml(a: Pick<StoredArticle, 'id' | 'html' | 'envelope'>): string {
  if (a.html !== undefined) return a.html;
  if (!a.envelope) throw new PigeonError('STORAGE', `stored article ${a.id} has its envelope in a batch: read it with getArticle`);
  return decodeArticle(decodeEnvelope(a.envelope, `stored article ${a.id}`, { pinned: true }).payload, `stored article ${a.id}`).html;
}

/**
 * Envelope batches recently read, per connection (a new database after ERASE_ALL starts its keys
 * again). Batches are never changed once written, only deleted when no row points at them, so a
 * cached one is valid for every row that names it. Listing-order reads (the search index reads
 * every article, newest first) stay within a few batches at a time.
 */
const batches = new WeakMap<IDBPDatabase<PigeonpostDB>, Map<number, Promise<Uint8Array | undefined>>>();
const BATCHES_KEPT = 4;

function readBatch(db: IDBPDatabase<PigeonpostDB>, key: number): Promise<Uint8Array | undefined> {
  let cache = batches.get(db);
  if (!cache) batches.set(db, (cache = new Map()));
  let p = cache.get(key);
  if (p) cache.delete(key); // re-inserted below: most recently used last
  else p = db.get('envelopes', key).then((r) => (r === undefined ? undefined : 'bytes' in r ? r.bytes : gunzip(r.gzip, r.size, `stored pack ${key}`, r.size)));
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  for (const k of cache.keys()) {
    if (cache.size <= BATCHES_KEPT) break;
    cache.delete(k);
  }
  return p;
}

/** The exact envelope bytes of a stored row (own bytes, safe to keep or pass on). */
async function envelopeOf(db: IDBPDatabase<PigeonpostDB>, a: StoredArticle): Promise<Uint8Array> {
  if (a.envelope) return a.envelope;
  const batch = a.envelopeIn === undefined ? undefined : await readBatch(db, a.envelopeIn);
  const at = a.envelopeAt ?? -1;
  const end = at + (a.envelopeLength ?? 0);
  if (!batch || at < 0 || end > batch.length) throw new PigeonError('STORAGE', `the envelope of stored article ${a.id} is missing`);
  return batch.slice(at, end);
}

/** One stored article with its envelope and (still unsanitized) HTML, or undefined. */
export async function getArticle(site: string, id: string): Promise<ReadableArticle | undefined> {
  const db = await getDb(site);
  const row = await db.get('articles', id);
  if (!row) return undefined;
  const envelope = await envelopeOf(db, row);
  return { ...row, envelope, html: articleHtml({ id: row.id, envelope, ...(row.html === undefined ? {} : { html: row.html }) }) };
}

/** One stored image by SHA-256, or undefined. */
export async function getImage(site: string, sha256: string): Promise<ImageRecord | undefined> {
  return (await getDb(site)).get('images', sha256);
}

/**
 * Number of stored articles. Counted on the small `by-rev` index: Chromium counts by walking the
 * records, and walking the article store reads every article body (~1 s for 10,000 articles).
 */
export async function articleCount(site: string): Promise<number> {
  return countArticles(await getDb(site));
}

/** {@link articleCount} on an open database. */
export function countArticles(db: IDBPDatabase<PigeonpostDB>): Promise<number> {
  return db.countFromIndex('articles', 'by-rev');
}

/** Remember how far the reader got in an article (fraction clamped to 0..1). */
export async function saveReadingPosition(site: string, articleId: string, fraction: number, at: number = Date.now()): Promise<void> {
  const value: ReadingPosition = { fraction: Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0, at };
  await writeTx(await getDb(site), ['settings'], 'the reading position', async (tx) => {
    await tx.objectStore('settings').put({ key: positionKey(articleId), value });
  });
}

/** The saved reading position of an article, or undefined. */
export async function getReadingPosition(site: string, articleId: string): Promise<ReadingPosition | undefined> {
  const row = await (await getDb(site)).get('settings', positionKey(articleId));
  const v = row?.value as Partial<ReadingPosition> | undefined;
  return v && typeof v.fraction === 'number' && typeof v.at === 'number' ? { fraction: v.fraction, at: v.at } : undefined;
}
