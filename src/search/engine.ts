/**
 * The search engine: queries over the inverted index (inverted-index.ts), which holds the exact
 * (folded) forms of title, summary, section, author and body text, each with its Snowball stem.
 *
 * A query word matches a document when one of these forms occurs in it:
 *   - its exact form (weight 1);
 *   - for the last word of the query (the one being typed), a longer form starting with it, from
 *     the second letter on (prefix matching: «ры» finds «рынок», "co" finds "council"), weight
 *     {@link PREFIX_WEIGHT}; prefixes shorter than {@link PREFIX_ALL_FIELDS} letters are looked
 *     for in the head fields only (a two-letter prefix of the body text of ten thousand articles
 *     expands to thousands of words);
 *   - a form of the same stem (weight {@link STEM_WEIGHT}), or of a stem one edit away, for stems
 *     of {@link FUZZY_STEM_MIN}+ letters (Russian fleeting vowels, which Snowball leaves apart:
 *     «рынке» → «рынк» meets «рынок» → «рынок»), weight {@link FUZZY_WEIGHT}; never for numbers
 *     («1100» does not find «1101»).
 * Every query word must match (AND). Each matching form scores BM25 in the head and in the body
 * (a form counted once per word, at its best weight). Results are ranked first by how many query
 * words matched in their exact form or as a prefix (so exact matches come before stemmed ones),
 * then by score.
 * Pure (no database, no DOM), so it is unit-tested in Node; service.ts feeds it stored articles.
 */
import { BODY, HEAD, HEAD_UNIT, InvertedIndex, type Group } from './inverted-index.ts';
import { TermCache, tokenize } from './terms.ts';

export { InvertedIndex, type SearchDoc } from './inverted-index.ts';

/**
 * Bump when anything here, in inverted-index.ts or in terms.ts changes what a term is indexed
 * as or how the index is saved: a saved index of another version is not loaded (keeper.ts builds
 * a new one).
 */
export const ENGINE_VERSION = 3;

/** Shortest query word that is prefix-matched. */
export const PREFIX_MIN = 2;
/** Shortest prefix looked for in every field (shorter ones: the head fields). */
export const PREFIX_ALL_FIELDS = 4;
/** Shortest stem matched one edit away. */
export const FUZZY_STEM_MIN = 4;
/** Weights of a prefix, a stem and a near-stem match relative to an exact one. */
export const PREFIX_WEIGHT = 0.5;
export const STEM_WEIGHT = 0.6;
export const FUZZY_WEIGHT = 0.3;
/** BM25 parameters. */
const K1 = 1.2;
const B = 0.7;

/** One word of a query, in both forms. */
export interface QueryWord {
  readonly exact: string;
  readonly stem: string;
}

const cache = new TermCache();

/** A new, empty index. */
export function createIndex(): InvertedIndex {
  return new InvertedIndex();
}

/** The words of a query, each once, in both forms. */
export function queryWords(query: string): QueryWord[] {
  const seen = new Set<string>();
  const out: QueryWord[] = [];
  for (const w of tokenize(query)) {
    const t = cache.get(w);
    if (seen.has(t.exact)) continue;
    seen.add(t.exact);
    out.push(t);
  }
  return out;
}

/** A ranked hit. */
export interface RankedHit {
  readonly id: string;
  readonly score: number;
  /** Query words matched in their exact form (or as a prefix of a word). */
  readonly exactWords: number;
  /** Whether every query word matched in its exact form. */
  readonly allExact: boolean;
  readonly section: string;
  readonly lang: string;
}

/** The hits of a query and the forms that matched, for highlighting. */
export interface Ranking {
  readonly hits: RankedHit[];
  /** Exact forms that matched in the head fields, and in the body text. */
  readonly head: ReadonlySet<string>;
  readonly body: ReadonlySet<string>;
}

/** A form that can match a query word in one group: its weight and whether it counts as exact. */
interface Match {
  weight: number;
  exact: boolean;
}

/** Forms matching `w` in `group` (see the module comment). */
function matches(index: InvertedIndex, w: QueryWord, last: boolean, group: Group): Map<number, Match> {
  const out = new Map<number, Match>();
  const offer = (t: number, weight: number, exact: boolean) => {
    if (index.postingsOf(group, t).length === 0) return;
    const m = out.get(t);
    if (!m) out.set(t, { weight, exact });
    else if (weight > m.weight) Object.assign(m, { weight, exact: exact || m.exact });
  };
  const t = index.termOf(w.exact);
  if (t !== undefined) offer(t, 1, true);
  if (last && w.exact.length >= PREFIX_MIN && (group === HEAD || w.exact.length >= PREFIX_ALL_FIELDS)) {
    for (const p of index.termsWithPrefix(w.exact)) if (p !== t) offer(p, PREFIX_WEIGHT, true);
  }
  for (const s of index.termsOfStem(w.stem)) offer(s, STEM_WEIGHT, false);
  if (w.stem.length >= FUZZY_STEM_MIN && !/\p{N}/u.test(w.stem)) {
    for (const near of index.stemsNear(w.stem)) for (const s of index.termsOfStem(near)) offer(s, FUZZY_WEIGHT, false);
  }
  return out;
}

/** Every document matching all words of `query`, best first (see the module comment). */
export function rank(index: InvertedIndex, query: string): Ranking {
  const words = queryWords(query);
  const head = new Set<string>();
  const body = new Set<string>();
  if (words.length === 0) return { hits: [], head, body };
  const n = index.capacity;
  const live = Math.max(1, index.documentCount);
  const total = new Float64Array(n);
  const matched = new Uint16Array(n);
  const exactWords = new Uint16Array(n);
  const score = new Float64Array(n);
  const exact = new Uint8Array(n);
  words.forEach((w, wi) => {
    score.fill(0);
    exact.fill(0);
    for (const group of [HEAD, BODY]) {
      const avg = index.averageLength(group);
      const unit = group === HEAD ? HEAD_UNIT : 1;
      for (const [t, m] of matches(index, w, wi === words.length - 1, group)) {
        const list = index.postingsOf(group, t);
        const idf = Math.log(1 + (live - list.length + 0.5) / (list.length + 0.5));
        let any = false;
        for (let i = 0; i < list.length; i++) {
          const p = list[i]!;
          const doc = p >>> 8;
          // Every earlier word must have matched (AND); gone documents are skipped.
          if (matched[doc] !== wi || index.docId(doc) === '') continue;
          const tf = (p & 255) / unit;
          const norm = K1 * (1 - B + (B * index.docLength(group, doc)) / avg);
          score[doc]! += m.weight * idf * ((tf * (K1 + 1)) / (tf + norm));
          if (m.exact) exact[doc] = 1;
          any = true;
        }
        if (any) (group === HEAD ? head : body).add(index.termText(t));
      }
    }
    for (let d = 0; d < n; d++) {
      if (score[d]! > 0 && matched[d] === wi) {
        matched[d]!++;
        total[d]! += score[d]!;
        exactWords[d]! += exact[d]!;
      }
    }
  });
  const hits: RankedHit[] = [];
  for (let d = 0; d < n; d++) {
    if (matched[d] !== words.length) continue;
    hits.push({ id: index.docId(d), score: total[d]!, exactWords: exactWords[d]!, allExact: exactWords[d] === words.length, section: index.docSection(d), lang: index.docLang(d) });
  }
  hits.sort((a, b) => b.exactWords - a.exactWords || b.score - a.score);
  return { hits, head, body };
}
