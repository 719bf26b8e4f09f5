/**
 * Limits and defaults for ingest, in one typed place with units.
 */

/** Network and size limits applied to every fetch and image. */
export interface IngestLimits {
  /** Per-fetch time limit, including reading the body (milliseconds). */
  timeoutMs: number;
  /** Byte cap for feeds, pages and Markdown files (bytes). */
  pageMaxBytes: number;
  /** Byte cap for one downloaded image before any downscaling (bytes). */
  imageMaxBytes: number;
  /** Per-article image byte budget after downscaling (bytes). */
  imageBudget: number;
  /** How many articles of one source are processed at the same time. */
  concurrency: number;
}

/** Defaults: 20 s, 10 MB pages, 20 MB images, 300 kB of images per article. */
export const DEFAULT_LIMITS: Readonly<IngestLimits> = Object.freeze({
  timeoutMs: 20_000, // milliseconds
  pageMaxBytes: 10_000_000, // bytes
  imageMaxBytes: 20_000_000, // bytes
  imageBudget: 300_000, // bytes per article
  concurrency: 4,
});

/** Section used when neither the feed nor the page names one. */
export const DEFAULT_SECTION = 'News';

/** Longest id allowed (characters), from docs/site-folder.md. */
export const MAX_ID_LENGTH = 96;

/** Longest summary written to front matter (characters). */
export const MAX_SUMMARY_LENGTH = 280;

/** User-Agent sent with every request. */
export const USER_AGENT = 'pigeonpost-ingest/0.1 (+censorship-resilient mirror)';

/** Bumped when the output format changes, so cached "unchanged" decisions are re-done. */
export const PIPELINE_VERSION = 1;
