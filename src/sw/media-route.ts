/**
 * `media/<sha256>` under the app's scope: verified images served from IndexedDB.
 *
 * The response is built from stored, hash-verified bytes only, never from a mirror response
 * (adversarial checklist item 29), with an explicit Content-Type from the allow-list, `nosniff`,
 * and a sandboxing CSP so that even a navigation to the URL cannot run anything (style habit 20).
 * It never falls through to the network: an image we do not have is a 404.
 */
import { IMAGE_TYPES } from '../core/format/article.ts';
import type { ImageRecord } from '../core/sync/store.ts';

/** Matches `<scope path>…media/<64 hex>`; group 1 is the hash. */
export function mediaPattern(scopePath: string): RegExp {
  const escaped = scopePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}(?:[a-z0-9-]+/)*media/([0-9a-f]{64})$`);
}

/** The hash a same-origin URL asks for, or undefined when it is not a media URL of this scope. */
export function mediaHash(url: URL, scope: URL): string | undefined {
  if (url.origin !== scope.origin || url.search !== '') return undefined;
  return mediaPattern(scope.pathname).exec(url.pathname)?.[1];
}

/** Headers on every media response, found or not. */
export const MEDIA_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  // Not kept in the HTTP cache: ERASE_ALL must be able to remove every trace.
  'Cache-Control': 'no-store',
});

/** Build the response for a stored image (or a 404 when `image` is undefined). */
export function mediaResponse(image: ImageRecord | undefined, method = 'GET'): Response {
  if (!image) {
    return new Response(method === 'HEAD' ? null : 'not stored on this device', {
      status: 404,
      headers: { ...MEDIA_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  // Stored types were checked against the allow-list when the article was verified; check again.
  const type = (IMAGE_TYPES as readonly string[]).includes(image.type) ? image.type : 'application/octet-stream';
  const body = method === 'HEAD' ? null : new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type });
  return new Response(body, {
    status: 200,
    headers: { ...MEDIA_HEADERS, 'Content-Type': type, 'Content-Length': String(image.bytes.byteLength) },
  });
}
