/**
 * The publisher's Node signer (src/cli/util/node-signer.ts) must make exactly the signatures
 * WebCrypto makes: Ed25519 is deterministic, so an envelope signed either way is the same bytes, and
 * the reader's verifiers (WebCrypto and strict @noble) accept it. Real keys, real crypto.
 */
import { describe, expect, it } from 'vitest';
import { generateSigningKey, importSigningKey, nobleVerify, signEd25519, webCryptoVerify } from '../../src/core/crypto/ed25519.ts';
import { canonicalJson } from '../../src/core/encoding/canonical-json.ts';
import { decodeEnvelope, signEnvelope, signEnvelopeText, signingMessage, verifyThreshold } from '../../src/core/format/envelope.ts';
import { signEd25519Node } from '../../src/cli/util/node-signer.ts';

describe('signEd25519Node', () => {
  it('gives the WebCrypto signature, byte for byte, for random keys and messages (also for an imported PKCS#8 key)', async () => {
    for (let i = 0; i < 12; i++) {
      const { key, pkcs8 } = await generateSigningKey();
      const msg = crypto.getRandomValues(new Uint8Array(i * 997));
      const web = await signEd25519(key, msg);
      const node = signEd25519Node(key, msg);
      expect(node).toBeInstanceOf(Uint8Array);
      expect(node).toEqual(web);
      expect(signEd25519Node(await importSigningKey(pkcs8, key.publicKey), msg)).toEqual(web);
      expect(await webCryptoVerify(key.publicKey, msg, node as Uint8Array)).toBe(true);
      expect(await nobleVerify(key.publicKey, msg, node as Uint8Array)).toBe(true);
    }
  });

  it('signs envelopes the reader accepts, identical to the default signer, with every key of a threshold', async () => {
    const a = await generateSigningKey();
    const b = await generateSigningKey();
    const signers = [
      { keyid: 'a'.repeat(64), key: a.key },
      { keyid: 'b'.repeat(64), key: b.key },
    ];
    const payload = { _type: 'pigeonpost.test', text: 'Мост закрыт на ремонт — bridge closed', n: 3 };
    const viaNode = await signEnvelope(payload, signers, signEd25519Node);
    expect(viaNode).toEqual(await signEnvelope(payload, signers));
    expect(await signEnvelopeText(canonicalJson(payload), signers, signEd25519Node)).toEqual(viaNode);

    const env = decodeEnvelope(viaNode);
    const keys = new Map([
      [signers[0]!.keyid, a.key.publicKey],
      [signers[1]!.keyid, b.key.publicKey],
    ]);
    await expect(verifyThreshold(env, keys, { keyids: signers.map((s) => s.keyid), threshold: 2 }, 'test document')).resolves.toBeUndefined();
    // One flipped bit in the message: the signature no longer verifies.
    const msg = signingMessage(new TextEncoder().encode(canonicalJson(payload)));
    const sig = signEd25519Node(a.key, msg) as Uint8Array;
    msg[msg.length - 2]! ^= 1;
    expect(await webCryptoVerify(a.key.publicKey, msg, sig)).toBe(false);
  });

  it('refuses a key that is not Ed25519', async () => {
    const ecdsa = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const fake = { publicKey: new Uint8Array(32), privateKey: ecdsa.privateKey };
    expect(() => signEd25519Node(fake, new Uint8Array([1]))).toThrow(/signing key is ec, not Ed25519/);
  });
});
