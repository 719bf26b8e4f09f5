/**
 * A real HTTP server on 127.0.0.1 (random port) that plays a hostile or broken mirror, for tests
 * of the network layer and end-to-end sync tests (adversarial checklist section C).
 *
 *   const mirror = await startHostileServer({
 *     'timestamp.json': serve(bytes),
 *     'objects/abc': drip({ intervalMs: 200 }),
 *     '*': status(404),
 *   });
 *   ... fetch(mirror.url + 'timestamp.json') ...
 *   await mirror.close();
 *
 * Route keys are repository paths (a leading `/` is optional; the query string is ignored);
 * `'*'` catches everything else (default: 404). Every response carries
 * `Access-Control-Allow-Origin: *` so the same behaviours work from a browser page.
 * `requests` logs what arrived and whether the client hung up before the response ended, so tests
 * can check that a refused download really released its connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the server does with one request. Behaviours must stop their timers when `res` closes. */
export type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

/** One request seen by the server. `finished`/`clientClosed` are updated as the exchange ends. */
export interface RequestLog {
  readonly path: string;
  readonly method: string;
  readonly headers: IncomingMessage['headers'];
  /** The response was completely written. */
  finished: boolean;
  /** The connection closed before the response was complete (client aborted, or behaviour cut it). */
  clientClosed: boolean;
}

/** A running hostile mirror. */
export interface HostileServer {
  /** Base URL ending in `/`, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RequestLog[];
  /** Requests whose path (without leading `/`) equals `path`. */
  hits(path: string): RequestLog[];
  /** Resolve once `pred` holds (polled every 10 ms); reject after `timeoutMs`. */
  waitFor(pred: () => boolean, timeoutMs?: number): Promise<void>;
  /** Stop listening and destroy every open connection (hung ones included). */
  close(): Promise<void>;
}

const CORS = { 'access-control-allow-origin': '*' } as const;

/** Call `fn` when the response closes (finished or aborted): the place to clear timers. */
function onClose(res: ServerResponse, fn: () => void): void {
  res.once('close', fn);
}

/** 200 with exactly `bytes` and a correct Content-Length. */
export function serve(bytes: Uint8Array | string, opts: { contentType?: string; headers?: Record<string, string> } = {}): Behaviour {
  const body = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
  return (_req, res) => {
    res.writeHead(200, { ...CORS, 'content-type': opts.contentType ?? 'application/octet-stream', 'content-length': body.length, ...opts.headers });
    res.end(body);
  };
}

/** Same as serve, but chunked (no Content-Length), so the client cannot know the size up front. */
export function serveChunked(bytes: Uint8Array | string, opts: { contentType?: string } = {}): Behaviour {
  const body = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
  return (_req, res) => {
    res.writeHead(200, { ...CORS, 'content-type': opts.contentType ?? 'application/octet-stream' });
    res.end(body);
  };
}

/** Accept the request and never answer (no status line, no headers). */
export function hang(): Behaviour {
  return () => {};
}

/** 200 headers at once, then `bytesPerTick` bytes (of `fill`) every `intervalMs`, forever or up to `total`. */
export function drip(opts: { intervalMs?: number; bytesPerTick?: number; total?: number; fill?: number } = {}): Behaviour {
  const { intervalMs = 1000, bytesPerTick = 1, total = Infinity, fill = 0x7b /* '{' */ } = opts;
  return (_req, res) => {
    res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
    res.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      const n = Math.min(bytesPerTick, total - sent);
      if (n > 0) res.write(Buffer.alloc(n, fill));
      sent += n;
      if (sent >= total) {
        clearInterval(timer);
        res.end();
      }
    }, intervalMs);
    onClose(res, () => clearInterval(timer));
  };
}

/** 200 without Content-Length, then `chunkBytes`-byte chunks as fast as the client reads, forever. */
export function endless(opts: { chunkBytes?: number; fill?: number; contentLength?: number } = {}): Behaviour {
  const { chunkBytes = 16 * 1024, fill = 0x7b } = opts;
  const chunk = Buffer.alloc(chunkBytes, fill);
  return (_req, res) => {
    const headers: Record<string, string | number> = { ...CORS, 'content-type': 'application/octet-stream' };
    if (opts.contentLength !== undefined) headers['content-length'] = opts.contentLength; // a lie
    res.writeHead(200, headers);
    let stopped = false;
    const pump = (): void => {
      while (!stopped && res.write(chunk)) {
        /* keep writing until the socket pushes back */
      }
    };
    res.on('drain', pump);
    onClose(res, () => (stopped = true));
    pump();
  };
}

/**
 * A raw HTTP/1.1 answer whose Content-Length (`claimed`) differs from the body actually sent; the
 * connection is closed after the body. Smaller claim: the client sees a truncated-looking body
 * with the rest ignored. Larger claim: the client sees the connection drop mid-body.
 */
export function lyingLength(body: Uint8Array | string, claimed: number): Behaviour {
  const buf = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  return (req) => {
    const socket = req.socket;
    // Bypass ServerResponse so Node does not correct or police the length.
    socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: ${claimed}\r\nConnection: close\r\n\r\n`);
    socket.end(buf);
  };
}

/** 200 OK with an HTML captive-portal page (as hotel and airport Wi-Fi do). */
export function html200(opts: { contentType?: string; prefix?: string } = {}): Behaviour {
  const page = `${opts.prefix ?? '\n  '}<!DOCTYPE html><html><head><title>Sign in to Wi-Fi</title></head><body><form action="/login"><input name="room"></form></body></html>`;
  return serve(page, { contentType: opts.contentType ?? 'text/html; charset=utf-8' });
}

/** A bare status code, with an optional body. */
export function status(code: number, body = ''): Behaviour {
  return (_req, res) => {
    res.writeHead(code, { ...CORS, 'content-type': 'text/plain' });
    res.end(body);
  };
}

/** A redirect (`code`, default 302) to `to`, which may be another host or an http: URL. */
export function redirect(to: string, code = 302): Behaviour {
  return (_req, res) => {
    res.writeHead(code, { ...CORS, location: to });
    res.end();
  };
}

/** Wait `ms` before sending anything, then behave as `then` (default: 200 with 4 bytes). */
export function slowStart(ms: number, then: Behaviour = serve('{}\n\n')): Behaviour {
  return (req, res) => {
    const timer = setTimeout(() => then(req, res), ms);
    onClose(res, () => clearTimeout(timer));
  };
}

/** Start a hostile mirror on 127.0.0.1 with an OS-assigned port. */
export async function startHostileServer(routes: Record<string, Behaviour>): Promise<HostileServer> {
  const table = new Map(Object.entries(routes).map(([k, v]) => [k.replace(/^\//, ''), v]));
  const requests: RequestLog[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const path = decodeURI((req.url ?? '/').split('?')[0]!).replace(/^\//, '');
    const log: RequestLog = { path, method: req.method ?? 'GET', headers: req.headers, finished: false, clientClosed: false };
    requests.push(log);
    res.once('finish', () => (log.finished = true));
    res.once('close', () => (log.clientClosed = !log.finished));
    const behaviour = table.get(path) ?? table.get('*') ?? status(404, 'not found');
    behaviour(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    hits: (p) => requests.filter((r) => r.path === p.replace(/^\//, '')),
    waitFor: async (pred, timeoutMs = 2000) => {
      const end = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
