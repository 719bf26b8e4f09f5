/**
 * The passage of an article that best shows why it matched, and the matched words in it, for
 * the results list. The page renders segments as text and marked text (`<mark>`): no HTML is
 * built here, so nothing from an article can become markup.
 */
import { TermCache, words } from './terms.ts';

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
  return (word) => forms.has(cache.exact(word));
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
  const all = [...words(text)];
  if (all.length === 0) return { segments: [], cutBefore: false, cutAfter: false };
  const matched = all.map((w) => isMatch(w.word));
  // Stems only of the matched words (stemming every word of a long article cost most of a passage).
  const key = all.map((w, i) => (matched[i] ? cache.get(w.word).stem : ''));
  let best = -1;
  let bestScore = 0;
  // Slide the window over every match position; distinct stems count ten times a repeat.
  for (let i = 0; i < all.length; i++) {
    if (!matched[i]) continue;
    const seen = new Set<string>();
    let n = 0;
    for (let j = i; j < Math.min(all.length, i + SNIPPET_WORDS - LEAD_IN); j++) {
      if (!matched[j]) continue;
      seen.add(key[j]!);
      n++;
    }
    const score = seen.size * 10 + n;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  const first = best < 0 ? 0 : Math.max(0, best - LEAD_IN);
  const last = Math.min(all.length, first + SNIPPET_WORDS) - 1;
  const spans: [number, number][] = [];
  for (let i = first; i <= last; i++) if (matched[i]) spans.push([all[i]!.start, all[i]!.end]);
  return {
    segments: segmentsOf(text, all[first]!.start, all[last]!.end, spans),
    cutBefore: first > 0,
    cutAfter: last < all.length - 1,
  };
}
