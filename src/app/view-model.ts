/**
 * Pure helpers behind the views (no DOM, no database): grouping, staleness, mirror health.
 * Kept apart from the components so they can be unit-tested in Node.
 */
import type { SyncStatus } from '../shared/protocol.ts';

/** Group `articles` (newest first) by section, sections in order of their newest article. */
export function groupBySection<T extends { section: string }>(articles: readonly T[]): { section: string; articles: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const a of articles) {
    const g = groups.get(a.section);
    if (g) g.push(a);
    else groups.set(a.section, [a]);
  }
  return [...groups].map(([section, list]) => ({ section, articles: list }));
}

/** Whether the stored data is past its signed freshness (the reader must be warned). */
export function isStale(s: SyncStatus | undefined, now: number): boolean {
  return s?.freshUntil !== undefined && now > s.freshUntil;
}

/**
 * How far the news may be signed "in the future" before the device clock is taken to be behind
 * (checklist item 49): publishers' clocks drift a little, a device set days back does not.
 */
export const CLOCK_TOLERANCE_MS = 10 * 60_000;

/**
 * Whether the device clock looks behind: the stored news was signed later than "now". Freshness
 * and "how long ago" are then wrong, and a stale copy can pass for a fresh one, so the reader is told.
 */
export function clockBehind(s: SyncStatus | undefined, now: number): boolean {
  return s?.publishedAt !== undefined && s.publishedAt > now + CLOCK_TOLERANCE_MS;
}

/** Error codes that mean "the mirror could not be reached" (as opposed to serving bad data). */
const UNREACHABLE = new Set(['NETWORK', 'TIMEOUT', 'TOO_SLOW', 'HTTP_STATUS', 'NOT_BUNDLE', 'ALL_MIRRORS_FAILED']);

/**
 * The one reason a failed attempt is summed up by, in order of what the reader can act on: storage
 * full (their device), every mirror unreachable (their network, or a block), else the first error.
 */
export function mainFailure(errors: readonly { readonly code: string }[]): string {
  if (errors.some((e) => e.code === 'STORAGE_FULL')) return 'STORAGE_FULL';
  if (errors.some((e) => e.code === 'STORAGE')) return 'STORAGE';
  if (errors.length === 0) return 'UNKNOWN';
  if (errors.every((e) => UNREACHABLE.has(e.code))) return 'ALL_MIRRORS_FAILED';
  return errors.find((e) => !UNREACHABLE.has(e.code))?.code ?? errors[0]!.code;
}

/**
 * What the status line says, as one statement that is true at `now`:
 * - `pending`: the worker has not answered yet;
 * - `syncing`: a run is going on (with its phase and progress);
 * - `failed`: the last attempt failed (the reason; and the last success, if any, as what is shown);
 * - `offline`: the device is offline (and the last success, if any);
 * - `updated`: the last attempt succeeded (when and from which mirror);
 * - `never`: nothing was ever stored.
 * A failed attempt is never hidden behind an older success, and "updated" is never said when the
 * last attempt failed.
 */
export type StatusStatement =
  | { readonly kind: 'pending' }
  | { readonly kind: 'syncing'; readonly status: SyncStatus }
  | { readonly kind: 'failed'; readonly at: number; readonly reason: string; readonly lastSuccessAt?: number; readonly lastSuccessMirror?: string }
  | { readonly kind: 'offline'; readonly lastSuccessAt?: number; readonly lastSuccessMirror?: string }
  | { readonly kind: 'updated'; readonly at: number; readonly mirror?: string }
  | { readonly kind: 'never' };

/** The statement for a status (see {@link StatusStatement}). */
export function statusStatement(s: SyncStatus | undefined, online: boolean): StatusStatement {
  if (s === undefined) return { kind: 'pending' };
  if (s.state === 'syncing') return { kind: 'syncing', status: s };
  const success = { ...(s.lastSuccessAt !== undefined ? { lastSuccessAt: s.lastSuccessAt } : {}), ...(s.lastSuccessMirror ? { lastSuccessMirror: s.lastSuccessMirror } : {}) };
  if (!online) return { kind: 'offline', ...success };
  if (s.lastOutcome === 'failed' && s.lastAttemptAt !== undefined && (s.lastSuccessAt === undefined || s.lastAttemptAt >= s.lastSuccessAt)) {
    return { kind: 'failed', at: s.lastAttemptAt, reason: mainFailure(s.lastErrors ?? []), ...success };
  }
  if (s.lastSuccessAt !== undefined) return { kind: 'updated', at: s.lastSuccessAt, ...(s.lastSuccessMirror ? { mirror: s.lastSuccessMirror } : {}) };
  return { kind: 'never' };
}

/** What a "Sync now" press came to, for the feedback next to the button. */
export type SyncFeedback =
  | { readonly kind: 'started' }
  | { readonly kind: 'elsewhere' }
  | { readonly kind: 'nothing-new' }
  | { readonly kind: 'new'; readonly added: number; readonly removed: number }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'offline' };

/** The feedback for the status a SYNC_NOW reply carried (`undefined`: the request itself failed). */
export function syncFeedback(after: SyncStatus | undefined, requestError: string | undefined): SyncFeedback {
  if (!after) return { kind: 'failed', reason: requestError ?? 'NO_WORKER' };
  // Another worker instance holds the lock: the reply comes at once, while that run goes on.
  if (after.state === 'syncing') return { kind: 'elsewhere' };
  if (after.lastOutcome === 'failed') return { kind: 'failed', reason: mainFailure(after.lastErrors ?? []) };
  const added = after.lastRun?.added ?? 0;
  const removed = after.lastRun?.removed ?? 0;
  return added > 0 || removed > 0 ? { kind: 'new', added, removed } : { kind: 'nothing-new' };
}
