/**
 * The worker's side of nearby sync and invites (peer-protocol.ts): the inventory, bundles for a
 * peer, verified imports of a peer's bundles, invite codes and their verified use. Everything a
 * peer or an invite brings is verified here, in the worker, before one storage transaction.
 */
import { sha256Hex } from '../core/crypto/sha256.ts';
import { PigeonError } from '../core/errors.ts';
import type { SharedArticle } from '../core/format/share.ts';
import type { ImageType } from '../core/format/article.ts';
import { packBundles, verifyBundle } from '../core/peer/bundle.ts';
import { decodeInvite, encodeInvite, verifyInvite } from '../core/peer/invite.ts';
import { DEFAULT_PEER_LIMITS } from '../core/peer/limits.ts';
import type { InventoryEntry } from '../core/peer/messages.ts';
import type { TrustRecord } from '../core/sync/store.ts';
import { verifyAnchor, type TrustedRoot } from '../core/trust/root-chain.ts';
import { getArticle, getImage } from '../shared/db/reading.ts';
import type { IdbSyncStore } from '../shared/db/sync-store.ts';
import { importTrust, type ImportStore } from '../core/share/import.ts';
import type { PeerReplyMap, PeerRequest, PeerRequestMap, PeerRequestType } from '../shared/peer-protocol.ts';
import { isPeerRequest } from '../shared/peer-protocol.ts';
import type { RequestEvent } from './messages.ts';

/** What the handlers need. */
export interface PeerDeps {
  readonly site: string;
  readonly store: IdbSyncStore;
  /** Where verified imports are written (one transaction each). */
  readonly imports: ImportStore;
  readonly shippedRoot: Uint8Array;
  /** Called after articles were stored (the worker broadcasts ARTICLES_CHANGED). */
  readonly onStored: (added: number) => void;
  /** Run `fn` while no sync writes (the sync driver's lock): trust writes never race a sync. */
  readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** The root this reader trusts now: the stored one, else the one the app shipped with. */
async function trustedRoot(trust: TrustRecord | undefined, shipped: Uint8Array): Promise<TrustedRoot> {
  return verifyAnchor(trust?.rootBytes ?? shipped);
}

/**
 * The roots a receiver may need: the stored chain above the shipped root. A trust state from
 * before the chain was kept has only its newest root, carried only when it is the shipped root's
 * next version: a gap would make the whole bundle or invite unverifiable for a reader at the
 * shipped root (format.md §7, §4.2).
 */
async function rootsToCarry(d: PeerDeps, trust: TrustRecord | undefined): Promise<Uint8Array[]> {
  if (trust?.chain && trust.chain.length > 0) return [...trust.chain];
  const shipped = await verifyAnchor(d.shippedRoot);
  return trust && trust.rootVersion === shipped.root.version + 1 ? [trust.rootBytes] : [];
}

/** Every stored article as an inventory entry (hashing the envelopes of rows stored without one). */
async function inventory(d: PeerDeps): Promise<PeerReplyMap['PEER_INVENTORY']> {
  const trust = await d.store.loadTrust();
  const root = await trustedRoot(trust, d.shippedRoot);
  const entries: InventoryEntry[] = [];
  for (const [id, pin] of await d.store.articlePins()) {
    let sha256 = pin.sha256;
    if (sha256 === undefined) {
      const a = await getArticle(d.site, id);
      if (!a) continue;
      sha256 = await sha256Hex(a.envelope);
    }
    entries.push({ id, rev: pin.rev, sha256 });
  }
  return { site: root.root.site.id, rootVersion: root.root.version, entries };
}

/** Share containers for the asked-for articles (those no longer stored are left out). */
async function bundle(d: PeerDeps, ids: readonly string[]): Promise<PeerReplyMap['PEER_BUNDLE']> {
  const trust = await d.store.loadTrust();
  const articles: (SharedArticle & { id: string })[] = [];
  for (const id of ids) {
    const a = await getArticle(d.site, id);
    if (!a) continue;
    const images: { sha256: string; type: ImageType; bytes: Uint8Array }[] = [];
    for (const pin of a.images) {
      const img = await getImage(d.site, pin.sha256);
      if (img && !images.some((i) => i.sha256 === pin.sha256)) images.push({ sha256: pin.sha256, type: pin.type, bytes: img.bytes });
    }
    articles.push({ id, envelope: a.envelope, images });
  }
  const { bundles } = packBundles(await rootsToCarry(d, trust), articles, { targetBytes: DEFAULT_PEER_LIMITS.bundleTargetBytes, maxBytes: DEFAULT_PEER_LIMITS.maxBundleBytes });
  return { bundles };
}

/**
 * Verify a peer's bundle through the import pipeline, then store it with the import store's one
 * transaction (the same rules as a share file: copies from readers are no revision floor for sync).
 */
async function importBundle(d: PeerDeps, p: PeerRequestMap['PEER_IMPORT']): Promise<PeerReplyMap['PEER_IMPORT']> {
  const trust = await importTrust(d.shippedRoot, await d.imports.loadTrust());
  const expected = new Map(p.expected.map((e) => [e.id, e]));
  const v = await verifyBundle(trust, p.bundle, expected, { now: Date.now(), maxBytes: DEFAULT_PEER_LIMITS.maxBundleBytes });
  const statuses = await d.imports.commitImport(v.candidates);
  const stored = statuses.filter((s) => s.status === 'added' || s.status === 'replaced').length;
  if (stored > 0) d.onStored(stored);
  return { carried: v.carried, stored };
}

/** An invite for the newest signed mirror list this reader has. */
async function createInvite(d: PeerDeps): Promise<PeerReplyMap['INVITE_CREATE']> {
  const trust = await d.store.loadTrust();
  const fromManifest = trust?.manifest?.envelope ? { version: trust.manifest.version, envelope: trust.manifest.envelope, mirrors: trust.manifest.mirrors } : undefined;
  const best = trust?.invited && trust.invited.version > (fromManifest?.version ?? 0) ? trust.invited : fromManifest;
  if (!best) throw new PigeonError('NOT_LISTED', 'this device has no signed mirror list to pass on yet: sync from a mirror (or open an invite) first');
  // The roots above the shipped one go along, so a reader still on an older root can follow the
  // publisher's key changes (format.md §11).
  const code = await encodeInvite({ roots: await rootsToCarry(d, trust), manifest: best.envelope });
  return { code, version: best.version, mirrors: best.mirrors.map((m) => m.url) };
}

/** Verify an invite; use its mirrors when its list is newer than the stored one. */
async function applyInvite(d: PeerDeps, code: string): Promise<PeerReplyMap['INVITE_APPLY']> {
  const invite = await decodeInvite(code);
  return d.exclusive(async () => {
    const trust = await d.store.loadTrust();
    const trusted = await trustedRoot(trust, d.shippedRoot);
    const v = await verifyInvite(trusted, invite, { now: Date.now() });
    const storedVersion = Math.max(trust?.manifest?.version ?? 0, trust?.invited?.version ?? 0);
    const mirrors = v.manifest.mirrors.map((m) => m.url);
    const version = v.manifest.version;
    if (version < storedVersion) return { outcome: 'older', version, storedVersion, mirrors };
    if (version === storedVersion) return { outcome: 'same', version, storedVersion, mirrors };
    // Only the list is taken. Newer roots are not adopted here: the next sync walks the chain from
    // the mirrors, so an invite never moves trust state that vouches for content.
    const base: TrustRecord = trust ?? { site: trusted.root.site.id, rootVersion: trusted.root.version, rootBytes: trusted.bytes };
    await d.store.saveTrust({ ...base, invited: { version, sha256: v.sha256, mirrors: v.manifest.mirrors, envelope: v.envelope } });
    return { outcome: 'added', version, storedVersion, mirrors };
  });
}

function reply<K extends PeerRequestType>(type: K, run: () => Promise<PeerReplyMap[K]>): Promise<unknown> {
  return run().then(
    (payload) => ({ ok: true, type, payload }),
    (e: unknown) => ({
      ok: false,
      type,
      error: {
        code: typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'INTERNAL',
        message: (e instanceof Error ? e.message : String(e)).slice(0, 500),
      },
    }),
  );
}

function answer(d: PeerDeps, r: PeerRequest): Promise<unknown> {
  switch (r.type) {
    case 'PEER_INVENTORY':
      return reply(r.type, () => inventory(d));
    case 'PEER_BUNDLE':
      return reply(r.type, () => bundle(d, r.payload.ids));
    case 'PEER_IMPORT':
      return reply(r.type, () => importBundle(d, r.payload));
    case 'INVITE_CREATE':
      return reply(r.type, () => createInvite(d));
    case 'INVITE_APPLY':
      return reply(r.type, () => applyInvite(d, r.payload.code));
  }
}

/**
 * Answer a peer or invite request from a page. Returns false (and does nothing) for anything
 * else, which the core protocol's listener then handles.
 */
export function onPeerMessage(event: RequestEvent, d: PeerDeps): boolean {
  const source = event.source as { type?: unknown } | null;
  if (typeof source !== 'object' || source === null || source.type !== 'window' || !isPeerRequest(event.data)) return false;
  const port = event.ports[0];
  event.waitUntil(answer(d, event.data).then((m) => port?.postMessage(m)));
  return true;
}
