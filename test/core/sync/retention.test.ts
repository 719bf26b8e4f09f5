/** Retention choice (core/sync/retention.ts): which stored articles a policy drops, and what a sync skips. */
import { describe, expect, it } from 'vitest';
import { chooseEvictions, parseRetentionPolicy, skippedByRetention, widens, type RetentionArticle } from '../../../src/core/sync/retention.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T12:00:00Z');
const MIB = 1024 * 1024;

function art(id: string, ageDays: number, bytes = 1000, images: RetentionArticle['images'] = [], imported = false): RetentionArticle {
  return { id, rev: 1, publishedMs: NOW - ageDays * DAY, bytes, images, ...(imported ? { imported: true } : {}) };
}

describe('chooseEvictions', () => {
  const library = [art('a', 1), art('b', 10), art('c', 40), art('d', 400)];

  it('keeps everything under "keep everything"', () => {
    expect(chooseEvictions(library, new Set(), { kind: 'all' }, NOW)).toEqual([]);
  });

  it('drops unsaved articles published before the days window, never saved or imported ones', () => {
    expect(chooseEvictions(library, new Set(), { kind: 'days', days: 30 }, NOW)).toEqual(['c', 'd']);
    expect(chooseEvictions(library, new Set(['d']), { kind: 'days', days: 30 }, NOW)).toEqual(['c']);
    expect(chooseEvictions([...library, art('e', 90, 10, [], true)], new Set(), { kind: 'days', days: 30 }, NOW)).toEqual(['c', 'd']);
    // Exactly at the edge: published at the cutoff is kept.
    expect(chooseEvictions([art('edge', 30)], new Set(), { kind: 'days', days: 30 }, NOW)).toEqual([]);
  });

  it('under a size limit keeps the newest that fit and drops the first that does not and every older one', () => {
    const big = [art('new', 0, 0.4 * MIB), art('mid', 1, 0.4 * MIB), art('large', 2, 0.5 * MIB), art('small-old', 3, 10)];
    // 0.4 + 0.4 fit in 1 MiB; "large" does not, so it goes, and "small-old" with it (age order).
    expect(chooseEvictions(big, new Set(), { kind: 'size', megabytes: 1 }, NOW)).toEqual(['large', 'small-old']);
  });

  it('counts saved articles first, and may drop every unsaved one for them', () => {
    const list = [art('new', 0, 0.3 * MIB), art('saved-old', 50, 0.9 * MIB)];
    expect(chooseEvictions(list, new Set(['saved-old']), { kind: 'size', megabytes: 1 }, NOW)).toEqual(['new']);
    expect(chooseEvictions([art('huge-saved', 1, 5 * MIB)], new Set(['huge-saved']), { kind: 'size', megabytes: 1 }, NOW)).toEqual([]);
  });

  it('counts an image shared by several articles once', () => {
    const pic = { sha256: 'p'.repeat(64), length: 0.6 * MIB };
    const list = [art('one', 0, 1000, [pic]), art('two', 1, 1000, [pic]), art('three', 2, 1000, [{ sha256: 'q'.repeat(64), length: 0.6 * MIB }])];
    expect(chooseEvictions(list, new Set(), { kind: 'size', megabytes: 1 }, NOW)).toEqual(['three']);
  });

  it('breaks ties in publication time by id, so the choice does not depend on the input order', () => {
    const list = [art('x', 5, 0.6 * MIB), art('y', 5, 0.6 * MIB)];
    const forward = chooseEvictions(list, new Set(), { kind: 'size', megabytes: 1 }, NOW);
    expect(forward).toEqual(chooseEvictions([...list].reverse(), new Set(), { kind: 'size', megabytes: 1 }, NOW));
    expect(forward).toHaveLength(1);
  });
});

describe('skippedByRetention', () => {
  const entry = (id: string, rev: number, ageDays: number) => ({ id, rev, published: new Date(NOW - ageDays * DAY).toISOString() });

  it('skips what the days window would drop at once, and never a stored article', () => {
    expect(skippedByRetention(entry('old', 1, 40), undefined, { kind: 'days', days: 30 }, new Map(), NOW)).toBe(true);
    expect(skippedByRetention(entry('new', 1, 2), undefined, { kind: 'days', days: 30 }, new Map(), NOW)).toBe(false);
    // A stored (saved) article's newer revision always comes in.
    expect(skippedByRetention(entry('old', 2, 40), 1, { kind: 'days', days: 30 }, new Map(), NOW)).toBe(false);
  });

  it('skips an id retention dropped, until a newer revision is published', () => {
    const evicted = new Map([['gone', { rev: 3, publishedMs: NOW - 2 * DAY }]]);
    expect(skippedByRetention(entry('gone', 3, 2), undefined, { kind: 'size', megabytes: 5 }, evicted, NOW)).toBe(true);
    expect(skippedByRetention(entry('gone', 2, 2), undefined, { kind: 'size', megabytes: 5 }, evicted, NOW)).toBe(true);
    expect(skippedByRetention(entry('gone', 4, 2), undefined, { kind: 'size', megabytes: 5 }, evicted, NOW)).toBe(false);
    expect(skippedByRetention(entry('other', 1, 2), undefined, { kind: 'size', megabytes: 5 }, evicted, NOW)).toBe(false);
  });
});

describe('policy values', () => {
  it('parses only whole numbers inside the limits', () => {
    expect(parseRetentionPolicy({ kind: 'all' })).toEqual({ kind: 'all' });
    expect(parseRetentionPolicy({ kind: 'days', days: 30, extra: 'x' })).toEqual({ kind: 'days', days: 30 });
    expect(parseRetentionPolicy({ kind: 'size', megabytes: 250 })).toEqual({ kind: 'size', megabytes: 250 });
    for (const bad of [null, 'all', {}, { kind: 'days' }, { kind: 'days', days: 0 }, { kind: 'days', days: 2.5 }, { kind: 'days', days: '30' }, { kind: 'size', megabytes: -3 }, { kind: 'size', megabytes: Infinity }, { kind: 'weeks', weeks: 2 }]) {
      expect(parseRetentionPolicy(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('says when a new policy keeps more (then the remembered drops are forgotten)', () => {
    expect(widens({ kind: 'days', days: 30 }, { kind: 'all' })).toBe(true);
    expect(widens({ kind: 'all' }, { kind: 'all' })).toBe(false);
    expect(widens({ kind: 'days', days: 30 }, { kind: 'days', days: 60 })).toBe(true);
    expect(widens({ kind: 'days', days: 30 }, { kind: 'days', days: 7 })).toBe(false);
    expect(widens({ kind: 'size', megabytes: 100 }, { kind: 'size', megabytes: 50 })).toBe(false);
    expect(widens({ kind: 'size', megabytes: 100 }, { kind: 'days', days: 7 })).toBe(true);
  });
});
