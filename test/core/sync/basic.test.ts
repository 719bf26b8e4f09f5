/**
 * The sync engine's normal flows (format.md §5) against fake mirrors: a cold sync stores
 * everything and commits; a sync with nothing new costs one timestamp request per mirror asked;
 * an incremental sync downloads only the new segment and packs; signed removals remove.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore, runSync, type SyncProgress } from '../../../src/core/sync/index.ts';
import { verifyArticleEnvelope } from '../../../src/core/trust/article.ts';
import { verifyAnchor } from '../../../src/core/trust/root-chain.ts';
import { HOUR, sampleArticle, TestRepo } from '../../helpers/test-repo.ts';

const A = 'https://mirror-a.example/';
const B = 'https://mirror-b.example/pigeon/';

async function setup(n = 6) {
  const repo = await TestRepo.create();
  for (let i = 0; i < n; i++) repo.addArticle(sampleArticle(i, { section: i % 2 ? 'Город' : 'City' }));
  await repo.publish();
  repo.mirror(A);
  repo.mirror(B);
  return { repo, store: new MemoryStore(), config: repo.config([A, B]) };
}

describe('cold sync', () => {
  it('stores every article, image and segment, then commits the trust state', async () => {
    const { repo, store, config } = await setup();
    const progress: SyncProgress[] = [];
    const r = await runSync(store, config, repo.syncOptions({ onProgress: (p) => progress.push(p) }));
    expect(r).toMatchObject({ outcome: 'updated', manifestVersion: 1, added: 6, removed: 0, errors: [] });
    expect(r.freshUntil).toBe(repo.now + 24 * HOUR);
    expect(r.publishedAt).toBe(repo.now);
    expect([...store.articles.keys()].sort()).toEqual(repo.articleIds().sort());
    expect(store.images.size).toBe(2); // story-0 and story-3 carry one image each
    expect(store.segments.size).toBe(1);
    expect(store.trust).toMatchObject({ site: 'demo-news', rootVersion: 1, timestamp: { version: 1 }, manifest: { version: 1 } });
    // Stored envelopes are the exact signed bytes, still verifiable on their own (for sharing).
    const root = (await verifyAnchor(repo.anchor)).root;
    for (const a of store.articles.values()) {
      expect(a.envelope).toEqual(repo.published(a.id).envelope);
      expect((await verifyArticleEnvelope(root, a.envelope)).rev).toBe(a.rev);
    }
    const ru = store.articles.get('story-1')!;
    expect(ru).toMatchObject({ lang: 'ru', section: 'Город', title: 'Новости дня №1' });
    expect(ru.html).toContain('уровень воды в реке');
    // Requests: 2 timestamps, the manifest, 1 segment, 2 packs (one per section).
    expect(r.requests).toBe(6);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['timestamp', 'manifest', 'index', 'packs', 'commit']));
    expect(progress.at(-1)).toMatchObject({ articlesDone: 6, articlesTotal: 6, articlesNew: 6 });
  });

  it('asks two mirrors for the timestamp (format.md §5.1) and the rest from one', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    expect(repo.requested(A).filter((p) => p === 'timestamp.json')).toHaveLength(1);
    expect(repo.requested(B).filter((p) => p === 'timestamp.json')).toHaveLength(1);
    expect(repo.requests.every((u) => u.startsWith(A) || u.startsWith(B))).toBe(true);
  });
});

describe('one reachable mirror (fetchFor)', () => {
  it('a fetch that reaches only mirror A: B fails like an unreachable host and A serves everything', async () => {
    const { repo, store, config } = await setup();
    const r = await runSync(store, config, repo.syncOptions({ fetchImpl: repo.fetchFor(A) }));
    expect(r).toMatchObject({ outcome: 'updated', mirror: A, added: 6 });
    expect(repo.mirror(B).requests).toEqual([]);
    expect(store.health.find((h) => h.url === B)!.lastError!.code).toBe('NETWORK');
  });
});

describe('nothing changed', () => {
  it('makes exactly one timestamp request per mirror and stores nothing new (unchanged)', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    const before = { articles: new Map(store.articles), images: new Map(store.images), segments: new Map(store.segments) };
    repo.requests.length = 0;
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'unchanged', manifestVersion: 1, added: 0, removed: 0, requests: 2, errors: [] });
    expect(repo.requests.sort()).toEqual([`${A}timestamp.json`, `${B}timestamp.json`]);
    expect(store.articles).toEqual(before.articles);
    expect(store.images).toEqual(before.images);
    expect(store.segments).toEqual(before.segments);
  });

  it('a re-signed timestamp (new version, same manifest) only refreshes the stored timestamp', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    repo.now += 20 * HOUR;
    await repo.resignTimestamp();
    repo.requests.length = 0;
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'unchanged', requests: 2 });
    expect(store.trust!.timestamp!.version).toBe(2);
    expect(r.freshUntil).toBe(repo.now + 24 * HOUR);
  });
});

describe('incremental sync', () => {
  it('downloads only the new segment and the new pack(s)', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    const segmentsBefore = new Set(store.segments.keys());
    repo.now += HOUR;
    repo.addArticle(sampleArticle(10, { section: 'Sport' }));
    repo.addArticle(sampleArticle(2, { section: 'City', title: 'Updated: news of the day, number 2' })); // rev 2
    const p = await repo.publish();
    repo.requests.length = 0;
    const progress: SyncProgress[] = [];
    const r = await runSync(store, config, repo.syncOptions({ onProgress: (x) => progress.push(x) }));
    expect(r).toMatchObject({ outcome: 'updated', manifestVersion: 2, added: 2 });
    // Two articles stored, one of them new (the other replaced revision 1): the count grew by one.
    expect(progress.at(-1)).toMatchObject({ articlesDone: 2, articlesTotal: 2, articlesNew: 1 });
    const objects = repo.requests.filter((u) => u.includes('/objects/')).map((u) => u.split('/objects/')[1]).sort();
    expect(objects).toEqual([p.manifest.sha256, p.segment!.sha256, ...p.packs.map((x) => x.sha256)].sort());
    expect(p.packs).toHaveLength(2); // Sport and City
    expect(store.articles.get('story-2')).toMatchObject({ rev: 2, title: 'Updated: news of the day, number 2' });
    expect(store.segments.size).toBe(2);
    for (const s of segmentsBefore) expect(store.segments.has(s)).toBe(true);
  });
});

describe('signed removals', () => {
  it('a tombstone removes the stored article and its now unused images', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    const img = store.articles.get('story-3')!.images[0]!.sha256;
    expect(store.images.has(img)).toBe(true);
    repo.removeArticle('story-3');
    await repo.publish();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', removed: 1, added: 0 });
    expect(store.articles.has('story-3')).toBe(false);
    expect(store.images.has(img)).toBe(false);
    expect(store.articles.size).toBe(5);
  });

  it('an article removed and later republished comes back at a higher revision', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    repo.removeArticle('story-4');
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    expect(store.articles.has('story-4')).toBe(false);
    expect(repo.addArticle(sampleArticle(4, { title: 'Back again' }))).toBe(2);
    await repo.publish();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1 });
    expect(store.articles.get('story-4')).toMatchObject({ rev: 2, title: 'Back again' });
  });

  it('a client that never had the article ignores its tombstone', async () => {
    const { repo, config } = await setup();
    repo.removeArticle('story-0');
    await repo.publish();
    const fresh = new MemoryStore();
    const r = await runSync(fresh, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 5, removed: 0 });
  });
});

describe('compaction', () => {
  it('a compacted index (one segment replacing several) is accepted and old segments are dropped', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    repo.addArticle(sampleArticle(20));
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    expect(store.segments.size).toBe(2);
    const p = await repo.publish({ compact: true });
    repo.requests.length = 0;
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 0, removed: 0 });
    expect([...store.segments.keys()]).toEqual([p.segment!.sha256]);
    expect(repo.requests.filter((u) => u.includes('/objects/'))).toHaveLength(2); // manifest + the merged segment, no packs
  });
});
