/**
 * The search engine: minisearch with the reader's field weights and en/ru term normalisation.
 * Pure (no database), so it is unit-tested in Node; search-index.ts feeds it stored articles.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
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

