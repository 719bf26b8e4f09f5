/**
 * Retention (the reader decides what is kept): which stored articles a policy drops, and which
 * index entries a sync must then leave alone so that a dropped article is not downloaded again as
 * "new" on every sync (docs/reader-app.md, "Storage the reader controls").
 *
 * Rules:
 * - saved articles are never dropped, whatever the policy;
 * - articles that came from other readers (share files, nearby peers) are never dropped either: no
 *   mirror may hold them, so a dropped copy could not come back;
 * - `days`: unsaved articles published more than N days before `now` are dropped;
 * - `size`: unsaved articles are kept newest first while the estimated bytes of everything kept
 *   (saved articles first) stay within N MiB; the first one that does not fit and every older one
 *   are dropped (age order, so a small old article never outlives a larger newer one);
 * - the estimate of an article is its envelope bytes plus its images, each image counted once.
 *
 * Not downloading dropped articles again: the sync skips an index entry that is not stored when it
 * is older than the `days` window, or when retention dropped that id at a revision at least as high
 * (a newer revision is news and comes in, and is judged again after the sync). The dropped ids are
 * remembered in the reader database until the reader widens the policy.
 */
import type { IndexEntry } from '../format/index-segment.ts';

/** The reader's retention setting. */
export type RetentionPolicy = { readonly kind: 'all' } | { readonly kind: 'days'; readonly days: number } | { readonly kind: 'size'; readonly megabytes: number };

/** What retention needs to know about one stored article. */
export interface RetentionArticle {
  readonly id: string;
  readonly rev: number;
  readonly publishedMs: number;
  /** Envelope bytes (the signed article, its HTML inside). */
  readonly bytes: number;
  /** Its images: SHA-256 and byte length (shared images are counted once). */
  readonly images: readonly { readonly sha256: string; readonly length: number }[];
  /** Came from another reader (never dropped). */
  readonly imported?: boolean;
}

/** What retention dropped before: id → the revision and publication time it had. */
export type EvictedMap = ReadonlyMap<string, { readonly rev: number; readonly publishedMs: number }>;

/** Limits of the setting (the panel offers values inside them). */
export const RETENTION_LIMITS = { minDays: 1, maxDays: 36_500, minMegabytes: 1, maxMegabytes: 1_000_000 } as const;

const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;

/** The policy in `v` when it is a valid one, else undefined (settings rows are checked on read). */
export function parseRetentionPolicy(v: unknown): RetentionPolicy | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const whole = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
  if (o['kind'] === 'all') return { kind: 'all' };
  if (o['kind'] === 'days' && whole(o['days'], RETENTION_LIMITS.minDays, RETENTION_LIMITS.maxDays)) return { kind: 'days', days: o['days'] };
  if (o['kind'] === 'size' && whole(o['megabytes'], RETENTION_LIMITS.minMegabytes, RETENTION_LIMITS.maxMegabytes)) return { kind: 'size', megabytes: o['megabytes'] };
  return undefined;
}

/** Epoch ms before which unsaved articles are dropped, for a `days` policy. */
export function retentionCutoff(policy: RetentionPolicy, now: number): number | undefined {
  return policy.kind === 'days' ? now - policy.days * DAY_MS : undefined;
}

/** Newest first; the id breaks ties (the order the list shows). */
function newestFirst(a: RetentionArticle, b: RetentionArticle): number {
  return b.publishedMs - a.publishedMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The ids `policy` drops from `articles` at `now` (sorted), never one in `saved` or an imported
 * one. Pure: the caller reads the store first and writes the removal in one transaction after.
 */
export function chooseEvictions(articles: readonly RetentionArticle[], saved: ReadonlySet<string>, policy: RetentionPolicy, now: number): string[] {
  if (policy.kind === 'all') return [];
  const keptAlways = (a: RetentionArticle): boolean => saved.has(a.id) || a.imported === true;
  if (policy.kind === 'days') {
    const cutoff = retentionCutoff(policy, now)!;
    return articles
      .filter((a) => !keptAlways(a) && a.publishedMs < cutoff)
      .map((a) => a.id)
      .sort();
  }
  const budget = policy.megabytes * MIB;
  const counted = new Set<string>();
  const cost = (a: RetentionArticle): number => {
    let n = a.bytes;
    for (const img of a.images) if (!counted.has(img.sha256)) n += img.length;
    return n;
  };
  const count = (a: RetentionArticle): void => {
    for (const img of a.images) counted.add(img.sha256);
  };
  let used = 0;
  for (const a of articles) {
    if (!keptAlways(a)) continue;
    used += cost(a);
    count(a);
  }
  const dropped: string[] = [];
  let full = false;
  for (const a of [...articles].filter((x) => !keptAlways(x)).sort(newestFirst)) {
    if (!full) {
      const c = cost(a);
      if (used + c <= budget) {
        used += c;
        count(a);
        continue;
      }
      full = true;
    }
    dropped.push(a.id);
  }
  return dropped.sort();
}

/**
 * Whether a sync should leave index entry `e` alone: it is not stored (`storedRev` undefined) and
 * the policy would drop it at once (older than the `days` window), or retention dropped this id at
 * a revision at least as high. Saved articles are stored, so they are never skipped.
 */
export function skippedByRetention(e: Pick<IndexEntry, 'id' | 'rev' | 'published'>, storedRev: number | undefined, policy: RetentionPolicy, evicted: EvictedMap, now: number): boolean {
  if (storedRev !== undefined) return false;
  const gone = evicted.get(e.id);
  if (gone && gone.rev >= e.rev) return true;
  const cutoff = retentionCutoff(policy, now);
  if (cutoff === undefined) return false;
  const published = Date.parse(e.published);
  return Number.isFinite(published) && published < cutoff;
}

/**
 * Whether `next` keeps at least everything `prev` keeps: then articles dropped under `prev` may
 * come back, and the remembered drops are forgotten (the next sync downloads what `next` keeps).
 */
export function widens(prev: RetentionPolicy, next: RetentionPolicy): boolean {
  if (next.kind === 'all') return prev.kind !== 'all';
  if (prev.kind === 'days' && next.kind === 'days') return next.days > prev.days;
  if (prev.kind === 'size' && next.kind === 'size') return next.megabytes > prev.megabytes;
  // Another kind of limit: what it keeps is not comparable, so start afresh.
  return prev.kind !== next.kind;
}
