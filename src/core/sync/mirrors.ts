/**
 * Which mirrors a client may contact: the signed list from the stored manifest (or a newer one
 * from a verified invite), or, before the first signed list, the bootstrap list built into the app
 * (format.md §3.3, §11). Unsigned hints never add a mirror here.
 */
import type { MirrorKind } from '../format/manifest.ts';
import type { TrustRecord } from './store.ts';

/** A mirror the client may contact and where it learned of it. */
export interface MirrorCandidate {
  readonly url: string;
  readonly name?: string;
  /** `ipfs-gateway`: asked only for index segments and packs, by CID (format.md §3.3). */
  readonly kind?: MirrorKind;
  readonly source: 'signed' | 'bootstrap';
}

/**
 * The current mirror list: the newest signed list, from the stored manifest or from an invite
 * whose manifest is newer (format.md §11), else the bootstrap list.
 */
export function currentMirrors(trust: TrustRecord | undefined, config: { bootstrapMirrors: readonly string[] }): MirrorCandidate[] {
  const invited = trust?.invited && trust.invited.version > (trust.manifest?.version ?? 0) ? trust.invited.mirrors : undefined;
  const signed = invited ?? trust?.manifest?.mirrors ?? [];
  if (signed.length > 0) return signed.map((m) => ({ ...m, source: 'signed' as const }));
  return [...new Set(config.bootstrapMirrors)].map((url) => ({ url, source: 'bootstrap' as const }));
}
