/**
 * Feeds (RSS 2.0, Atom, JSON Feed, RDF) → one {@link SourceItem} per entry.
 *
 * Entries that carry only a summary get their full text from the article page when
 * `fetchFull` is set: the entry's link is fetched and run through the page extractor, while
 * the feed's guid, title, dates and category stay authoritative.
 */
import type { AnyFeed } from 'feedsmith';
import { DEFAULT_SECTION, type IngestLimits } from '../config.ts';
import { normalizeDate } from '../dates.ts';
import { NoArticleError } from '../errors.ts';
import { decideDir, decideLang } from '../lang.ts';
import { isHttpUrl, loadUrl, resolveRef, type Loaded } from '../resource.ts';
import { sanitizeBody, serializeBody } from '../sanitize.ts';
import { elementText, htmlToText, makeSummary } from '../text.ts';
import type { ArticleDraft } from '../types.ts';
import { feedEntries, type FeedContent, type FeedEntry } from './feed-entries.ts';
import type { SourceItem } from './item.ts';
import { extractPage, type ExtractContext } from './page.ts';

/** Options for feed sources. */
export interface FeedContext extends ExtractContext {
  fetchFull: boolean;
  limits: IngestLimits;
}

/** Lists the items of a parsed feed (duplicate guids keep their first occurrence). */
export function feedItems(loaded: Loaded, feed: AnyFeed, ctx: FeedContext): SourceItem[] {
  const content = feedEntries(feed);
  const seen = new Set<string>();
  const items: SourceItem[] = [];
  for (const entry of content.entries) {
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    const link = entry.link ? absoluteLink(entry.link, loaded.url) : undefined;
    const willFetch = ctx.fetchFull && !entry.contentHtml && link !== undefined && isHttpUrl(link);
    items.push({
      key: entry.key,
      label: entry.title ?? link ?? entry.key,
      hints: {
        ...(entry.title ? { title: entry.title } : {}),
        ...(link ? { link } : {}),
        urls: [link, entry.key].filter((u): u is string => !!u && isHttpUrl(u)),
      },
      // Without a page fetch the draft is a pure function of these inputs.
      ...(willFetch ? {} : { fingerprint: JSON.stringify({ entry, lang: content.lang, category: content.category, url: loaded.url, siteLang: ctx.siteLang }) }),
      build: () => buildEntry(entry, link, content, loaded, ctx),
    });
  }
  return items;
}

async function buildEntry(
  entry: FeedEntry,
  link: string | undefined,
  feed: FeedContent,
  loaded: Loaded,
  ctx: FeedContext,
): Promise<ArticleDraft> {
  if (ctx.fetchFull && !entry.contentHtml && link && isHttpUrl(link)) {
    const page = await loadUrl(link, ctx.limits.pageMaxBytes, ctx.limits.timeoutMs, 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5');
    const fromPage = extractPage(page, ctx);
    return mergeFeedIntoPage(entry, link, feed, fromPage);
  }
  const html = entry.contentHtml ?? entry.summaryHtml;
  if (!html) {
    throw new NoArticleError(ctx.fetchFull ? 'the feed item has no text and no link to fetch' : 'the feed item has no text (try --fetch-full)');
  }
  // Relative references in a local feed file point at files beside it; in a remote feed they
  // are relative to the article's own address.
  const base = /^file:/.test(loaded.url) ? loaded.url : (link ?? loaded.url);
  const body = sanitizeBody(html, base, link && isHttpUrl(link) ? link : base);
  const text = elementText(body);
  const title = entry.title ?? makeSummary(text, 80);
  if (!title) throw new NoArticleError('the feed item has neither a title nor text');
  const lang = decideLang([entry.lang, feed.lang], `${title} ${text}`, ctx.siteLang);
  const draft: ArticleDraft = {
    sourceKey: entry.key,
    title,
    lang,
    section: entry.category ?? feed.category ?? DEFAULT_SECTION,
    summary: makeSummary(entry.summaryHtml ? htmlToText(entry.summaryHtml, { skipFigures: true }) : elementText(body, { skipFigures: true })),
    body: serializeBody(body),
    bodyFormat: 'html',
    base,
  };
  applyCommon(draft, entry, link, base);
  const dir = decideDir(undefined, lang);
  if (dir) draft.dir = dir;
  return draft;
}

/** The page supplies body, language and image; the feed keeps identity, title, dates and section. */
function mergeFeedIntoPage(entry: FeedEntry, link: string, feed: FeedContent, page: ArticleDraft): ArticleDraft {
  const draft: ArticleDraft = {
    ...page,
    sourceKey: entry.key,
    title: entry.title ?? page.title,
    section: entry.category ?? (page.section !== DEFAULT_SECTION ? page.section : feed.category ?? DEFAULT_SECTION),
    summary: entry.summaryHtml ? makeSummary(htmlToText(entry.summaryHtml, { skipFigures: true })) : page.summary,
  };
  applyCommon(draft, entry, link, page.base);
  draft.urls = [...new Set([link, ...(page.urls ?? [])])];
  return draft;
}

function applyCommon(draft: ArticleDraft, entry: FeedEntry, link: string | undefined, base: string): void {
  if (link && isHttpUrl(link)) draft.source = link;
  const date = normalizeDate(entry.published) ?? normalizeDate(entry.updated) ?? draft.date;
  if (date) draft.date = date;
  const updated = normalizeDate(entry.updated) ?? draft.updated;
  if (updated && updated !== draft.date) draft.updated = updated;
  else delete draft.updated;
  if (entry.author) draft.author = entry.author;
  if (entry.image) {
    try {
      draft.image = { src: resolveRef(entry.image.src, base), alt: entry.image.alt ?? '' };
    } catch {
      // An unusable lead image is simply left out.
    }
  }
}

function absoluteLink(link: string, feedUrl: string): string | undefined {
  try {
    return new URL(link, feedUrl).href;
  } catch {
    return undefined;
  }
}
