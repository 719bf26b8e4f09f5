/**
 * Shared shapes of the ingest pipeline: what a source produces (an {@link ArticleDraft}) and
 * what the run reports (an {@link IngestSummary}).
 */

/** A lead image as the source describes it (src is an absolute URL until images.ts stores it). */
export interface DraftImage {
  src: string;
  alt: string;
  caption?: string;
}

/**
 * One article as extracted from a feed item, a page or a Markdown file, before ids, images and
 * writing. Dates are already normalised (ISO 8601 with offset).
 */
export interface ArticleDraft {
  /** Identity at the source: feed guid, canonical URL, or Markdown file identity. */
  sourceKey: string;
  /** Public http(s) URL written as `source:` (never fetched by readers). */
  source?: string;
  /** Every URL that names the story (canonical, og:url, fetched address, feed link). */
  urls?: string[];
  /** Id the source asks for (Markdown `id:` or file name); slugged before use. */
  preferredId?: string;
  title: string;
  date?: string;
  updated?: string;
  lang: string;
  dir?: 'rtl' | 'ltr';
  section: string;
  author?: string;
  summary: string;
  /** Sanitized HTML (pages, feeds) or Markdown (Markdown folders). */
  body: string;
  bodyFormat: 'html' | 'markdown';
  /** URL relative references in the body resolve against. */
  base: string;
  image?: DraftImage;
  sample?: boolean;
}

/** What happened to one article. */
export type ArticleStatus = 'added' | 'updated' | 'unchanged' | 'failed';

/** One line of the run report. */
export interface ArticleResult {
  id?: string;
  status: ArticleStatus;
  source: string;
  message?: string;
}

/** The end-of-run summary (also the `--json` output). */
export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Bytes of article, media and state files actually written. */
  bytesWritten: number;
  /** Sources that failed as a whole (unreachable, not a feed, ...). */
  failedSources: Array<{ source: string; code: string; message: string }>;
  articles: ArticleResult[];
  warnings: string[];
}
