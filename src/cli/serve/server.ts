/**
 * A static HTTP server for one mirror tree (`pigeonpost serve`), also used in-process by the demo
 * and the tests.
 *
 * - GET and HEAD only (OPTIONS answers CORS preflights); `Access-Control-Allow-Origin: *` on
 *   everything, since readers fetch from many origins and trust only signatures anyway.
 * - Paths are checked before decoding (no `..`, `%2e`, encoded slashes, backslashes or NUL), then
 *   resolved and required to stay inside the tree, symlinks included.
 * - SPA fallback: an extension-less path outside the repository (`/article/<id>`) gets index.html.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';
import { CliError } from '../util/errors.ts';
import { cacheControlFor, contentTypeFor, isRepositoryPath, NO_CACHE } from './content-types.ts';

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
  if (segments.some((s) => s === '.' || s === '..' || s.startsWith('.'))) return undefined;
  return segments.join('/');
}

function plain(res: ServerResponse, status: number, text: string, head: boolean, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...CORS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NO_CACHE, 'X-Content-Type-Options': 'nosniff', ...extra });
  res.end(head ? undefined : `${text}\n`);
}

async function fileInside(rootReal: string, rel: string): Promise<{ path: string; size: number; mtime: Date } | undefined> {
  const candidate = resolve(rootReal, rel);
  if (candidate !== rootReal && !candidate.startsWith(rootReal + sep)) return undefined;
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(rootReal + sep)) return undefined;
    const st = await stat(real);
    return st.isFile() ? { path: real, size: st.size, mtime: st.mtime } : undefined;
  } catch {
    return undefined;
  }
}

async function handle(rootReal: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
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

  let served = rel === '' ? 'index.html' : rel;
  let file = await fileInside(rootReal, served);
  if (!file && !isRepositoryPath(rel) && !/\.[A-Za-z0-9]+$/.test(rel)) {
    // SPA fallback: /article/<id> and other app routes get the app shell.
    served = 'index.html';
    file = await fileInside(rootReal, served);
  }
  if (!file) return plain(res, 404, 'not found', head);

  res.writeHead(200, {
    ...CORS,
    'Content-Type': contentTypeFor(served),
    'Content-Length': String(file.size),
    'Cache-Control': cacheControlFor(served),
    'Last-Modified': file.mtime.toUTCString(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
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
    throw new CliError(`cannot serve ${dir}: not a directory`);
  }
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const started = performance.now();
    res.on('finish', () => opts.log?.(`${req.method} ${req.url} ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
    handle(rootReal, req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'internal error', false);
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') fail(new CliError(`port ${opts.port ?? 0} on ${host} is already in use (choose another with --port)`));
      else if (e.code === 'EACCES') fail(new CliError(`not allowed to listen on ${host}:${opts.port ?? 0}`));
      else fail(e);
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
