/**
 * Index segments (format.md §3.4). Each publish adds one segment holding the new and changed
 * entries and the tombstones of deleted articles. When the manifest pins more than
 * MAX_SEGMENTS, adjacent small segments are merged (smallest pair first) down to MERGE_TARGET,
 * keeping for every id only its current entry and every tombstone (readers that stored a removed
 * article need its tombstone forever; they are tiny).
 */
import { canonicalBytes } from '../../core/encoding/canonical-json.ts';
import { SPEC_VERSION, TYPES } from '../../core/format/common.ts';
import { buildObject, type BuiltObject } from './objects.ts';
import { MAX_OBJECT_BYTES } from './packs.ts';
import type { EntryWire, PackState, PublishState, SegmentState } from './state.ts';

/** Merge when more segments than this are pinned. */
export const MAX_SEGMENTS = 32;
/** ...down to this many, so merging does not happen on every publish. */
export const MERGE_TARGET = 24;

/** A built segment with its state record. */
export interface BuiltSegment {
  readonly object: BuiltObject;
  readonly state: SegmentState;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Build a segment from entries, tombstones and the pins of the packs the entries name. */
export function buildSegment(site: string, entries: readonly EntryWire[], removed: readonly { id: string; rev: number }[], packPins: ReadonlyMap<string, PackState>): BuiltSegment {
  const sortedEntries = [...entries].sort(byId);
  const sortedRemoved = [...removed].sort(byId);
  const packIds = [...new Set(sortedEntries.map((e) => e.pack))].sort();
  const packs = packIds.map((sha) => {
    const p = packPins.get(sha);
    if (!p) throw new Error(`internal: pack ${sha} has no pin`);
    return { sha256: p.sha256, length: p.length, size: p.size, count: p.count };
  });
  const doc = { _type: TYPES.index, spec_version: SPEC_VERSION, site, articles: sortedEntries, removed: sortedRemoved, packs };
  const object = buildObject(canonicalBytes(doc));
  return {
    object,
    state: {
      ...object.pin,
      count: sortedEntries.length,
      entries: sortedEntries.map((e) => [e.id, e.rev]),
      removed: sortedRemoved.map((t) => [t.id, t.rev]),
      packs: packIds,
    },
  };
}

/**
 * Build the segments for entries and tombstones, each at most MAX_OBJECT_BYTES (format.md §6): a
 * segment that comes out larger is split in two halves of its entries and of its tombstones,
 * each pinning the packs of its own entries (§3.4), and built again.
 */
export function buildSegments(site: string, entries: readonly EntryWire[], removed: readonly { id: string; rev: number }[], packPins: ReadonlyMap<string, PackState>): BuiltSegment[] {
  const seg = buildSegment(site, entries, removed, packPins);
  if (seg.object.gz.length <= MAX_OBJECT_BYTES || entries.length + removed.length <= 1) return [seg];
  const sorted = [...entries].sort(byId);
  const tombs = [...removed].sort(byId);
  const e = Math.ceil(sorted.length / 2);
  const r = Math.ceil(tombs.length / 2);
  return [...buildSegments(site, sorted.slice(0, e), tombs.slice(0, r), packPins), ...buildSegments(site, sorted.slice(e), tombs.slice(r), packPins)];
}

/**
 * Merge segments while more than MAX_SEGMENTS are pinned. Returns the new list and the segments
 * built (to be written). Entries superseded by a newer revision, or removed, are dropped. Merging
 * stops early when the smallest pair would make a segment over MAX_OBJECT_BYTES.
 */
export function mergeSegments(state: PublishState, segments: readonly SegmentState[]): { segments: SegmentState[]; built: BuiltSegment[] } {
  const list = [...segments];
  const built: BuiltSegment[] = [];
  if (list.length <= MAX_SEGMENTS) return { segments: list, built };
  const pins = new Map(Object.entries(state.packs));
  const weight = (s: SegmentState) => s.entries.length + s.removed.length;
  while (list.length > MERGE_TARGET) {
    let best = 0;
    for (let i = 1; i + 1 < list.length; i++) if (weight(list[i]!) + weight(list[i + 1]!) < weight(list[best]!) + weight(list[best + 1]!)) best = i;
    const a = list[best]!;
    const b = list[best + 1]!;
    const entries: EntryWire[] = [];
    const seen = new Set<string>();
    for (const [id, rev] of [...a.entries, ...b.entries]) {
      const cur = state.articles[id];
      if (cur && cur.rev === rev && !seen.has(id)) {
        entries.push(cur.entry);
        seen.add(id);
      }
    }
    const tomb = new Map<string, number>();
    for (const [id, rev] of [...a.removed, ...b.removed]) tomb.set(id, Math.max(rev, tomb.get(id) ?? 0));
    const seg = buildSegment(state.site, entries, [...tomb].map(([id, rev]) => ({ id, rev })), pins);
    // The smallest pair merged is over the object cap: every other pair would be too.
    if (seg.object.gz.length > MAX_OBJECT_BYTES) break;
    built.push(seg);
    list.splice(best, 2, seg.state);
  }
  return { segments: list, built };
}
