/**
 * The offline search's inverted index, compact enough for ten thousand articles of natural text.
 *
 * - The dictionary holds each distinct exact (folded) form once, with its Snowball stem
 *   (terms.ts). Postings are kept per exact form only: the articles of a stem are the union of
 *   the postings of its forms, so stemming costs no postings at all, and an exact match is known
 *   by the form that matched.
 * - Two posting lists per form: the head (title, summary, section, author, each occurrence
 *   weighted by its field's boost) and the body. Short prefixes are looked up in the head only.
 * - A posting is one small integer, `document × 256 + weight` (weight capped at 255), in document
 *   order. Documents are numbered as they are added; a discarded one is only marked gone, and
 *   the lists are compacted (renumbered, emptied forms dropped) when a quarter of the numbers
 *   are gone, and before every save.
 * - Saved as typed arrays (delta- and varint-coded postings) and two newline-joined strings, so
 *   IndexedDB stores it by structured clone without any JSON, and loading is one decoding pass.
 * Pure (no database, no DOM): unit-tested in Node.
 */
import { TermCache, tokenize } from './terms.ts';

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

/** Which posting list: the head fields or the body text. */
export type Group = 0 | 1;
export const HEAD: Group = 0;
export const BODY: Group = 1;

/**
 * Weight of one occurrence in a head field, in fifths (title 3, summary 1.5, section and author
 * 1.2); a body occurrence counts 1 in its own list.
 */
export const HEAD_WEIGHTS: readonly (readonly ['title' | 'summary' | 'section' | 'author', number])[] = [
  ['title', 15],
  ['summary', 7],
  ['section', 6],
  ['author', 6],
];
/** Divisor that turns a head weight back into a boosted term frequency. */
export const HEAD_UNIT = 5;
const MAX_WEIGHT = 255;
/** Document numbers stay below this, so a posting is a small integer (compaction renumbers). */
const MAX_DOC_NUMBER = 1 << 22;
/** Gone document numbers that trigger a compaction (and at least a quarter of all numbers). */
const COMPACT_MIN_GONE = 500;

/** A saved index failed its checks. */
export class SearchIndexError extends Error {
  override readonly name = 'SearchIndexError';
  constructor(
    readonly code: 'damaged' | 'too-many-documents',
    message: string,
  ) {
    super(message);
  }
}

/** The saved form (structured-cloneable; see the module comment). */
export interface SavedIndexData {
  readonly format: 1;
  readonly ids: readonly string[];
  readonly sections: readonly string[];
  readonly langs: readonly string[];
  /** Words in the head and in the body, per document. */
  readonly headLen: Uint32Array;
  readonly bodyLen: Uint32Array;
  /** Exact forms, newline-joined, in term order. */
  readonly terms: string;
  /** Stem number of each term. */
  readonly termStem: Uint32Array;
  /** Term numbers in the dictionary's sorted order (for prefixes). */
  readonly order: Uint32Array;
  /** Stems, newline-joined. */
  readonly stems: string;
  /** Per term in order: posting count, then (document delta, weight) pairs, all varints. */
  readonly head: Uint8Array;
  readonly body: Uint8Array;
}

/** Approximate stored size of a saved index: its typed arrays, plus two bytes per string character. */
export function savedBytes(d: SavedIndexData): number {
  let chars = d.terms.length + d.stems.length;
  for (const list of [d.ids, d.sections, d.langs]) for (const s of list) chars += s.length;
  return d.headLen.byteLength + d.bodyLen.byteLength + d.termStem.byteLength + d.order.byteLength + d.head.byteLength + d.body.byteLength + 2 * chars;
}

/** A term's postings: an array while it grows, a view of the loaded buffer until it does. */
type Postings = number[] | Int32Array;

const cache = new TermCache();

/** The index. */
export class InvertedIndex {
  private ids: string[] = [];
  private nums = new Map<string, number>();
  private sections: string[] = [];
  private langs: string[] = [];
  private lens: [number[], number[]] = [[], []];
  private totals: [number, number] = [0, 0];
  private live = 0;
  private terms: string[] = [];
  private termIds = new Map<string, number>();
  private termStem: number[] = [];
  private postings: [Postings[], Postings[]] = [[], []];
  private stems: string[] = [];
  private stemIds = new Map<string, number>();
  private stemTerms: number[][] = [];
  private byLength = new Map<number, number[]>();
  private sorted: Int32Array = new Int32Array(0);
  private unsorted: number[] = [];

  /** Documents in the index. */
  get documentCount(): number {
    return this.live;
  }

  /** One past the highest document number (the size of per-document arrays in a query). */
  get capacity(): number {
    return this.ids.length;
  }

  /** Distinct exact forms. */
  get termCount(): number {
    return this.terms.length;
  }

  /** Whether `id` is indexed. */
  has(id: string): boolean {
    return this.nums.has(id);
  }

  /** Index `doc` (replacing an earlier version of the same id). */
  add(doc: SearchDoc): void {
    this.discard(doc.id);
    if (this.ids.length >= MAX_DOC_NUMBER) this.compact();
    if (this.ids.length >= MAX_DOC_NUMBER) throw new SearchIndexError('too-many-documents', `the search index holds at most ${MAX_DOC_NUMBER} documents`);
    const num = this.ids.length;
    const head = new Map<number, number>();
    let headLen = 0;
    for (const [field, weight] of HEAD_WEIGHTS) {
      for (const word of tokenize(doc[field])) {
        const t = this.term(word);
        head.set(t, (head.get(t) ?? 0) + weight);
        headLen++;
      }
    }
    const body = new Map<number, number>();
    let bodyLen = 0;
    for (const word of tokenize(doc.text)) {
      const t = this.term(word);
      body.set(t, (body.get(t) ?? 0) + 1);
      bodyLen++;
    }
    for (const [t, w] of head) this.push(HEAD, t, num * 256 + Math.min(MAX_WEIGHT, w));
    for (const [t, w] of body) this.push(BODY, t, num * 256 + Math.min(MAX_WEIGHT, w));
    this.ids.push(doc.id);
    this.nums.set(doc.id, num);
    this.sections.push(doc.section);
    this.langs.push(doc.lang);
    this.lens[HEAD].push(headLen);
    this.lens[BODY].push(bodyLen);
    this.totals[HEAD] += headLen;
    this.totals[BODY] += bodyLen;
    this.live++;
  }

  /** Index every document of `docs`. */
  addAll(docs: Iterable<SearchDoc>): void {
    for (const d of docs) this.add(d);
  }

  /** Remove `id`; returns whether it was indexed. */
  discard(id: string): boolean {
    const num = this.nums.get(id);
    if (num === undefined) return false;
    this.nums.delete(id);
    this.ids[num] = '';
    this.totals[HEAD] -= this.lens[HEAD][num]!;
    this.totals[BODY] -= this.lens[BODY][num]!;
    this.live--;
    const gone = this.ids.length - this.live;
    if (gone >= COMPACT_MIN_GONE && gone * 4 >= this.ids.length) this.compact();
    return true;
  }

  // ---- reads for queries (engine.ts) ----

  /** The id of document `num`, or '' when it is gone. */
  docId(num: number): string {
    return this.ids[num] ?? '';
  }
  docSection(num: number): string {
    return this.sections[num] ?? '';
  }
  docLang(num: number): string {
    return this.langs[num] ?? '';
  }
  /** Words of document `num` in `group`. */
  docLength(group: Group, num: number): number {
    return this.lens[group][num] ?? 0;
  }
  /** Average words per live document in `group` (at least 1). */
  averageLength(group: Group): number {
    return this.live === 0 ? 1 : Math.max(1, this.totals[group] / this.live);
  }
  /** The postings of term `t` in `group` (`document × 256 + weight`, gone documents included). */
  postingsOf(group: Group, t: number): ArrayLike<number> {
    return this.postings[group][t] ?? [];
  }
  /** The exact form of term `t`. */
  termText(t: number): string {
    return this.terms[t] ?? '';
  }
  /** The term number of an exact form. */
  termOf(exact: string): number | undefined {
    return this.termIds.get(exact);
  }
  /** Terms whose stem is `stem`. */
  termsOfStem(stem: string): readonly number[] {
    const s = this.stemIds.get(stem);
    return s === undefined ? [] : this.stemTerms[s]!;
  }

  /** Stems one edit (insertion, deletion or substitution) away from `stem`, not `stem` itself. */
  stemsNear(stem: string): string[] {
    const out: string[] = [];
    for (let len = stem.length - 1; len <= stem.length + 1; len++) {
      for (const s of this.byLength.get(len) ?? []) {
        const other = this.stems[s]!;
        if (other !== stem && withinOneEdit(stem, other)) out.push(other);
      }
    }
    return out;
  }

  /** Terms that start with `prefix` (the prefix itself included), in dictionary order. */
  *termsWithPrefix(prefix: string): Generator<number> {
    this.prepare();
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[sorted[mid]!]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length; i++) {
      const t = sorted[i]!;
      if (!this.terms[t]!.startsWith(prefix)) return;
      yield t;
    }
  }

  /** Bring the dictionary's sorted order up to date (done on first prefix lookup otherwise). */
  prepare(): void {
    if (this.unsorted.length === 0) return;
    const terms = this.terms;
    const cmp = (a: number, b: number) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0);
    const fresh = this.unsorted.sort(cmp);
    this.unsorted = [];
    const old = this.sorted;
    const merged = new Int32Array(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < fresh.length) merged[k++] = cmp(old[i]!, fresh[j]!) <= 0 ? old[i++]! : fresh[j++]!;
    while (i < old.length) merged[k++] = old[i++]!;
    while (j < fresh.length) merged[k++] = fresh[j++]!;
    this.sorted = merged;
  }

  // ---- saving and loading ----

  /** The saved form (compacts first: nothing gone is saved). */
  save(): SavedIndexData {
    this.compact();
    return {
      format: 1,
      ids: [...this.ids],
      sections: [...this.sections],
      langs: [...this.langs],
      headLen: Uint32Array.from(this.lens[HEAD]),
      bodyLen: Uint32Array.from(this.lens[BODY]),
      terms: this.terms.join('\n'),
      termStem: Uint32Array.from(this.termStem),
      order: Uint32Array.from(this.sorted),
      stems: this.stems.join('\n'),
      head: encodePostings(this.postings[HEAD]),
      body: encodePostings(this.postings[BODY]),
    };
  }

  /** An index from its saved form; throws {@link SearchIndexError} `damaged` on anything amiss. */
  static fromSaved(v: unknown): InvertedIndex {
    const d = checkSaved(v);
    const n = d.ids.length;
    const terms = d.terms === '' ? [] : d.terms.split('\n');
    const stems = d.stems === '' ? [] : d.stems.split('\n');
    if (d.termStem.length !== terms.length) throw damaged('term and stem counts differ');
    const x = new InvertedIndex();
    for (let i = 0; i < n; i++) {
      const id = d.ids[i]!;
      if (id === '' || x.nums.has(id)) throw damaged('an empty or repeated document id');
      x.nums.set(id, i);
    }
    x.ids = [...d.ids];
    x.sections = [...d.sections];
    x.langs = [...d.langs];
    x.lens = [Array.from(d.headLen), Array.from(d.bodyLen)];
    x.totals = [x.lens[HEAD].reduce((a, b) => a + b, 0), x.lens[BODY].reduce((a, b) => a + b, 0)];
    x.live = n;
    x.stems = stems;
    x.stemTerms = stems.map(() => []);
    stems.forEach((s, i) => {
      if (x.stemIds.has(s)) throw damaged('a repeated stem');
      x.stemIds.set(s, i);
      x.byLength.get(s.length)?.push(i) ?? x.byLength.set(s.length, [i]);
    });
    x.terms = terms;
    terms.forEach((t, i) => {
      if (x.termIds.has(t)) throw damaged('a repeated term');
      x.termIds.set(t, i);
      const s = d.termStem[i]!;
      if (s >= stems.length) throw damaged('a term of no stem');
      x.termStem.push(s);
      x.stemTerms[s]!.push(i);
    });
    if (d.order.length !== terms.length) throw damaged('the sorted order misses terms');
    const seen = new Uint8Array(terms.length);
    for (let i = 0; i < d.order.length; i++) {
      const t = d.order[i]!;
      if (t >= terms.length || seen[t] || (i > 0 && terms[d.order[i - 1]!]! >= terms[t]!)) throw damaged('the sorted order is wrong');
      seen[t] = 1;
    }
    x.sorted = Int32Array.from(d.order);
    x.postings = [decodePostings(d.head, terms.length, n), decodePostings(d.body, terms.length, n)];
    return x;
  }

  // ---- internals ----

  private term(word: string): number {
    const { exact, stem } = cache.get(word);
    let t = this.termIds.get(exact);
    if (t !== undefined) return t;
    t = this.terms.length;
    this.terms.push(exact);
    this.termIds.set(exact, t);
    this.termStem.push(this.stem(stem));
    this.stemTerms[this.termStem[t]!]!.push(t);
    this.postings[HEAD].push([]);
    this.postings[BODY].push([]);
    this.unsorted.push(t);
    return t;
  }

  private stem(stem: string): number {
    let s = this.stemIds.get(stem);
    if (s !== undefined) return s;
    s = this.stems.length;
    this.stems.push(stem);
    this.stemIds.set(stem, s);
    this.stemTerms.push([]);
    this.byLength.get(stem.length)?.push(s) ?? this.byLength.set(stem.length, [s]);
    return s;
  }

  private push(group: Group, t: number, posting: number): void {
    let list = this.postings[group][t]!;
    if (!Array.isArray(list)) this.postings[group][t] = list = Array.from(list);
    list.push(posting);
  }

  /** Renumber live documents from 0, drop gone postings and forms left with none. */
  private compact(): void {
    if (this.live === this.ids.length) return;
    const renum = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const sections: string[] = [];
    const langs: string[] = [];
    const lens: [number[], number[]] = [[], []];
    this.ids.forEach((id, i) => {
      if (id === '') return;
      renum[i] = ids.length;
      ids.push(id);
      sections.push(this.sections[i]!);
      langs.push(this.langs[i]!);
      lens[HEAD].push(this.lens[HEAD][i]!);
      lens[BODY].push(this.lens[BODY][i]!);
    });
    const oldTerms = this.terms;
    const oldStem = this.termStem;
    const oldStems = this.stems;
    const oldPostings = this.postings;
    this.ids = ids;
    this.nums = new Map(ids.map((id, i) => [id, i]));
    this.sections = sections;
    this.langs = langs;
    this.lens = lens;
    this.terms = [];
    this.termIds = new Map();
    this.termStem = [];
    this.postings = [[], []];
    this.stems = [];
    this.stemIds = new Map();
    this.stemTerms = [];
    this.byLength = new Map();
    this.sorted = new Int32Array(0);
    this.unsorted = [];
    for (let t = 0; t < oldTerms.length; t++) {
      const kept: [number[], number[]] = [[], []];
      for (const g of [HEAD, BODY]) {
        const list = oldPostings[g][t]!;
        for (let i = 0; i < list.length; i++) {
          const p = list[i]!;
          const to = renum[p >>> 8]!;
          if (to >= 0) kept[g].push(to * 256 + (p & 255));
        }
      }
      if (kept[HEAD].length === 0 && kept[BODY].length === 0) continue;
      const nt = this.terms.length;
      this.terms.push(oldTerms[t]!);
      this.termIds.set(oldTerms[t]!, nt);
      this.termStem.push(this.stem(oldStems[oldStem[t]!]!));
      this.stemTerms[this.termStem[nt]!]!.push(nt);
      this.postings[HEAD].push(kept[HEAD]);
      this.postings[BODY].push(kept[BODY]);
      this.unsorted.push(nt);
    }
    this.prepare();
  }
}

/** Whether `a` and `b` differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a.length > b.length) [a, b] = [b, a];
  if (b.length - a.length > 1) return false;
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length) return true;
  // The first difference is at i: a substitution (same lengths) or a letter inserted into b.
  const shift = a.length === b.length ? 0 : 1;
  for (let j = i + 1 - shift; j < a.length; j++) if (a.charCodeAt(j) !== b.charCodeAt(j + shift)) return false;
  return true;
}

function damaged(why: string): SearchIndexError {
  return new SearchIndexError('damaged', `the saved search index is damaged: ${why}`);
}

function isStrings(v: unknown, n?: number): v is string[] {
  return Array.isArray(v) && (n === undefined || v.length === n) && v.every((s) => typeof s === 'string');
}

function checkSaved(v: unknown): SavedIndexData {
  if (typeof v !== 'object' || v === null) throw damaged('not an object');
  const o = v as Record<string, unknown>;
  if (o['format'] !== 1) throw damaged('unknown format');
  if (!isStrings(o['ids'])) throw damaged('no document ids');
  const n = o['ids'].length;
  if (!isStrings(o['sections'], n) || !isStrings(o['langs'], n)) throw damaged('sections or languages missing');
  for (const k of ['headLen', 'bodyLen']) if (!(o[k] instanceof Uint32Array) || o[k].length !== n) throw damaged(`${k} missing`);
  if (!(o['termStem'] instanceof Uint32Array) || !(o['order'] instanceof Uint32Array)) throw damaged('termStem or order missing');
  if (typeof o['terms'] !== 'string' || typeof o['stems'] !== 'string') throw damaged('no dictionary');
  if (!(o['head'] instanceof Uint8Array) || !(o['body'] instanceof Uint8Array)) throw damaged('no postings');
  return o as unknown as SavedIndexData;
}

/** Varint and delta coding of every term's postings into one buffer. */
function encodePostings(lists: readonly Postings[]): Uint8Array {
  let total = 0;
  for (const l of lists) total += l.length;
  let buf = new Uint8Array(Math.max(64, lists.length * 2 + total * 3));
  let at = 0;
  const ensure = (n: number) => {
    if (at + n <= buf.length) return;
    const bigger = new Uint8Array(Math.max(buf.length * 2, at + n));
    bigger.set(buf.subarray(0, at));
    buf = bigger;
  };
  const varint = (x: number) => {
    while (x >= 0x80) {
      buf[at++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    buf[at++] = x;
  };
  for (const l of lists) {
    ensure(5 + l.length * 6);
    varint(l.length);
    let prev = 0;
    for (let i = 0; i < l.length; i++) {
      const doc = l[i]! >>> 8;
      varint(doc - prev);
      buf[at++] = l[i]! & 255;
      prev = doc;
    }
  }
  return buf.slice(0, at);
}

function decodePostings(buf: Uint8Array, terms: number, docs: number): Int32Array[] {
  let at = 0;
  const varint = (): number => {
    let x = 0;
    let shift = 0;
    for (;;) {
      if (at >= buf.length || shift > 28) throw damaged('postings cut short');
      const b = buf[at++]!;
      x += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return x;
      shift += 7;
    }
  };
  // Every posting takes at least two bytes: an upper bound for the one shared buffer.
  const all = new Int32Array(Math.floor(buf.length / 2));
  let used = 0;
  const out: Int32Array[] = [];
  for (let t = 0; t < terms; t++) {
    const count = varint();
    if (used + count > all.length) throw damaged('too many postings');
    const start = used;
    let doc = 0;
    for (let i = 0; i < count; i++) {
      const delta = varint();
      if (i > 0 && delta === 0) throw damaged('postings out of order');
      doc += delta;
      if (doc >= docs || at >= buf.length) throw damaged('a posting of no document');
      all[used++] = doc * 256 + buf[at++]!;
    }
    out.push(all.subarray(start, used));
  }
  if (at !== buf.length) throw damaged('bytes after the postings');
  return out;
}
