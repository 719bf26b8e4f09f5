/**
 * The `_headers` file publish writes at the top of the tree, for static hosts that read one
 * (Netlify, Cloudflare Pages; docs/hosting.md). It sets what a reader needs on every file:
 * CORS for readers whose app came from another mirror, `immutable` caching for content-addressed
 * files and revalidation for the files that announce changes — the same policy as
 * `pigeonpost serve` and `pigeonpost push` (serve/content-types.ts). Each path gets its
 * Cache-Control from exactly one rule, so hosts that merge matching rules cannot combine two.
 * Hosts that do not read it serve it as a small text file, which does no harm.
 */
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';
import { cacheControlFor, IMMUTABLE, NO_CACHE } from '../serve/content-types.ts';
import { writeIfChanged } from './tree.ts';

/** The file name hosts look for. */
export const HEADERS_FILE = '_headers';

/** The file's text; `files` are the tree's other files (repository-relative), for the app's assets. */
export function hostHeaders(files: readonly string[] = []): string {
  const immutableAssets = files.filter((f) => f.startsWith('assets/') && cacheControlFor(f) === IMMUTABLE).sort();
  const rule = (path: string, headers: Record<string, string>) => [path, ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
  return (
    [
      '# Written by pigeonpost publish: the headers readers need (docs/hosting.md).',
      rule('/*', { 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff' }),
      rule('/objects/*', { 'Cache-Control': IMMUTABLE, 'Content-Type': 'application/octet-stream' }),
      rule('/root/*', { 'Cache-Control': IMMUTABLE }),
      // The app's hashed build files, named one by one: the same files serve calls immutable.
      ...immutableAssets.map((p) => rule(`/${p}`, { 'Cache-Control': IMMUTABLE })),
      ...['/timestamp.json', '/root.json', '/', '/index.html', '/sw.js', '/manifest.webmanifest'].map((p) => rule(p, { 'Cache-Control': NO_CACHE })),
    ].join('\n') + '\n'
  );
}

/** Write `_headers` into the tree (only when it changed); returns bytes written. */
export async function writeHostHeaders(out: string): Promise<number> {
  const assets = await readdir(join(out, 'assets')).then((names) => names.map((n) => `assets/${n}`), () => []);
  return writeIfChanged(join(out, HEADERS_FILE), new TextEncoder().encode(hostHeaders(assets)));
}
