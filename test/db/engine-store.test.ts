/**
 * The real sync engine (src/core/sync/run-sync.ts) writing through the IndexedDB store, against
 * the in-memory test repository: the store contract end to end. A storage failure at the final
 * commit leaves the previous manifest whole and reports "storage full"; the next run resumes
 * without downloading the packs it already stored; tampered bytes from one mirror never land.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSync } from '../../src/core/sync/run-sync.ts';
import { IdbSyncStore, articleCount, closeDb, getArticle, getDb, listArticles } from '../../src/shared/db/index.ts';
import { TestRepo, sampleArticle, tamper } from '../helpers/test-repo.ts';
import { freshSite } from './fixtures.ts';

const A = 'http://127.0.0.1:1/';
const B = 'http://127.0.0.1:2/';

async function setUp(n: number) {
  const id = freshSite('eng');
  const repo = await TestRepo.create({ site: { id }, mirrors: [{ url: A }, { url: B }] });
  for (let i = 0; i < n; i++) repo.addArticle(sampleArticle(i));
  await repo.publish();
  repo.mirror(A);
  repo.mirror(B);
  return { repo, site: repo.site.id, store: new IdbSyncStore(repo.site.id) };
}

const objectFetches = (repo: TestRepo): number => repo.requests.filter((u) => u.includes('/objects/')).length;

afterEach(() => vi.restoreAllMocks());

describe('runSync through IdbSyncStore', () => {
  it('syncs, then reports unchanged with one small request per mirror asked, then adds incrementally', async () => {
    const { repo, site, store } = await setUp(12);
    const first = await runSync(store, repo.config([A, B]), repo.syncOptions());
    expect(first.outcome).toBe('updated');
    expect(await articleCount(site)).toBe(12);
    // Packs stored as the pinned objects themselves where their articles make up most of them;
    // every article reads back with its exact envelope either way.
    const batches = await (await getDb(site)).getAll('envelopes');
    expect(batches.some((b) => 'gzip' in b)).toBe(true);
    for (const id of repo.articleIds()) expect((await getArticle(site, id))?.envelope).toEqual(repo.published(id).envelope);
    const before = repo.requests.length;
    const second = await runSync(store, repo.config([A, B]), repo.syncOptions());
    expect(second.outcome).toBe('unchanged');
    expect(repo.requests.slice(before).every((u) => u.endsWith('timestamp.json'))).toBe(true);
    repo.addArticle(sampleArticle(100));
    await repo.publish();
    const third = await runSync(store, repo.config([A, B]), repo.syncOptions());
    expect(third).toMatchObject({ outcome: 'updated', added: 1 });
    expect((await listArticles(site, { limit: 100 })).map((a) => a.id)).toContain('story-100');
    await closeDb(site);
  });

  it('a quota error at the final commit keeps the old manifest; the next run resumes without refetching packs', async () => {
    const { repo, site, store } = await setUp(6);
    await runSync(store, repo.config([A, B]), repo.syncOptions());
    const oldTrust = await store.loadTrust();
    for (let i = 6; i < 30; i++) repo.addArticle(sampleArticle(i));
    await repo.publish();

    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'trust') throw new DOMException('disk full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const failed = await runSync(store, repo.config([A, B]), repo.syncOptions());
    vi.restoreAllMocks();
    expect(failed.outcome).toBe('failed');
    expect(failed.errors.some((e) => e.code === 'STORAGE_FULL' && /^storage full/.test(e.message))).toBe(true);
    const trustAfter = await store.loadTrust();
    expect(trustAfter?.manifest?.version).toBe(oldTrust?.manifest?.version);
    expect(trustAfter?.manifest?.sha256).toBe(oldTrust?.manifest?.sha256);
    // Old articles are all still there (the packs that did land are verified, newer articles).
    for (let i = 0; i < 6; i++) expect(await getArticle(site, `story-${i}`)).toBeDefined();

    const packsBefore = objectFetches(repo);
    const resumed = await runSync(store, repo.config([A, B]), repo.syncOptions());
    expect(resumed.outcome).toBe('updated');
    expect(await articleCount(site)).toBe(30);
    // Only the manifest and the new segment again; no pack is downloaded twice.
    expect(objectFetches(repo) - packsBefore).toBeLessThanOrEqual(2);
    await closeDb(site);
  });

  it('bytes tampered on one mirror never reach the store; the other mirror serves the data', async () => {
    const { repo, site, store } = await setUp(4);
    for (const pack of repo.history.at(-1)!.packs) {
      repo.mirror(A).set(`objects/${pack.sha256}`, tamper());
      repo.mirror(B).set(`objects/${pack.sha256}`, tamper());
    }
    const bad = await runSync(store, repo.config([A, B]), repo.syncOptions());
    expect(bad.outcome).toBe('failed');
    expect(await articleCount(site)).toBe(0);
    repo.mirror(B).clear();
    const good = await runSync(store, repo.config([A, B]), repo.syncOptions());
    expect(good.outcome).toBe('updated');
    const a = await getArticle(site, 'story-0');
    expect(a?.envelope).toEqual(repo.published('story-0').envelope);
    await closeDb(site);
  });
});
