/**
 * Single article pages: HTML → {@link ArticleDraft}.
 *
 * Steps: read metadata (page-meta.ts) → remove the headline, byline and dateline from the body
 * (they live in front matter) → pre-clean clutter (clean-page.ts) → Mozilla Readability picks the
 * article → a second, text-only clutter pass on Readability's output → DOMPurify (sanitize.ts).
 */
import { Readability } from '@mozilla/readability';
import { DEFAULT_SECTION } from '../config.ts';
import { removeClutter } from '../clean-page.ts';
import { normalizeDate } from '../dates.ts';
import { parseFragment, parseHtml } from '../dom.ts';
import { NoArticleError } from '../errors.ts';
import { decideDir, decideLang } from '../lang.ts';
import { normalizeByline, readPageMeta, type PageMeta } from '../page-meta.ts';
import type { Loaded } from '../resource.ts';
import { resolveRef } from '../resource.ts';
import { sanitizeBody, serializeBody } from '../sanitize.ts';
import { elementText, makeSummary, squash } from '../text.ts';
import type { ArticleDraft, DraftImage } from '../types.ts';

/** Fewest characters of body text that still count as an article. */
const MIN_ARTICLE_TEXT = 40;

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
    removeMetaNodes(doc, meta);
    if (doc.body) removeClutter(doc.body, { structural: true });
    const parsed = new Readability(doc, { charThreshold: 200 }).parse();
    if (!parsed?.content) throw new NoArticleError();
    const container = parseFragment(parsed.content);
    removeClutter(container, { structural: false });
    const body = sanitizeBody(container.innerHTML, loaded.url, meta.canonical ?? loaded.url);
    const text = elementText(body);
    const prose = elementText(body, { skipFigures: true });
    if (text.length < MIN_ARTICLE_TEXT && !body.querySelector('img')) throw new NoArticleError();
    const title = meta.title ?? squash(parsed.title ?? '');
    if (!title) throw new NoArticleError('the page has no headline');
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

/** Removes the headline, byline and dateline blocks so the body does not repeat them. */
function removeMetaNodes(doc: Document, meta: PageMeta): void {
  meta.titleElement?.remove();
  for (const el of Array.from(doc.querySelectorAll('.byline, [class*="byline"], [rel="author"], [itemprop="author"]'))) {
    if (!el.isConnected) continue;
    const block = shortBlock(el, 160);
    if (block) block.remove();
  }
  for (const t of Array.from(doc.querySelectorAll('time'))) {
    if (!t.isConnected) continue;
    const block = shortBlock(t, 100);
    if (block) block.remove();
  }
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
