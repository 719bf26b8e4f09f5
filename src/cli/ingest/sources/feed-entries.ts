/**
 * Maps feedsmith's per-format objects (RSS 2.0, Atom, JSON Feed, RDF) onto one flat
 * {@link FeedEntry} shape, so the rest of ingest never branches on the format.
 */
import type { AnyFeed, AtomFeed, JsonFeed, RdfFeed, RssFeed, MediaNs } from 'feedsmith';
import { htmlToText } from '../text.ts';

/** One feed item, format-independent; dates and HTML are raw. */
export interface FeedEntry {
  /** guid / id, else link, else title: the item's identity. */
  key: string;
  link?: string;
  title?: string;
  /** Full content (content:encoded, Atom content, JSON content_html). */
  contentHtml?: string;
  /** Summary/description. */
  summaryHtml?: string;
  published?: string;
  updated?: string;
  author?: string;
  category?: string;
  lang?: string;
  image?: { src: string; alt?: string };
}

/** Feed-level facts plus entries. */
export interface FeedContent {
  format: AnyFeed['format'];
  title?: string;
  lang?: string;
  category?: string;
  entries: FeedEntry[];
}

/** Flattens a parsed feed. Entries without any identity (no guid, link or title) are dropped. */
export function feedEntries(parsed: AnyFeed): FeedContent {
  switch (parsed.format) {
    case 'rss':
      return fromRss(parsed.feed);
    case 'atom':
      return fromAtom(parsed.feed);
    case 'json':
      return fromJson(parsed.feed);
    case 'rdf':
      return fromRdf(parsed.feed);
  }
}

function fromRss(feed: RssFeed.Feed<string>): FeedContent {
  const entries: FeedEntry[] = [];
  for (const it of feed.items ?? []) {
    const guid = it.guid?.value?.trim();
    const permalink = guid && it.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid) ? guid : undefined;
    const link = it.link?.trim() || permalink;
    const e = entry(guid || link || it.title, {
      link,
      title: it.title,
      contentHtml: it.content?.encoded,
      summaryHtml: it.description,
      published: it.pubDate ?? it.dc?.dates?.[0],
      updated: it.atom?.updated ?? first(it.dcterms?.modified),
      author: it.dc?.creators?.[0] ?? it.authors?.[0]?.name ?? it.authors?.[0]?.email,
      category: it.categories?.[0]?.name ?? it.dc?.subjects?.[0],
      lang: it.dc?.languages?.[0],
      image: mediaImage(it.media) ?? enclosureImage(it.enclosures),
    });
    if (e) entries.push(e);
  }
  return compact({
    format: 'rss',
    title: feed.title,
    lang: feed.language ?? feed.dc?.languages?.[0],
    category: feed.categories?.[0]?.name,
    entries,
  });
}

function fromAtom(feed: AtomFeed.Feed<string>): FeedContent {
  const entries: FeedEntry[] = [];
  for (const it of feed.entries ?? []) {
    const links = it.links ?? [];
    const alt = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
    const enclosure = links.find((l) => l.rel === 'enclosure' && /^image\//i.test(l.type ?? ''));
    const e = entry(it.id ?? alt?.href ?? atomText(it.title), {
      link: alt?.href,
      title: atomText(it.title),
      contentHtml: atomHtml(it.content),
      summaryHtml: atomHtml(it.summary),
      published: it.published ?? it.dc?.dates?.[0],
      updated: it.updated,
      author: it.authors?.[0]?.name,
      category: it.categories?.[0]?.label ?? it.categories?.[0]?.term,
      lang: it.xml?.lang,
      image: mediaImage(it.media) ?? (enclosure?.href ? { src: enclosure.href } : undefined),
    });
    if (e) entries.push(e);
  }
  return compact({
    format: 'atom',
    title: atomText(feed.title),
    lang: feed.xml?.lang,
    category: feed.categories?.[0]?.label ?? feed.categories?.[0]?.term,
    entries,
  });
}

function fromJson(feed: JsonFeed.Feed<string>): FeedContent {
  const entries: FeedEntry[] = [];
  for (const it of feed.items ?? []) {
    const text = it.content_text;
    const e = entry(it.id ?? it.url ?? it.title, {
      link: it.url ?? it.external_url,
      title: it.title,
      contentHtml: it.content_html ?? (text ? textToHtml(text) : undefined),
      summaryHtml: it.summary,
      published: it.date_published,
      updated: it.date_modified,
      author: it.authors?.[0]?.name,
      category: it.tags?.[0],
      lang: it.language,
      image: it.image ? { src: it.image } : it.banner_image ? { src: it.banner_image } : undefined,
    });
    if (e) entries.push(e);
  }
  return compact({ format: 'json', title: feed.title, lang: feed.language, entries });
}

function fromRdf(feed: RdfFeed.Feed<string>): FeedContent {
  const entries: FeedEntry[] = [];
  for (const it of feed.items ?? []) {
    const e = entry(it.rdf?.about ?? it.link ?? it.title, {
      link: it.link,
      title: it.title,
      contentHtml: it.content?.encoded,
      summaryHtml: it.description,
      published: it.dc?.dates?.[0],
      author: it.dc?.creators?.[0],
      category: it.dc?.subjects?.[0],
      lang: it.dc?.languages?.[0],
      image: mediaImage(it.media),
    });
    if (e) entries.push(e);
  }
  return compact({ format: 'rdf', title: feed.title, lang: feed.dc?.languages?.[0], entries });
}

/** Builds an entry, dropping empty strings; undefined when it has no identity. */
function entry(key: string | undefined, fields: Omit<FeedEntry, 'key'> & Record<string, unknown>): FeedEntry | undefined {
  const k = key?.trim();
  if (!k) return undefined;
  return compact({ key: k, ...fields }) as FeedEntry;
}

function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out as T;
}

/** Atom text constructs: type="html"/"xhtml" carry markup, which titles must not keep. */
function atomText(t: AtomFeed.Text | undefined): string | undefined {
  if (!t?.value) return undefined;
  return t.type === 'html' || t.type === 'xhtml' ? htmlToText(t.value) : t.value.trim();
}

/** Atom content/summary as HTML: type="text" (the default) is escaped into paragraphs. */
function atomHtml(c: AtomFeed.Content | AtomFeed.Text | undefined): string | undefined {
  if (!c?.value) return undefined;
  const type = (c.type ?? 'text').toLowerCase();
  if (type === 'html' || type === 'xhtml' || type.endsWith('/html') || type.endsWith('+xml')) return c.value;
  return textToHtml(c.value);
}

/** Plain text to paragraphs (blank-line separated), HTML-escaped. */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function mediaImage(m: MediaNs.ItemOrFeed | undefined): FeedEntry['image'] {
  if (!m) return undefined;
  const contents = [...(m.contents ?? []), ...(m.groups ?? []).flatMap((g) => g.contents ?? [])];
  const c = contents.find((x) => x.url && (x.medium === 'image' || /^image\//i.test(x.type ?? '')));
  const alt = c?.description?.value ?? c?.title?.value ?? m.description?.value;
  if (c?.url) return alt ? { src: c.url, alt: htmlToText(alt) } : { src: c.url };
  const thumb = m.thumbnails?.[0]?.url;
  return thumb ? { src: thumb } : undefined;
}

function enclosureImage(encl: RssFeed.Enclosure[] | undefined): FeedEntry['image'] {
  const e = encl?.find((x) => x.url && /^image\//i.test(x.type ?? ''));
  return e?.url ? { src: e.url } : undefined;
}

function first<T>(v: T | T[] | undefined): T | undefined {
  return Array.isArray(v) ? v[0] : v;
}
