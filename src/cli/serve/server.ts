/**
 * A static HTTP server for one mirror tree (`pigeonpost serve`), also used in-process by the demo
 * and the tests.
 *
 * - GET and HEAD only (OPTIONS answers CORS preflights); `Access-Control-Allow-Origin: *` on
 *   everything, since readers fetch from many origins and trust only signatures anyway.
 * - Paths are checked before decoding (no `..`, `%2e`, encoded slashes, backslashes or NUL), then
 *   resolved and required to stay inside the tree, symlinks included.
 * - SPA fallback: an extension-less path outside the repository (`/article/<id>`) gets index.html.
 * - Private files are never served, whatever folder the server is pointed at (issue 11): `keys/`,
 *   `*.key`, `site.json` and dot-files answer 404, checked on the requested path and again on the
 *   real path a symlink leads to; a site folder itself is refused at start-up.
 * - Text responses are compressed (brotli or gzip by Accept-Encoding, `Vary: Accept-Encoding`),
 *   from the precompressed files publish writes where present (encoding.ts).
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { CliError } from '../util/errors.ts';
import { cacheControlFor, contentTypeFor, isRepositoryPath, NO_CACHE } from './content-types.ts';
import { compress, CompressedCache, isCompressible, MAX_ON_THE_FLY, negotiate, sidecarSuffix, type Coding } from './encoding.ts';

/** A running server. */
export interface RunningServer {
  /** Base URL, ending in `/`. */
  readonly url: string;
  readonly port: number;
  /** Stop accepting connections and close open ones. */
  close(): Promise<void>;
}

/** Options of {@link startServer}. */
export interface ServeOptions {
  port?: number;
  host?: string;
  /** Called once per request with a log line. */
  log?: (line: string) => void;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range, If-None-Match, If-Modified-Since, Cache-Control',
  'Access-Control-Max-Age': '86400',
} as const;

/**
 * True for a tree-relative path that must never be served: anything in a `keys` folder, a `*.key`
 * file, `site.json`, and dot-files or dot-folders (`.pigeonpost/`, `.git/`, `.env`).
 */
export function isPrivatePath(rel: string): boolean {
  const segments = rel.split(/[\\/]/).filter((s) => s !== '');
  const last = (segments[segments.length - 1] ?? '').toLowerCase();
  return segments.some((s) => s.startsWith('.') || s.toLowerCase() === 'keys') || last.endsWith('.key') || last === 'site.json';
}

/** True when `dir` is a site folder (site.json beside keys/ or roots/), which must not be served. */
async function isSiteFolder(dir: string): Promise<boolean> {
  const has = (name: string, dirOnly: boolean) => stat(join(dir, name)).then((st) => (dirOnly ? st.isDirectory() : st.isFile()), () => false);
  return (await has('site.json', false)) && ((await has('keys', true)) || (await has('roots', true)));
}

/** Refuse anything that could walk out of the tree, before and after decoding. */
export function safeRelativePath(rawUrl: string): string | undefined {
  if (!rawUrl.startsWith('/')) return undefined;
  const pathPart = rawUrl.split(/[?#]/, 1)[0]!;
  if (/%2e|%2f|%5c|%00|\\|\0/i.test(pathPart)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return undefined;
  return segments.join('/');
}

function plain(res: ServerResponse, status: number, text: string, head: boolean, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...CORS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NO_CACHE, 'X-Content-Type-Options': 'nosniff', ...extra });
  res.end(head ? undefined : `${text}\n`);
}

async function fileInside(rootReal: string, rel: string): Promise<{ path: string; size: number; mtime: Date } | undefined> {
  if (isPrivatePath(rel)) return undefined;
  const candidate = resolve(rootReal, rel);
  if (candidate !== rootReal && !candidate.startsWith(rootReal + sep)) return undefined;
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(rootReal + sep) || isPrivatePath(relative(rootReal, real))) return undefined;
    const st = await stat(real);
    return st.isFile() ? { path: real, size: st.size, mtime: st.mtime } : undefined;
  } catch {
    return undefined;
  }
}

/** The body to send for `file` in `coding`: a fresh precompressed sidecar, else compressed here (cached). */
async function encodedBody(rootReal: string, served: string, file: { path: string; size: number; mtime: Date }, coding: Coding, cache: CompressedCache): Promise<Buffer | undefined> {
  const side = await fileInside(rootReal, served + sidecarSuffix(coding));
  if (side && side.mtime.getTime() >= file.mtime.getTime()) return readFile(side.path);
  if (file.size > MAX_ON_THE_FLY) return undefined;
  const key = `${file.path}\0${file.size}\0${file.mtime.getTime()}\0${coding}`;
  const bytes = await readFile(file.path);
  return cache.get(key, () => compress(bytes, coding));
}

async function handle(rootReal: string, req: IncomingMessage, res: ServerResponse, cache: CompressedCache): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, { ...CORS, 'Content-Length': '0' });
    res.end();
    return;
  }
  const head = method === 'HEAD';
  if (method !== 'GET' && !head) return plain(res, 405, 'method not allowed', false, { Allow: 'GET, HEAD, OPTIONS' });
  const rel = safeRelativePath(req.url ?? '/');
  if (rel === undefined) return plain(res, 400, 'bad path', head);
  if (isPrivatePath(rel)) return plain(res, 404, 'not found', head);

  let served = rel === '' ? 'index.html' : rel;
  let file = await fileInside(rootReal, served);
  if (!file && !isRepositoryPath(rel) && !/\.[A-Za-z0-9]+$/.test(rel)) {
    // SPA fallback: /article/<id> and other app routes get the app shell.
    served = 'index.html';
    file = await fileInside(rootReal, served);
  }
  if (!file) return plain(res, 404, 'not found', head);

  const type = contentTypeFor(served);
  const headers: Record<string, string> = {
    ...CORS,
    'Content-Type': type,
    'Content-Length': String(file.size),
    'Cache-Control': cacheControlFor(served),
    'Last-Modified': file.mtime.toUTCString(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  if (isCompressible(type)) {
    headers['Vary'] = 'Accept-Encoding';
    const coding = negotiate(req.headers['accept-encoding']);
    const body = coding === undefined ? undefined : await encodedBody(rootReal, served, file, coding, cache);
    if (coding !== undefined && body !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Encoding': coding, 'Content-Length': String(body.length) });
      res.end(head ? undefined : body);
      return;
    }
  }
  res.writeHead(200, headers);
  if (head) {
    res.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Serve `dir` over HTTP. Resolves once listening. */
export async function startServer(dir: string, opts: ServeOptions = {}): Promise<RunningServer> {
  let rootReal: string;
  try {
    rootReal = await realpath(resolve(dir));
    if (!(await stat(rootReal)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new CliError(`cannot serve ${dir}: no such folder`, 1, 'NOT_FOUND');
  }
  if (await isSiteFolder(rootReal)) {
    throw new CliError(`${dir} is a site folder (site.json, keys/): it is never served; publish it and serve the tree instead (pigeonpost publish ${dir} --out www, then pigeonpost serve www)`, 1, 'SERVE_SITE_FOLDER');
  }
  const host = opts.host ?? '127.0.0.1';
  const cache = new CompressedCache();
  const server = createServer((req, res) => {
    const started = performance.now();
    res.on('finish', () => opts.log?.(`${req.method} ${req.url} ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
    handle(rootReal, req, res, cache).catch(() => {
      if (!res.headersSent) plain(res, 500, 'internal error', false);
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') fail(new CliError(`port ${opts.port ?? 0} on ${host} is already in use (choose another with --port)`, 1, 'EADDRINUSE'));
      else if (e.code === 'EACCES') fail(new CliError(`not allowed to listen on ${host}:${opts.port ?? 0} (ports below 1024 need privileges; choose another with --port)`, 1, 'EACCES'));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'EINVAL') {
        fail(new CliError(`cannot listen on ${host}: not an address of this machine (use 127.0.0.1, 0.0.0.0 for every interface, or one of this machine's addresses)`, 1, 'BAD_HOST'));
      } else fail(e);
    });
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
