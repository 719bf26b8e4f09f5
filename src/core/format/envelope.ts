/**
 * Signed envelopes (format.md §2.2).
 *
 *   { "payload": "<canonical JSON text>", "signatures": [ { "keyid": "<hex>", "sig": "<base64url>" } ] }
 *
 * The envelope file itself is canonical JSON, so its bytes and the payload text determine each other
 * one to one. Signatures cover `SIG_CONTEXT || UTF-8(payload)`: the exact bytes that were received,
 * never a re-serialisation. The payload carries its own `_type` (domain separation inside the
 * signed bytes); the context prefix keeps Pigeonpost signatures from being valid anywhere else.
 */
import { PigeonError } from '../errors.ts';
import { concatBytes, fromBase64url, fromUtf8, toBase64url, utf8 } from '../encoding/bytes.ts';
import { canonicalBytes, canonicalJson, parseCanonical, parsePinned } from '../encoding/canonical-json.ts';
import { signEd25519, verifyEd25519, type SigningKey } from '../crypto/ed25519.ts';
import { arr, obj, str, SHA256_PATTERN } from './read.ts';
import type { KeyRing, Role } from './root-types.ts';

/** Prefix of every signed message. */
export const SIG_CONTEXT = 'pigeonpost-signature-v1\n';
/** More signatures than this in one envelope is malformed (junk cannot be used to slow clients). */
export const MAX_SIGNATURES = 16;

/** One signature. */
export interface Signature {
  readonly keyid: string;
  readonly sig: Uint8Array;
}

/** A decoded envelope: the payload text (signed bytes) and its parsed value. */
export interface Envelope {
  readonly payloadText: string;
  readonly payloadBytes: Uint8Array;
  readonly payload: unknown;
  readonly signatures: readonly Signature[];
}

/**
 * Decode envelope bytes strictly. Does not verify anything.
 *
 * `pinned`: the exact bytes were already matched against a hash the signed chain vouches for (an
 * article inside a verified pack), so the canonical-form re-check, which exists to make received
 * bytes unambiguous before their signature is trusted, adds nothing and is skipped. Field checks
 * still apply.
 */
export function decodeEnvelope(bytes: Uint8Array, what = 'signed document', opts: { pinned?: boolean } = {}): Envelope {
  const parse = opts.pinned ? (text: string, w: string) => parsePinned(text, w) : parseCanonical;
  const outer = obj(parse(fromUtf8(bytes, what), what), what, { required: ['payload', 'signatures'] });
  const payloadText = str(outer, 'payload', what, { max: 64 * 1024 * 1024 });
  const signatures = arr(outer, 'signatures', what, MAX_SIGNATURES, (v, p) => {
    const s = obj(v, p, { required: ['keyid', 'sig'] });
    return {
      keyid: str(s, 'keyid', p, { pattern: SHA256_PATTERN }),
      sig: fromBase64url(str(s, 'sig', p, { max: 100 }), `${p}.sig`, 64),
    };
  });
  const payload = parse(payloadText, `${what} payload`);
  // The signed bytes are needed only when signatures are checked (not for articles taken from a
  // pack already pinned by hash), so they are encoded on first use.
  let encoded: Uint8Array | undefined;
  return {
    payloadText,
    get payloadBytes() {
      return (encoded ??= utf8(payloadText));
    },
    payload,
    signatures,
  };
}

/** The exact bytes a signature covers. */
export function signingMessage(payloadBytes: Uint8Array): Uint8Array {
  return concatBytes([utf8(SIG_CONTEXT), payloadBytes]);
}

/**
 * Verify that `env` is signed by a threshold of `role`'s keys (format.md §4.1).
 * Each key counts once however often it appears; an invalid signature next to a threshold of valid
 * ones does not fail the document (checklist A.7); signatures by unlisted keys are ignored.
 */
export async function verifyThreshold(env: Envelope, keys: KeyRing, role: Role, what: string): Promise<void> {
  const message = signingMessage(env.payloadBytes);
  const valid = new Set<string>();
  let listed = 0;
  let badSigs = 0;
  const allowed = new Set(role.keyids);
  for (const s of env.signatures) {
    if (!allowed.has(s.keyid) || valid.has(s.keyid)) continue;
    const key = keys.get(s.keyid);
    if (!key) continue;
    listed++;
    if (await verifyEd25519(key, message, s.sig)) valid.add(s.keyid);
    else badSigs++;
  }
  if (valid.size >= role.threshold) return;
  if (listed === 0) {
    throw new PigeonError('UNKNOWN_KEY', `${what} is not signed by any key the trusted root lists for this role`);
  }
  if (badSigs > 0 && valid.size === 0) {
    throw new PigeonError('BAD_SIGNATURE', `${what} has a signature that does not verify`);
  }
  throw new PigeonError('THRESHOLD_NOT_MET', `${what} has ${valid.size} valid signature(s); ${role.threshold} required`);
}

/**
 * Signs `message` with one key. WebCrypto ({@link signEd25519}) by default; a runtime with a faster
 * way to make the same (deterministic) Ed25519 signature may pass its own, as the Node CLI does for
 * the thousands of articles of a large publish (src/cli/util/node-signer.ts).
 */
export type SignFn = (key: SigningKey, message: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** Build envelope bytes for `payload`, signed by each key (publisher side). */
export async function signEnvelope(payload: unknown, signers: readonly { keyid: string; key: SigningKey }[], sign: SignFn = signEd25519): Promise<Uint8Array> {
  return signEnvelopeText(canonicalJson(payload), signers, sign);
}

/** {@link signEnvelope} for a payload already serialised as canonical JSON (by the caller's own pass). */
export async function signEnvelopeText(payloadText: string, signers: readonly { keyid: string; key: SigningKey }[], sign: SignFn = signEd25519): Promise<Uint8Array> {
  const message = signingMessage(utf8(payloadText));
  const signatures = [];
  for (const s of signers) signatures.push({ keyid: s.keyid, sig: toBase64url(await sign(s.key, message)) });
  return canonicalBytes({ payload: payloadText, signatures });
}
