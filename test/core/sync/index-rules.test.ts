/**
 * Mix-and-match, removals and revision floors at the sync level (format.md §3.4, §5.2, §5.6, §5.7;
 * checklist B.15–B.17, B.21, B.22): objects from another manifest under a new pin are rejected; a
 * stored article may only disappear through a signed tombstone, and its revision never goes down;
 * the same timestamp version with other bytes changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore, runSync } from '../../../src/core/sync/index.ts';
import { sampleArticle, serveBytes, TestRepo, storeSnapshot } from '../../helpers/test-repo.ts';

const A = 'https://mirror-a.example/';
const B = 'https://mirror-b.example/';

async function synced() {
  const repo = await TestRepo.create();
  for (let i = 0; i < 4; i++) repo.addArticle(sampleArticle(i, { section: 'City' }));
  const first = await repo.publish();
  repo.mirror(A);
  repo.mirror(B);
  const store = new MemoryStore();
  const config = repo.config([A, B]);
  expect((await runSync(store, config, repo.syncOptions())).outcome).toBe('updated');
  return { repo, first, store, config };
}

describe('mix-and-match (checklist B.21)', () => {
  it('the pack of an older manifest served under the new pack pin → rejected on every mirror, nothing from it stored', async () => {
    const { repo, first, store, config } = await synced();
    repo.addArticle(sampleArticle(1, { section: 'City', title: 'Corrected' })); // rev 2, in a new pack
    const second = await repo.publish();
    const oldPack = repo.files.get(`objects/${first.packs[0]!.sha256}`)!;
    for (const m of [A, B]) repo.mirror(m).set(`objects/${second.packs[0]!.sha256}`, serveBytes(oldPack));
    const before = storeSnapshot(store);
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors).toHaveLength(2); // one per mirror
    for (const e of r.errors) expect(['TOO_LARGE', 'LENGTH_MISMATCH', 'HASH_MISMATCH']).toContain(e.code);
    expect(storeSnapshot(store)).toEqual(before);
    expect(store.articles.get('story-1')!.rev).toBe(1);
  });

  it('an older segment or manifest under a new pin → rejected', async () => {
    const { repo, first, store, config } = await synced();
    repo.addArticle(sampleArticle(7));
    const second = await repo.publish();
    const before = storeSnapshot(store);
    repo.mirror(A).set(`objects/${second.segment!.sha256}`, serveBytes(repo.files.get(`objects/${first.segment!.sha256}`)!));
    repo.mirror(B).set(`objects/${second.manifest.sha256}`, serveBytes(repo.files.get(`objects/${first.manifest.sha256}`)!));
    repo.mirror(A).set(`objects/${second.manifest.sha256}`, serveBytes(repo.files.get(`objects/${first.manifest.sha256}`)!));
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('a timestamp pinning the new manifest bytes under the old version number → NOT_LISTED (checklist B.22)', async () => {
    const { repo, first, store, config } = await synced();
    repo.addArticle(sampleArticle(7));
    const second = await repo.publish();
    await repo.resignTimestamp({ manifest: { ...second.manifest, version: first.manifest.version + 5 } });
    const before = storeSnapshot(store);
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toEqual(['NOT_LISTED', 'NOT_LISTED']);
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('removals and revisions (format.md §5.6)', () => {
  it('a manifest that drops an article without a tombstone → REMOVED_WITHOUT_TOMBSTONE, nothing removed', async () => {
    const { repo, store, config } = await synced();
    repo.addArticle(sampleArticle(8));
    await repo.publish({ compact: true, omit: ['story-2'] });
    const before = storeSnapshot(store);
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toEqual(['REMOVED_WITHOUT_TOMBSTONE']);
    expect(storeSnapshot(store)).toEqual(before);
    expect(store.articles.has('story-2')).toBe(true);
    expect(store.articles.has('story-8')).toBe(false); // nothing of that manifest went in
  });

  it('with a tombstone the same change is accepted and the article removed', async () => {
    const { repo, store, config } = await synced();
    repo.removeArticle('story-2');
    await repo.publish({ compact: true });
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', removed: 1 });
    expect(store.articles.has('story-2')).toBe(false);
  });

  it('an article revision that goes down → REVISION_ROLLBACK, stored revision kept', async () => {
    const { repo, store, config } = await synced();
    repo.addArticle(sampleArticle(3, { section: 'City', title: 'Second revision' }));
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    expect(store.articles.get('story-3')!.rev).toBe(2);
    repo.addArticle(sampleArticle(3, { section: 'City', title: 'Back to one', rev: 1 }));
    await repo.publish({ compact: true });
    const before = storeSnapshot(store);
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toEqual(['REVISION_ROLLBACK']);
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('a tombstone below the stored revision does not cover it → REMOVED_WITHOUT_TOMBSTONE', async () => {
    const { repo, store, config } = await synced();
    repo.addArticle(sampleArticle(0, { section: 'City', title: 'rev 2' }));
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    // A publisher bug (or an old tombstone replayed into a compacted index): removal at rev 1 only.
    repo.addArticle(sampleArticle(0, { section: 'City', rev: 1 }));
    repo.removeArticle('story-0');
    await repo.publish({ compact: true });
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toEqual(['REMOVED_WITHOUT_TOMBSTONE']);
    expect(store.articles.get('story-0')!.rev).toBe(2);
  });
});

describe('the same timestamp version with other content (format.md §5.2; checklist B.15)', () => {
  it('is treated as "nothing changed": the stored timestamp and manifest are kept and an anomaly reported', async () => {
    const { repo, store, config } = await synced();
    // Someone holding the publish key signs version 1 again, now pinning other content.
    repo.addArticle(sampleArticle(9));
    const second = await repo.publish();
    const twin = await repo.resignTimestamp({ version: 1, manifest: second.manifest, store: false });
    for (const m of [A, B]) repo.mirror(m).set('timestamp.json', serveBytes(twin));
    const before = storeSnapshot(store);
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('unchanged');
    expect(r.errors.filter((e) => e.code === 'ANOMALY')).toHaveLength(2);
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('a mirror re-serving the stored version with different bytes next to an honest one: unchanged, anomaly reported', async () => {
    const { repo, store, config } = await synced();
    const twin = await repo.resignTimestamp({ version: 1, expires: repo.now + 3 * 86_400_000, store: false });
    repo.mirror(A).set('timestamp.json', serveBytes(twin));
    const stored = store.trust!.timestamp!;
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('unchanged');
    expect(r.errors.map((e) => e.code)).toEqual(['ANOMALY']);
    expect(store.trust!.timestamp).toEqual(stored); // not the twin's longer expiry
  });
});
