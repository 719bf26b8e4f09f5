/**
 * The passage of an article that best shows why it matched, and the matched words in it, for
 * the results list. The page renders segments as text and marked text (`<mark>`): no HTML is
 * built here, so nothing from an article can become markup.
 */
import { TermCache, WORD_PATTERN, words } from './terms.ts';

/** A run of text, marked when it is a matched word. */
export interface Segment {
  readonly text: string;
  readonly mark?: true;
}

/** A passage: its segments and whether text was cut before or after it. */
export interface Passage {
  readonly segments: readonly Segment[];
  readonly cutBefore: boolean;
  readonly cutAfter: boolean;
}

/** Words in a snippet. */
export const SNIPPET_WORDS = 28;
/** Words of context kept before the first match of the passage. */
const LEAD_IN = 6;

const cache = new TermCache();

/**
 * Which words of a text match: those whose exact form is among the forms a query matched
 * (engine.ts `Ranking`: exact, prefix, stem and near-stem matches are all forms of the index).
 */
export function matcher(forms: ReadonlySet<string>): (word: string) => boolean {
  // Most words of a text start with a letter no matched form starts with: for plain Latin and
  // Cyrillic letters (and digits) the first letter folds to its lower case, so those words are
  // ruled out without folding them whole. «й» folds to «и», and «ё» and accented letters fold to
  // another letter: they take the full path.
  const firsts = new Set([...forms].map((f) => f[0]));
  return (word) => {
    const c = word.charCodeAt(0);
    const plain = c < 0x80 || (c >= 0x410 && c <= 0x44f && c !== 0x419 && c !== 0x439);
    if (plain && !firsts.has(word[0]!.toLowerCase())) return false;
    return forms.has(cache.exact(word));
  };
}

function segmentsOf(text: string, from: number, to: number, spans: readonly (readonly [number, number])[]): Segment[] {
  const out: Segment[] = [];
  let at = from;
  for (const [s, e] of spans) {
    if (s > at) out.push({ text: text.slice(at, s) });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (to > at) out.push({ text: text.slice(at, to) });
  return out;
}

/** `text` whole, its matched words marked (for titles). */
export function highlight(text: string, isMatch: (word: string) => boolean): Segment[] {
  const spans: [number, number][] = [];
  for (const w of words(text)) if (isMatch(w.word)) spans.push([w.start, w.end]);
  return segmentsOf(text, 0, text.length, spans);
}

/**
 * The window of {@link SNIPPET_WORDS} words of `text` with the most distinct matched words (then
 * the most matches), starting a few words before its first match; the opening words when nothing
 * in the text matches (the article matched by its title or summary).
 */
export function passage(text: string, isMatch: (word: string) => boolean): Passage {
  // One pass: word offsets in flat arrays and the indices of the matched words (a long article
  // has thousands of words and few matches; objects per word cost more than the rest).
  const starts: number[] = [];
  const ends: number[] = [];
  const hits: number[] = [];
  const stems: string[] = [];
  const re = new RegExp(WORD_PATTERN);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (isMatch(m[0])) {
      hits.push(starts.length);
      stems.push(cache.get(m[0]).stem);
    }
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  const n = starts.length;
  if (n === 0) return { segments: [], cutBefore: false, cutAfter: false };
  // Slide the window over every match; distinct stems count ten times a repeat.
  let best = -1;
  let bestScore = 0;
  for (let h = 0; h < hits.length; h++) {
    const limit = hits[h]! + SNIPPET_WORDS - LEAD_IN;
    const seen = new Set<string>();
    let count = 0;
    for (let k = h; k < hits.length && hits[k]! < limit; k++) {
      seen.add(stems[k]!);
      count++;
    }
    const score = seen.size * 10 + count;
    if (score > bestScore) {
      bestScore = score;
      best = hits[h]!;
    }
  }
  const first = best < 0 ? 0 : Math.max(0, best - LEAD_IN);
  const last = Math.min(n, first + SNIPPET_WORDS) - 1;
  const spans: [number, number][] = [];
  for (const i of hits) if (i >= first && i <= last) spans.push([starts[i]!, ends[i]!]);
  return {
    segments: segmentsOf(text, starts[first]!, ends[last]!, spans),
    cutBefore: first > 0,
    cutAfter: last < n - 1,
  };
}
