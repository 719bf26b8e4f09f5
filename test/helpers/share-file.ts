/**
 * Test helpers for standalone share files (format.md §7): open the data block, change the
 * container inside it, and write it back, as an attacker with a text editor and gzip would.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

const OPEN = /<script type="application\/vnd\.pigeonpost\.share" id="pigeonpost-share" data-bytes="(\d+)">([A-Za-z0-9+/=]*)<\/script>/;

/** The container JSON of a share file's text. */
export function shareContainer(html: string): Record<string, unknown> & { roots: string[]; articles: { envelope: string; images: unknown[] }[]; manifest?: string } {
  const m = OPEN.exec(html);
  if (!m) throw new Error('no data block');
  return JSON.parse(gunzipSync(Buffer.from(m[2]!, 'base64')).toString('utf8'));
}

/** The share file with its container replaced by `fn(container)`. */
export function rewriteShare(html: string, fn: (c: ReturnType<typeof shareContainer>) => unknown): string {
  const next = fn(shareContainer(html)) ?? shareContainer(html);
  const gz = gzipSync(Buffer.from(JSON.stringify(next), 'utf8'));
  return html.replace(OPEN, () => `<script type="application/vnd.pigeonpost.share" id="pigeonpost-share" data-bytes="${gz.length}">${gz.toString('base64')}</script>`);
}

/** Change the signed title inside the envelope text of story `i` (the signature no longer matches). */
export function tamperTitle(html: string, i: number, prefix = 'BREAKING: '): string {
  return rewriteShare(html, (c) => {
    c.articles[i]!.envelope = c.articles[i]!.envelope.replace(/"title\\":\\"/, `"title\\":\\"${prefix}`);
    return c;
  });
}

import { decodeArticle } from '../../src/core/format/article.ts';
import { decodeEnvelope } from '../../src/core/format/envelope.ts';
import { encodeShareHtml, shareHtmlBytes, viewStory } from '../../src/core/format/share-html.ts';
import type { ImageType } from '../../src/core/format/article.ts';
import { messagesIn } from '../../src/app/i18n/messages.ts';
import { shareViewLabels } from '../../src/app/i18n/share-view-labels.ts';

/** A standalone share file of `envelopes` (signed articles) with `roots` and optional pictures. */
export async function shareFileOf(
  envelopes: readonly Uint8Array[],
  roots: readonly Uint8Array[],
  images: ReadonlyMap<string, { type: ImageType; bytes: Uint8Array }> = new Map(),
  opts: { manifest?: Uint8Array; publisher?: string } = {},
): Promise<Uint8Array> {
  const stories = envelopes.map((e) => viewStory(decodeArticle(decodeEnvelope(e, 'article', { pinned: true }).payload)));
  const text = await encodeShareHtml(
    {
      lang: 'en',
      dir: 'ltr',
      publisher: { name: opts.publisher ?? 'Demo News', site: 'demo-news', fingerprint: '0000 0000 0000 0000 0000' },
      stories,
      images,
      mirrors: [{ url: 'https://mirror-a.example/' }],
      labels: shareViewLabels(messagesIn('en')),
    },
    { roots, articles: envelopes.map((envelope) => ({ envelope, images: [] })), ...(opts.manifest ? { manifest: opts.manifest } : {}) },
  );
  return shareHtmlBytes(text);
}
