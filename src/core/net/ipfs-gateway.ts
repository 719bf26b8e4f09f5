/**
 * Object URLs on an IPFS gateway (format.md §3.3, "IPFS gateways"): a trustless gateway serves the
 * raw block of a CID at `<gateway>/ipfs/<cid>?format=raw` (the query asks for the block itself,
 * `application/vnd.ipld.raw`, never a rendered page). Only content-addressed objects are fetched
 * from gateways; what they return is verified against the pin like any mirror's bytes.
 */
import { PigeonError } from '../errors.ts';
import { objectCid } from '../format/cid.ts';
import { mirrorBase } from './url.ts';

const OBJECT_PATH = /^objects\/([0-9a-f]{64})$/;

/** True when `path` names a content-addressed object (`objects/<sha256>`). */
export function isObjectPath(path: string): boolean {
  return OBJECT_PATH.test(path);
}

/** The gateway URL of the object at repository path `path`; MALFORMED for any other path. */
export function gatewayObjectUrl(gateway: string, path: string): string {
  const m = OBJECT_PATH.exec(path);
  if (!m) throw new PigeonError('MALFORMED', 'an IPFS gateway serves only content-addressed objects', { path: path.slice(0, 100) });
  return `${mirrorBase(gateway)}ipfs/${objectCid(m[1]!)}?format=raw`;
}
