/**
 * Bundles of nearby sync (format.md §10.3): a share container (§7) carrying articles one side asked
 * for. Writing one is packing stored, verified envelopes and images; reading one is the import
 * pipeline of §7.4 (the same verification as a share file), plus the session's own rule: every
 * article must be one asked for, at the revision and envelope hash the peer's inventory announced,
 * and at most once. Any failure rejects the whole bundle (the session then drops the peer), so a
 * peer that slips one forged article among good ones gets none of them stored.
 */
import { PigeonError, type ErrorCode } from '../errors.ts';
import { decodeShare, encodeShare, type SharedArticle } from '../format/share.ts';
import { verifyImport, type ImportCandidate, type ImportTrust, type Rejection } from '../share/import.ts';
import type { InventoryEntry } from './messages.ts';

/** What a verified bundle holds, ready for the import store's one transaction. */
export interface VerifiedBundle {
  readonly candidates: readonly ImportCandidate[];
  /** Ids carried, in the bundle's order. */
  readonly carried: readonly string[];
}

/**
 * Pack articles into share containers of about `targetBytes` each (an article larger than that
 * goes alone; one larger than `maxBytes` is left out and reported in `skipped`).
 */
export function packBundles(roots: readonly Uint8Array[], articles: readonly (SharedArticle & { id: string })[], opts: { targetBytes: number; maxBytes: number }): { bundles: Uint8Array[]; skipped: string[] } {
  const bundles: Uint8Array[] = [];
  const skipped: string[] = [];
  let batch: SharedArticle[] = [];
  let size = 0;
  const rootBytes = roots.reduce((n, r) => n + r.length, 0);
  const flush = (): void => {
    if (batch.length > 0) bundles.push(encodeShare({ roots, articles: batch }));
    batch = [];
    size = 0;
  };
  for (const a of articles) {
    // base64url of images: 4/3 of their bytes; JSON escaping of the envelope text: a little.
    const estimate = a.envelope.length * 1.1 + a.images.reduce((n, i) => n + Math.ceil((i.bytes.length * 4) / 3) + 120, 0) + 64;
    if (estimate + rootBytes * 1.1 > opts.maxBytes) {
      skipped.push(a.id);
      continue;
    }
    if (size > 0 && size + estimate > opts.targetBytes) flush();
    batch.push({ envelope: a.envelope, images: a.images });
    size += estimate;
  }
  flush();
  return { bundles, skipped };
}

/** The error a refused import stands for (a peer of another publisher is WRONG_SITE). */
function refusal(r: Rejection): PigeonError {
  if (r.reason === 'foreign') return new PigeonError('WRONG_SITE', `the bundle is from another publisher: ${r.message}`);
  const code = (r.code in CODES ? r.code : 'MALFORMED') as ErrorCode;
  return new PigeonError(code, r.message);
}

const CODES: Record<string, true> = Object.fromEntries(
  ['BAD_SIGNATURE', 'UNKNOWN_KEY', 'THRESHOLD_NOT_MET', 'WRONG_TYPE', 'WRONG_SITE', 'UNSUPPORTED', 'ROLLBACK', 'EXPIRED', 'ROOT_CHAIN_TOO_LONG', 'HASH_MISMATCH', 'LENGTH_MISMATCH', 'TOO_LARGE', 'NOT_LISTED', 'MALFORMED', 'NOT_BUNDLE'].map((c) => [c, true]),
);

/**
 * Verify a bundle from a peer with the import pipeline (core/share/import.ts: the same checks as
 * a share file, against the root this app trusts), then the session's rule against `expected`.
 * Nothing is stored here; the caller commits `candidates` in one transaction.
 */
export async function verifyBundle(
  trust: ImportTrust,
  bytes: Uint8Array,
  expected: ReadonlyMap<string, InventoryEntry>,
  opts: { now: number; maxBytes: number },
): Promise<VerifiedBundle> {
  if (bytes.length > opts.maxBytes) throw new PigeonError('TOO_LARGE', `a bundle of ${bytes.length} bytes is over the cap of ${opts.maxBytes}`);
  const share = decodeShare(bytes, 'bundle from the other device');
  if (share.articles.length === 0) throw new PigeonError('MALFORMED', 'an empty bundle');
  const v = await verifyImport(share, trust, { now: opts.now });
  if (!v.ok) throw refusal(v.rejection);
  const bad = v.rejected[0];
  if (bad) throw refusal(bad.rejection);
  // verifyImport keeps one copy of a story given twice and rejects the other: caught just above.
  const carried: string[] = [];
  for (const c of v.candidates) {
    const { id, rev, envelopeSha256 } = c.record;
    const e = expected.get(id);
    if (!e) throw new PigeonError('NOT_LISTED', `the bundle carries ${id}, which this device did not ask for`);
    if (rev !== e.rev) throw new PigeonError('NOT_LISTED', `the bundle carries ${id} at revision ${rev}; the other device offered revision ${e.rev}`);
    if (envelopeSha256 !== e.sha256) throw new PigeonError('HASH_MISMATCH', `the bundle's ${id} is not the envelope the other device offered`);
    carried.push(id);
  }
  return { candidates: v.candidates, carried };
}
