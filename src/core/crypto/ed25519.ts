/**
 * Ed25519 verification and signing.
 *
 * WebCrypto's native Ed25519 is the primary path (Node 20 and current browsers). `@noble/ed25519`
 * in strict RFC 8032 mode (`zip215: false`) is the fallback where `crypto.subtle` lacks Ed25519.
 * Both paths must give the same verdict on every input, so the edge cases where implementations
 * differ are decided here, before either runs: exact lengths, canonical encodings, small-order and
 * mixed-order public keys (refused when a key is decoded, see `checkPublicKey`), and a torsion
 * component in R (see `nobleVerify`).
 */
import * as noble from '@noble/ed25519';
import { PigeonError } from '../errors.ts';

/** A verifier takes raw 32-byte key, message and 64-byte signature. */
export type Verifier = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => Promise<boolean>;

type Buf = Uint8Array<ArrayBuffer>;
const asBuf = (b: Uint8Array): Buf => b as Buf;

// The group order L, little-endian: a signature's S must be below it (RFC 8032 §5.1.7).
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function scalarLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

function shapeOk(publicKey: Uint8Array, signature: Uint8Array): boolean {
  return publicKey.length === 32 && signature.length === 64 && scalarLE(signature.subarray(32)) < L;
}

/**
 * Refuse public keys that are not canonical point encodings or that have small order (a key of
 * small order can "sign" many messages at once). Called once per key when a root is decoded.
 */
export function checkPublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== 32) throw new PigeonError('MALFORMED', 'an Ed25519 public key is 32 bytes');
  let point: noble.Point;
  try {
    point = noble.Point.fromBytes(publicKey, false);
  } catch {
    throw new PigeonError('MALFORMED', 'public key is not a valid Ed25519 point');
  }
  if (point.isSmallOrder()) throw new PigeonError('MALFORMED', 'public key has small order');
  // A key with a torsion component (mixed order) lets its holder craft signatures that the
  // cofactored check (noble) accepts and the cofactorless one (WebCrypto/OpenSSL) rejects.
  if (!point.isTorsionFree()) throw new PigeonError('MALFORMED', 'public key has a torsion component');
}

/** The WebCrypto path. Keys are imported per call; callers cache through `cachedVerifier`. */
export const webCryptoVerify: Verifier = async (publicKey, message, signature) => {
  if (!shapeOk(publicKey, signature)) return false;
  const key = await crypto.subtle.importKey('raw', asBuf(publicKey), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, asBuf(signature), asBuf(message));
};

/**
 * The @noble/ed25519 path, strict RFC 8032 (`zip215: false`). noble checks the cofactored
 * equation [8][S]B = [8]R + [8][k]A; WebCrypto (OpenSSL) the cofactorless [S]B = R + [k]A. For a
 * torsion-free key (checkPublicKey) the two agree exactly when R is torsion-free too, so that is
 * required here: both paths then give the same verdict on every signature.
 */
export const nobleVerify: Verifier = async (publicKey, message, signature) => {
  if (!shapeOk(publicKey, signature)) return false;
  try {
    if (!(await noble.verifyAsync(signature, message, publicKey, { zip215: false }))) return false;
    return noble.Point.fromBytes(signature.subarray(0, 32), false).isTorsionFree();
  } catch {
    return false;
  }
};

let detected: Promise<Verifier> | undefined;

/** Detects once whether WebCrypto has Ed25519 and returns the verifier to use. */
export function defaultVerifier(): Promise<Verifier> {
  detected ??= (async () => {
    try {
      const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
      const msg = new Uint8Array([1, 2, 3]);
      const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, msg));
      const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
      if (await webCryptoVerify(raw, msg, sig)) return webCryptoVerify;
    } catch {
      // fall through to the pure-JS path
    }
    return nobleVerify;
  })();
  return detected;
}

/** Verify with the detected implementation. */
export async function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return (await defaultVerifier())(publicKey, message, signature);
}

/** A signing key: raw public key and a WebCrypto private key. */
export interface SigningKey {
  readonly publicKey: Uint8Array;
  readonly privateKey: CryptoKey;
}

/** Generate a fresh Ed25519 key pair; returns the PKCS#8 private key bytes for storage. */
export async function generateSigningKey(): Promise<{ key: SigningKey; pkcs8: Uint8Array }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { key: { publicKey, privateKey: pair.privateKey }, pkcs8 };
}

/** Import a stored PKCS#8 private key together with its raw public key. */
export async function importSigningKey(pkcs8: Uint8Array, publicKey: Uint8Array): Promise<SigningKey> {
  const privateKey = await crypto.subtle.importKey('pkcs8', asBuf(pkcs8), { name: 'Ed25519' }, false, ['sign']);
  return { publicKey, privateKey };
}

/** Sign `message` (64-byte signature). */
export async function signEd25519(key: SigningKey, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key.privateKey, asBuf(message)));
}
