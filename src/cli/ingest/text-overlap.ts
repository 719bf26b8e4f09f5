/**
 * Word-token overlap of two texts: how much of one text another one holds. Used to check the
 * page extractor against plain Readability on the same page (sources/page.ts) and to score
 * ingest against expected article text (scripts/bench-ingest-corpus*.ts).
 *
 * Tokens are lower-cased runs of letters, marks and digits; Han, Hiragana and Katakana
 * characters are one token each (those scripts put no spaces between words). Counts are on
 * multisets, so order does not matter and a repeated paragraph counts twice.
 */

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+/gu;

/** Lower-cased word tokens of a text. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** Precision, recall and F1 of `got` against `want` (all 1 when both are empty). */
export interface Overlap {
  precision: number;
  recall: number;
  f1: number;
}

/** Token overlap of `got` against `want`. */
export function tokenOverlap(got: string, want: string): Overlap {
  const g = tokens(got);
  const w = tokens(want);
  if (g.length === 0 && w.length === 0) return { precision: 1, recall: 1, f1: 1 };
  if (g.length === 0 || w.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const counts = new Map<string, number>();
  for (const t of w) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of g) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  if (common === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = common / g.length;
  const recall = common / w.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}
