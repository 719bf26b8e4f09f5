/**
 * The index view (format.md §3.4) and the checks against stored articles (§5.6; checklist B.16,
 * B.17): highest revision wins, conflicting entries at the same revision are MALFORMED,
 * tombstones remove up to their revision, a vanished article needs a tombstone, and revisions
 * never go down.
 */
import { describe, expect, it } from 'vitest';
import { buildIndexView, checkAgainstStored, plannedPacks, unvouchedArticles } from '../../../src/core/trust/index-view.ts';
import type { IndexEntry, IndexSegment } from '../../../src/core/format/index-segment.ts';
import { errorCode } from '../../helpers/test-repo.ts';

const H = (c: string): string => c.repeat(64);
function entry(id: string, rev: number, pack = H('a'), env = H(String(rev % 10))): IndexEntry {
  return { id, rev, title: id, lang: 'en', dir: 'ltr', section: 'News', published: '2026-11-20T21:30:00Z', summary: '', pack, envelope: { sha256: env, length: 100 + rev }, imageBytes: 0 };
}
function seg(entries: IndexEntry[], removed: { id: string; rev: number }[] = [], site = 'demo-news'): IndexSegment {
  const packs = [...new Set(entries.map((e) => e.pack))].map((sha256) => ({ sha256, length: 10, size: 20, count: 1 }));
  return { site, entries, removed, packs };
}
const stored = (o: Record<string, number>): Map<string, number> => new Map(Object.entries(o));

describe('buildIndexView', () => {
  it('the highest revision wins, whatever the segment order', () => {
    const a = seg([entry('x', 1), entry('y', 1)]);
    const b = seg([entry('x', 3, H('b'))]);
    const c = seg([entry('x', 2, H('c'))]);
    for (const order of [[a, b, c], [c, b, a], [b, a, c]]) {
      const v = buildIndexView(order, 'demo-news');
      expect(v.entries.get('x')!.rev).toBe(3);
      expect(v.entries.get('x')!.pack).toBe(H('b'));
      expect(v.entries.get('y')!.rev).toBe(1);
      expect(v.packs.size).toBe(3);
    }
  });

  it('the same id and revision listed twice with different content → MALFORMED; identical is fine', () => {
    expect(errorCode(() => buildIndexView([seg([entry('x', 2, H('a'), H('1'))]), seg([entry('x', 2, H('a'), H('2'))])], 'demo-news'))).toBe('MALFORMED');
    expect(errorCode(() => buildIndexView([seg([entry('x', 2, H('a'))]), seg([entry('x', 2, H('b'))])], 'demo-news'))).toBe('MALFORMED');
    expect(errorCode(() => buildIndexView([seg([entry('x', 2)]), seg([entry('x', 2)])], 'demo-news'))).toBe('OK');
  });

  it('a pack pinned with two different sizes → MALFORMED', () => {
    const a = seg([entry('x', 1)]);
    const b: IndexSegment = { ...seg([entry('y', 1)]), packs: [{ sha256: H('a'), length: 11, size: 20, count: 1 }] };
    expect(errorCode(() => buildIndexView([a, b], 'demo-news'))).toBe('MALFORMED');
  });

  it('a tombstone removes the article up to its revision, not a later revision', () => {
    const v = buildIndexView([seg([entry('x', 2), entry('y', 1)]), seg([], [{ id: 'x', rev: 2 }, { id: 'y', rev: 0 + 1 }, { id: 'z', rev: 5 }])], 'demo-news');
    expect([...v.entries.keys()]).toEqual([]);
    expect(v.removed.get('x')).toBe(2);
    const again = buildIndexView([seg([entry('x', 2)]), seg([], [{ id: 'x', rev: 2 }]), seg([entry('x', 3)])], 'demo-news');
    expect(again.entries.get('x')!.rev).toBe(3); // republished after the removal
    const lower = buildIndexView([seg([entry('x', 4)]), seg([], [{ id: 'x', rev: 3 }])], 'demo-news');
    expect(lower.entries.get('x')!.rev).toBe(4);
  });

  it('a segment for another site → WRONG_SITE', () => {
    expect(errorCode(() => buildIndexView([seg([entry('x', 1)], [], 'other-news')], 'demo-news'))).toBe('WRONG_SITE');
  });
});

describe('checkAgainstStored (format.md §5.6)', () => {
  const view = buildIndexView([seg([entry('a', 2), entry('b', 1)]), seg([], [{ id: 'gone', rev: 3 }])], 'demo-news');

  it('accepts stored articles still listed at the same or a higher revision', () => {
    expect(checkAgainstStored(view, stored({ a: 1, b: 1 }))).toEqual([]);
    expect(checkAgainstStored(view, stored({ a: 2 }))).toEqual([]);
  });

  it('returns the ids withdrawn by a tombstone at or above the stored revision', () => {
    expect(checkAgainstStored(view, stored({ a: 2, gone: 3 }))).toEqual(['gone']);
    expect(checkAgainstStored(view, stored({ gone: 1 }))).toEqual(['gone']);
  });

  it('a stored article missing without a tombstone → REMOVED_WITHOUT_TOMBSTONE (checklist B.16)', () => {
    expect(errorCode(() => checkAgainstStored(view, stored({ a: 2, vanished: 1 })))).toBe('REMOVED_WITHOUT_TOMBSTONE');
    // A tombstone below the stored revision does not cover it.
    expect(errorCode(() => checkAgainstStored(view, stored({ gone: 4 })))).toBe('REMOVED_WITHOUT_TOMBSTONE');
  });

  it('a revision below the stored one → REVISION_ROLLBACK (checklist B.17)', () => {
    expect(errorCode(() => checkAgainstStored(view, stored({ a: 5 })))).toBe('REVISION_ROLLBACK');
  });
});

describe('unvouchedArticles (a rebase after the publish keys changed, format.md §4.2)', () => {
  const view = buildIndexView([seg([entry('a', 2), entry('b', 1)]), seg([], [{ id: 'gone', rev: 3 }])], 'demo-news');
  const pins = (o: Record<string, [number, string | undefined]>) => new Map(Object.entries(o).map(([id, [rev, sha256]]) => [id, { rev, sha256 }]));

  it('keeps exactly the articles listed at the stored revision with the stored envelope hash', () => {
    expect(unvouchedArticles(view, pins({ a: [2, H('2')], b: [1, H('1')] }))).toEqual([]);
  });

  it('withdraws higher or lower revisions, other envelopes, missing hashes, tombstoned and unlisted articles', () => {
    expect(
      unvouchedArticles(
        view,
        pins({ a: [7, H('7')], b: [1, H('f')], gone: [3, H('3')], forged: [1, H('1')] }),
      ),
    ).toEqual(['a', 'b', 'forged', 'gone']);
    expect(unvouchedArticles(view, pins({ a: [1, H('1')], b: [1, undefined] }))).toEqual(['a', 'b']);
  });
});

describe('plannedPacks', () => {
  it('plans only articles not stored at their current revision, grouped by pack', () => {
    const view = buildIndexView([seg([entry('a', 1, H('a')), entry('b', 2, H('a')), entry('c', 1, H('b'))])], 'demo-news');
    const plan = plannedPacks(view, stored({ a: 1, b: 1 }));
    expect([...plan.keys()]).toEqual([H('a'), H('b')]);
    expect(plan.get(H('a'))!.map((e) => e.id)).toEqual(['b']);
    expect(plannedPacks(view, stored({ a: 1, b: 2, c: 1 })).size).toBe(0);
  });
});
