/**
 * Hostile and broken mirrors (checklist sections B and C, engine level): tampered objects demote a
 * mirror and the next one is used with the same verification; the freshest valid timestamp wins
 * over a replayed one; rollback and freeze attacks fail with the stored data intact; hanging,
 * dripping, endless, captive-portal and dead mirrors are cut off and the others used.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, runSync } from '../../../src/core/sync/index.ts';
import { describeHealth, rankMirrors } from '../../../src/core/net/mirror-health.ts';
import { DAY, FAST_LIMITS, down, drip, endless, hang, html200, httpStatus, sampleArticle, serveBytes, slow, tamper, TestRepo, storeSnapshot } from '../../helpers/test-repo.ts';
import { html200 as realHtml200, drip as realDrip, hang as realHang, serve, startHostileServer, type HostileServer } from '../../helpers/hostile-server.ts';

const A = 'https://mirror-a.example/';
const B = 'https://mirror-b.example/';
const C = 'https://mirror-c.example/';

async function setup(mirrors = [A, B]) {
  const repo = await TestRepo.create();
  for (let i = 0; i < 4; i++) repo.addArticle(sampleArticle(i, { section: 'City' }));
  const first = await repo.publish();
  for (const m of mirrors) repo.mirror(m);
  return { repo, first, store: new MemoryStore(), config: repo.config(mirrors) };
}

const health = (store: MemoryStore, url: string) => store.health.find((h) => h.url === url)!;
/** No hedging for fast failures: A's attempt always completes (and is recorded) before B starts. */
const NO_HEDGE = { limits: { ...FAST_LIMITS, hedgeDelayMs: 10_000 } };
/** Mirrors are ranked by latency: slow B's timestamp down so that A is asked first for objects. */
const aFirst = (repo: TestRepo): void => void repo.mirror(B).set('timestamp.json', slow(40, serveBytes(repo.files.get('timestamp.json')!)));

describe('bad bytes from one mirror', () => {
  it('tampered pack on A → A demoted (served bad data), the pack taken from B, data intact', async () => {
    const { repo, first, store, config } = await setup();
    const pack = `objects/${first.packs[0]!.sha256}`;
    repo.mirror(A).set(pack, tamper());
    aFirst(repo);
    const r = await runSync(store, config, repo.syncOptions(NO_HEDGE));
    repo.mirror(B).clear();
    expect(r).toMatchObject({ outcome: 'updated', added: 4 });
    expect(repo.mirror(A).hits(pack)).toBe(1);
    expect(repo.mirror(B).hits(pack)).toBe(1);
    for (const a of store.articles.values()) expect(a.envelope).toEqual(repo.published(a.id).envelope);
    expect(health(store, A)).toMatchObject({ lastError: { code: 'HASH_MISMATCH' } });
    expect(health(store, A).badBytesAt).toBeTypeOf('number');
    expect(describeHealth(health(store, A), Date.now())).toBe('served bad data');
    expect(describeHealth(health(store, B), Date.now())).toMatch(/^ok/);

    // Next sync: B is asked first for objects (A is at the back of the queue).
    repo.addArticle(sampleArticle(9, { section: 'Sport' }));
    await repo.publish();
    repo.requests.length = 0;
    await runSync(store, config, repo.syncOptions());
    expect(repo.requests.find((u) => u.includes('/objects/'))).toMatch(new RegExp(`^${B}`));
  });

  it('every kind of bad object bytes on A (truncated, padded, other object, HTML, garbage) → B used', async () => {
    for (const bad of [
      (b: Uint8Array) => serveBytes(b.subarray(0, b.length - 1)),
      (b: Uint8Array) => serveBytes(new Uint8Array([...b, 0])),
      (b: Uint8Array) => serveBytes(new Uint8Array(b.length).fill(0x42)),
      () => html200(),
      () => serveBytes(new TextEncoder().encode('{"error":"not here"}')),
    ]) {
      const { repo, first, store, config } = await setup();
      const manifest = `objects/${first.manifest.sha256}`;
      repo.mirror(A).set(manifest, bad(repo.files.get(manifest)!));
      aFirst(repo);
      const r = await runSync(store, config, repo.syncOptions(NO_HEDGE));
      expect(repo.mirror(A).hits(manifest)).toBe(1);
      expect(r.outcome).toBe('updated');
      expect(repo.mirror(B).hits(manifest)).toBe(1);
      expect(health(store, A).lastError, JSON.stringify(health(store, A))).toBeDefined();
    }
  });

  it('the fallback mirror gets identical verification: A down, B tampered → failed, nothing stored (CVE-2018-0501)', async () => {
    const { repo, first, store, config } = await setup();
    const pack = `objects/${first.packs[0]!.sha256}`;
    repo.mirror(A).set(pack, httpStatus(503));
    repo.mirror(B).set(pack, tamper(10));
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code).sort()).toEqual(['HASH_MISMATCH', 'HTTP_STATUS']);
    expect(store.articles.size).toBe(0);
    expect(store.trust?.manifest).toBeUndefined();
  });
});

describe('freshness (format.md §5.2, §5.3)', () => {
  it('a replayed older timestamp on A while B has the newer one → the newer one wins', async () => {
    const { repo, store, config } = await setup();
    repo.mirror(A).freeze(); // A stops syncing from the publisher
    repo.now += DAY / 2;
    repo.addArticle(sampleArticle(7));
    await repo.publish();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', manifestVersion: 2, added: 5 });
    expect(store.trust!.timestamp!.version).toBe(2);
  });

  it('the newer one wins even when the stale mirror answers first (no stopping at the first valid answer)', async () => {
    const { repo, store, config } = await setup();
    repo.mirror(A).freeze();
    repo.addArticle(sampleArticle(7));
    await repo.publish();
    repo.mirror(B).set('timestamp.json', slow(200, serveBytes(repo.files.get('timestamp.json')!)));
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', manifestVersion: 2, mirror: B });
    expect(store.trust!.timestamp!.version).toBe(2);
  });

  it('a mirror that withholds updates is ranked behind the current one afterwards', async () => {
    const { repo, store, config } = await setup();
    repo.mirror(A).freeze();
    repo.addArticle(sampleArticle(7));
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    // Behind, not failing: a valid older edition is no fault of the data.
    expect(health(store, A).behind).toMatchObject({ version: 1 });
    expect(health(store, A).consecutiveFailures).toBe(0);
    expect(health(store, B).consecutiveFailures).toBe(0);
    expect(rankMirrors(store.health, Date.now())[0]).toBe(B);
  });

  it('only a rollback available → failed with ROLLBACK on every mirror, stored data intact', async () => {
    const { repo, store, config } = await setup();
    const old = repo.files.get('timestamp.json')!;
    repo.addArticle(sampleArticle(7));
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    const before = storeSnapshot(store);
    repo.mirror(A).set('timestamp.json', serveBytes(old));
    repo.mirror(B).set('timestamp.json', serveBytes(old));
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors).toHaveLength(2);
    expect(r.errors.every((e) => e.code === 'ROLLBACK')).toBe(true);
    expect(new Set(r.errors.map((e) => e.mirror))).toEqual(new Set([A, B]));
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('expired timestamps everywhere → failed with EXPIRED, stored data intact, freshUntil in the past', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    const before = storeSnapshot(store);
    const now = repo.now + 2 * DAY; // nobody re-signed: every mirror serves yesterday's timestamp
    const r = await runSync(store, config, repo.syncOptions({ now }));
    expect(r.outcome).toBe('failed');
    expect(r.errors.map((e) => e.code)).toEqual(['EXPIRED', 'EXPIRED']);
    expect(r.freshUntil).toBeLessThan(now);
    expect(r.freshUntil).toBe(repo.now + DAY);
    expect(r.publishedAt).toBe(repo.now);
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('an expired stored timestamp does not block updating once a mirror has a fresh one (TUF test_expired_local_timestamp)', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    repo.now += 7 * DAY; // the reader was offline for a week; the publisher kept publishing
    repo.addArticle(sampleArticle(6));
    await repo.publish();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r).toMatchObject({ outcome: 'updated', added: 1, manifestVersion: 2 });
    expect(r.freshUntil).toBe(repo.now + DAY);
  });

  it('the stored version stays the rollback floor while everything is expired (checklist B.19)', async () => {
    const { repo, store, config } = await setup();
    repo.addArticle(sampleArticle(6));
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    const old = repo.timestamps[0]!; // version 1, also expired by then
    for (const m of [A, B]) repo.mirror(m).set('timestamp.json', serveBytes(old));
    const r = await runSync(store, config, repo.syncOptions({ now: repo.now + 3 * DAY }));
    expect(r.errors.map((e) => e.code)).toEqual(['ROLLBACK', 'ROLLBACK']);
    expect(store.trust!.timestamp!.version).toBe(2);
  });

  it('an expired manifest behind a fresh timestamp → EXPIRED, nothing stored', async () => {
    const { repo, store, config } = await setup();
    repo.now += 15 * DAY; // the manifest (14 days) expired; the publisher only re-signs the timestamp
    await repo.resignTimestamp();
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.some((e) => e.code === 'EXPIRED')).toBe(true);
    expect(store.articles.size).toBe(0);
  });

  it('a newer timestamp pinning an older manifest version → ROLLBACK (manifest floor)', async () => {
    const { repo, first, store, config } = await setup();
    repo.addArticle(sampleArticle(8));
    await repo.publish();
    await runSync(store, config, repo.syncOptions());
    const before = storeSnapshot(store);
    await repo.resignTimestamp({ manifest: first.manifest });
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors.every((e) => e.code === 'ROLLBACK')).toBe(true);
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('unreachable, slow and lying mirrors (fake network)', () => {
  const cases: [string, () => ReturnType<typeof hang>, string[]][] = [
    ['hangs before headers', hang, ['TIMEOUT']],
    ['drips one byte at a time', () => drip(50, 1), ['TIMEOUT', 'TOO_SLOW']],
    ['sends an endless body', () => endless(), ['TOO_LARGE']],
    ['answers 200 with an HTML captive portal', html200, ['NOT_BUNDLE']],
    ['is down (connection refused)', down, ['NETWORK']],
    ['answers 500', () => httpStatus(500), ['HTTP_STATUS']],
    ['answers 404 for everything', () => httpStatus(404), ['HTTP_STATUS']],
  ];
  for (const [name, behaviour, codes] of cases) {
    it(`mirror A ${name} → B is used`, async () => {
      const { repo, store, config } = await setup();
      repo.mirror(A).set('*', behaviour());
      const t = performance.now();
      const r = await runSync(store, config, repo.syncOptions());
      expect(r).toMatchObject({ outcome: 'updated', added: 4, mirror: B });
      expect(performance.now() - t).toBeLessThan(5_000);
      expect(codes).toContain(health(store, A).lastError!.code);
      expect(store.articles.size).toBe(4);
    });
  }

  it('all mirrors fail → failed with one error per mirror; nothing stored', async () => {
    const { repo, store, config } = await setup([A, B, C]);
    repo.mirror(A).set('*', httpStatus(503));
    repo.mirror(B).set('*', html200());
    repo.mirror(C).set('*', down());
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(Object.fromEntries(r.errors.map((e) => [e.mirror, e.code]))).toEqual({ [A]: 'HTTP_STATUS', [B]: 'NOT_BUNDLE', [C]: 'NETWORK' });
    expect(store.trust).toBeUndefined();
    expect(store.articles.size).toBe(0);
    expect(store.health.map((h) => h.url).sort()).toEqual([A, B, C]);
  });

  it('a failed sync after a good one keeps everything readable (KEEP)', async () => {
    const { repo, store, config } = await setup();
    await runSync(store, config, repo.syncOptions());
    const before = storeSnapshot(store);
    repo.addArticle(sampleArticle(5));
    await repo.publish();
    repo.mirror(A).set('*', hang());
    repo.mirror(B).set('*', endless());
    const r = await runSync(store, config, repo.syncOptions());
    expect(r.outcome).toBe('failed');
    expect(r.errors).toHaveLength(2);
    expect(storeSnapshot(store)).toEqual(before);
  });
});

describe('real sockets (test/helpers/hostile-server.ts with the global fetch)', () => {
  const servers: HostileServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function serveRepo(repo: TestRepo, override: Record<string, ReturnType<typeof serve>> = {}): Promise<HostileServer> {
    const routes = Object.fromEntries([...repo.files].map(([p, b]) => [p, serve(b)]));
    const s = await startHostileServer({ ...routes, ...override });
    servers.push(s);
    return s;
  }

  it('Content-Type never counts: a valid repository served as text/html is accepted (checklist C.29)', async () => {
    const { repo } = await setup([]);
    const routes = Object.fromEntries([...repo.files].map(([p, b]) => [p, serve(b, { contentType: 'text/html; charset=utf-8' })]));
    const s = await startHostileServer(routes);
    servers.push(s);
    const store = new MemoryStore();
    const r = await runSync(store, repo.config([s.url]), { now: repo.now, limits: FAST_LIMITS });
    expect(r).toMatchObject({ outcome: 'updated', added: 4 });
  });

  it('hanging, dripping and captive-portal mirrors are cut off; the honest one is used', async () => {
    const { repo } = await setup([]);
    const hung = await serveRepo(repo, { '*': realHang(), 'timestamp.json': realHang() });
    const dripping = await serveRepo(repo, { 'timestamp.json': realDrip({ intervalMs: 50 }) });
    const portal = await serveRepo(repo, { 'timestamp.json': realHtml200() });
    const honest = await serveRepo(repo);
    const store = new MemoryStore();
    const r = await runSync(store, repo.config([hung.url, dripping.url, portal.url, honest.url]), { now: repo.now, limits: { requestDeadlineMs: 1_500, headerDeadlineMs: 300, throughputGraceMs: 150, throughputWindowMs: 150, hedgeDelayMs: 100 } });
    expect(r).toMatchObject({ outcome: 'updated', added: 4 });
    expect(store.articles.size).toBe(4);
    expect(honest.hits('timestamp.json')).toHaveLength(1);
    // Every connection the client gave up on was released.
    await hung.waitFor(() => hung.requests.every((q) => q.clientClosed || q.finished), 3_000);
    await dripping.waitFor(() => dripping.requests.every((q) => q.clientClosed || q.finished), 3_000);
  });
});
