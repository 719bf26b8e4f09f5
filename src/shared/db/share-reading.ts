/**
 * What the page reads to make a share file (format.md §7): stored articles with their exact
 * envelopes, their pictures, and the trust state's root chain and signed manifest.
 */
import type { ImageRecord, TrustRecord } from '../../core/sync/store.ts';
import { getDb } from './open.ts';
import { getArticle, type ReadableArticle } from './reading.ts';

/** The stored material for sharing `ids` (missing ids are left out). */
export async function loadShareSources(site: string, ids: readonly string[]): Promise<{ articles: ReadableArticle[]; images: Map<string, ImageRecord>; trust: TrustRecord | undefined }> {
  const db = await getDb(site);
  const articles: ReadableArticle[] = [];
  for (const id of ids) {
    const a = await getArticle(site, id);
    if (a) articles.push(a);
  }
  const images = new Map<string, ImageRecord>();
  for (const sha of new Set(articles.flatMap((a) => a.imageShas))) {
    const img = await db.get('images', sha);
    if (img) images.set(sha, img);
  }
  return { articles, images, trust: await db.get('trust', site) };
}

/** Ids of the stored articles of `section` (all sections when undefined), newest first. */
export async function articleIdsOf(site: string, section?: string): Promise<string[]> {
  const db = await getDb(site);
  const range = section === undefined ? undefined : IDBKeyRange.bound([section, -Infinity, ''], [section, Infinity, '\uffff']);
  const rows = section === undefined ? await db.getAllFromIndex('articles', 'by-published') : await db.getAllFromIndex('articles', 'by-section', range);
  return rows.reverse().map((r) => r.id);
}
