/**
 * Root rotation (format.md §4.2; checklist A.8–A.11), following the TUF key-rotation matrix of
 * tuf-conformance `test_updater_key_rotations.py` / python-tuf: every new root must be signed by a
 * threshold of the previous root role AND of its own, be exactly N+1 and keep the site.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROOT_STEPS, publishKeysChanged, updateRootChain, verifyAnchor, verifyRootStep, type TrustedRoot } from '../../../src/core/trust/root-chain.ts';
import { verifyTimestamp } from '../../../src/core/trust/timestamp.ts';
import { DAY, T0, newKeys, rejectionCode, rootPayload, signWith, TestRepo, type SiteInfo, type TestKey } from '../../helpers/test-repo.ts';

const SITE: SiteInfo = { id: 'demo-news', name: 'Demo News', lang: 'en' };
let K: TestKey[] = [];
let P: TestKey[] = [];

beforeAll(async () => {
  K = await newKeys(12);
  P = await newKeys(2);
});

interface R {
  version: number;
  root: TestKey[];
  threshold?: number;
  publish?: TestKey[];
  signers: TestKey[];
  expires?: number;
  site?: SiteInfo;
}
function make(r: R): Promise<Uint8Array> {
  return signWith(
    rootPayload({
      version: r.version,
      expires: r.expires ?? T0 + 365 * DAY,
      site: r.site ?? SITE,
      rootKeys: r.root,
      rootThreshold: r.threshold ?? 1,
      publishKeys: r.publish ?? [P[0]!],
      publishThreshold: 1,
    }),
    r.signers,
  );
}

/** Trust `first` (self-signed), then walk `next` (versions 2, 3, …); returns the final version or the error code. */
async function walk(first: R, next: R[], opts: { maxSteps?: number; target?: number; now?: number } = {}): Promise<{ code: string; version?: number; steps: number[] }> {
  const trusted = await verifyAnchor(await make(first));
  const bytes = await Promise.all(next.map(make));
  const steps: number[] = [];
  let final: TrustedRoot | undefined;
  const code = await rejectionCode(async () => {
    final = await updateRootChain(trusted, async (v) => bytes[v - 2] ?? null, {
      now: opts.now ?? T0,
      onStep: async (r) => void steps.push(r.root.version),
      ...(opts.maxSteps === undefined ? {} : { maxSteps: opts.maxSteps }),
      ...(opts.target === undefined ? {} : { target: opts.target }),
    });
  });
  return { code, steps, ...(final ? { version: final.root.version } : {}) };
}

describe('verifyAnchor', () => {
  it('accepts a self-signed root and refuses unsigned, wrongly signed or under-signed anchors', async () => {
    expect(await rejectionCode(verifyAnchor(await make({ version: 1, root: [K[0]!], signers: [K[0]!] })))).toBe('OK');
    expect(await rejectionCode(verifyAnchor(await make({ version: 1, root: [K[0]!], signers: [] })))).toBe('UNKNOWN_KEY');
    expect(await rejectionCode(verifyAnchor(await make({ version: 1, root: [K[0]!], signers: [K[1]!] })))).toBe('UNKNOWN_KEY');
    expect(await rejectionCode(verifyAnchor(await make({ version: 1, root: [K[0]!, K[1]!], threshold: 2, signers: [K[0]!] })))).toBe('THRESHOLD_NOT_MET');
    // Signed by the publish key only: publish keys do not sign roots.
    expect(await rejectionCode(verifyAnchor(await make({ version: 1, root: [K[0]!], signers: [P[0]!] })))).toBe('UNKNOWN_KEY');
  });
});

describe('root rotation matrix (TUF test_root_rotation)', () => {
  const cases: { name: string; first: () => R; next: () => R[]; expect: string }[] = [
    {
      name: '1-of-1 key rotation',
      first: () => ({ version: 1, root: [K[0]!], signers: [K[0]!] }),
      next: () => [{ version: 2, root: [K[1]!], signers: [K[0]!, K[1]!] }],
      expect: 'OK',
    },
    {
      name: '1-of-1 key rotation with unused signatures',
      first: () => ({ version: 1, root: [K[0]!], signers: [K[0]!] }),
      next: () => [{ version: 2, root: [K[1]!], signers: [K[5]!, K[0]!, K[6]!, K[1]!] }],
      expect: 'OK',
    },
    {
      name: '1-of-1 key rotation fails: not signed with the old key',
      first: () => ({ version: 1, root: [K[0]!], signers: [K[0]!] }),
      next: () => [{ version: 2, root: [K[1]!], signers: [K[1]!] }],
      expect: 'UNKNOWN_KEY',
    },
    {
      name: '1-of-1 key rotation fails: not signed with the new key',
      first: () => ({ version: 1, root: [K[0]!], signers: [K[0]!] }),
      next: () => [{ version: 2, root: [K[1]!], signers: [K[0]!] }],
      expect: 'UNKNOWN_KEY',
    },
    {
      name: '3-of-5, one key rotated',
      first: () => ({ version: 1, root: K.slice(0, 5), threshold: 3, signers: K.slice(0, 3) }),
      next: () => [{ version: 2, root: [...K.slice(0, 4), K[5]!], threshold: 3, signers: K.slice(0, 3) }],
      expect: 'OK',
    },
    {
      name: '3-of-5, one key rotated, with an intermediate step',
      first: () => ({ version: 1, root: K.slice(0, 5), threshold: 3, signers: K.slice(0, 3) }),
      next: () => [
        { version: 2, root: [...K.slice(0, 4), K[5]!], threshold: 3, signers: [K[0]!, K[1]!, K[5]!, K[4]!] },
        { version: 3, root: [...K.slice(0, 4), K[5]!], threshold: 3, signers: [K[1]!, K[2]!, K[5]!] },
      ],
      expect: 'OK',
    },
    {
      name: '3-of-5, one key rotated, fails: not signed with 3 new keys',
      first: () => ({ version: 1, root: K.slice(0, 5), threshold: 3, signers: K.slice(0, 3) }),
      next: () => [{ version: 2, root: [...K.slice(0, 4), K[5]!], threshold: 3, signers: [K[0]!, K[1]!, K[4]!] }],
      expect: 'THRESHOLD_NOT_MET',
    },
    {
      name: '3-of-5, one key rotated, fails: not signed with 3 old keys',
      first: () => ({ version: 1, root: K.slice(0, 5), threshold: 3, signers: K.slice(0, 3) }),
      next: () => [{ version: 2, root: [...K.slice(0, 4), K[5]!], threshold: 3, signers: [K[0]!, K[1]!, K[5]!] }],
      expect: 'THRESHOLD_NOT_MET',
    },
    {
      name: '3-of-5, all keys rotated with an intermediate step',
      first: () => ({ version: 1, root: K.slice(0, 5), threshold: 3, signers: K.slice(0, 3) }),
      next: () => [
        { version: 2, root: [K[0]!, K[1]!, K[2]!, K[5]!, K[6]!], threshold: 3, signers: K.slice(0, 3) },
        { version: 3, root: K.slice(5, 10), threshold: 3, signers: [K[0]!, K[5]!, K[6]!, K[7]!, K[8]!] },
      ],
      // v3 is signed by K0, K5, K6 (3 of v2's root role) and K5–K8 (3+ of its own).
      expect: 'OK',
    },
    {
      name: '3-of-5, all keys rotated at once fails: only 2 old keys sign',
      first: () => ({ version: 1, root: K.slice(0, 5), threshold: 3, signers: K.slice(0, 3) }),
      next: () => [{ version: 2, root: K.slice(5, 10), threshold: 3, signers: [K[0]!, K[1]!, ...K.slice(5, 10)] }],
      expect: 'THRESHOLD_NOT_MET',
    },
    {
      name: 'threshold increase 1 → 2',
      first: () => ({ version: 1, root: [K[0]!], signers: [K[0]!] }),
      next: () => [{ version: 2, root: [K[0]!, K[1]!], threshold: 2, signers: [K[0]!, K[1]!] }],
      expect: 'OK',
    },
    {
      name: 'threshold increase 1 → 2 fails: not signed by the new threshold',
      first: () => ({ version: 1, root: [K[0]!], signers: [K[0]!] }),
      next: () => [{ version: 2, root: [K[0]!, K[1]!], threshold: 2, signers: [K[0]!] }],
      expect: 'THRESHOLD_NOT_MET',
    },
    {
      name: 'threshold decrease 2 → 1',
      first: () => ({ version: 1, root: [K[0]!, K[1]!], threshold: 2, signers: [K[0]!, K[1]!] }),
      next: () => [{ version: 2, root: [K[0]!], threshold: 1, signers: [K[0]!, K[1]!] }],
      expect: 'OK',
    },
    {
      name: 'threshold decrease 2 → 1 fails: not signed by the old threshold',
      first: () => ({ version: 1, root: [K[0]!, K[1]!], threshold: 2, signers: [K[0]!, K[1]!] }),
      next: () => [{ version: 2, root: [K[0]!], threshold: 1, signers: [K[0]!] }],
      expect: 'THRESHOLD_NOT_MET',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await walk(c.first(), c.next());
      expect(r.code).toBe(c.expect);
      if (c.expect === 'OK') {
        expect(r.version).toBe(c.next().length + 1);
        expect(r.steps).toEqual(c.next().map((x) => x.version));
      } else {
        expect(r.steps).toEqual([]); // nothing persisted from the failed step
      }
    });
  }

  it('an incorrectly signed intermediate root stops the walk; the verified steps before it are persisted', async () => {
    const r = await walk({ version: 1, root: [K[0]!], signers: [K[0]!] }, [
      { version: 2, root: [K[1]!], signers: [K[0]!, K[1]!] },
      { version: 3, root: [K[2]!], signers: [K[2]!] },
      { version: 4, root: [K[2]!], signers: [K[2]!] },
    ]);
    expect(r.code).toBe('UNKNOWN_KEY');
    expect(r.steps).toEqual([2]);
  });
});

describe('versions, site, expiry and the cap', () => {
  const v1: () => R = () => ({ version: 1, root: [K[0]!], signers: [K[0]!] });

  it('a version skip (v1 → v3) → ROLLBACK', async () => {
    expect((await walk(v1(), [{ version: 3, root: [K[0]!], signers: [K[0]!] }])).code).toBe('ROLLBACK');
  });

  it('the same version again with different content → ROLLBACK', async () => {
    expect((await walk(v1(), [{ version: 1, root: [K[0]!], publish: [P[1]!], signers: [K[0]!] }])).code).toBe('ROLLBACK');
    const trusted = await verifyAnchor(await make(v1()));
    const v2 = await verifyRootStep(trusted.root, await make({ version: 2, root: [K[0]!], signers: [K[0]!] }));
    expect(await rejectionCode(verifyRootStep(v2.root, await make({ version: 2, root: [K[0]!], publish: [P[1]!], signers: [K[0]!] })))).toBe('ROLLBACK');
  });

  it('a new root for another site → WRONG_SITE', async () => {
    expect((await walk(v1(), [{ version: 2, root: [K[0]!], signers: [K[0]!], site: { ...SITE, id: 'other-news' } }])).code).toBe('WRONG_SITE');
  });

  it('an expired intermediate root is fine; an expired final root → EXPIRED (after persisting the steps)', async () => {
    const ok = await walk(v1(), [
      { version: 2, root: [K[0]!], signers: [K[0]!], expires: T0 - DAY },
      { version: 3, root: [K[0]!], signers: [K[0]!] },
    ]);
    expect(ok).toMatchObject({ code: 'OK', version: 3 });
    const bad = await walk(v1(), [
      { version: 2, root: [K[0]!], signers: [K[0]!] },
      { version: 3, root: [K[0]!], signers: [K[0]!], expires: T0 - 1000 },
    ]);
    expect(bad.code).toBe('EXPIRED');
    expect(bad.steps).toEqual([2, 3]);
    // An expired trusted root with nothing newer on offer is EXPIRED too.
    expect((await walk({ ...v1(), expires: T0 - DAY }, [])).code).toBe('EXPIRED');
  });

  it('a chain longer than the cap → ROOT_CHAIN_TOO_LONG; a chain of exactly the cap is walked', async () => {
    const chain = (n: number): R[] => Array.from({ length: n }, (_, i) => ({ version: i + 2, root: [K[0]!], signers: [K[0]!] }));
    expect((await walk(v1(), chain(5), { maxSteps: 3 })).code).toBe('ROOT_CHAIN_TOO_LONG');
    expect(await walk(v1(), chain(3), { maxSteps: 3 })).toMatchObject({ code: 'OK', version: 4 });
    expect(await walk(v1(), chain(3), { maxSteps: 3, target: 4 })).toMatchObject({ code: 'OK', version: 4 });
  });

  it(`the default cap is ${MAX_ROOT_STEPS} versions per update`, async () => {
    const chain = (n: number): R[] => Array.from({ length: n }, (_, i) => ({ version: i + 2, root: [K[0]!], signers: [K[0]!] }));
    const long = await walk(v1(), chain(MAX_ROOT_STEPS + 1));
    expect(long.code).toBe('ROOT_CHAIN_TOO_LONG');
    expect(long.steps).toHaveLength(MAX_ROOT_STEPS);
    expect(await walk(v1(), chain(MAX_ROOT_STEPS))).toMatchObject({ code: 'OK', version: MAX_ROOT_STEPS + 1 });
  }, 60_000);

  it('stops at the target version; a missing version below the target → NOT_LISTED', async () => {
    const chain: R[] = [2, 3, 4].map((version) => ({ version, root: [K[0]!], signers: [K[0]!] }));
    expect(await walk(v1(), chain, { target: 3 })).toMatchObject({ code: 'OK', version: 3, steps: [2, 3] });
    expect((await walk(v1(), chain.slice(0, 1), { target: 3 })).code).toBe('NOT_LISTED');
  });
});

describe('revocation through rotation (checklist A.4)', () => {
  it('a timestamp signed by a publish key that a newer root dropped → UNKNOWN_KEY', async () => {
    const repo = await TestRepo.create();
    repo.addArticle({ id: 'a', title: 'A' });
    await repo.publish();
    const oldTimestamp = repo.files.get('timestamp.json')!;
    const v1 = (await verifyAnchor(repo.anchor)).root;
    expect(await rejectionCode(verifyTimestamp(v1, oldTimestamp, { now: repo.now }))).toBe('OK');
    const v2 = (await verifyRootStep(v1, await repo.rotate('publish'))).root;
    expect(publishKeysChanged(v1, v2)).toBe(true);
    expect(await rejectionCode(verifyTimestamp(v2, oldTimestamp, { now: repo.now }))).toBe('UNKNOWN_KEY');
    expect(await rejectionCode(verifyTimestamp(v2, await repo.resignTimestamp(), { now: repo.now }))).toBe('OK');
  });

  it('publishKeysChanged: only publish keyids and threshold count', async () => {
    const a = (await verifyAnchor(await make({ version: 1, root: [K[0]!], signers: [K[0]!], publish: [P[0]!, P[1]!] }))).root;
    const b = (await verifyAnchor(await make({ version: 1, root: [K[1]!], signers: [K[1]!], publish: [P[1]!, P[0]!] }))).root;
    const c = (await verifyAnchor(await make({ version: 1, root: [K[1]!], signers: [K[1]!], publish: [P[0]!] }))).root;
    expect(publishKeysChanged(a, b)).toBe(false); // root keys changed, publish keys the same (order ignored)
    expect(publishKeysChanged(a, c)).toBe(true);
  });
});
