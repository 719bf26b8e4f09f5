/**
 * The IndexedDB side of the import pipeline (src/core/share/import.ts, format.md §7.4): ONE
 * readwrite transaction per import, opened only after every story was verified, that compares each
 * candidate with the row stored at that moment and writes what is new or newer, with its pictures.
 * Nothing but IndexedDB requests is awaited inside it (write-tx.ts); the trust state is not touched.
 *
 * Decisions inside the transaction, per candidate (stored row `old`):
 * - no row: added (marked `imported`, and `archived` for archive copies);
 * - archive candidate over any row that is not an archive copy: kept out (expired-ignored when it
 *   is newer, else same / older), so expired keys never move a revision floor;
 * - otherwise by revision: higher replaces (replaced), equal is same, lower is older. An archive row
 *   is replaced by a verified, non-archive copy of the same revision too (reported as same).
 */
import { unwrap, type IDBPDatabase } from 'idb';
import type { ImportCandidate, ImportStore, StoredStatus } from '../../core/share/import.ts';
import type { TrustRecord } from '../../core/sync/store.ts';
import { getDb } from './open.ts';
import type { PigeonpostDB, StoredArticle } from './schema.ts';
import { collect, collectors, envelopeBatch, ownBytes, toStoredArticle } from './sync-store.ts';
import { requestResult, writeTx } from './write-tx.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What to do with one candidate given the stored row. */
export function decide(old: Pick<StoredArticle, 'rev' | 'archived'> | undefined, c: Pick<ImportCandidate, 'archived'> & { rev: number }): { status: StoredStatus; write: boolean } {
  if (!old) return { status: 'added', write: true };
  if (c.archived && !old.archived) {
    return { status: c.rev > old.rev ? 'expired-ignored' : c.rev === old.rev ? 'same' : 'older', write: false };
  }
  if (c.rev > old.rev) return { status: 'replaced', write: true };
  if (c.rev === old.rev) return { status: 'same', write: Boolean(old.archived && !c.archived) };
  return { status: 'older', write: false };
}

/** ImportStore over the reader database of one site. */
export class IdbImportStore implements ImportStore {
  readonly site: string;
  private readonly open: () => Promise<IDBPDatabase<PigeonpostDB>>;

  constructor(site: string, open?: () => Promise<IDBPDatabase<PigeonpostDB>>) {
    this.site = site;
    this.open = open ?? (() => getDb(site));
  }

  async loadTrust(): Promise<TrustRecord | undefined> {
    return (await this.open()).get('trust', this.site);
  }

  async commitImport(candidates: readonly ImportCandidate[]): Promise<readonly { status: StoredStatus; storedRev?: number }[]> {
    // Everything that can throw outside IndexedDB happens before the transaction opens.
    const rows = candidates.map((c) => {
      const row = toStoredArticle({ ...c.record, site: this.site }) as Mutable<StoredArticle>;
      row.imported = 1;
      if (c.archived) row.archived = 1;
      return { row, envelope: c.record.envelope, archived: c.archived };
    });
    const imageRows = candidates.map((c) => c.images.map((i) => ({ sha256: i.sha256, type: i.type, bytes: ownBytes(i.bytes) })));
    return writeTx(await this.open(), ['articles', 'envelopes', 'images'], `${rows.length} shared stor${rows.length === 1 ? 'y' : 'ies'}`, async (wrapped) => {
      const tx = unwrap(wrapped) as unknown as IDBTransaction;
      const store = tx.objectStore('articles');
      const imageStore = tx.objectStore('images');
      const existing = (await Promise.all(rows.map((r) => requestResult(store.get(r.row.id))))) as (StoredArticle | undefined)[];
      const decisions = rows.map((r, i) => decide(existing[i], { rev: r.row.rev, archived: r.archived }));
      const fresh = rows.filter((_, i) => decisions[i]!.write);
      const orphanImages: string[] = [];
      const orphanBatches: number[] = [];
      if (fresh.length > 0) {
        const { record, at } = envelopeBatch(fresh.map((r) => r.envelope));
        const key = (await requestResult(tx.objectStore('envelopes').add(record))) as number;
        fresh.forEach(({ row, envelope }, i) => {
          row.envelopeIn = key;
          row.envelopeAt = at[i]!;
          row.envelopeLength = envelope.length;
          store.put(row);
        });
      }
      rows.forEach((r, i) => {
        const old = existing[i];
        if (!decisions[i]!.write || !old) return;
        orphanImages.push(...old.imageShas.filter((s) => !r.row.imageShas.includes(s)));
        if (old.envelopeIn !== undefined) orphanBatches.push(old.envelopeIn);
      });
      // Pictures of the stories written (content-addressed: an existing one is the same bytes).
      const wanted = new Map<string, (typeof imageRows)[number][number]>();
      rows.forEach((_, i) => {
        if (decisions[i]!.write) for (const img of imageRows[i]!) wanted.set(img.sha256, img);
      });
      const present = await Promise.all([...wanted.keys()].map((k) => requestResult(imageStore.getKey(k))));
      [...wanted.values()].forEach((img, i) => {
        if (present[i] === undefined) imageStore.put(img);
      });
      const gc = collectors(tx);
      await Promise.all([collect(gc.images, orphanImages), collect(gc.envelopes, orphanBatches)]);
      return decisions.map((d, i) => ({ status: d.status, ...(existing[i] ? { storedRev: existing[i]!.rev } : {}) }));
    });
  }
}
