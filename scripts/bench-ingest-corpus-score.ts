/**
 * Scoring for the ingest corpus check (scripts/bench-ingest-corpus.ts and
 * test/ingest/corpus.test.ts): the same page through plain Mozilla Readability on jsdom and
 * through `extractPage`, each scored by token F1 of its article text against `expected.html`.
 *
 * Tokens are lower-cased runs of letters and digits; Han, Hiragana and Katakana characters are
 * one token each (those scripts put no spaces between words). F1 is computed on token multisets,
 * so order does not matter and a repeated paragraph counts twice.
 */
import { readFile } from 'node:fs/promises';
import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { extractPage } from '../src/cli/ingest/sources/page.ts';
import { elementText } from '../src/cli/ingest/text.ts';
import { parseFragment } from '../src/cli/ingest/dom.ts';

/** The address Readability's own test suite gives its pages (relative links resolve against it). */
export const CORPUS_URL = 'http://fakehost/test/page.html';

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+/gu;

/** Lower-cased word tokens of a text. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** Token F1 of `got` against `want` (1 when both are empty). */
export function tokenF1(got: string, want: string): number {
  const g = tokens(got);
  const w = tokens(want);
  if (g.length === 0 && w.length === 0) return 1;
  if (g.length === 0 || w.length === 0) return 0;
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
  if (common === 0) return 0;
  const precision = common / g.length;
  const recall = common / w.length;
  return (2 * precision * recall) / (precision + recall);
}

/** One page's figures. */
export interface PageScore {
  name: string;
  /** F1 of plain Readability 0.6.0 on jsdom. */
  readability: number;
  /** F1 of pigeonpost's page extractor (body text; the headline is front matter). */
  ingest: number;
  /** Set when extractPage threw (its one-line message); ingest is then 0. */
  error?: string;
  /** Warnings extractPage reported for the page. */
  warnings: string[];
}

/** Text of an HTML fragment with block boundaries kept as spaces. */
function htmlText(html: string): string {
  return elementText(parseFragment(html));
}

/**
 * Scores one page folder holding `source.html` and `expected.html`.
 * Plain Readability gets the page as Readability's own tests give it (the file read as UTF-8);
 * ingest gets the raw bytes, as it would from disk or the network, and does its own decoding.
 */
export async function scorePage(dir: string, name: string): Promise<PageScore> {
  const bytes = new Uint8Array(await readFile(`${dir}/source.html`));
  const expected = htmlText(await readFile(`${dir}/expected.html`, 'utf8'));
  const dom = new JSDOM(new TextDecoder().decode(bytes), { url: CORPUS_URL });
  let plainText = '';
  try {
    plainText = htmlText(new Readability(dom.window.document).parse()?.content ?? '');
  } finally {
    dom.window.close();
  }
  const warnings: string[] = [];
  const score: PageScore = { name, readability: tokenF1(plainText, expected), ingest: 0, warnings };
  try {
    const draft = extractPage({ bytes, contentType: '', url: CORPUS_URL }, { siteLang: 'en', warn: (w) => warnings.push(w) });
    score.ingest = tokenF1(htmlText(draft.body), expected);
  } catch (err) {
    score.error = err instanceof Error ? err.message : String(err);
  }
  return score;
}

/** Pages where ingest's F1 is more than `margin` below plain Readability's. */
export function regressions(scores: readonly PageScore[], margin = 0.05): PageScore[] {
  return scores.filter((s) => s.ingest < s.readability - margin);
}
