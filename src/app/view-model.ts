/**
 * Pure helpers behind the views (no DOM, no database): grouping, staleness, mirror health.
 * Kept apart from the components so they can be unit-tested in Node.
 */
import type { MirrorInfo, SyncStatus } from '../shared/protocol.ts';

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

/** Health class of a mirror, for its badge. */
export function mirrorHealth(m: MirrorInfo): 'ok' | 'failing' | 'unknown' {
  if (m.lastSuccessAt === undefined && m.lastFailureAt === undefined) return 'unknown';
  if (m.lastFailureAt !== undefined && (m.lastSuccessAt === undefined || m.lastFailureAt > m.lastSuccessAt)) return 'failing';
  return 'ok';
}
