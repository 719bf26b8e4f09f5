/**
 * format.md §3.4 and §5 step 3: the index view of a manifest (the union of its segments) and the
 * checks against what the client has stored.
 */
import { PigeonError } from '../errors.ts';
import type { IndexEntry, IndexSegment, PackPin } from '../format/index-segment.ts';

/** The union of a manifest's segments. */
export interface IndexView {
  /** Live articles by id (highest revision, not removed). */
  readonly entries: ReadonlyMap<string, IndexEntry>;
  /** Signed removals by id (highest tombstone revision). */
  readonly removed: ReadonlyMap<string, number>;
  /** Every pinned pack by hash. */
  readonly packs: ReadonlyMap<string, PackPin>;
}

function sameEntry(a: IndexEntry, b: IndexEntry): boolean {
  return a.envelope.sha256 === b.envelope.sha256 && a.envelope.length === b.envelope.length && a.pack === b.pack;
}

/** Build the view. Two entries with the same id and rev but different content are MALFORMED. */
export function buildIndexView(segments: readonly IndexSegment[], site: string): IndexView {
  const entries = new Map<string, IndexEntry>();
  const removed = new Map<string, number>();
  const packs = new Map<string, PackPin>();
  for (const seg of segments) {
    if (seg.site !== site) throw new PigeonError('WRONG_SITE', `an index segment is for site "${seg.site}", not "${site}"`);
    for (const p of seg.packs) {
      const known = packs.get(p.sha256);
      if (known && (known.length !== p.length || known.size !== p.size)) throw new PigeonError('MALFORMED', `pack ${p.sha256.slice(0, 12)} is pinned with two different sizes`);
      packs.set(p.sha256, p);
    }
    for (const e of seg.entries) {
      const prev = entries.get(e.id);
      if (!prev || e.rev > prev.rev) entries.set(e.id, e);
      else if (e.rev === prev.rev && !sameEntry(e, prev)) {
        throw new PigeonError('MALFORMED', `article ${e.id} revision ${e.rev} is listed twice with different content`);
      }
    }
    for (const t of seg.removed) removed.set(t.id, Math.max(t.rev, removed.get(t.id) ?? 0));
  }
  for (const [id, rev] of removed) {
    const e = entries.get(id);
    if (e && e.rev <= rev) entries.delete(id);
  }
  return { entries, removed, packs };
}

/**
 * 5.6: every stored article must still be listed with a revision at least as high, or be removed by
 * a signed tombstone. Returns the ids to delete (signed removals).
 */
export function checkAgainstStored(view: IndexView, stored: ReadonlyMap<string, number>): string[] {
  const toRemove: string[] = [];
  for (const [id, rev] of stored) {
    const e = view.entries.get(id);
    if (e) {
      if (e.rev < rev) {
        throw new PigeonError('REVISION_ROLLBACK', `article ${id} revision ${e.rev} is older than the stored revision ${rev}`);
      }
      continue;
    }
    const tomb = view.removed.get(id);
    if (tomb !== undefined && tomb >= rev) toRemove.push(id);
    else throw new PigeonError('REMOVED_WITHOUT_TOMBSTONE', `article ${id} vanished from the index without a signed removal`);
  }
  return toRemove;
}

/**
 * A rebase after the publish keys changed (format.md §4.2): the stored articles this view does not
 * vouch for, i.e. not listed at exactly the stored revision with the stored envelope hash (an article
 * stored without its hash counts as not vouched for). Tombstoned articles are among them.
 */
export function unvouchedArticles(view: IndexView, stored: ReadonlyMap<string, { rev: number; sha256: string | undefined }>): string[] {
  const out: string[] = [];
  for (const [id, s] of stored) {
    const e = view.entries.get(id);
    if (!e || e.rev !== s.rev || s.sha256 === undefined || e.envelope.sha256 !== s.sha256) out.push(id);
  }
  return out.sort();
}

/**
 * Articles of the view not stored at their current revision, grouped by pack. `skip` leaves out
 * entries the reader's retention setting would drop at once (core/sync/retention.ts).
 */
export function plannedPacks(view: IndexView, stored: ReadonlyMap<string, number>, skip?: (e: IndexEntry, storedRev: number | undefined) => boolean): Map<string, IndexEntry[]> {
  const byPack = new Map<string, IndexEntry[]>();
  for (const e of view.entries.values()) {
    if ((stored.get(e.id) ?? 0) >= e.rev) continue;
    if (skip?.(e, stored.get(e.id))) continue;
    const list = byPack.get(e.pack);
    if (list) list.push(e);
    else byPack.set(e.pack, [e]);
  }
  return byPack;
}
