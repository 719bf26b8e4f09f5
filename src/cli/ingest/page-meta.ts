/**
 * Article metadata from a page's head and markup: headline, byline, dates, section, language,
 * direction, canonical URL, description and lead image. Sources, in order of trust:
 * Open Graph / article:* meta, schema.org JSON-LD and microdata, then visible markup.
 */
import { squash } from './text.ts';

/** Where a page's title came from, in order of preference. */
export type TitleSource = 'headline' | 'og:title' | 'twitter:title' | 'JSON-LD headline' | '<title>' | 'first sentence';

/** Metadata read from one page (raw strings; dates are normalised by the caller). */
export interface PageMeta {
  title?: string;
  /** Where {@link title} was read from (`headline` is a visible `<h1>`). */
  titleSource?: TitleSource;
  /** The element the headline was read from, removed from the body later. */
  titleElement?: Element;
  byline?: string;
  published?: string;
  modified?: string;
  section?: string;
  lang?: string;
  dir?: string;
  canonical?: string;
  /** `og:url`, absolute, when the page has one (it may differ from the canonical link). */
  ogUrl?: string;
  description?: string;
  image?: { src: string; alt?: string };
  siteName?: string;
}

/** Reads {@link PageMeta} from a parsed document (does not modify it). */
export function readPageMeta(doc: Document): PageMeta {
  const meta = (sel: string): string | undefined => clean(doc.querySelector(sel)?.getAttribute('content'));
  const ld = findJsonLdArticle(doc);
  const siteName = meta('meta[property="og:site_name"]');
  const h1 = findHeadline(doc, [meta('meta[property="og:title"]'), meta('meta[name="twitter:title"]'), clean(doc.title)]);
  const candidates: Array<[TitleSource, string | undefined]> = [
    ['headline', clean(h1?.textContent)],
    ['og:title', meta('meta[property="og:title"]')],
    ['twitter:title', meta('meta[name="twitter:title"]')],
    ['JSON-LD headline', str(ld?.headline)],
    ['<title>', stripSiteSuffix(clean(doc.title), siteName)],
  ];
  const found = candidates.find(([, v]) => v !== undefined);
  const title = found?.[1];
  const out: PageMeta = {};
  if (title) {
    out.title = title;
    out.titleSource = found![0];
  }
  if (h1 && clean(h1.textContent) === title) out.titleElement = h1;
  const byline =
    meta('meta[name="author"]') ??
    meta('meta[property="article:author"]') ??
    ldAuthor(ld) ??
    clean(doc.querySelector('[itemprop="author"] [itemprop="name"], [itemprop="author"]')?.textContent) ??
    clean(doc.querySelector('[rel="author"]')?.textContent) ??
    clean(doc.querySelector('.byline, [class*="byline"], .author, [class*="author-name"]')?.textContent) ??
    bylineByText(doc);
  const by = byline && !/^https?:/i.test(byline) ? normalizeByline(byline) : undefined;
  if (by) out.byline = by;
  const published =
    meta('meta[property="article:published_time"]') ??
    meta('meta[itemprop="datePublished"]') ??
    clean(doc.querySelector('[itemprop="datePublished"]')?.getAttribute('datetime')) ??
    str(ld?.datePublished) ??
    meta('meta[name="pubdate"]') ??
    meta('meta[name="publish-date"]') ??
    meta('meta[name="date"]') ??
    meta('meta[name="dc.date"]') ??
    meta('meta[name="DC.date.issued"]') ??
    clean(doc.querySelector('article time[datetime], main time[datetime], time[datetime]')?.getAttribute('datetime'));
  if (published) out.published = published;
  const modified =
    meta('meta[property="article:modified_time"]') ??
    meta('meta[itemprop="dateModified"]') ??
    str(ld?.dateModified);
  if (modified) out.modified = modified;
  const section = meta('meta[property="article:section"]') ?? ldSection(ld);
  if (section) out.section = section;
  const lang =
    clean(doc.documentElement.getAttribute('lang')) ??
    clean(doc.documentElement.getAttribute('xml:lang')) ??
    meta('meta[http-equiv="content-language" i]') ??
    meta('meta[property="og:locale"]') ??
    str(ld?.inLanguage);
  if (lang) out.lang = lang;
  const dir = clean(doc.documentElement.getAttribute('dir')) ?? clean(doc.body?.getAttribute('dir'));
  if (dir) out.dir = dir;
  const canonical =
    clean(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')) ?? meta('meta[property="og:url"]');
  const canonicalAbs = canonical ? absoluteHttp(canonical, doc.URL) : undefined;
  if (canonicalAbs) out.canonical = canonicalAbs;
  const ogUrl = meta('meta[property="og:url"]');
  const ogUrlAbs = ogUrl ? absoluteHttp(ogUrl, doc.URL) : undefined;
  if (ogUrlAbs) out.ogUrl = ogUrlAbs;
  const description =
    meta('meta[property="og:description"]') ?? meta('meta[name="description"]') ?? str(ld?.description);
  if (description) out.description = description;
  const image = meta('meta[property="og:image"]') ?? meta('meta[name="twitter:image"]') ?? ldImage(ld);
  if (image) {
    const alt = meta('meta[property="og:image:alt"]') ?? meta('meta[name="twitter:image:alt"]');
    out.image = alt ? { src: image, alt } : { src: image };
  }
  if (siteName) out.siteName = siteName;
  return out;
}

/**
 * The visible headline: among the page's `<h1>`s and `[itemprop=headline]`s, the first whose
 * text is (part of) og:title, twitter:title or `<title>`; else the first inside
 * `article`/`main`; else the first `<h1>`. (A slideshow caption in an `<h1>` is not the story's
 * headline just because it sits inside `<article>`.)
 */
function findHeadline(doc: Document, declared: Array<string | undefined>): Element | null {
  const all = Array.from(doc.querySelectorAll('h1, [itemprop="headline"]')).filter((el) => el.tagName !== 'META' && clean(el.textContent));
  const norm = (t: string): string => squash(t).toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
  const titles = declared.filter((t): t is string => !!t).map(norm);
  const matches = all.find((el) => {
    const t = norm(el.textContent ?? '');
    return t.length >= 3 && titles.some((d) => d === t || (t.length >= 12 && d.includes(t)));
  });
  if (matches) return matches;
  return all.find((el) => el.closest('article, main, [role="main"]')) ?? doc.querySelector('h1');
}

const BYLINE_START = /^(?:by|written by|автор(?:ы)?|текст|بقلم|كتب|מאת)(?:\s*[:：—–-])?\s+\S/iu;

/** A short block that starts like a byline ("Автор: ...", "By ..."), cut before a date part. */
function bylineByText(doc: Document): string | undefined {
  const scope = doc.querySelector('article, main, [role="main"]') ?? doc.body;
  if (!scope) return undefined;
  for (const el of Array.from(scope.querySelectorAll('p, div, span, address'))) {
    const text = squash(el.textContent ?? '');
    if (text.length > 120 || !BYLINE_START.test(text)) continue;
    return text.split(/\s+[·|•]\s+|\s+[—–]\s+(?=\d)/u)[0];
  }
  return undefined;
}

/** Strips "By", "Автор:", "Текст:", "بقلم", "מאת" and similar from a byline. */
export function normalizeByline(raw: string): string | undefined {
  let s = squash(raw)
    .replace(/^(?:by|written by|автор(?:ы)?|текст|от|بقلم|كتب|מאת|כתב(?:ה)?)\s*[:：—–-]?\s+/iu, '')
    .replace(/^(?:автор(?:ы)?|текст)\s*[:：—–-]\s*/iu, '')
    .trim();
  if (s.length > 120) s = s.slice(0, 120).replace(/\s+\S*$/u, '');
  return s || undefined;
}

function clean(v: string | null | undefined): string | undefined {
  if (v == null) return undefined;
  const s = squash(v);
  return s || undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return clean(v);
  if (Array.isArray(v) && typeof v[0] === 'string') return clean(v[0]);
  return undefined;
}

function stripSiteSuffix(title: string | undefined, siteName: string | undefined): string | undefined {
  if (!title) return undefined;
  if (siteName) {
    for (const sep of [' | ', ' — ', ' – ', ' - ', ' :: ', ' · ']) {
      if (title.endsWith(`${sep}${siteName}`)) return title.slice(0, -(sep.length + siteName.length));
    }
  }
  const m = /^(.{12,}?)\s+[|—–·]\s+[^|—–·]{2,40}$/u.exec(title);
  return m ? m[1] : title;
}

function absoluteHttp(href: string, base: string): string | undefined {
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

type Json = Record<string, unknown>;

const ARTICLE_TYPES = /^(?:NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|Report|LiveBlogPosting)$/;

/** Finds the schema.org article object among the page's JSON-LD blocks (ignores broken ones). */
function findJsonLdArticle(doc: Document): Json | undefined {
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(s.textContent ?? '');
    } catch {
      continue;
    }
    const found = walkLd(data, 0);
    if (found) return found;
  }
  return undefined;
}

function walkLd(v: unknown, depth: number): Json | undefined {
  if (depth > 4 || v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const f = walkLd(x, depth + 1);
      if (f) return f;
    }
    return undefined;
  }
  const o = v as Json;
  const t = o['@type'];
  const types = Array.isArray(t) ? t : [t];
  if (types.some((x) => typeof x === 'string' && ARTICLE_TYPES.test(x))) return o;
  return walkLd(o['@graph'], depth + 1);
}

function ldAuthor(ld: Json | undefined): string | undefined {
  const a = ld?.author;
  const list = Array.isArray(a) ? a : a ? [a] : [];
  const names = list
    .map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' ? (x as Json).name : undefined))
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return names.length ? clean(names.join(', ')) : undefined;
}

function ldSection(ld: Json | undefined): string | undefined {
  return str(ld?.articleSection);
}

function ldImage(ld: Json | undefined): string | undefined {
  const i = ld?.image;
  if (typeof i === 'string') return i;
  if (Array.isArray(i)) return typeof i[0] === 'string' ? i[0] : str((i[0] as Json | undefined)?.url);
  if (i && typeof i === 'object') return str((i as Json).url);
  return undefined;
}
