/**
 * The search engine: minisearch over title, summary, section, author and text, with both forms
 * of every word indexed (terms.ts: the folded exact form and the marked Snowball stem).
 *
 * A query word matches a document when
 *   - its exact form does, or, for the last word of the query (the one being typed), a longer
 *     word starting with it from the second letter on (prefix matching: «ры» finds «рынок», "co"
 *     finds "council"); prefixes shorter than {@link PREFIX_ALL_FIELDS} letters are looked for
 *     in titles and summaries only (a two-letter prefix of the body text of ten thousand
 *     articles expands to thousands of words), or
 *   - its stem does (weight {@link STEM_WEIGHT}), or a stem one edit away, for stems of
 *     {@link FUZZY_STEM_MIN}+ letters (Russian fleeting vowels, which Snowball leaves apart:
 *     «рынке» → «рынк» meets «рынок» → «рынок»), at minisearch's fuzzy weight on top.
 * Every query word must match (AND). Results are ranked first by how many query words matched
 * in their exact form (so exact matches come before stemmed ones), then by BM25 score.
 * Pure (no database, no DOM), so it is unit-tested in Node; worker.ts feeds it stored articles.
 */
import MiniSearch, { type Options, type Query, type SearchResult } from 'minisearch';
import { STEM_MARK, TermCache, tokenize } from './terms.ts';

/** What is indexed per article. */
export interface SearchDoc {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly section: string;
  readonly author: string;
  readonly text: string;
  /** BCP 47 language of the article (stored for the language filter). */
  readonly lang: string;
}

/**
 * Bump when anything here or in terms.ts changes what a term is indexed as: a saved index of
 * another version is not loaded (keeper.ts builds a new one).
 */
export const ENGINE_VERSION = 2;

/** Shortest query word that is prefix-matched. */
export const PREFIX_MIN = 2;
/** Shortest prefix looked for in every field (shorter ones: title and summary). */
export const PREFIX_ALL_FIELDS = 4;
/** Shortest stem matched one edit away. */
export const FUZZY_STEM_MIN = 4;
/** Weight of a stem match relative to an exact one. */
export const STEM_WEIGHT = 0.6;
/** Field boosts. */
const BOOST = { title: 3, summary: 1.5, section: 1.2, author: 1.2, text: 1 };
const FIELDS = ['title', 'summary', 'section', 'author', 'text'];

/** One word of a query, in both forms. */
export interface QueryWord {
  readonly exact: string;
  readonly stem: string;
}

function indexOptions(cache: TermCache): Options<SearchDoc> {
  return {
    fields: FIELDS,
    storeFields: ['section', 'lang'],
    tokenize,
    processTerm: (word) => {
      const { exact, stem } = cache.get(word);
      return [exact, STEM_MARK + stem];
    },
    searchOptions: { boost: BOOST, combineWith: 'AND', tokenize: (t) => [t], processTerm: (t) => t },
  };
}

const sharedCache = new TermCache();

/** A new, empty index with the reader's settings. */
export function createIndex(): MiniSearch<SearchDoc> {
  return new MiniSearch<SearchDoc>(indexOptions(sharedCache));
}

/** An index saved with `JSON.stringify(index)`; throws on anything minisearch cannot load. */
export function loadIndex(json: string): MiniSearch<SearchDoc> {
  return MiniSearch.loadJSON<SearchDoc>(json, indexOptions(sharedCache));
}

/** The words of a query, each once, in both forms. */
export function queryWords(query: string): QueryWord[] {
  const seen = new Set<string>();
  const out: QueryWord[] = [];
  for (const w of tokenize(query)) {
    const t = sharedCache.get(w);
    if (seen.has(t.exact)) continue;
    seen.add(t.exact);
    out.push(t);
  }
  return out;
}

function wordQuery(w: QueryWord, last: boolean): Query {
  const prefix = last && w.exact.length >= PREFIX_MIN;
  const exact: Query[] = [{ queries: [w.exact], prefix: false, fuzzy: false }];
  if (prefix) exact.push({ queries: [w.exact], prefix: true, fuzzy: false, ...(w.exact.length < PREFIX_ALL_FIELDS ? { fields: ['title', 'summary'] } : {}) });
  return {
    combineWith: 'OR',
    queries: [
      ...exact,
      { queries: [STEM_MARK + w.stem], prefix: false, fuzzy: w.stem.length >= FUZZY_STEM_MIN ? 1 : false, boostTerm: () => STEM_WEIGHT },
    ],
  };
}

/** A ranked hit. */
export interface RankedHit {
  readonly id: string;
  readonly score: number;
  /** Query words matched in their exact form (or as a prefix of a word). */
  readonly exactWords: number;
  /** Whether every query word matched in its exact form. */
  readonly allExact: boolean;
  /** Document terms that matched (exact forms and marked stems), for highlighting. */
  readonly terms: readonly string[];
  readonly section: string;
  readonly lang: string;
}

/** Every document matching all words of `query`, best first (see the module comment). */
export function rank(index: MiniSearch<SearchDoc>, query: string): RankedHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const results: SearchResult[] = index.search({ combineWith: 'AND', queries: words.map((w, i) => wordQuery(w, i === words.length - 1)) });
  const hits = results.map((r): RankedHit => {
    const exact = r.terms.filter((t) => !t.startsWith(STEM_MARK));
    const exactWords = words.filter((w) => exact.some((t) => t.startsWith(w.exact))).length;
    return {
      id: String(r.id),
      score: r.score,
      exactWords,
      allExact: exactWords === words.length,
      terms: r.terms,
      section: String(r['section'] ?? ''),
      lang: String(r['lang'] ?? ''),
    };
  });
  return hits.sort((a, b) => b.exactWords - a.exactWords || b.score - a.score);
}
