/**
 * The unit of work a source hands to the orchestrator: one future article.
 */
import type { ArticleDraft } from '../types.ts';

/** Hints known before the (possibly slow) build, used to assign a stable id in feed order. */
export interface ItemHints {
  title?: string;
  link?: string;
  preferredId?: string;
  /**
   * Every URL that names this story (canonical, og:url, fetched address, feed link). An item whose
   * URLs meet those of an article already ingested by another route becomes that article.
   */
  urls?: string[];
}

/** One article-to-be of a source. */
export interface SourceItem {
  /** Identity at the source (guid, canonical URL, file identity). */
  key: string;
  /** Short label for progress and error lines. */
  label: string;
  hints: ItemHints;
  /**
   * A cheap digest of the raw source data, when it fully determines the draft (feed entries
   * without --fetch-full). Lets an unchanged item be skipped without building it.
   */
  fingerprint?: string;
  /** Set when the item is known to be unusable before building (reported as failed, no id). */
  invalid?: Error;
  /** Produces the draft; may fetch (e.g. the full page for summary-only feeds). */
  build(): Promise<ArticleDraft>;
}
