/**
 * format.md §5 step 4: download, verify and store the packs that hold articles the store lacks,
 * a few at a time. Each pack is verified completely before its single write transaction; a pack
 * that no mirror serves intact is reported and the others still go in (the next run resumes).
 */
import { isPigeonError } from '../errors.ts';
import { objectPath } from '../format/common.ts';
import type { IndexEntry } from '../format/index-segment.ts';
import { openObject } from '../trust/object.ts';
import { openPack } from '../trust/pack.ts';
import type { IndexView } from '../trust/index-view.ts';
import type { SyncSession } from './session.ts';
import type { ArticleRecord, SyncStore } from './store.ts';

type SyncError = { mirror?: string; code: string; message: string };

/** Fetch and store every planned pack; returns the errors of packs that could not be stored. */
export async function fetchPacks(
  session: SyncSession,
  store: SyncStore,
  view: IndexView,
  plan: ReadonlyMap<string, IndexEntry[]>,
  site: string,
  onStored: (ids: readonly string[]) => void,
): Promise<SyncError[]> {
  const queue = [...plan.entries()];
  const errors: SyncError[] = [];
  const report = (sha: string, e: unknown): void => {
    const list = isPigeonError(e, 'ALL_MIRRORS_FAILED') && Array.isArray(e.detail?.['errors']) ? (e.detail['errors'] as SyncError[]) : [{ code: isPigeonError(e) ? e.code : 'INTERNAL', message: (e as Error).message }];
    errors.push(...list.map((x) => ({ ...x, message: `pack ${sha.slice(0, 12)}: ${x.message}` })));
  };
  // Writes in flight; each settles (never rejects) and all are awaited before this returns.
  const writes: Promise<void>[] = [];
  const worker = async (): Promise<void> => {
    // One pack being written while the next is fetched and verified: the worker thread decodes
    // while IndexedDB commits, instead of waiting for every commit.
    let writing: Promise<void> | undefined;
    for (let job = queue.shift(); job; job = queue.shift()) {
      const [sha, wanted] = job;
      const pin = view.packs.get(sha)!;
      try {
        session.checkAborted();
        const { value } = await session.fromAny(objectPath(sha), { maxBytes: pin.length, expectedLength: pin.length }, async (gzip) => {
          const content = await openObject(gzip, pin, `pack ${sha.slice(0, 12)}`);
          return { ...(await openPack(content, wanted, site, `pack ${sha.slice(0, 12)}`, { hashEnvelopes: false })), pack: { gzip, content } };
        }, { gateways: true });
        const storedAt = Date.now();
        const pins = new Map(wanted.map((e) => [e.id, e.envelope.sha256]));
        const records: ArticleRecord[] = value.articles.map(({ article, envelope }) => {
          const { html, images, lead, source, ...meta } = article;
          const envelopeSha256 = pins.get(article.id);
          return { ...meta, html, images, envelope, storedAt, ...(envelopeSha256 === undefined ? {} : { envelopeSha256 }), ...(lead === undefined ? {} : { lead }), ...(source === undefined ? {} : { source }) };
        });
        // Verified completely above; the store opens its one transaction for this pack now.
        await writing;
        writing = store
          .putArticles(records, value.images, value.pack)
          .then(() => onStored(records.map((r) => r.id)))
          .catch((e: unknown) => report(sha, e));
        writes.push(writing);
      } catch (e) {
        if (isPigeonError(e, 'ABORTED')) throw e;
        report(sha, e);
      }
    }
  };
  const n = Math.max(1, Math.min(session.limits.maxConcurrentTotal, queue.length));
  try {
    await Promise.all(Array.from({ length: n }, worker));
  } finally {
    // Even when the run is cancelled, no write outlives it.
    await Promise.all(writes);
  }
  return errors;
}
