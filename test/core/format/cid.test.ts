/**
 * Object CIDs (src/core/format/cid.ts) derived from a pinned SHA-256 equal the CIDs multiformats
 * computes by hashing the bytes, for known vectors and random bytes; gateway URLs name them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { describe, expect, it } from 'vitest';
import { objectCid, RAW_CODEC } from '../../../src/core/format/cid.ts';
import { gatewayObjectUrl, isObjectPath } from '../../../src/core/net/ipfs-gateway.ts';

const hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('object CIDs', () => {
  it('match the CID multiformats computes from the bytes', async () => {
    expect(RAW_CODEC).toBe(raw.code);
    for (const size of [0, 1, 100, 4096, 1024 * 1024]) {
      const bytes = new Uint8Array(randomBytes(size));
      const expected = CID.create(1, raw.code, await sha256.digest(bytes));
      expect(objectCid(hex(bytes))).toBe(expected.toString());
    }
  });

  it('match the well-known CID of the empty raw block', () => {
    // The empty block's CID, as every IPFS implementation prints it.
    expect(objectCid(hex(new Uint8Array(0)))).toBe('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
  });

  it('refuse anything but 64 lowercase hex digits', () => {
    expect(() => objectCid('ABC')).toThrow(/64 lowercase hex/);
    expect(() => objectCid('A'.repeat(64))).toThrow(/64 lowercase hex/);
  });

  it('name raw blocks on a gateway, and only objects', () => {
    const sha = hex(new Uint8Array([1, 2, 3]));
    expect(isObjectPath(`objects/${sha}`)).toBe(true);
    expect(gatewayObjectUrl('https://gw.example/', `objects/${sha}`)).toBe(`https://gw.example/ipfs/${objectCid(sha)}?format=raw`);
    expect(gatewayObjectUrl('https://gw.example/sub', `objects/${sha}`)).toBe(`https://gw.example/sub/ipfs/${objectCid(sha)}?format=raw`);
    expect(() => gatewayObjectUrl('https://gw.example/', 'timestamp.json')).toThrow(/only content-addressed objects/);
    expect(() => gatewayObjectUrl('https://gw.example/', 'root/1.json')).toThrow(/only content-addressed objects/);
  });
});
