/**
 * Verifying a share file (format.md §7) against the root the recipient already trusts for the
 * site: the included roots are walked from there one version at a time (§4.2), then every article
 * envelope is verified against the publish role of the newest root reached, and every image
 * against its article's pin. A share never brings trust with it: without a trusted root for the
 * site nothing in it can be verified (the caller has none to pass).
 *
 * Per checklist item 47, a share whose newest root has expired still verifies (readers pass old
 * stories on while offline), but says so: the caller keeps such articles as archival and must not
 * adopt the expired root. Revisions and tombstones are the caller's to compare with what it stores.
 */
import { sha256Hex } from '../crypto/sha256.ts';
import { isPigeonError, PigeonError } from '../errors.ts';
import type { Article } from '../format/article.ts';
import { decodeRootEnvelope } from '../format/root.ts';
import type { Share, SharedImage } from '../format/share.ts';
import { parseUtc } from '../format/time.ts';
import { verifyArticleEnvelope } from './article.ts';
import { MAX_ROOT_STEPS, verifyRootStep, type TrustedRoot } from './root-chain.ts';

/** One verified article of a share. */
export interface VerifiedSharedArticle {
  readonly ok: true;
  readonly article: Article;
  /** The exact envelope bytes (to store and pass on). */
  readonly envelope: Uint8Array;
  /** The images that came with it, each matching its pin. */
  readonly images: readonly SharedImage[];
  /** sha256 of pinned images the share did not bring. */
  readonly missingImages: readonly string[];
}

/** One article of a share that failed verification, and why. */
export interface RejectedSharedArticle {
  readonly ok: false;
  readonly index: number;
  readonly error: PigeonError;
}

/** What a share proved. */
export interface VerifiedShare {
  /** The newest root reached: the trusted one, or a newer one from the share. */
  readonly root: TrustedRoot;
  /** The newer roots walked, oldest first (for the caller to persist, unless `rootExpired`). */
  readonly newRoots: readonly TrustedRoot[];
  /** The newest root's expiry has passed at `now`: archival content only (checklist 47). */
  readonly rootExpired: boolean;
  /** One outcome per article, in the share's order. */
  readonly articles: readonly (VerifiedSharedArticle | RejectedSharedArticle)[];
}

/**
 * Verify `share` for the site whose trusted root is `trusted`. Throws (nothing verified) when the
 * root chain is broken; a bad article only rejects that article.
 */
export async function verifyShare(trusted: TrustedRoot, share: Share, opts: { now: number }): Promise<VerifiedShare> {
  // Roots at or below the trusted version are the sender's history: not needed, not trusted.
  const newer: { version: number; bytes: Uint8Array }[] = [];
  for (const [i, bytes] of share.roots.entries()) {
    const { root } = await decodeRootEnvelope(bytes, `share root ${i + 1}`);
    if (root.version > trusted.root.version) newer.push({ version: root.version, bytes });
  }
  newer.sort((a, b) => a.version - b.version);
  if (newer.length > MAX_ROOT_STEPS) {
    throw new PigeonError('ROOT_CHAIN_TOO_LONG', `the share carries ${newer.length} newer root versions; at most ${MAX_ROOT_STEPS} are walked`);
  }
  const newRoots: TrustedRoot[] = [];
  let current = trusted;
  for (const r of newer) {
    if (r.version === current.root.version) throw new PigeonError('MALFORMED', `the share carries two roots with version ${r.version}`);
    if (r.version !== current.root.version + 1) {
      throw new PigeonError('NOT_LISTED', `the share's root chain skips from version ${current.root.version} to ${r.version}`);
    }
    current = await verifyRootStep(current.root, r.bytes);
    newRoots.push(current);
  }
  const rootExpired = parseUtc(current.root.expires, 'root.expires') < opts.now;

  const articles: (VerifiedSharedArticle | RejectedSharedArticle)[] = [];
  for (const [index, a] of share.articles.entries()) {
    const what = `shared article ${index + 1}`;
    try {
      const article = await verifyArticleEnvelope(current.root, a.envelope, what);
      const pins = new Map(article.images.map((p) => [p.sha256, p]));
      for (const img of a.images) {
        const pin = pins.get(img.sha256);
        if (!pin) throw new PigeonError('NOT_LISTED', `${what} brings image ${img.sha256.slice(0, 12)}…, which the article does not pin`);
        if (img.type !== pin.type) throw new PigeonError('MALFORMED', `${what}: image ${img.sha256.slice(0, 12)}… is labelled ${img.type}, the article pins ${pin.type}`);
        if (img.bytes.length !== pin.length) {
          throw new PigeonError('LENGTH_MISMATCH', `${what}: image ${img.sha256.slice(0, 12)}… has ${img.bytes.length} bytes, the article pins ${pin.length}`);
        }
        if ((await sha256Hex(img.bytes)) !== img.sha256) throw new PigeonError('HASH_MISMATCH', `${what}: image ${img.sha256.slice(0, 12)}… does not match its SHA-256`);
      }
      const brought = new Set(a.images.map((i) => i.sha256));
      articles.push({ ok: true, article, envelope: a.envelope, images: a.images, missingImages: article.images.map((p) => p.sha256).filter((s) => !brought.has(s)) });
    } catch (e) {
      if (!isPigeonError(e)) throw e;
      articles.push({ ok: false, index, error: e });
    }
  }
  return { root: current, newRoots, rootExpired, articles };
}
