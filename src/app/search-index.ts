/**
 * The offline full-text index over stored articles (minisearch), built in the page from
 * IndexedDB and kept in memory; rebuilt when the stored articles change. Nothing about a search
 * ever leaves the device.
 */
import type MiniSearch from 'minisearch';
import { siteConfig } from 'virtual:pigeonpost-site';
import { getArticle, listArticles, type ArticleSummary } from '../shared/db/index.ts';
import { articleText } from './sanitize.ts';
import { createIndex, runSearch, type SearchDoc } from './search-engine.ts';

/** A search hit: the stored summary plus the score. */
export interface SearchHit {
  readonly article: ArticleSummary;
  readonly score: number;
}

let cached: { version: number; index: MiniSearch<SearchDoc>; byId: Map<string, ArticleSummary> } | undefined;
let building: { version: number; promise: Promise<NonNullable<typeof cached>> } | undefined;

async function build(version: number): Promise<NonNullable<typeof cached>> {
  const index = createIndex();
  const list = await listArticles(siteConfig.id, { limit: Number.MAX_SAFE_INTEGER });
  const byId = new Map(list.map((a) => [a.id, a]));
  const BATCH = 20;
  for (let i = 0; i < list.length; i += BATCH) {
    const docs = await Promise.all(
      list.slice(i, i + BATCH).map(async (s): Promise<SearchDoc> => {
        const full = await getArticle(siteConfig.id, s.id);
        return { id: s.id, title: s.title, summary: s.summary, section: s.section, author: s.author ?? '', text: full ? articleText(full.html) : '' };
      }),
    );
    index.addAll(docs);
  }
  return { version, index, byId };
}

/** Search the stored articles; `version` is appState.articlesVersion (a change rebuilds the index). */
export async function searchStored(query: string, version: number): Promise<SearchHit[]> {
  if (!cached || cached.version !== version) {
    if (!building || building.version !== version) building = { version, promise: build(version) };
    cached = await building.promise;
  }
  const { index, byId } = cached;
  return runSearch(index, query).flatMap((r) => {
    const article = byId.get(String(r.id));
    return article ? [{ article, score: r.score }] : [];
  });
}

/** Forget the index (ERASE_ALL). */
export function dropSearchIndex(): void {
  cached = undefined;
  building = undefined;
}
