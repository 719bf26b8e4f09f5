/**
 * The page ↔ search worker protocol. The page sends requests with an id; the worker answers each
 * with exactly one reply of the same id, and reports indexing progress as it goes. Both sides run
 * the guards on receipt (the worker is our own script, but a guard costs nothing and keeps a
 * mistake from becoming a silent hang).
 */
import type { Passage, Segment } from './snippet.ts';

/**
 * Trusted Types policy that vouches for the worker's script URL (src/app/search-client.ts); listed
 * in the CSP (src/cli/app-shell/csp.ts, checked by a test).
 */
export const SEARCH_POLICY_NAME = 'pigeonpost-search';

/** Search options. */
export interface QueryOptions {
  readonly q: string;
  /** Only this section (exact name), or all when absent. */
  readonly section?: string;
  /** Only this language (BCP 47 tag as stored), or all when absent. */
  readonly lang?: string;
  /** First hit to return (paging) and how many. */
  readonly offset: number;
  readonly limit: number;
}

/** One hit as the results list shows it. */
export interface HitView {
  readonly id: string;
  readonly title: readonly Segment[];
  readonly passage: Passage;
  readonly section: string;
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly published: string;
  readonly publishedMs: number;
  /** Whether every query word matched in its exact form. */
  readonly exact: boolean;
}

/** How far indexing got (absent once the index holds every stored article). */
export interface IndexingProgress {
  readonly done: number;
  readonly total: number;
}

/** The answer to a query. */
export interface QueryResult {
  /** Hits after the filters. */
  readonly total: number;
  readonly hits: readonly HitView[];
  /** Sections and languages among the hits before the filters, with counts, most first. */
  readonly sections: readonly (readonly [string, number])[];
  readonly langs: readonly (readonly [string, number])[];
  /** Set while the index is still being built: the hits cover only the articles indexed so far. */
  readonly indexing?: IndexingProgress;
  /** Time the worker spent on this query (ranking and passages), ms. */
  readonly ms: number;
  /** The part of {@link ms} spent ranking (the rest: reading the page's articles for passages), ms. */
  readonly rankMs: number;
}

/** Requests. */
export type SearchRequest =
  | { readonly id: number; readonly type: 'init'; readonly site: string }
  | { readonly id: number; readonly type: 'update' }
  | { readonly id: number; readonly type: 'query'; readonly options: QueryOptions };

/** What an index update did. */
export interface UpdateResult {
  readonly loaded: boolean;
  readonly added: number;
  readonly removed: number;
  readonly documents: number;
  readonly ms: number;
  /** Approximate size of the saved index in bytes (inverted-index.ts `savedBytes`), when it was saved. */
  readonly savedBytes?: number;
}

/** Replies and progress reports. */
export type SearchMessage =
  | { readonly id: number; readonly ok: true; readonly result: QueryResult | UpdateResult | null }
  | { readonly id: number; readonly ok: false; readonly error: string }
  | { readonly type: 'progress'; readonly done: number; readonly total: number };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Guard for requests (worker side). */
export function isSearchRequest(v: unknown): v is SearchRequest {
  if (!isObject(v) || typeof v['id'] !== 'number') return false;
  if (v['type'] === 'init') return typeof v['site'] === 'string';
  if (v['type'] === 'update') return true;
  if (v['type'] !== 'query' || !isObject(v['options'])) return false;
  const o = v['options'];
  return (
    typeof o['q'] === 'string' &&
    Number.isInteger(o['offset']) &&
    Number.isInteger(o['limit']) &&
    (o['section'] === undefined || typeof o['section'] === 'string') &&
    (o['lang'] === undefined || typeof o['lang'] === 'string')
  );
}

/** Guard for replies and progress (page side). */
export function isSearchMessage(v: unknown): v is SearchMessage {
  if (!isObject(v)) return false;
  if (v['type'] === 'progress') return typeof v['done'] === 'number' && typeof v['total'] === 'number';
  return typeof v['id'] === 'number' && typeof v['ok'] === 'boolean';
}
