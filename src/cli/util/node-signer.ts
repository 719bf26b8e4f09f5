/**
 * Ed25519 signing through Node's own crypto, for the publisher's hot path.
 *
 * WebCrypto's `sign` runs each signature as a job on libuv's thread pool and settles a promise for
 * it; for one article envelope (about 10 KB) that hand-off cost more CPU than the signature itself:
 * 147 µs per signature against 89 µs for `crypto.sign` on the calling thread, alternating both in
 * one process (docs/benchmarks.md "Publish"). Ed25519 signatures are deterministic (RFC 8032), so
 * both give the same bytes for the same key and message; test/cli/node-signer.test.ts checks that,
 * and that the reader's verifier accepts them.
 */
import { KeyObject, sign } from 'node:crypto';
import type { SigningKey } from '../../core/crypto/ed25519.ts';
import type { SignFn } from '../../core/format/envelope.ts';

/** Node's view of each WebCrypto private key, made once per key. */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/** {@link SignFn} on the calling thread, with the same key WebCrypto holds. */
export const signEd25519Node: SignFn = (key: SigningKey, message: Uint8Array): Uint8Array => {
  let ko = keyObjects.get(key.privateKey);
  if (!ko) {
    ko = KeyObject.from(key.privateKey);
    if (ko.asymmetricKeyType !== 'ed25519') throw new Error(`internal: signing key is ${ko.asymmetricKeyType ?? ko.type}, not Ed25519`);
    keyObjects.set(key.privateKey, ko);
  }
  return new Uint8Array(sign(null, message, ko));
};
