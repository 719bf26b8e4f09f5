/**
 * A mirror whose behaviour a test switches at run time, on top of test/helpers/hostile-server.ts.
 * It serves a published mirror tree from disk (like `pigeonpost serve`, with CORS) unless told to
 * misbehave: tamper with chosen objects, replay an old timestamp.json, hang, drip, stream without
 * end, answer 200 with an HTML page, answer 503, or drop every connection (a dead host).
 */
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { drip, endless, hang, html200, serve, startHostileServer, status, type Behaviour, type HostileServer } from '../../helpers/hostile-server.ts';

/** What the mirror does. */
export type MirrorMode =
  | { kind: 'good' }
  | { kind: 'tamper'; paths: readonly string[] }
  | { kind: 'replay'; timestamp: Uint8Array }
  | { kind: 'hang' }
  | { kind: 'drip' }
  | { kind: 'endless' }
  | { kind: 'html200' }
  | { kind: 'status'; code: number }
  | { kind: 'down' };

/** A switchable hostile mirror. */
export interface HostileMirror {
  readonly url: string;
  readonly server: HostileServer;
  /** Serve this directory (the mirror tree) in the 'good' parts of every mode. */
  dir: string;
  mode: MirrorMode;
  close(): Promise<void>;
}

/** Flip one byte in the middle of `bytes` (a copy). */
export function flipByte(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const i = Math.floor(out.length / 2);
  out[i] = out[i]! ^ 0x01;
  return out;
}

async function fileBehaviour(dir: string, path: string, change?: (b: Uint8Array) => Uint8Array): Promise<Behaviour> {
  const clean = normalize(path === '' ? 'index.html' : path);
  if (clean.startsWith('..')) return status(404);
  try {
    const bytes = new Uint8Array(await readFile(join(dir, clean)));
    const type = clean.endsWith('.json') ? 'application/json' : clean.startsWith('objects/') ? 'application/octet-stream' : undefined;
    return serve(change ? change(bytes) : bytes, type ? { contentType: type } : {});
  } catch {
    return status(404, 'not found');
  }
}

/** Start a hostile mirror serving `dir`; it starts in 'good' mode. */
export async function startHostileMirror(dir: string): Promise<HostileMirror> {
  const state: { dir: string; mode: MirrorMode } = { dir, mode: { kind: 'good' } };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = decodeURI((req.url ?? '/').split('?')[0]!).replace(/^\//, '');
    const m = state.mode;
    let b: Behaviour;
    switch (m.kind) {
      case 'good':
        b = await fileBehaviour(state.dir, path);
        break;
      case 'tamper':
        b = await fileBehaviour(state.dir, path, m.paths.includes(path) ? flipByte : undefined);
        break;
      case 'replay':
        b = path === 'timestamp.json' ? serve(m.timestamp, { contentType: 'application/json' }) : await fileBehaviour(state.dir, path);
        break;
      case 'hang':
        b = hang();
        break;
      case 'drip':
        b = drip({ intervalMs: 1000, bytesPerTick: 1 });
        break;
      case 'endless':
        b = endless();
        break;
      case 'html200':
        b = html200();
        break;
      case 'status':
        b = status(m.code, 'unavailable');
        break;
      case 'down':
        req.socket.destroy();
        return;
    }
    b(req, res);
  };
  const server = await startHostileServer({ '*': (req, res) => void handle(req, res).catch(() => res.destroy()) });
  return {
    url: server.url,
    server,
    get dir() {
      return state.dir;
    },
    set dir(d: string) {
      state.dir = d;
    },
    get mode() {
      return state.mode;
    },
    set mode(m: MirrorMode) {
      state.mode = m;
    },
    close: () => server.close(),
  };
}
