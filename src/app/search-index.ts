/**
 * The offline full-text index over stored articles (minisearch), built in the page from
 * IndexedDB and kept in memory; rebuilt when the stored articles change. Nothing about a search
 * ever leaves the device.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import { siteConfig } from 'virtual:pigeonpost-site';
import { getArticle, listArticles, type ArticleSummary } from '../shared/db/index.ts';
import { articleText } from './sanitize.ts';
import { normaliseTerm } from './search-terms.ts';

/** What is indexed per article. */
export interface SearchDoc {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly section: string;
  readonly author: string;
  readonly text: string;
}

/** A search hit: the stored summary plus the score. */
export interface SearchHit {
  readonly article: ArticleSummary;
  readonly score: number;
}

/** A new, empty index with the reader's settings. */
export function createIndex(): MiniSearch<SearchDoc> {
  return new MiniSearch<SearchDoc>({
    fields: ['title', 'summary', 'section', 'author', 'text'],
    storeFields: [],
    processTerm: (term) => normaliseTerm(term),
    searchOptions: {
      boost: { title: 3, summary: 1.5, section: 1.2 },
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 6 ? 0.15 : false),
      combineWith: 'AND',
    },
  });
}

/** Search `index` for `query`. */
export function runSearch(index: MiniSearch<SearchDoc>, query: string): SearchResult[] {
  return query.trim() === '' ? [] : index.search(query.trim());
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
