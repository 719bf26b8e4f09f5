/**
 * Test helpers for ingest: temporary site folders, a local HTTP server standing in for an
 * outlet (127.0.0.1, port 0), and a runner that captures the command's output.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ingestCommand } from '../../src/cli/commands/ingest.ts';

/** Folder of the ingest fixtures. */
export const FIXTURES = resolve(import.meta.dirname, '../fixtures/ingest');

/** Makes an empty site folder with an optional site.json. */
export async function makeSite(siteJson?: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pp-ingest-'));
  if (siteJson) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'site.json'), JSON.stringify(siteJson));
  }
  return dir;
}

/** Removes a temporary folder. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** All files under `dir` (relative paths) with their bytes, for before/after comparisons. */
export async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (d: string, prefix: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, `${prefix}${e.name}/`);
      else out.set(`${prefix}${e.name}`, await readFile(p));
    }
  };
  await walk(dir, '');
  return out;
}

/** Reads `articles/<id>.md` of a site. */
export async function readArticle(site: string, id: string): Promise<string> {
  return readFile(join(site, 'articles', `${id}.md`), 'utf8');
}

/** True if a path exists. */
export async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** Captured output of one command run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pigeonpost ingest` in-process with captured streams. */
export async function runIngest(args: string[], opts: { tty?: boolean } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await ingestCommand(args, {
    stdout: { write: (s: string) => { stdout += s; return true; }, isTTY: opts.tty ?? false, columns: 100 },
    stderr: { write: (s: string) => { stderr += s; return true; } },
  });
  return { code, stdout, stderr };
}

/** A response the test server can be told to give for a path. */
export interface Route {
  status?: number;
  type?: string;
  body: string | Buffer;
}

/** A local stand-in for an outlet. */
export interface OutletServer {
  base: string;
  /** Overrides (or adds) the response for a path. */
  set(path: string, route: Route): void;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.xml': 'application/rss+xml; charset=utf-8',
  '.json': 'application/feed+json',
  '.html': 'text/html; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Starts the outlet server. It serves:
 *   /fixtures/<path>            files under test/fixtures/ingest ({{BASE}} replaced in text)
 *   /2026/03/harbour-ferry-returns, /society/biblioteka-v-kotelnoy   the en and ru article pages
 *   .../images/<name>           the fixture images
 *   /hang                       never answers (timeouts)
 *   /huge                       an endless body (byte caps)
 *   anything set with set()
 */
export async function startOutlet(): Promise<OutletServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let base = '';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(path);
    void serve(path, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const serve = async (path: string, res: ServerResponse): Promise<void> => {
    const custom = routes.get(path);
    if (custom) {
      res.writeHead(custom.status ?? 200, { 'content-type': custom.type ?? 'text/html; charset=utf-8' });
      res.end(custom.body);
      return;
    }
    if (path === '/hang') return; // never answers
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        while (res.write(chunk)) { /* fill the buffer */ }
        res.once('drain', pump);
      };
      res.on('error', () => undefined);
      pump();
      return;
    }
    const pages: Record<string, string> = {
      '/2026/03/harbour-ferry-returns': 'pages/en-article.html',
      '/society/biblioteka-v-kotelnoy': 'pages/ru-article.html',
    };
    let file = pages[path];
    const img = /\/images\/([\w.-]+)$/.exec(path);
    if (!file && img) file = `images/${img[1]}`;
    if (!file && path.startsWith('/fixtures/')) file = path.slice('/fixtures/'.length);
    if (!file || file.includes('..')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    try {
      let body: Buffer | string = await readFile(join(FIXTURES, file));
      const type = TYPES[extname(file)] ?? (pages[path] ? TYPES['.html']! : 'application/octet-stream');
      if (/text|xml|json|html/.test(type)) body = body.toString('utf8').replaceAll('{{BASE}}', base);
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  };
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    set: (path, route) => routes.set(path, route),
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}
