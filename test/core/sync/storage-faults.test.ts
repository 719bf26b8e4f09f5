/**
 * Storage faults (format.md §5 step 5; checklist E.41–E.43): a write that fails (quota, crash)
 * leaves the previous state whole, the trust state never moves ahead of the data it vouches for,
 * and the next run resumes without downloading again the packs already stored.
 */
import { describe, expect, it } from 'vitest';
import { PigeonError } from '../../../src/core/errors.ts';
import { MemoryStore, runSync, type ArticleRecord, type ImageRecord, type TrustRecord } from '../../../src/core/sync/index.ts';
import { sampleArticle, tamper, TestRepo, storeSnapshot } from '../../helpers/test-repo.ts';

const A = 'https://mirror-a.example/';
const B = 'https://mirror-b.example/';

type Op = 'putArticles' | 'commitManifest' | 'saveTrust';

/** A MemoryStore that fails the next call of chosen methods (via MemoryStore.failNextWrite) and counts calls. */
class FaultyStore extends MemoryStore {
  readonly failOn: Op[] = [];
  readonly calls: Record<Op, number> = { putArticles: 0, commitManifest: 0, saveTrust: 0 };
  /** Write transactions seen, in order (for "nothing written before verification" checks). */
  readonly log: string[] = [];

  private arm(op: Op): void {
    this.calls[op]++;
    this.log.push(op);
    const i = this.failOn.indexOf(op);
    if (i >= 0) {
      this.failOn.splice(i, 1);
      this.failNextWrite = new PigeonError('STORAGE', `QuotaExceededError during ${op}`);
    }
  }
  override async putArticles(a: readonly ArticleRecord[], i: readonly ImageRecord[]): Promise<void> {
    this.arm('putArticles');
    return super.putArticles(a, i);
  }
  override async commitManifest(t: TrustRecord, s: readonly { sha256: string; bytes: Uint8Array }[], r: readonly string[]): Promise<void> {
    this.arm('commitManifest');
    return super.commitManifest(t, s, r);
  }
  override async saveTrust(t: TrustRecord): Promise<void> {
    this.arm('saveTrust');
    return super.saveTrust(t);
  }
}

async function setup() {
  const repo = await TestRepo.create();
  for (let i = 0; i < 4; i++) repo.addArticle(sampleArticle(i, { section: i < 2 ? 'City' : 'Sport' }));
  const first = await repo.publish();
  repo.mirror(A);
  repo.mirror(B);
  return { repo, first, store: new FaultyStore(), config: repo.config([A, B]) };
}

const objectRequests = (repo: TestRepo): string[] => repo.requests.filter((u) => u.includes('/objects/')).map((u) => u.split('/objects/')[1]!);

describe('a storage fault during putArticles', () => {
  it('on a cold sync: nothing committed, the trust state not created; the next run completes', async () => {
    const { repo, first, store, config } = await setup();
    store.failOn.push('putArticles');
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.some((e) => e.code === 'STORAGE')).toBe(true);
    expect(store.trust).toBeUndefined();
    expect(store.segments.size).toBe(0);
    // The other pack (one transaction per pack) went in; the failed one did not.
    expect(store.articles.size).toBe(2);
    repo.requests.length = 0;
    const again = await runSync(store, config, repo.syncOptions());
    expect(again).toMatchObject({ outcome: 'updated', added: 2 });
    expect(store.articles.size).toBe(4);
    // Resumed: only the pack that failed is downloaded again.
    const packs = objectRequests(repo).filter((h) => first.packs.some((p) => p.sha256 === h));
    expect(packs).toHaveLength(1);
  });

  it('on an incremental sync: the previous manifest, segments and articles stay whole', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    const before = storeSnapshot(store);
    repo.addArticle(sampleArticle(0, { section: 'City', title: 'Changed title' })); // story-0 rev 2
    repo.addArticle(sampleArticle(9, { section: 'City' }));
    const second = await repo.publish();
    store.failOn.push('putArticles');
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(storeSnapshot(store)).toEqual(before); // the one pack failed as a whole: not even story-9 is in
    repo.requests.length = 0;
    const again = await runSync(store, config, repo.syncOptions());
    expect(again).toMatchObject({ outcome: 'updated', added: 2, manifestVersion: 2 });
    expect(store.articles.get('story-0')).toMatchObject({ rev: 2, title: 'Changed title' });
    expect(objectRequests(repo).sort()).toEqual([second.manifest.sha256, second.segment!.sha256, second.packs[0]!.sha256].sort());
  });
});

describe('a storage fault during commitManifest', () => {
  it('leaves the previous trust state and segments; the next run downloads no pack again', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    const trustBefore = structuredClone(store.trust);
    const segmentsBefore = [...store.segments.keys()];
    repo.addArticle(sampleArticle(10, { section: 'City' }));
    repo.addArticle(sampleArticle(11, { section: 'Sport' }));
    repo.removeArticle('story-1');
    const second = await repo.publish();
    store.failOn.push('commitManifest');
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toContain('STORAGE');
    expect(store.trust).toEqual(trustBefore); // the floors did not move ahead of the data
    expect([...store.segments.keys()]).toEqual(segmentsBefore);
    expect(store.articles.has('story-1')).toBe(true); // the signed removal is part of the commit
    expect(store.articles.has('story-10')).toBe(true); // packs are committed one by one before

    repo.requests.length = 0;
    const again = await runSync(store, config, repo.syncOptions());
    expect(again).toMatchObject({ outcome: 'updated', manifestVersion: 2, added: 0, removed: 1 });
    expect(objectRequests(repo).sort()).toEqual([second.manifest.sha256, second.segment!.sha256].sort());
    expect(store.articles.has('story-1')).toBe(false);
    expect(store.trust!.manifest!.version).toBe(2);
  });

  it('writes one transaction per pack, then one final commit (checklist E.43)', async () => {
    const { repo, store, config } = await setup();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('updated');
    expect(store.log).toEqual(['putArticles', 'putArticles', 'commitManifest']);
  });

  it('every write happens after the verification of what it writes (no write for a run that fails verification)', async () => {
    const { repo, first, store, config } = await setup();
    repo.mirror(A).set(`objects/${first.segment!.sha256}`, tamper());
    repo.mirror(B).set(`objects/${first.segment!.sha256}`, tamper(3));
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(store.log).toEqual([]);
  });
});

describe('a storage fault while persisting a root step', () => {
  it('fails the run without changing anything; the next run walks the chain again', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    const before = storeSnapshot(store);
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(12));
    await repo.publish();
    store.failOn.push('saveTrust');
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(storeSnapshot(store)).toEqual(before);
    const again = await runSync(store, config, repo.syncOptions());
    expect(again).toMatchObject({ outcome: 'updated', added: 1 });
    expect(store.trust!.rootVersion).toBe(2);
  });
});

describe('pack writes overlap with the next download', () => {
  /** A MemoryStore whose pack writes take a while, logging when each starts and ends. */
  class SlowStore extends MemoryStore {
    readonly events: string[] = [];
    constructor(private readonly requests: () => number) {
      super();
    }
    override async putArticles(a: readonly ArticleRecord[], i: readonly ImageRecord[]): Promise<void> {
      this.events.push(`put ${a[0]!.section} start (${this.requests()} requests)`);
      await new Promise((r) => setTimeout(r, 40));
      await super.putArticles(a, i);
      this.events.push(`put ${a[0]!.section} end (${this.requests()} requests)`);
    }
    override async commitManifest(t: TrustRecord, s: readonly { sha256: string; bytes: Uint8Array }[], r: readonly string[]): Promise<void> {
      this.events.push('commit');
      return super.commitManifest(t, s, r);
    }
  }

  it('one worker: the second pack is fetched while the first is written; one write at a time; all before the commit', async () => {
    const { repo, config } = await setup();
    const store = new SlowStore(() => objectRequests(repo).length);
    const r = await runSync(store, config, repo.syncOptions({ limits: { maxConcurrentTotal: 1 } }));
    expect(r).toMatchObject({ outcome: 'updated', added: 4 });
    // manifest + segment + pack 1 fetched when the first write starts; pack 2 before it ends.
    expect(store.events).toEqual(['put City start (3 requests)', 'put City end (4 requests)', 'put Sport start (4 requests)', 'put Sport end (4 requests)', 'commit']);
  });

  it('a cancelled run returns only after its writes settled (none outlives it)', async () => {
    const { repo, config } = await setup();
    const controller = new AbortController();
    const store = new SlowStore(() => objectRequests(repo).length);
    const origPut = store.putArticles.bind(store);
    store.putArticles = async (a, i) => {
      controller.abort();
      return origPut(a, i);
    };
    const r = await runSync(store, config, repo.syncOptions({ signal: controller.signal, limits: { maxConcurrentTotal: 1 } }));
    expect(r.outcome).toBe('failed');
    const ends = store.events.filter((e) => e.includes('end')).length;
    expect(ends).toBe(store.events.filter((e) => e.includes('start')).length);
    expect(store.trust).toBeUndefined();
  });
});

describe('a full disk that also refuses the mirror health record', () => {
  /** Fails one pack write with STORAGE_FULL, and every health write after it. */
  class FullStore extends FaultyStore {
    full = false;
    override async putArticles(a: readonly ArticleRecord[], i: readonly ImageRecord[]): Promise<void> {
      if (this.calls.putArticles === 1) {
        this.calls.putArticles++;
        this.full = true;
        throw new PigeonError('STORAGE_FULL', 'storage full: the device refused to store 2 articles; nothing was changed.');
      }
      return super.putArticles(a, i);
    }
    override async saveHealth(records: Parameters<MemoryStore['saveHealth']>[0]): Promise<void> {
      if (this.full) throw new PigeonError('STORAGE_FULL', 'storage full: the device refused to store mirror health; nothing was changed.');
      return super.saveHealth(records);
    }
  }

  it('reports the pack failure first and counts the stories stored before it', async () => {
    const { repo, config } = await setup();
    const store = new FullStore();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors[0]).toMatchObject({ code: 'STORAGE_FULL', message: expect.stringContaining('2 articles') });
    expect(r.errors.at(-1)).toMatchObject({ code: 'STORAGE_FULL', message: expect.stringContaining('mirror health') });
    // The first pack went in before the disk filled, and the result says so.
    expect(store.articles.size).toBe(2);
    expect(r.added).toBe(2);
  });

  it('a sync that commits does not turn into a failure because the health record was refused', async () => {
    const { repo, config } = await setup();
    const store = new FullStore();
    store.calls.putArticles = 5; // no pack write fails
    store.full = true;
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 4 });
    expect(store.trust?.manifest).toBeDefined();
  });
});
