/**
 * Bundles of nearby sync (format.md §9.3): a share container (§7) carrying articles one side asked
 * for. Writing one is packing stored, verified envelopes and images; reading one is the share
 * verification of §7 against the reader's trusted root, plus the session's own rule: every
 * article must be one asked for, at the revision and envelope hash the peer's inventory announced,
 * and at most once. Any failure rejects the whole bundle (the session then drops the peer), so a
 * peer that slips one forged article among good ones gets none of them stored.
 */
import { sha256Hex } from '../crypto/sha256.ts';
import { PigeonError } from '../errors.ts';
import { decodeShare, encodeShare, type SharedArticle } from '../format/share.ts';
import type { ArticleRecord, ImageRecord } from '../sync/store.ts';
import type { TrustedRoot } from '../trust/root-chain.ts';
import { verifyShare } from '../trust/share.ts';
import type { InventoryEntry } from './messages.ts';

/** What a verified bundle holds, ready for one storage transaction. */
export interface VerifiedBundle {
  readonly records: readonly ArticleRecord[];
  readonly images: readonly ImageRecord[];
  /** Ids carried, in the bundle's order. */
  readonly carried: readonly string[];
  /** The newest root reached had expired (the articles are archival, checklist 47). */
  readonly rootExpired: boolean;
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

/** Verify a bundle from a peer against the trusted root and what this side asked for. */
export async function verifyBundle(
  trusted: TrustedRoot,
  bytes: Uint8Array,
  expected: ReadonlyMap<string, InventoryEntry>,
  opts: { now: number; maxBytes: number },
): Promise<VerifiedBundle> {
  if (bytes.length > opts.maxBytes) throw new PigeonError('TOO_LARGE', `a bundle of ${bytes.length} bytes is over the cap of ${opts.maxBytes}`);
  const share = decodeShare(bytes, 'bundle from the other device');
  const verified = await verifyShare(trusted, share, { now: opts.now });
  const records: ArticleRecord[] = [];
  const images = new Map<string, ImageRecord>();
  const carried: string[] = [];
  const storedAt = Date.now();
  for (const a of verified.articles) {
    if (!a.ok) throw a.error;
    const { article, envelope } = a;
    const e = expected.get(article.id);
    if (!e) throw new PigeonError('NOT_LISTED', `the bundle carries ${article.id}, which this device did not ask for`);
    if (carried.includes(article.id)) throw new PigeonError('MALFORMED', `the bundle carries ${article.id} twice`);
    if (article.rev !== e.rev) throw new PigeonError('NOT_LISTED', `the bundle carries ${article.id} at revision ${article.rev}; the other device offered revision ${e.rev}`);
    const envelopeSha256 = await sha256Hex(envelope);
    if (envelopeSha256 !== e.sha256) throw new PigeonError('HASH_MISMATCH', `the bundle's ${article.id} is not the envelope the other device offered`);
    const { html, images: pins, lead, source, ...meta } = article;
    records.push({ ...meta, html, images: pins, envelope, envelopeSha256, storedAt, ...(lead === undefined ? {} : { lead }), ...(source === undefined ? {} : { source }) });
    for (const i of a.images) images.set(i.sha256, { sha256: i.sha256, type: i.type, bytes: i.bytes });
    carried.push(article.id);
  }
  return { records, images: [...images.values()], carried, rootExpired: verified.rootExpired };
}
