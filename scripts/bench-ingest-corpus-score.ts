/**
 * Scoring for the ingest corpus check (scripts/bench-ingest-corpus.ts and
 * test/ingest/corpus.test.ts): the same page through plain Mozilla Readability on jsdom and
 * through `extractPage`, each scored by token F1 of its article text against `expected.html`.
 *
 * Ingest keeps the headline in front matter, not in the body; it is scored as part of the article
 * text exactly when the expected text contains it (some of Readability's expected outputs keep
 * the headline, most drop it). Tokens: src/cli/ingest/text-overlap.ts.
 */
import { readFile } from 'node:fs/promises';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractPage } from '../src/cli/ingest/sources/page.ts';
import { elementText } from '../src/cli/ingest/text.ts';
import { parseFragment } from '../src/cli/ingest/dom.ts';
import { tokenOverlap, tokens } from '../src/cli/ingest/text-overlap.ts';

/** The address Readability's own test suite gives its pages (relative links resolve against it). */
export const CORPUS_URL = 'http://fakehost/test/page.html';

/** Token F1 of `got` against `want` (text-overlap.ts). */
export function tokenF1(got: string, want: string): number {
  return tokenOverlap(got, want).f1;
}

/** True when `text` contains `title` as a run of tokens. */
function coversTitle(text: string, title: string): boolean {
  const t = tokens(title).join(' ');
  return t !== '' && ` ${tokens(text).join(' ')} `.includes(` ${t} `);
}

/** One page's figures. */
export interface PageScore {
  name: string;
  /** F1 of plain Readability 0.6.0 on jsdom. */
  readability: number;
  /** F1 of pigeonpost's page extractor (headline + body text). */
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
  const dom = new JSDOM(new TextDecoder().decode(bytes), { url: CORPUS_URL, virtualConsole: new VirtualConsole() });
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
    const body = htmlText(draft.body);
    // A title taken from the first sentence is already in the body.
    const withTitle = coversTitle(expected, draft.title) && !coversTitle(body, draft.title);
    score.ingest = tokenF1(withTitle ? `${draft.title}\n${body}` : body, expected);
  } catch (err) {
    score.error = err instanceof Error ? err.message : String(err);
  }
  return score;
}

/** Pages where ingest's F1 is more than `margin` below plain Readability's. */
export function regressions(scores: readonly PageScore[], margin = 0.05): PageScore[] {
  return scores.filter((s) => s.ingest < s.readability - margin);
}
