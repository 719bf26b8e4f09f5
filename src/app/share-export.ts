/**
 * Making and sending a share file from the app (format.md §7): the stored articles' exact signed
 * envelopes, the root chain the app has followed (shipped root first) and the stored signed
 * manifest go into the data block; the view is the signed article HTML when the reader's allowlist
 * keeps all of it (then carried once, as a story region), else that HTML sanitized again for the
 * file, its pictures inlined, in the reader's language. Sent through the Web Share API where
 * `navigator.canShare({ files })` allows (Chromium accepts .html), else downloaded.
 */
import { siteConfig } from 'virtual:pigeonpost-site';
import { fromBase64url } from '../core/encoding/bytes.ts';
import { decodeArticle, type ImageType } from '../core/format/article.ts';
import { decodeEnvelope } from '../core/format/envelope.ts';
import { encodeShareHtml, shareHtmlBytes, viewStory } from '../core/format/share-html.ts';
import { decodeRootEnvelope } from '../core/format/root.ts';
import { keyFingerprint } from '../core/trust/fingerprint.ts';
import { loadShareSources } from '../shared/db/share-reading.ts';
import { documentLocale } from './i18n/locale.ts';
import { shareViewLabels } from './i18n/share-view-labels.ts';
import { messagesIn } from './i18n/messages.ts';
import { shareViewSource } from './sanitize.ts';

/** The Web Share API's limit on shared files (Chromium): larger files are downloaded instead. */
export const WEB_SHARE_MAX_BYTES = 50 * 1000 * 1000;

/** A file name for a share of `titles`: the first story's id, or the site id and a count. */
function fileName(ids: readonly string[]): string {
  return ids.length === 1 ? `${ids[0]}.html` : `${siteConfig.id}-${ids.length}-stories.html`;
}

/** Build the share file of the stored articles `ids` (in that order). */
export async function buildShareFile(ids: readonly string[]): Promise<File> {
  const { articles, images, trust } = await loadShareSources(siteConfig.id, ids);
  if (articles.length === 0) throw new Error('none of these stories is stored on this device');
  const shipped = fromBase64url(siteConfig.rootBase64url, 'shipped root');
  const shippedVersion = (await decodeRootEnvelope(shipped, 'shipped root')).root.version;
  // The chain from the shipped root to the newest one the app verified (format.md §4.2). A trust
  // state from before the chain was kept has only its newest root: carried only when it is the
  // next version (a gap would make the whole file unverifiable for a reader at the shipped root).
  const later = trust?.chain ?? (trust && trust.rootVersion === shippedVersion + 1 ? [trust.rootBytes] : []);
  const roots = [shipped, ...later];
  const newest = (await decodeRootEnvelope(roots.at(-1)!, 'root')).root;
  const lang = documentLocale();
  const pictures = new Map<string, { type: ImageType; bytes: Uint8Array }>();
  for (const [sha, img] of images) pictures.set(sha, { type: img.type as ImageType, bytes: img.bytes });
  const stories = articles.map((a) => viewStory(decodeArticle(decodeEnvelope(a.envelope, 'article', { pinned: true }).payload), shareViewSource(a.html)));
  const text = await encodeShareHtml(
    {
      lang,
      dir: 'ltr', // the UI languages (en, ru) are written left to right; each story carries its own
      publisher: { name: newest.site.name, site: siteConfig.id, fingerprint: await keyFingerprint(newest) },
      stories,
      images: pictures,
      mirrors: trust?.manifest?.mirrors ?? siteConfig.mirrors.map((url) => ({ url })),
      labels: shareViewLabels(messagesIn(lang)),
    },
    { roots, articles: articles.map((a) => ({ envelope: a.envelope, images: [] })), ...(trust?.manifest?.envelope ? { manifest: trust.manifest.envelope } : {}) },
  );
  const bytes = shareHtmlBytes(text);
  return new File([bytes as Uint8Array<ArrayBuffer>], fileName(articles.map((a) => a.id)), { type: 'text/html' });
}

/** How a file left the app. */
export type SendOutcome = 'shared' | 'downloaded' | 'cancelled';

/** Share `file` through the system share sheet where possible, else download it. */
export async function shareOrDownload(file: File, title: string): Promise<SendOutcome> {
  const nav = navigator as Navigator & { canShare?: (d: ShareData) => boolean };
  if (file.size <= WEB_SHARE_MAX_BYTES && typeof nav.share === 'function' && nav.canShare?.({ files: [file] })) {
    try {
      await nav.share({ files: [file], title });
      return 'shared';
    } catch (e) {
      // The reader closed the share sheet: nothing to report (pwa-platform.md B.3).
      if (e instanceof DOMException && e.name === 'AbortError') return 'cancelled';
      // NotAllowedError and the like: fall back to a download.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return 'downloaded';
}
