/**
 * Single article pages: HTML → {@link ArticleDraft}.
 *
 * Steps: read metadata (page-meta.ts); then two candidates —
 *   A. remove the headline, byline and dateline (they live in front matter) → pre-clean clutter
 *      on the whole page (clean-page.ts) → Mozilla Readability → a text-only clutter pass;
 *   B. Mozilla Readability on the untouched page → headline/byline/dateline and the full clutter
 *      pass on its output only;
 * A is used when its words are (nearly all) B's words, i.e. it is Readability's article minus
 * clutter; otherwise the pre-clean misled Readability and B is used. Then DOMPurify
 * (sanitize.ts), the title (headline, og:title, <title> or the first sentence), language, dates.
 */
import { Readability } from '@mozilla/readability';
import { DEFAULT_SECTION } from '../config.ts';
import { removeClutter } from '../clean-page.ts';
import { normalizeDate } from '../dates.ts';
import { parseFragment, parseHtml } from '../dom.ts';
import { NoArticleError } from '../errors.ts';
import { decideDir, decideLang } from '../lang.ts';
import { normalizeByline, readPageMeta, type PageMeta, type TitleSource } from '../page-meta.ts';
import type { Loaded } from '../resource.ts';
import { resolveRef } from '../resource.ts';
import { sanitizeBody, serializeBody } from '../sanitize.ts';
import { elementText, makeSummary, squash } from '../text.ts';
import { tokenOverlap } from '../text-overlap.ts';
import type { ArticleDraft, DraftImage } from '../types.ts';

/** Articles with less text than this (characters) are ingested with a warning. */
const SHORT_ARTICLE_TEXT = 200;
/** A paragraph at least this long (characters) is story text. */
const LONG_PARAGRAPH = 150;
/** Longest title taken from the first sentence of the text (characters). */
const MAX_SENTENCE_TITLE = 120;

/** Context every extractor needs. */
export interface ExtractContext {
  /** Language when neither the source nor the text tells (site.json `lang`). */
  siteLang: string;
  /** Receives one-line warnings about the page (e.g. where a missing headline was taken from). */
  warn?(line: string): void;
}

/**
 * Extracts the article of an HTML page.
 * @throws {NoArticleError} when the page holds no article text.
 */
export function extractPage(loaded: Loaded, ctx: ExtractContext): ArticleDraft {
  const page = parseHtml(loaded.bytes, loaded.url, loaded.contentType);
  try {
    const doc = page.document;
    const meta = readPageMeta(doc);
    const pristine = doc.cloneNode(true) as Document;
    const cleaned = cleanedArticle(doc, meta);
    const plain = plainArticle(pristine, meta);
    const chosen = chooseCandidate(cleaned, plain);
    if (!chosen) throw new NoArticleError();
    const { container, parsed } = chosen;
    const body = sanitizeBody(container.innerHTML, loaded.url, meta.canonical ?? loaded.url);
    const text = elementText(body);
    const prose = elementText(body, { skipFigures: true });
    // No text, or nothing but links (a menu), is not an article.
    if (!unlinkedText(body) && !body.querySelector('img')) throw new NoArticleError();
    const where = /^https?:|^file:/.test(loaded.url) ? `${loaded.url}: ` : '';
    if (text.length < SHORT_ARTICLE_TEXT) ctx.warn?.(`${where}short article (${text.length} characters of text)`);
    const titled = chooseTitle(meta, prose);
    if (!titled) throw new NoArticleError('the page has neither a headline nor text to take one from');
    const { title, from } = titled;
    if (from !== 'headline') ctx.warn?.(`${where}no headline on the page; the title was taken from ${from}`);
    const lang = decideLang([meta.lang, parsed.lang], `${title} ${text}`, ctx.siteLang);
    const dir = decideDir(meta.dir ?? parsed.dir, lang);
    const draft: ArticleDraft = {
      sourceKey: meta.canonical ?? loaded.url,
      title,
      lang,
      section: meta.section ?? DEFAULT_SECTION,
      summary: makeSummary(meta.description ?? prose),
      body: serializeBody(body),
      bodyFormat: 'html',
      base: loaded.url,
    };
    const source = meta.canonical ?? (/^https?:/.test(loaded.url) ? loaded.url : undefined);
    if (source) draft.source = source;
    const urls = [meta.canonical, meta.ogUrl, /^https?:/.test(loaded.url) ? loaded.url : undefined].filter((u): u is string => !!u);
    if (urls.length) draft.urls = [...new Set(urls)];
    if (dir) draft.dir = dir;
    const author = meta.byline ?? (parsed.byline ? normalizeByline(parsed.byline) : undefined);
    if (author) draft.author = author;
    const date = normalizeDate(meta.published ?? parsed.publishedTime);
    if (date) draft.date = date;
    const updated = normalizeDate(meta.modified);
    if (updated && updated !== date) draft.updated = updated;
    const image = leadImage(meta, loaded.url);
    if (image) draft.image = image;
    return draft;
  } finally {
    page.close();
  }
}

/**
 * The title: the page's headline, else og:title, twitter:title, JSON-LD headline or `<title>`
 * (page-meta.ts), else the first sentence of the text (cut at a word boundary).
 */
export function chooseTitle(meta: PageMeta, prose: string): { title: string; from: TitleSource } | undefined {
  if (meta.title) return { title: meta.title, from: meta.titleSource ?? 'headline' };
  const first = firstSentence(prose);
  return first ? { title: first, from: 'first sentence' } : undefined;
}

/** The first sentence of a text, at most {@link MAX_SENTENCE_TITLE} characters. */
function firstSentence(text: string): string | undefined {
  const t = squash(text);
  if (!t) return undefined;
  const m = /^(.+?[.!?…。！？])(?:\s|$)/u.exec(t);
  const sentence = m && m[1]!.length <= MAX_SENTENCE_TITLE ? m[1]! : makeSummary(t, MAX_SENTENCE_TITLE);
  return sentence.replace(/[.]$/u, '') || undefined;
}

/** The text of `root` outside links. */
function unlinkedText(root: Element): string {
  const copy = root.cloneNode(true) as Element;
  for (const a of Array.from(copy.querySelectorAll('a'))) a.remove();
  return elementText(copy);
}

/** One extraction: Readability's result and the article container after the clutter passes. */
interface Candidate {
  parsed: NonNullable<ReturnType<Readability<string>['parse']>>;
  container: HTMLElement;
  text: string;
}

/**
 * Candidate A: headline, byline and dateline out, the whole-page clutter pre-clean, Readability,
 * then a text-only clutter pass on its output.
 */
function cleanedArticle(doc: Document, meta: PageMeta): Candidate | undefined {
  meta.titleElement?.remove();
  removeMetaNodes(doc);
  if (doc.body) removeClutter(doc.body, { structural: true });
  const parsed = new Readability(doc, { keepClasses: true }).parse();
  if (!parsed?.content) return undefined;
  const container = parseFragment(parsed.content);
  removeClutter(container, { structural: false });
  return { parsed, container, text: elementText(container) };
}

/**
 * Candidate B: Readability on the untouched page (as plain Readability sees it), then the same
 * headline/byline/dateline removal and the full clutter pass on its output only.
 */
function plainArticle(doc: Document, meta: PageMeta): Candidate | undefined {
  const parsed = new Readability(doc, { keepClasses: true }).parse();
  if (!parsed?.content) return undefined;
  const container = parseFragment(parsed.content);
  if (meta.title) {
    const heading = Array.from(container.querySelectorAll('h1, h2')).find((h) => squash(h.textContent ?? '') === meta.title);
    heading?.remove();
  }
  removeMetaNodes(container);
  removeClutter(container, { structural: true });
  return { parsed, container, text: elementText(container) };
}

/**
 * Share of the pre-cleaned article's words that must also be in plain Readability's article for
 * the pre-cleaned one to be trusted. Below it, the pre-clean made Readability pick a different
 * or larger part of the page, and plain Readability's pick (clutter-cleaned) is used instead, so
 * ingest is never worse than the library it wraps.
 */
const MIN_PRECISION_VS_PLAIN = 0.9;

/** Picks A when it is B minus clutter (A's words are B's words), else B. */
function chooseCandidate(cleaned: Candidate | undefined, plain: Candidate | undefined): Candidate | undefined {
  if (!cleaned?.text) return plain?.text ? plain : cleaned;
  if (!plain?.text) return cleaned;
  return tokenOverlap(cleaned.text, plain.text).precision >= MIN_PRECISION_VS_PLAIN ? cleaned : plain;
}

/**
 * Removes the article's own byline and dateline blocks so the body does not repeat them: those
 * before the first long paragraph (the story's metadata sits above its text), or only the first
 * of each when there is no long paragraph. Bylines further down belong to other stories
 * (teasers, quoted pieces) and stay.
 */
function removeMetaNodes(root: Document | Element): void {
  const firstLong = Array.from(root.querySelectorAll('p')).find((p) => squash(p.textContent ?? '').length >= LONG_PARAGRAPH);
  const before = (el: Element): boolean =>
    !firstLong || (firstLong.compareDocumentPosition(el) & 2 /* PRECEDING */) !== 0;
  const sweep = (selector: string, max: number): void => {
    let n = 0;
    for (const el of Array.from(root.querySelectorAll(selector))) {
      if (!root.contains(el) || !before(el) || (!firstLong && n > 0)) continue;
      const block = shortBlock(el, max);
      if (block && block !== root) {
        block.remove();
        n++;
      }
    }
  };
  sweep('.byline, [class*="byline"], [rel="author"], [itemprop="author"]', 160);
  sweep('time', 100);
}

/** The outermost ancestor-or-self of `el` below the article whose text stays under `max` chars. */
function shortBlock(el: Element, max: number): Element | undefined {
  if (squash(el.textContent ?? '').length > max) return undefined;
  let best: Element = el;
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (/^(?:ARTICLE|MAIN|BODY|HTML|FIGURE)$/.test(p.tagName) || p.querySelector('p ~ p, img')) break;
    if (squash(p.textContent ?? '').length > max) break;
    best = p;
  }
  return best;
}

function leadImage(meta: PageMeta, base: string): DraftImage | undefined {
  if (!meta.image) return undefined;
  try {
    const src = resolveRef(meta.image.src, base);
    return { src, alt: meta.image.alt ?? '' };
  } catch {
    return undefined;
  }
}
