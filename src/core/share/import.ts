/**
 * The import pipeline (format.md §7.4): stories that arrive from another reader — a share file, a
 * nearby peer, anything — are verified against the publisher keys THIS app trusts, then stored in
 * one transaction, and every story gets a verdict the reader can be told in plain words.
 *
 * Transport-agnostic by design. Inputs are untrusted bytes (a share file of either format) or an
 * already-parsed {@link Share} (roots, article envelopes, images: what a peer sends), plus the
 * app's trusted state (the shipped root and the stored trust record). Nothing in the input is
 * trusted on its own: a root or key it carries counts only when it chains to the trusted root.
 *
 * Exported API:
 * - {@link importTrust}(shippedRoot, storedTrust) → ImportTrust: the root to verify against.
 * - {@link verifyImport}(input, trust, { now }) → VerifiedImport: pure verification, no storage.
 *   Either a whole-file rejection or verified {@link ImportCandidate}s plus per-story rejections.
 * - {@link importShare}(input, store, { shippedRoot, now }) → ImportReport: verify, then ONE
 *   `store.commitImport` call (the store's single transaction decides added / same / replaced /
 *   older against what it holds at that moment), then the merged per-story verdicts, in input order.
 * - {@link ImportStore}: what storage must offer (src/shared/db/import-store.ts: IndexedDB).
 *
 * Rules (format.md §7.4): one publisher per app (another site, or keys that do not chain to ours,
 * is "foreign" and its key fingerprint is reported); a story signed by a publish key the chain has
 * since replaced is "revoked"; any other signature, hash or shape failure is "tampered". When the
 * newest root reached has expired, verified stories are archive copies: stored with a label, never
 * over a copy the app has, and never counted as a revision floor for sync. The trust state is never
 * changed by an import (roots the input brings are used to verify it, then forgotten).
 */
import { sha256Hex } from '../crypto/sha256.ts';
import { isPigeonError, PigeonError } from '../errors.ts';
import { decodeArticle } from '../format/article.ts';
import { decodeEnvelope } from '../format/envelope.ts';
import { decodeRootEnvelope, type Root } from '../format/root.ts';
import { decodeShareFile } from '../format/share-html.ts';
import type { Share } from '../format/share.ts';
import type { ArticleRecord, ImageRecord, TrustRecord } from '../sync/store.ts';
import { keyFingerprint } from '../trust/fingerprint.ts';
import { verifyAnchor, type TrustedRoot } from '../trust/root-chain.ts';
import { verifyShare } from '../trust/share.ts';

/** Why something was refused, in words the reader is told (the UI maps each to a sentence). */
export type RejectReason = 'tampered' | 'foreign' | 'revoked' | 'not-pigeonpost' | 'too-large' | 'truncated';

/** A refusal: the reason, the underlying error code and message, and the other publisher if any. */
export interface Rejection {
  readonly reason: RejectReason;
  readonly code: string;
  readonly message: string;
  /** For `foreign`: the other publisher's key fingerprint and name, as its own root states them. */
  readonly fingerprint?: string;
  readonly publisher?: string;
}

/** The app's trust, as the importer uses it. */
export interface ImportTrust {
  /** The newest root the app trusts (shipped, or stored after following the chain). */
  readonly root: TrustedRoot;
  /** Publish keyids of roots the app trusted before `root` (tells "revoked" from "foreign"). */
  readonly formerPublishKeys: ReadonlySet<string>;
  readonly fingerprint: string;
}

/** A verified story, ready for the store's one transaction. */
export interface ImportCandidate {
  /** Position in the input. */
  readonly index: number;
  readonly record: ArticleRecord;
  readonly images: readonly ImageRecord[];
  /** Signed under a root that has expired: archive copy (see the module header). */
  readonly archived: boolean;
  /** SHA-256 of pinned pictures the input did not bring (the story reads without them). */
  readonly missingImages: readonly string[];
}

/** What the store did with one candidate. */
export type StoredStatus =
  | 'added' // new to this app
  | 'same' // this revision was stored already
  | 'replaced' // a newer revision replaced an older one
  | 'older' // older than the stored revision: ignored
  | 'expired-ignored'; // a newer revision, but archive content: the stored copy is kept

/** One story's verdict (plain data: safe to post to a page). */
export type StoryVerdict =
  | {
      readonly index: number;
      readonly status: StoredStatus;
      readonly id: string;
      readonly rev: number;
      readonly title: string;
      /** The revision stored before, for replaced / older / expired-ignored. */
      readonly storedRev?: number;
      readonly archived: boolean;
    }
  | { readonly index: number; readonly status: 'rejected'; readonly id?: string; readonly title?: string; readonly rejection: Rejection };

/** The outcome of verification (nothing stored yet). */
export type VerifiedImport =
  | { readonly ok: false; readonly rejection: Rejection }
  | {
      readonly ok: true;
      readonly candidates: readonly ImportCandidate[];
      readonly rejected: readonly Extract<StoryVerdict, { status: 'rejected' }>[];
      readonly rootExpired: boolean;
      readonly stories: number;
      /** The newest root reached (ours, or a newer one the input's chain led to). */
      readonly root: TrustedRoot;
      /** The input's signed manifest (mirror list), unverified: see mirror-list.ts. */
      readonly manifest?: Uint8Array;
    };

/** The whole import's report. `ok` false: the file as such was refused and nothing was stored. */
export interface ImportReport {
  readonly ok: boolean;
  readonly rejection?: Rejection;
  readonly publisher: { readonly name: string; readonly site: string; readonly fingerprint: string };
  readonly stories: readonly StoryVerdict[];
}

/** Storage for imports: ONE transaction per call, comparing revisions inside it. */
export interface ImportStore {
  loadTrust(): Promise<TrustRecord | undefined>;
  /** Store what is new or newer (see {@link StoredStatus}); returns one status per candidate, in order. */
  commitImport(candidates: readonly ImportCandidate[]): Promise<readonly { status: StoredStatus; storedRev?: number }[]>;
}

/** The trust to import against: the stored root when it is at least the shipped one's version. */
export async function importTrust(shippedRoot: Uint8Array, stored: TrustRecord | undefined): Promise<ImportTrust> {
  const anchor = await verifyAnchor(shippedRoot);
  let root = anchor;
  if (stored && stored.rootVersion >= anchor.root.version) {
    const s = await verifyAnchor(stored.rootBytes);
    if (s.root.site.id !== anchor.root.site.id) throw new PigeonError('WRONG_SITE', 'stored trust state belongs to another site');
    root = s;
  }
  const current = new Set(root.root.roles.publish.keyids);
  const former = new Set([...anchor.root.roles.publish.keyids].filter((k) => !current.has(k)));
  return { root, formerPublishKeys: former, fingerprint: await keyFingerprint(root.root) };
}

function reject(reason: RejectReason, e: PigeonError, extra: { fingerprint?: string; publisher?: string } = {}): Rejection {
  return { reason, code: e.code, message: e.message.slice(0, 500), ...extra };
}

/** File-level errors of decoding, as rejections. */
function fileRejection(e: PigeonError): Rejection {
  if (e.code === 'TOO_LARGE') return reject('too-large', e);
  if (e.code === 'TRUNCATED') return reject('truncated', e);
  if (e.code === 'NOT_BUNDLE' || e.code === 'WRONG_TYPE') return reject('not-pigeonpost', e);
  return reject('tampered', e);
}

interface ForeignRoot {
  readonly root: Root;
  readonly fingerprint: string;
}

/** The input's roots that are NOT ours (another site, or our site id under other root keys). */
async function foreignRoots(share: Share, trust: ImportTrust): Promise<ForeignRoot[]> {
  const ours = new Set(trust.root.root.roles.root.keyids);
  const out: ForeignRoot[] = [];
  for (const bytes of share.roots) {
    try {
      const { root } = await decodeRootEnvelope(bytes, 'root');
      if (root.site.id !== trust.root.root.site.id || !root.roles.root.keyids.some((k) => ours.has(k))) {
        out.push({ root, fingerprint: await keyFingerprint(root) });
      }
    } catch {
      // an undecodable root: the chain walk reports it
    }
  }
  return out.sort((a, b) => b.root.version - a.root.version);
}

function unverifiedMeta(envelope: Uint8Array): { id?: string; title?: string; site?: string; keyids: string[] } {
  try {
    const env = decodeEnvelope(envelope, 'article', { pinned: true });
    const keyids = env.signatures.map((s) => s.keyid);
    try {
      const a = decodeArticle(env.payload);
      return { id: a.id, title: a.title, site: a.site, keyids };
    } catch {
      return { keyids };
    }
  } catch {
    return { keyids: [] };
  }
}

/** Classify one story's verification failure. */
function storyRejection(e: PigeonError, keyids: readonly string[], site: string | undefined, former: ReadonlySet<string>, foreign: readonly ForeignRoot[]): Rejection {
  const foreignFor = (pred: (f: ForeignRoot) => boolean): Rejection | undefined => {
    const f = foreign.find(pred);
    return f ? reject('foreign', e, { fingerprint: f.fingerprint, publisher: f.root.site.name }) : undefined;
  };
  if (e.code === 'WRONG_SITE') {
    return foreignFor((f) => f.root.site.id === site) ?? reject('foreign', e);
  }
  if (e.code === 'UNKNOWN_KEY' || e.code === 'THRESHOLD_NOT_MET') {
    if (keyids.some((k) => former.has(k))) return reject('revoked', e);
    const f = foreignFor((r) => keyids.some((k) => r.root.roles.publish.keyids.includes(k)));
    if (f) return f;
  }
  return reject('tampered', e);
}

/** Verify `input` (share file bytes or a parsed share) against `trust`. Never stores anything. */
export async function verifyImport(input: Uint8Array | Share, trust: ImportTrust, opts: { now: number }): Promise<VerifiedImport> {
  let share: Share;
  if (input instanceof Uint8Array) {
    try {
      share = (await decodeShareFile(input)).share;
    } catch (e) {
      if (!isPigeonError(e)) throw e;
      return { ok: false, rejection: fileRejection(e) };
    }
  } else share = input;
  const site = trust.root.root.site.id;
  const foreign = await foreignRoots(share, trust);
  let verified;
  try {
    verified = await verifyShare(trust.root, share, { now: opts.now });
  } catch (e) {
    if (!isPigeonError(e)) throw e;
    // The chain does not connect to ours: another publisher (named by its own newest root), or damage.
    const f = foreign[0];
    if (f) return { ok: false, rejection: reject('foreign', e, { fingerprint: f.fingerprint, publisher: f.root.site.name }) };
    return { ok: false, rejection: reject('tampered', e) };
  }
  // Publish keys the chain has left behind: ours before the newest root, and those of the roots walked.
  // Older roots the input carries count too when they are genuinely ours: self-signed by root keys
  // our root also lists (used only to name the reason, never to trust anything).
  const newest = new Set(verified.root.root.roles.publish.keyids);
  const ourRootKeys = new Set(trust.root.root.roles.root.keyids);
  const olderOurs: TrustedRoot[] = [];
  for (const bytes of share.roots) {
    try {
      const r = await verifyAnchor(bytes);
      if (r.root.site.id === site && r.root.version < trust.root.root.version && r.root.roles.root.keyids.some((k) => ourRootKeys.has(k))) olderOurs.push(r);
    } catch {
      // not one of ours
    }
  }
  const former = new Set(
    [...trust.formerPublishKeys, ...[...olderOurs, trust.root, ...verified.newRoots].flatMap((r) => r.root.roles.publish.keyids)].filter((k) => !newest.has(k)),
  );
  const candidates: ImportCandidate[] = [];
  const rejected: Extract<StoryVerdict, { status: 'rejected' }>[] = [];
  const storedAt = opts.now;
  for (const [index, v] of verified.articles.entries()) {
    if (!v.ok) {
      const meta = unverifiedMeta(share.articles[index]!.envelope);
      rejected.push({
        index,
        status: 'rejected',
        ...(meta.id === undefined ? {} : { id: meta.id }),
        ...(meta.title === undefined ? {} : { title: meta.title.slice(0, 300) }),
        rejection: storyRejection(v.error, meta.keyids, meta.site, former, foreign),
      });
      continue;
    }
    const { html, images, lead, source, ...meta } = v.article;
    const record: ArticleRecord = {
      ...meta,
      html,
      images,
      envelope: v.envelope,
      envelopeSha256: await sha256Hex(v.envelope),
      storedAt,
      ...(lead === undefined ? {} : { lead }),
      ...(source === undefined ? {} : { source }),
    };
    candidates.push({ index, record, images: v.images.map((i) => ({ sha256: i.sha256, type: i.type, bytes: i.bytes })), archived: verified.rootExpired, missingImages: v.missingImages });
  }
  // Two copies of one story in one input: keep the highest revision (the store would anyway).
  const best = new Map<string, ImportCandidate>();
  for (const c of candidates) {
    const b = best.get(c.record.id);
    if (!b || c.record.rev > b.record.rev) best.set(c.record.id, c);
  }
  const kept = candidates.filter((c) => best.get(c.record.id) === c);
  for (const c of candidates) {
    if (best.get(c.record.id) !== c) {
      rejected.push({ index: c.index, status: 'rejected', id: c.record.id, title: c.record.title, rejection: { reason: 'tampered', code: 'MALFORMED', message: `the file carries story ${c.record.id} twice` } });
    }
  }
  if (site !== verified.root.root.site.id) throw new PigeonError('WRONG_SITE', 'the verified chain left the site'); // cannot happen: verifyRootStep keeps the site
  return { ok: true, candidates: kept, rejected, rootExpired: verified.rootExpired, stories: share.articles.length, root: verified.root, ...(share.manifest ? { manifest: share.manifest } : {}) };
}

/**
 * Verify `input` and store what it proves, in one transaction of `store`. Rejections never stop
 * the valid stories of the same input; a whole-file rejection stores nothing.
 */
export async function importShare(input: Uint8Array | Share, store: ImportStore, opts: { shippedRoot: Uint8Array; now: number }): Promise<ImportReport> {
  const trust = await importTrust(opts.shippedRoot, await store.loadTrust());
  const publisher = { name: trust.root.root.site.name, site: trust.root.root.site.id, fingerprint: trust.fingerprint };
  const v = await verifyImport(input, trust, { now: opts.now });
  if (!v.ok) return { ok: false, rejection: v.rejection, publisher, stories: [] };
  // Everything is verified: now the one write.
  const stored = v.candidates.length > 0 ? await store.commitImport(v.candidates) : [];
  const stories: StoryVerdict[] = [
    ...v.candidates.map((c, i) => {
      const s = stored[i]!;
      return {
        index: c.index,
        status: s.status,
        id: c.record.id,
        rev: c.record.rev,
        title: c.record.title,
        ...(s.storedRev === undefined ? {} : { storedRev: s.storedRev }),
        archived: c.archived,
      };
    }),
    ...v.rejected,
  ].sort((a, b) => a.index - b.index);
  // Every story refused for the same reason (one foreign or damaged file): say so for the file.
  const rejections = stories.flatMap((s) => (s.status === 'rejected' ? [s.rejection] : []));
  if (rejections.length === stories.length && rejections.length > 0 && rejections.every((r) => r.reason === rejections[0]!.reason)) {
    return { ok: false, rejection: rejections[0]!, publisher, stories };
  }
  return { ok: true, publisher, stories };
}
