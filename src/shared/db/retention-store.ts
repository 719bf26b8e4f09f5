/**
 * Retention in the reader database (core/sync/retention.ts decides, this module reads and
 * writes): the reader's policy (settings `retention`), the ids retention dropped (settings
 * `retention-dropped`, so that the sync does not download them again), and the drop itself.
 *
 * A drop is computed first (a read of the article rows, which hold metadata only, and of the saved
 * marks) and then written in ONE transaction: the article rows, their reading positions, the images
 * and envelope batches no other article uses, the remembered drops, and the saved search index's
 * list of articles to forget. Inside that transaction the saved marks are read again, so an
 * article saved between the two steps is kept. The trust state and the rollback floors (the trust
 * store) are never touched: dropping an article is a local choice, not a signed removal.
 */
import type { IDBPDatabase } from 'idb';
import { chooseEvictions, parseRetentionPolicy, retentionCutoff, widens, type EvictedMap, type RetentionArticle, type RetentionPolicy } from '../../core/sync/retention.ts';
import type { PigeonpostDB } from './schema.ts';
import { forgetInSearchRecord } from './search-record.ts';
import { savedIds } from './saved-store.ts';
import { removeArticleRows, savedKey } from './sync-store.ts';
import { writeTx } from './write-tx.ts';

const POLICY_KEY = 'retention';
const DROPPED_KEY = 'retention-dropped';

/** The stored form of the remembered drops: [id, rev, publishedMs]. */
type DroppedRow = readonly [string, number, number];

function toEvicted(v: unknown): Map<string, { rev: number; publishedMs: number }> {
  const out = new Map<string, { rev: number; publishedMs: number }>();
  if (!Array.isArray(v)) return out;
  for (const r of v) {
    if (Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'number' && typeof r[2] === 'number') out.set(r[0], { rev: r[1], publishedMs: r[2] });
  }
  return out;
}

function fromEvicted(m: EvictedMap): DroppedRow[] {
  return [...m].map(([id, e]) => [id, e.rev, e.publishedMs] as const);
}

/** The reader's policy (keep everything until they choose) and the remembered drops. */
export async function loadRetention(db: IDBPDatabase<PigeonpostDB>): Promise<{ policy: RetentionPolicy; evicted: EvictedMap }> {
  const [p, d] = await Promise.all([db.get('settings', POLICY_KEY), db.get('settings', DROPPED_KEY)]);
  return { policy: parseRetentionPolicy(p?.value) ?? { kind: 'all' }, evicted: toEvicted(d?.value) };
}

/** What retention needs of every stored article (rows hold metadata only: a cheap walk). */
export async function retentionArticles(db: IDBPDatabase<PigeonpostDB>): Promise<RetentionArticle[]> {
  const out: RetentionArticle[] = [];
  for (let c = await db.transaction('articles').store.openCursor(); c; c = await c.continue()) {
    const a = c.value;
    out.push({
      id: a.id,
      rev: a.rev,
      publishedMs: a.publishedMs,
      bytes: a.envelopeLength ?? a.envelope?.length ?? a.html?.length ?? 0,
      images: a.images.map((i) => ({ sha256: i.sha256, length: i.length })),
      ...(a.imported ? { imported: true } : {}),
    });
  }
  return out;
}

/** What one application of the policy did. */
export interface RetentionOutcome {
  readonly policy: RetentionPolicy;
  /** Ids removed from the device. */
  readonly dropped: readonly string[];
}

/**
 * Apply `policy` (the stored one when absent) at `now`; when `policy` is given it is stored in the
 * same transaction as the drop, and a wider policy forgets the remembered drops first.
 */
export async function applyRetention(db: IDBPDatabase<PigeonpostDB>, now: number, policy?: RetentionPolicy): Promise<RetentionOutcome> {
  // Compute first: reads only (no walk at all while everything is kept).
  const stored = await loadRetention(db);
  const next = policy ?? stored.policy;
  if (policy === undefined && next.kind === 'all') return { policy: next, dropped: [] };
  const [articles, saved] = await Promise.all([retentionArticles(db), savedIds(db)]);
  const forget = policy !== undefined && widens(stored.policy, policy);
  const chosen = chooseEvictions(articles, saved, next, now);
  if (chosen.length === 0 && policy === undefined) return { policy: next, dropped: [] };
  const cutoff = retentionCutoff(next, now);
  // Then write once.
  return writeTx(db, ['articles', 'envelopes', 'images', 'settings'], 'the storage setting', async (tx) => {
    const settings = tx.objectStore('settings');
    // Saved meanwhile (the page writes marks directly): kept.
    const marks = await Promise.all(chosen.map((id) => settings.getKey(savedKey(id))));
    const ids = chosen.filter((_, i) => marks[i] === undefined);
    const removed = ids.length > 0 ? await removeArticleRows(tx, ids) : [];
    const evicted = new Map(forget ? [] : stored.evicted);
    for (const a of removed) evicted.set(a.id, { rev: a.rev, publishedMs: a.publishedMs });
    // Drops older than the days window need no memory: the sync skips them by date anyway.
    if (cutoff !== undefined) for (const [id, e] of evicted) if (e.publishedMs < cutoff) evicted.delete(id);
    await Promise.all([
      policy === undefined ? undefined : settings.put({ key: POLICY_KEY, value: policy }),
      forget || removed.length > 0 ? settings.put({ key: DROPPED_KEY, value: fromEvicted(evicted) }) : undefined,
      removed.length > 0 ? forgetInSearchRecord(tx, removed.map((a) => a.id)) : undefined,
    ]);
    return { policy: next, dropped: removed.map((a) => a.id) };
  });
}
