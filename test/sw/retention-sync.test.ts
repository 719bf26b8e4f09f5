/**
 * Retention and sync together (sw/sync-driver.ts, core/sync/retention.ts): the real sync engine
 * through the IndexedDB store, driven by the SyncDriver. What retention drops is not downloaded
 * again as "new" by the next sync (no drop-and-fetch loop), a fresh profile with a days window
 * never downloads what it would drop, and saved articles survive every drop.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../../src/core/sync/run-sync.ts';
import { articleCount, closeDb, getArticle, getDb, IdbSyncStore, loadRetention, setSaved } from '../../src/shared/db/index.ts';
import { SyncDriver } from '../../src/sw/sync-driver.ts';
import type { SyncLock } from '../../src/sw/sync-lock.ts';
import { FAST_LIMITS, TestRepo, sampleArticle } from '../helpers/test-repo.ts';
import { freshSite } from '../db/fixtures.ts';

const A = 'http://127.0.0.1:1/';
const DAY = 86_400_000;

function lock(): SyncLock {
  let tail: Promise<unknown> = Promise.resolve();
  let held = false;
  return {
    async tryRun(fn) {
      if (held) return { ran: false as const };
      return { ran: true as const, value: await this.run(fn) };
    },
    run(fn) {
      const next = tail.then(async () => {
        held = true;
        try {
          return await fn();
        } finally {
          held = false;
        }
      });
      tail = next.catch(() => undefined);
      return next;
    },
    async isHeld() {
      return held;
    },
  };
}

const opened: string[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await closeDb(s);
});

async function world(articles: { n: number; ageDays: number; bulky?: boolean }[]) {
  const id = freshSite('rsync');
  const repo = await TestRepo.create({ site: { id }, mirrors: [{ url: A }] });
  const add = (n: number, ageDays: number, bulky = false) =>
    repo.addArticle(sampleArticle(n, { published: new Date(repo.now - ageDays * DAY).toISOString(), ...(bulky ? { paragraphs: [`${n} ${'bulky text '.repeat(28_000)}`] } : {}) }));
  for (const a of articles) add(a.n, a.ageDays, a.bulky);
  await repo.publish();
  repo.mirror(A);
  const site = repo.site.id;
  opened.push(site);
  const driver = new SyncDriver({
    config: repo.config([A]),
    db: () => getDb(site),
    store: new IdbSyncStore(site),
    lock: lock(),
    runSync: (store, config, opts) => runSync(store, config, { ...opts, limits: FAST_LIMITS }),
    broadcast: async () => undefined,
    now: () => repo.now,
    fetchImpl: repo.fetch,
  });
  return { repo, site, driver, add };
}

describe('retention with sync', () => {
  it('a fresh profile keeping 30 days never downloads older articles, and the next sync fetches only what is new', async () => {
    const w = await world([
      { n: 0, ageDays: 90 },
      { n: 1, ageDays: 60 },
      { n: 2, ageDays: 3 },
      { n: 3, ageDays: 1 },
    ]);
    expect(await w.driver.setRetention({ kind: 'days', days: 30 })).toEqual({ dropped: 0 });
    const first = await w.driver.sync('test');
    expect(first.lastOutcome).toBe('updated');
    expect(first.articleCount).toBe(2);
    expect(await getArticle(w.site, 'story-0')).toBeUndefined();
    w.add(4, 0);
    await w.repo.publish();
    const second = await w.driver.sync('test');
    expect(second).toMatchObject({ lastOutcome: 'updated', articleCount: 3, lastRun: { added: 1 } });
    expect(await getArticle(w.site, 'story-1')).toBeUndefined();
  });

  it('articles dropped by a size limit are not downloaded again by later syncs; saved ones are kept', async () => {
    const w = await world([0, 1, 2, 3, 4].map((n) => ({ n, ageDays: 10 - n, bulky: true })));
    await w.driver.sync('test');
    expect(await articleCount(w.site)).toBe(5);
    await setSaved(w.site, 'story-0', true);
    // About 0.3 MiB each: 1 MiB keeps the saved oldest one and the two newest.
    const { dropped } = await w.driver.setRetention({ kind: 'size', megabytes: 1 });
    expect(dropped).toBe(2);
    for (const [id, kept] of [['story-0', true], ['story-1', false], ['story-2', false], ['story-3', true], ['story-4', true]] as const) {
      expect(Boolean(await getArticle(w.site, id)), id).toBe(kept);
    }
    const remembered = (await loadRetention(await getDb(w.site))).evicted;
    expect([...remembered.keys()].sort()).toEqual(['story-1', 'story-2']);

    // A new edition with one new article: only that one's pack is fetched; the dropped stay away.
    w.add(5, 0);
    await w.repo.publish();
    const before = w.repo.requests.length;
    const next = await w.driver.sync('test');
    expect(next.lastOutcome).toBe('updated');
    expect(next.lastRun?.added).toBe(1);
    const fetched = w.repo.requests.slice(before).join('\n');
    expect(fetched).toContain(w.repo.published('story-5').pack.sha256);
    for (const id of ['story-1', 'story-2']) expect(fetched, id).not.toContain(w.repo.published(id).pack.sha256);
    // The small new one fits beside the three kept: nothing more is dropped.
    expect(await articleCount(w.site)).toBe(4);
    expect(await getArticle(w.site, 'story-0')).toBeDefined();
    // A third sync with nothing new is "unchanged": no loop of drops and downloads.
    const again = await w.driver.sync('test');
    expect(again.lastOutcome).toBe('unchanged');

    // Widening to "keep everything" forgets the drops: the next edition brings them back.
    await w.driver.setRetention({ kind: 'all' });
    w.add(6, 0);
    await w.repo.publish();
    await w.driver.sync('test');
    for (const id of ['story-1', 'story-2']) expect(await getArticle(w.site, id), id).toBeDefined();
  });
});
