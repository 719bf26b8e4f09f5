/**
 * Content types and cache policy for a mirror tree.
 *
 * - `objects/<sha256>` and `root/<N>.json` never change once written: cached for a year, immutable.
 * - Build assets with a content hash in their name (`assets/app-3f9a1c2b.js`): same.
 * - `timestamp.json`, `root.json`, `index.html`, `sw.js` and the web app manifest must be
 *   revalidated every time (`no-cache`): they are how readers learn that something changed.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

/** Cache-Control for content that never changes. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control for files that must be revalidated on every use. */
export const NO_CACHE = 'no-cache';

const OBJECT_PATH = /^objects\/[0-9a-f]{64}$/;
const ROOT_VERSION_PATH = /^root\/[1-9][0-9]{0,8}\.json$/;
/**
 * A name with a content hash of 8+ characters before the extension (Vite's `name-<hash>.ext`; the
 * hash is base64url, so it may itself hold `-` or `_`, as in `index-aIe-FIde.js`).
 */
const HASHED_ASSET = /(^|\/)[^/]+[-.][A-Za-z0-9_-]{8,}\.(js|mjs|css|png|jpg|jpeg|gif|webp|avif|svg|woff2?|wasm|ico)$/;

/** Content-Type of a repository-relative path. */
export function contentTypeFor(rel: string): string {
  if (OBJECT_PATH.test(rel)) return 'application/octet-stream';
  const dot = rel.lastIndexOf('.');
  const slash = rel.lastIndexOf('/');
  if (dot <= slash) return 'application/octet-stream';
  return TYPES[rel.slice(dot).toLowerCase()] ?? 'application/octet-stream';
}

/** Cache-Control of a repository-relative path. */
export function cacheControlFor(rel: string): string {
  if (OBJECT_PATH.test(rel) || ROOT_VERSION_PATH.test(rel)) return IMMUTABLE;
  if (rel.startsWith('assets/') && HASHED_ASSET.test(rel)) return IMMUTABLE;
  return NO_CACHE;
}

/** True for paths that belong to the repository (never answered with the SPA fallback). */
export function isRepositoryPath(rel: string): boolean {
  return rel === 'timestamp.json' || rel === 'root.json' || rel.startsWith('objects/') || rel.startsWith('root/');
}
