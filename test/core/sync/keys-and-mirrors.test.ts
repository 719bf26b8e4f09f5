/**
 * Keys and mirrors at the sync level (format.md §3.3, §4.2; checklist A.4, A.8, B.20, C.33–C.35):
 * clients follow the root chain to rotated keys, recover from a fast-forward attack by a
 * compromised publish key once the operator rotates it, never accept what a revoked key signed,
 * and contact only mirrors of the signed list (or, before the first manifest, the bootstrap list).
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore, runSync } from '../../../src/core/sync/index.ts';
import { DAY, httpStatus, newKeys, sampleArticle, serveBytes, slow, tamper, TestRepo, storeSnapshot } from '../../helpers/test-repo.ts';

const A = 'https://mirror-a.example/';
const B = 'https://mirror-b.example/';
const C = 'https://mirror-c.example/';
const D = 'https://mirror-d.example/';

async function synced(opts: Parameters<typeof TestRepo.create>[0] = {}) {
  const repo = await TestRepo.create(opts);
  for (let i = 0; i < 3; i++) repo.addArticle(sampleArticle(i));
  await repo.publish();
  repo.mirror(A);
  repo.mirror(B);
  const store = new MemoryStore();
  const config = repo.config([A, B]);
  expect((await runSync(store, config, repo.syncOptions())).outcome).toBe('updated');
  return { repo, store, config };
}

describe('following the root chain', () => {
  it('publish key rotated in root v2 → a client holding root v1 follows the chain and syncs', async () => {
    const { repo, store, config } = await synced();
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(5));
    await repo.publish();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1 });
    expect(store.trust!.rootVersion).toBe(2);
    expect(store.trust!.rootBytes).toEqual(repo.root(2));
    expect(repo.requested(A).concat(repo.requested(B))).toContain('root/2.json');
  });

  it('root keys rotated twice, then the publish key: a fresh client with the shipped v1 anchor walks v2..v4', async () => {
    const repo = await TestRepo.create({ rootKeys: 3, rootThreshold: 2 });
    await repo.rotate('root');
    await repo.rotate('root');
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(1));
    await repo.publish();
    repo.mirror(A);
    const store = new MemoryStore();
    const r = await runSync(store, repo.config([A]), repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1 });
    expect(store.trust!.rootVersion).toBe(4);
  });

  it('a timestamp signed by a rotated key that does not announce the new root version → the chain is walked anyway', async () => {
    const { repo, store, config } = await synced();
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(6));
    const p = await repo.publish();
    await repo.resignTimestamp({ rootVersion: 1, manifest: p.manifest });
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1 });
    expect(store.trust!.rootVersion).toBe(2);
  });

  it('one mirror serving a tampered root/2.json does not block the update (another mirror has it)', async () => {
    const { repo, store, config } = await synced();
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(7));
    await repo.publish();
    repo.mirror(A).set('root/2.json', tamper());
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1 });
    expect(store.trust!.rootVersion).toBe(2);
  });

  it('a stale mirror without root/2.json (404) does not block the update either', async () => {
    const { repo, store, config } = await synced();
    repo.mirror(A).freeze();
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(7));
    await repo.publish();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1 });
  });

  it('a root step is persisted even when the rest of the run fails', async () => {
    const { repo, store, config } = await synced();
    await repo.rotate('root');
    repo.addArticle(sampleArticle(8));
    const p = await repo.publish();
    for (const m of [A, B]) repo.mirror(m).set(`objects/${p.manifest.sha256}`, tamper());
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(store.trust!.rootVersion).toBe(2);
    expect(store.trust!.manifest!.version).toBe(1);
  });

  it('an app update shipping a newer root than the stored one starts from the shipped root', async () => {
    const { repo, store } = await synced();
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(9));
    await repo.publish();
    repo.mirror(A).set('root/2.json', httpStatus(404));
    repo.mirror(B).set('root/2.json', httpStatus(404));
    // The new app version ships root v2 (signed by v2's own root keys) as its anchor.
    const r = await runSync(store, repo.config([A, B], repo.root(2)), repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1 });
    expect(store.trust!.rootVersion).toBe(2);
  });

  it('stored trust for another site is refused (WRONG_SITE), nothing changed', async () => {
    const { store } = await synced();
    const other = await TestRepo.create({ site: { id: 'other-news' } });
    await other.addRoot();
    const before = storeSnapshot(store);
    const r = await runSync(store, other.config([A]), other.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toEqual(['WRONG_SITE']);
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('an expired final root → failed with EXPIRED; stored articles untouched', async () => {
    const { repo, store, config } = await synced();
    await repo.addRoot({ expires: repo.now - 1000 });
    await repo.resignTimestamp();
    const before = storeSnapshot(store).articles;
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toContain('EXPIRED');
    expect(storeSnapshot(store).articles).toEqual(before);
  });

  it('a new root not signed by the old root keys is refused; data and root stay', async () => {
    const { repo, store, config } = await synced();
    const stranger = await newKeys(1);
    await repo.addRoot({ rootKeys: stranger, signers: stranger });
    await repo.resignTimestamp();
    const before = storeSnapshot(store);
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('fast-forward attack and recovery (format.md §4.2, TUF 5.3.11; checklist B.20)', () => {
  it('a compromised publish key pushes the timestamp to 2^53 − 1; after the operator rotates the key the client recovers in one run', async () => {
    const { repo, store, config } = await synced();
    const compromised = repo.publishKeys;
    // The attacker re-signs the current content with a huge version; clients take it.
    await repo.resignTimestamp({ version: Number.MAX_SAFE_INTEGER, signers: compromised });
    expect((await runSync(store, config, repo.syncOptions())).outcome).toBe('unchanged');
    expect(store.trust!.timestamp!.version).toBe(Number.MAX_SAFE_INTEGER);
    // Honest timestamps now look like rollbacks.
    repo.timestampVersion = 2;
    await repo.resignTimestamp({ version: 3 });
    expect((await runSync(store, config, repo.syncOptions())).errors.map((e) => e.code)).toContain('ROLLBACK');

    // The operator rotates the publish key and publishes with normal version numbers.
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(9));
    await repo.publish();
    expect(repo.timestampVersion).toBe(4);
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1, manifestVersion: 2 });
    expect(store.trust!.timestamp!.version).toBe(4);
    expect(store.trust!.rootVersion).toBe(2);
    // Article revision floors are kept (only timestamp/manifest floors are forgotten).
    expect(store.articles.size).toBe(4);
  });

  it('after the rotation, a mirror still serving the attacker\'s timestamp (old key, huge version) is ignored even if it answers first', async () => {
    const { repo, store, config } = await synced();
    const attackerTs = await repo.resignTimestamp({ version: Number.MAX_SAFE_INTEGER, store: false });
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(9));
    await repo.publish();
    repo.mirror(A).set('timestamp.json', serveBytes(attackerTs));
    repo.mirror(B).set('root/2.json', slow(150, serveBytes(repo.root(2))));
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1 });
    expect(store.trust!.timestamp!.version).toBe(repo.timestampVersion);
    expect(store.trust!.timestamp!.version).toBeLessThan(1000);
  });

  it('a revoked publish key cannot move a client that already holds the new root', async () => {
    const { repo, store, config } = await synced();
    const old = repo.publishKeys;
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(9));
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    const before = storeSnapshot(store);
    const forged = await repo.resignTimestamp({ version: Number.MAX_SAFE_INTEGER, signers: old, rootVersion: 1, store: false });
    for (const m of [A, B]) repo.mirror(m).set('timestamp.json', serveBytes(forged));
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toEqual(['UNKNOWN_KEY', 'UNKNOWN_KEY']);
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('articles signed under a revoked publish key (format.md §4.2; checklist A.4, B.20)', () => {
  /** The attacker holds the publish key: a forged higher revision of story-0 and a forged story. */
  async function compromised() {
    const { repo, store, config } = await synced();
    repo.addArticle(sampleArticle(0, { paragraphs: ['Forged text.'], rev: 7 }));
    repo.addArticle(sampleArticle(40, { id: 'forged-story', paragraphs: ['Made up.'] }));
    await repo.publish();
    expect((await runSync(store, config, repo.syncOptions())).outcome).toBe('updated');
    expect(store.articles.get('story-0')!.rev).toBe(7);
    // The operator rotates the key, restores story-0 at its own next revision and drops the forged
    // story from a compacted index (it never knew of it, so there is no tombstone).
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(0, { paragraphs: ['The real text, corrected.'], rev: 2 }));
    const fixed = await repo.publish({ compact: true, omit: ['forged-story'] });
    return { repo, store, config, fixed };
  }

  it('without a key change, such an index would be refused as a rollback', async () => {
    const { repo, store, config } = await synced();
    repo.addArticle(sampleArticle(0, { rev: 7 }));
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    repo.addArticle(sampleArticle(0, { rev: 2 }));
    await repo.publish({ compact: true });
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toEqual(['REVISION_ROLLBACK']);
    expect(store.articles.get('story-0')!.rev).toBe(7);
  });

  it('after the rotation, what the new index does not vouch for is withdrawn and the current revisions are fetched', async () => {
    const { repo, store, config, fixed } = await compromised();
    const keptBefore = store.articles.get('story-1')!;
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', withdrawn: 2, added: 1 });
    expect(r.errors.map((e) => e.code)).toEqual(['WITHDRAWN']);
    expect(store.trust!.rebase).toBeUndefined();
    expect(store.trust!.rootVersion).toBe(2);
    expect([...store.articles.keys()].sort()).toEqual(['story-0', 'story-1', 'story-2']);
    const story0 = store.articles.get('story-0')!;
    expect(story0.rev).toBe(2);
    expect(story0.html).toContain('The real text, corrected.');
    expect(story0.envelope).toEqual(fixed.envelopes.get('story-0'));
    // Vouched for (same revision, same envelope): kept as stored, not downloaded again.
    expect(store.articles.get('story-1')).toBe(keptBefore);
    // Later runs are ordinary again.
    expect((await runSync(store, config, repo.syncOptions())).outcome).toBe('unchanged');
  });

  it('a rebase cut short keeps its mark, and the next run finishes it', async () => {
    const { repo, store, config, fixed } = await compromised();
    expect(fixed.packs).toHaveLength(1); // story-0 at revision 2
    const pack = `objects/${fixed.packs[0]!.sha256}`;
    for (const m of [A, B]) repo.mirror(m).set(pack, tamper());
    const first = await runSync(store, config, repo.syncOptions());
    expect(first.outcome).toBe('failed');
    expect(first.withdrawn).toBe(2);
    // The forged articles are gone at once; the trust state says the rebase is still due.
    expect(store.articles.has('forged-story')).toBe(false);
    expect(store.articles.has('story-0')).toBe(false);
    expect(store.trust!.rebase).toBe(true);
    expect(store.trust!.rootVersion).toBe(2);
    for (const m of [A, B]) repo.mirror(m).clear(pack);
    const second = await runSync(store, config, repo.syncOptions());
    expect(second).toMatchObject({ outcome: 'updated', added: 1 });
    expect(second.withdrawn).toBeUndefined();
    expect(store.trust!.rebase).toBeUndefined();
    expect(store.articles.get('story-0')!.rev).toBe(2);
  });

  it('an article stored without its envelope hash (an older client) is fetched again rather than trusted', async () => {
    const { repo, store, config } = await synced();
    const old = store.articles.get('story-2')!;
    const { envelopeSha256: _dropped, ...withoutHash } = old;
    store.articles.set('story-2', withoutHash);
    await repo.rotate('publish');
    repo.addArticle(sampleArticle(5));
    await repo.publish();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', withdrawn: 1, added: 2 });
    expect(store.articles.get('story-2')!.envelopeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(store.articles.get('story-2')!.envelope).toEqual(old.envelope);
  });
});

describe('mirror lists (format.md §3.3; checklist C.35)', () => {
  it('the signed mirror list replaces the bootstrap list; bootstrap-only mirrors are no longer contacted', async () => {
    const repo = await TestRepo.create({ mirrors: [{ url: B, name: 'B' }, { url: C, name: 'C' }] });
    repo.addArticle(sampleArticle(1));
    await repo.publish();
    for (const m of [A, B, C, D]) repo.mirror(m);
    const store = new MemoryStore();
    const config = repo.config([A]);
    expect((await runSync(store, config, repo.syncOptions())).outcome).toBe('updated');
    expect(new Set(repo.requests.map((u) => new URL(u).origin + '/'))).toEqual(new Set([A]));
    expect(store.trust!.manifest!.mirrors).toEqual([{ url: B, name: 'B' }, { url: C, name: 'C' }]);

    repo.requests.length = 0;
    repo.addArticle(sampleArticle(2));
    await repo.publish();
    expect((await runSync(store, config, repo.syncOptions())).outcome).toBe('updated');
    const hosts = new Set(repo.requests.map((u) => new URL(u).origin + '/'));
    expect(hosts).toEqual(new Set([B, C]));
  });

  it('a mirror in neither list is never contacted, even when a (forged) manifest names it', async () => {
    const repo = await TestRepo.create({ mirrors: [{ url: A }, { url: B }] });
    repo.addArticle(sampleArticle(1));
    const p = await repo.publish();
    for (const m of [A, B, D]) repo.mirror(m);
    // A serves a manifest listing D, signed by a key the root does not know, under the real pin.
    const forged = await repo.sign({ ...JSON.parse(JSON.parse(new TextDecoder().decode(p.manifestBytes)).payload), mirrors: [{ url: D }] }, await newKeys(1));
    repo.mirror(A).set(`objects/${p.manifest.sha256}`, serveBytes(forged));
    const store = new MemoryStore();
    for (let i = 0; i < 3; i++) {
      repo.addArticle(sampleArticle(10 + i));
      await repo.publish();
      await runSync(store, repo.config([A, B]), repo.syncOptions());
    }
    expect(store.trust!.manifest!.mirrors).toEqual([{ url: A }, { url: B }]);
    expect(repo.requests.some((u) => u.startsWith(D))).toBe(false);
    expect(repo.mirror(D).requests).toEqual([]);
  });

  it('mirror health is kept only for mirrors of the current list', async () => {
    const { repo, store } = await synced();
    expect(store.health.map((h) => h.url).sort()).toEqual([A, B]);
    const r = await runSync(store, repo.config([B, C]), repo.syncOptions({ now: repo.now + DAY / 2 }));
    expect(r.outcome).toBe('unchanged');
    expect(store.health.map((h) => h.url).sort()).toEqual([B, C]);
  });
});
