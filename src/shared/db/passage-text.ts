/**
 * The search worker's copies of article text for passages (src/search/service.ts): the visible
 * text of each indexed article, gzip-compressed, one `settings` row per article
 * (`search-text:<id>`), tagged with the article's version key (revision and envelope hash) so a
 * changed article's old text is never shown. Reading a passage then costs one small row instead of
 * a whole stored pack (an envelope batch holds about a hundred articles and must be inflated whole).
 * The rows are derived data: the transaction that removes an article deletes its row too
 * (sync-store.ts removeArticleRows), and a missing or stale row only means the text is read from
 * the article again.
 */
import { getDb } from './open.ts';
import { writeTx } from './write-tx.ts';

const PREFIX = 'search-text:';

/** One article's stored passage text. */
export interface PassageTextRow {
  readonly id: string;
  /** The article's version key when the text was taken. */
  readonly version: string;
  /** gzip of the UTF-8 text. */
  readonly gzip: Uint8Array;
}

/** The `settings` key of an article's row (removeArticleRows deletes it with the article). */
export const passageTextKey = (id: string): string => `${PREFIX}${id}`;

/** The stored rows of `ids`, in order, read in one transaction (undefined where there is none). */
export async function loadPassageTexts(site: string, ids: readonly string[]): Promise<(PassageTextRow | undefined)[]> {
  if (ids.length === 0) return [];
  const store = (await getDb(site)).transaction('settings').store;
  const values = await Promise.all(ids.map((id) => store.get(passageTextKey(id))));
  return values.map((row, i) => {
    const v = row?.value as Partial<PassageTextRow> | undefined;
    return v && typeof v.version === 'string' && v.gzip instanceof Uint8Array ? { id: ids[i]!, version: v.version, gzip: v.gzip } : undefined;
  });
}

/** Store rows (one transaction). */
export async function savePassageTexts(site: string, rows: readonly PassageTextRow[]): Promise<void> {
  if (rows.length === 0) return;
  await writeTx(await getDb(site), ['settings'], 'the search passages', async (tx) => {
    const store = tx.objectStore('settings');
    await Promise.all(rows.map((r) => store.put({ key: passageTextKey(r.id), value: { version: r.version, gzip: r.gzip } })));
  });
}
