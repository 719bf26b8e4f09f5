/**
 * IPFS content identifiers of repository objects (format.md §3.3, "IPFS gateways"). An object is
 * served by an IPFS gateway as one raw block, so its CID is CIDv1 with the raw codec (0x55) and a
 * sha2-256 multihash of its stored bytes: derivable from the SHA-256 every pin already carries,
 * without the bytes. The text form is base32 (`bafkrei…`), as gateways and pinning services print it.
 */
import { CID } from 'multiformats/cid';
import * as Digest from 'multiformats/hashes/digest';
import { PigeonError } from '../errors.ts';

/** Multicodec code of raw bytes. */
export const RAW_CODEC = 0x55;
/** Multihash code of sha2-256. */
export const SHA2_256 = 0x12;

function hexBytes(hex: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new PigeonError('MALFORMED', 'an object hash must be 64 lowercase hex digits');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The CID (as a multiformats CID) of the object pinned with this SHA-256. */
export function objectCidOf(sha256: string): CID {
  return CID.createV1(RAW_CODEC, Digest.create(SHA2_256, hexBytes(sha256)));
}

/** The base32 text CID (`bafkrei…`) of the object pinned with this SHA-256. */
export function objectCid(sha256: string): string {
  return objectCidOf(sha256).toString();
}
