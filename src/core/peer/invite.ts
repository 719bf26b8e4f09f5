/**
 * Invites (format.md §11): the publisher's signed mirror list passed from reader to reader in
 * the fragment of a link (never sent to any server) or in a QR code of that link. The proof is the
 * manifest envelope itself, which the publish role signs and which carries the list (§3.3), plus
 * the inviter's newer roots so a reader with an older root can follow a key change (§4.2).
 *
 *   code      = "1." base64url(deflate-raw(container))
 *   container = {"_type":"pigeonpost.invite","spec_version":1,"roots":[<root envelope text>…],
 *                "manifest":"<manifest envelope text>"}
 *
 * An invite changes only which mirrors are contacted: it moves no rollback floor and vouches for
 * no article. One from another publisher, or not newer than the list already stored, changes nothing.
 */
import { sha256Hex } from '../crypto/sha256.ts';
import { fromBase64url, fromUtf8, toBase64url, utf8 } from '../encoding/bytes.ts';
import { canonicalBytes } from '../encoding/canonical-json.ts';
import { PigeonError } from '../errors.ts';
import { checkHeader, SPEC_VERSION } from '../format/common.ts';
import { decodeEnvelope, verifyThreshold } from '../format/envelope.ts';
import { decodeManifest, type Manifest } from '../format/manifest.ts';
import { arr, obj, str } from '../format/read.ts';
import type { TrustedRoot } from '../trust/root-chain.ts';
import { verifyShare } from '../trust/share.ts';
import { deflateRaw, inflateRaw } from './deflate.ts';

/** `_type` of an invite container. */
export const INVITE_TYPE = 'pigeonpost.invite';
/** Longest invite code read (characters). */
export const MAX_INVITE_CODE = 256 * 1024;
/** Largest invite container after inflation (bytes). */
export const MAX_INVITE_BYTES = 2 * 1024 * 1024;
/** Most roots an invite carries. */
export const MAX_INVITE_ROOTS = 257;

const PREFIX = '1.';

/** An invite: root envelopes (any order) and the manifest envelope, all still unverified. */
export interface Invite {
  readonly roots: readonly Uint8Array[];
  readonly manifest: Uint8Array;
}

/** What a verified invite proves. */
export interface VerifiedInvite {
  readonly manifest: Manifest;
  /** The manifest envelope bytes (to store and pass on) and their SHA-256. */
  readonly envelope: Uint8Array;
  readonly sha256: string;
  /** The newest root reached through the invite's roots (the trusted one if none is newer). */
  readonly root: TrustedRoot;
  readonly newRoots: readonly TrustedRoot[];
}

/** Write an invite code. */
export async function encodeInvite(invite: Invite): Promise<string> {
  const container = canonicalBytes({
    _type: INVITE_TYPE,
    spec_version: SPEC_VERSION,
    roots: invite.roots.map((r) => fromUtf8(r, 'root envelope')),
    manifest: fromUtf8(invite.manifest, 'manifest envelope'),
  });
  return PREFIX + toBase64url(await deflateRaw(container));
}

/** Read an invite code (from a link's fragment or a scanned QR code). MALFORMED unless it is one. */
export async function decodeInvite(code: string): Promise<Invite> {
  const text = code.trim();
  if (text.length > MAX_INVITE_CODE) throw new PigeonError('TOO_LARGE', 'the invite is too long to be one');
  if (!text.startsWith(PREFIX)) throw new PigeonError('MALFORMED', 'this is not a Pigeonpost invite');
  let raw: Uint8Array;
  try {
    raw = await inflateRaw(fromBase64url(text.slice(PREFIX.length), 'invite'), MAX_INVITE_BYTES, 'the invite');
  } catch (e) {
    if (e instanceof PigeonError && e.code === 'TOO_LARGE') throw e;
    throw new PigeonError('MALFORMED', 'the invite is damaged (was the link cut short?)');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(raw, 'invite'));
  } catch {
    throw new PigeonError('MALFORMED', 'the invite is damaged');
  }
  checkHeader(obj(doc, 'invite'), INVITE_TYPE, 'invite');
  const o = obj(doc, 'invite', { required: ['_type', 'spec_version', 'roots', 'manifest'] });
  const roots = arr(o, 'roots', 'invite', MAX_INVITE_ROOTS, (v, path) => utf8(str({ v }, 'v', path, { min: 1, max: 512 * 1024 })));
  return { roots, manifest: utf8(str(o, 'manifest', 'invite', { min: 1, max: MAX_INVITE_BYTES })) };
}

/**
 * Verify an invite against the root this reader trusts: the invite's newer roots chain from it
 * (§4.2), the manifest is signed by the publish role of the newest root reached, for this site.
 * Expiry is not judged: a list that was the publisher's stays a list of its mirrors, and the
 * version comparison with the stored list (the caller's) keeps old lists from replacing newer ones.
 * Throws WRONG_SITE (another publisher), UNKNOWN_KEY / BAD_SIGNATURE (forged or foreign keys), MALFORMED.
 */
export async function verifyInvite(trusted: TrustedRoot, invite: Invite, opts: { now: number }): Promise<VerifiedInvite> {
  const chain = await verifyShare(trusted, { roots: invite.roots, articles: [] }, opts);
  const root = chain.root.root;
  const env = decodeEnvelope(invite.manifest, 'invite manifest');
  let payloadSite: unknown;
  try {
    payloadSite = (env.payload as { site?: unknown }).site;
  } catch {
    payloadSite = undefined;
  }
  // Another publisher's invite is named as such, before its (foreign) keys are judged.
  if (typeof payloadSite === 'string' && payloadSite !== root.site.id) {
    throw new PigeonError('WRONG_SITE', `the invite is for another publisher ("${payloadSite.slice(0, 64)}"), not "${root.site.id}"`);
  }
  await verifyThreshold(env, root.keys, root.roles.publish, 'invite manifest');
  const manifest = decodeManifest(env.payload, 'invite manifest');
  if (manifest.site !== root.site.id) throw new PigeonError('WRONG_SITE', `the invite is for site "${manifest.site}", not "${root.site.id}"`);
  if (manifest.mirrors.length === 0) throw new PigeonError('MALFORMED', 'the invite lists no mirror');
  return { manifest, envelope: invite.manifest, sha256: await sha256Hex(invite.manifest), root: chain.root, newRoots: chain.newRoots };
}
