/**
 * Invites (src/core/peer/invite.ts, format.md §11): a code round-trips, verifies against the
 * trusted root and yields the signed mirror list; a forged, foreign or damaged invite is refused;
 * a key change is followed through the invite's roots; the stored list is replaced only by a newer
 * one (currentMirrors).
 */
import { describe, expect, it } from 'vitest';
import { isPigeonError } from '../../../src/core/errors.ts';
import { decodeInvite, encodeInvite, verifyInvite } from '../../../src/core/peer/invite.ts';
import { currentMirrors } from '../../../src/core/sync/mirrors.ts';
import { verifyAnchor } from '../../../src/core/trust/root-chain.ts';
import { sampleArticle, TestRepo } from '../../helpers/test-repo.ts';

const MIRRORS = [{ url: 'https://a.example/', name: 'A' }, { url: 'https://b.example/news/' }];

async function published(site = 'demo-news') {
  const repo = await TestRepo.create({ mirrors: MIRRORS, site: { id: site } });
  repo.addArticle(sampleArticle(1));
  const r = await repo.publish();
  return { repo, manifest: r.manifestBytes };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!isPigeonError(e)) throw e;
    return e.code;
  }
}

describe('invites', () => {
  it('round-trip as a text-safe code and verify to the signed mirror list', async () => {
    const { repo, manifest } = await published();
    const code = await encodeInvite({ roots: [], manifest });
    expect(code).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    const v = await verifyInvite(await verifyAnchor(repo.anchor), await decodeInvite(code), { now: repo.now });
    expect(v.manifest.mirrors).toEqual(MIRRORS);
    expect(v.manifest.version).toBe(1);
  });

  it('a forged, foreign or damaged invite is refused', async () => {
    const { repo, manifest } = await published();
    const trusted = await verifyAnchor(repo.anchor);
    // A byte changed inside the signed payload (a mirror URL swapped for an attacker's).
    const text = new TextDecoder().decode(manifest).replace('https://a.example/', 'https://x.example/');
    const forged = await decodeInvite(await encodeInvite({ roots: [], manifest: new TextEncoder().encode(text) }));
    expect(await codeOf(verifyInvite(trusted, forged, { now: repo.now }))).toBe('BAD_SIGNATURE');
    // Another publisher's invite (its own keys, its own site).
    const other = await published('other-news');
    const foreign = await decodeInvite(await encodeInvite({ roots: [other.repo.anchor], manifest: other.manifest }));
    expect(await codeOf(verifyInvite(trusted, foreign, { now: repo.now }))).toBe('WRONG_SITE');
    // The same site id under other keys: not signed by this publisher.
    const impostor = await published();
    expect(await codeOf(verifyInvite(trusted, await decodeInvite(await encodeInvite({ roots: [], manifest: impostor.manifest })), { now: repo.now }))).toBe('UNKNOWN_KEY');
    expect(await codeOf(decodeInvite('1.AAAA'))).toBe('MALFORMED');
    expect(await codeOf(decodeInvite('hello'))).toBe('MALFORMED');
    const good = await encodeInvite({ roots: [], manifest });
    expect(await codeOf(decodeInvite(good.slice(0, good.length / 2)))).toBe('MALFORMED');
  });

  it('follows a key change through the roots it carries', async () => {
    const { repo } = await published();
    const anchor = repo.anchor;
    const r2 = await repo.rotate('publish');
    const { manifestBytes } = await repo.publish();
    const trusted = await verifyAnchor(anchor);
    expect(await codeOf(verifyInvite(trusted, { roots: [], manifest: manifestBytes }, { now: repo.now }))).toBe('UNKNOWN_KEY');
    const v = await verifyInvite(trusted, { roots: [r2], manifest: manifestBytes }, { now: repo.now });
    expect(v.root.root.version).toBe(2);
  });

  it('an invited list is used only while it is newer than the stored manifest', () => {
    const base = { site: 'demo-news', rootVersion: 1, rootBytes: new Uint8Array() };
    const manifest = { version: 5, sha256: 'a'.repeat(64), expires: '', published: '', mirrors: [{ url: 'https://old.example/' }], segments: [] };
    const invited = (version: number) => ({ version, sha256: 'b'.repeat(64), mirrors: [{ url: 'https://new.example/' }], envelope: new Uint8Array() });
    const cfg = { bootstrapMirrors: ['https://boot.example/'] };
    expect(currentMirrors({ ...base, invited: invited(1) }, cfg).map((m) => m.url)).toEqual(['https://new.example/']);
    expect(currentMirrors({ ...base, manifest, invited: invited(6) }, cfg).map((m) => m.url)).toEqual(['https://new.example/']);
    expect(currentMirrors({ ...base, manifest, invited: invited(5) }, cfg).map((m) => m.url)).toEqual(['https://old.example/']);
    expect(currentMirrors(base, cfg).map((m) => m.url)).toEqual(['https://boot.example/']);
  });
});
