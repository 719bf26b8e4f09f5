/**
 * Scoring for the ingest corpus check (scripts/bench-ingest-corpus.ts and
 * test/ingest/corpus.test.ts): the same page through plain Mozilla Readability on jsdom and
 * through `extractPage`, each scored by token F1 of its article text against `expected.html`.
 *
 * Ingest keeps the headline in front matter, not in the body; it is scored as part of the article
 * text exactly when the expected text contains it (some of Readability's expected outputs keep
 * the headline, most drop it). Tokens: src/cli/ingest/text-overlap.ts.
 *
 * The reference is the story: a reader comment section kept in `expected.html` (an element whose
 * id is one of {@link COMMENT_SECTION_IDS}, the ids WordPress, Disqus and most blog engines give
 * it) is left out of the reference for both extractors, because issue 15 requires ingest to
 * remove comment sections. Of Readability's 130 pages one keeps comments in its expected output
 * (firefox-nightly-blog). The F1 against the unedited `expected.html` is reported as well
 * (`readabilityRaw`, `ingestRaw`), so nothing is hidden.
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

/** Ids of reader comment sections (the container of the comment list and of the reply form). */
export const COMMENT_SECTION_IDS = ['comments', 'respond', 'disqus_thread'] as const;

/** `expected.html`'s text without its reader comment sections, and whether it had one. */
export function referenceText(html: string): { text: string; commentsExcluded: boolean } {
  const root = parseFragment(html);
  const sections = Array.from(root.querySelectorAll(COMMENT_SECTION_IDS.map((id) => `[id="${id}"]`).join(', ')));
  for (const el of sections) el.remove();
  return { text: elementText(root), commentsExcluded: sections.length > 0 };
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
  /** The same two figures against the unedited expected.html (comment sections included). */
  readabilityRaw: number;
  ingestRaw: number;
  /** True when the page's expected.html holds a comment section left out of the reference. */
  commentsExcluded: boolean;
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
  const expectedHtml = await readFile(`${dir}/expected.html`, 'utf8');
  const { text: expected, commentsExcluded } = referenceText(expectedHtml);
  const raw = htmlText(expectedHtml);
  const dom = new JSDOM(new TextDecoder().decode(bytes), { url: CORPUS_URL, virtualConsole: new VirtualConsole() });
  let plainText = '';
  try {
    plainText = htmlText(new Readability(dom.window.document).parse()?.content ?? '');
  } finally {
    dom.window.close();
  }
  const warnings: string[] = [];
  const score: PageScore = {
    name,
    readability: tokenF1(plainText, expected),
    ingest: 0,
    readabilityRaw: tokenF1(plainText, raw),
    ingestRaw: 0,
    commentsExcluded,
    warnings,
  };
  try {
    const draft = extractPage({ bytes, contentType: '', url: CORPUS_URL }, { siteLang: 'en', warn: (w) => warnings.push(w) });
    const body = htmlText(draft.body);
    // A title taken from the first sentence is already in the body.
    const withTitle = coversTitle(expected, draft.title) && !coversTitle(body, draft.title);
    const got = withTitle ? `${draft.title}\n${body}` : body;
    score.ingest = tokenF1(got, expected);
    score.ingestRaw = tokenF1(got, raw);
  } catch (err) {
    score.error = err instanceof Error ? err.message : String(err);
  }
  return score;
}

/** Pages where ingest's F1 is more than `margin` below plain Readability's. */
export function regressions(scores: readonly PageScore[], margin = 0.05): PageScore[] {
  return scores.filter((s) => s.ingest < s.readability - margin);
}
