/**
 * Bundles (src/core/peer/bundle.ts): packed from stored envelopes, verified against the trusted
 * root and the session's wants; a forged article, an unasked one, another revision or another
 * envelope rejects the whole bundle.
 */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/crypto/sha256.ts';
import { isPigeonError } from '../../../src/core/errors.ts';
import { packBundles, verifyBundle } from '../../../src/core/peer/bundle.ts';
import type { InventoryEntry } from '../../../src/core/peer/messages.ts';
import { importTrust } from '../../../src/core/share/import.ts';
import { sampleArticle, TestRepo } from '../../helpers/test-repo.ts';

async function world(n = 3) {
  const repo = await TestRepo.create();
  for (let i = 1; i <= n; i++) repo.addArticle(sampleArticle(i));
  await repo.publish();
  const ids = repo.articleIds();
  const arts = ids.map((id) => ({ id, envelope: repo.published(id).envelope, images: [] }));
  const expected = new Map<string, InventoryEntry>();
  for (const id of ids) expected.set(id, { id, rev: repo.published(id).rev, sha256: await sha256Hex(repo.published(id).envelope) });
  return { repo, ids, arts, expected, trusted: await importTrust(repo.anchor, undefined) };
}

const opts = { targetBytes: 1 << 20, maxBytes: 8 << 20 };

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!isPigeonError(e)) throw e;
    return e.code;
  }
}

describe('bundles', () => {
  it('pack and verify into records ready for storage', async () => {
    const w = await world();
    const { bundles } = packBundles([w.repo.anchor], w.arts, opts);
    expect(bundles).toHaveLength(1);
    const v = await verifyBundle(w.trusted, bundles[0]!, w.expected, { now: w.repo.now, maxBytes: opts.maxBytes });
    expect(v.carried).toEqual(w.ids);
    expect(v.candidates.map((c) => c.record.envelopeSha256)).toEqual(w.ids.map((id) => w.expected.get(id)!.sha256));
    // A small target splits the articles over several bundles.
    expect(packBundles([w.repo.anchor], w.arts, { targetBytes: 10, maxBytes: opts.maxBytes }).bundles).toHaveLength(3);
  });

  it('reject forged, unasked, other-revision and other-envelope articles, and oversized bundles', async () => {
    const w = await world();
    const verify = (b: Uint8Array, exp = w.expected) => verifyBundle(w.trusted, b, exp, { now: w.repo.now, maxBytes: opts.maxBytes });
    const text = new TextDecoder().decode(w.arts[0]!.envelope);
    expect(text).toContain('\\"title\\":\\"');
    const forged = new TextEncoder().encode(text.replace('\\"title\\":\\"', '\\"title\\":\\"FORGED '));
    const withForged = packBundles([w.repo.anchor], [w.arts[1]!, { ...w.arts[0]!, envelope: forged }], opts).bundles[0]!;
    expect(await codeOf(verify(withForged))).toBe('BAD_SIGNATURE');
    const only = new Map([...w.expected].slice(1));
    expect(await codeOf(verify(packBundles([w.repo.anchor], w.arts, opts).bundles[0]!, only))).toBe('NOT_LISTED');
    const e0 = w.expected.get(w.ids[0]!)!;
    expect(await codeOf(verify(packBundles([w.repo.anchor], [w.arts[0]!], opts).bundles[0]!, new Map([[e0.id, { ...e0, rev: e0.rev + 1 }]])))).toBe('NOT_LISTED');
    expect(await codeOf(verify(packBundles([w.repo.anchor], [w.arts[0]!], opts).bundles[0]!, new Map([[e0.id, { ...e0, sha256: 'f'.repeat(64) }]])))).toBe('HASH_MISMATCH');
    expect(await codeOf(verify(packBundles([w.repo.anchor], [w.arts[0]!, w.arts[0]!], opts).bundles[0]!))).toBe('MALFORMED');
    expect(await codeOf(verify(packBundles([w.repo.anchor], [], opts).bundles[0] ?? new TextEncoder().encode('{"_type":"pigeonpost.share","spec_version":1,"roots":[],"articles":[]}')))).toBe('MALFORMED');
    expect(await codeOf(verifyBundle(w.trusted, new Uint8Array(100), w.expected, { now: w.repo.now, maxBytes: 50 }))).toBe('TOO_LARGE');
    expect(await codeOf(verify(new TextEncoder().encode('{"hello":1}')))).toMatch(/MALFORMED|WRONG_TYPE/);
    // Another publisher's articles: its own root is no proof.
    const other = await world(1);
    expect(await codeOf(verify(packBundles([other.repo.anchor], other.arts, opts).bundles[0]!, other.expected))).toBe('WRONG_SITE');
  });
});
