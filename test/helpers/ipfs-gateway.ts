/**
 * A loopback trustless IPFS gateway for the tests: it serves the blocks of a CAR file as
 * `GET /ipfs/<cid>?format=raw` (or with `Accept: application/vnd.ipld.raw`), the way public
 * gateways answer block requests, with CORS. `corrupt` flips one byte of every block it serves (a
 * hostile or broken gateway). Every request is logged.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CarReader } from '@ipld/car/reader';

/** A running gateway. */
export interface TestGateway {
  /** Base URL ending in "/" (the signed mirror entry's url). */
  readonly url: string;
  /** Request paths (with query) in arrival order. */
  readonly requests: string[];
  /** CIDs of the blocks served. */
  readonly served: string[];
  /** Change behaviour while running. */
  corrupt: boolean;
  close(): Promise<void>;
}

/** Start a gateway on 127.0.0.1 (ephemeral port) with no blocks; `load` adds a CAR's blocks. */
export async function startGateway(opts: { corrupt?: boolean } = {}): Promise<TestGateway & { load(car: Uint8Array): Promise<void> }> {
  const blocks = new Map<string, Uint8Array>();
  const requests: string[] = [];
  const served: string[] = [];
  const state = { corrupt: opts.corrupt === true };
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const cors = { 'Access-Control-Allow-Origin': '*' };
    const u = new URL(req.url ?? '/', 'http://gateway.invalid');
    const m = /^\/ipfs\/([a-z2-7]+)$/.exec(u.pathname);
    const raw = u.searchParams.get('format') === 'raw' || (req.headers.accept ?? '').includes('application/vnd.ipld.raw');
    if (req.method !== 'GET' || !m) {
      res.writeHead(400, cors).end('bad request');
      return;
    }
    if (!raw) {
      res.writeHead(406, cors).end('only raw blocks');
      return;
    }
    const block = blocks.get(m[1]!);
    if (!block) {
      res.writeHead(404, cors).end('block not found');
      return;
    }
    const body = Buffer.from(block);
    if (state.corrupt) body[body.length >> 1] = body[body.length >> 1]! ^ 0x01;
    served.push(m[1]!);
    res.writeHead(200, { ...cors, 'Content-Type': 'application/vnd.ipld.raw', 'Content-Length': body.length, 'Cache-Control': 'public, max-age=29030400, immutable' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    served,
    get corrupt() {
      return state.corrupt;
    },
    set corrupt(v: boolean) {
      state.corrupt = v;
    },
    async load(car: Uint8Array) {
      const reader = await CarReader.fromBytes(car);
      for await (const b of reader.blocks()) blocks.set(b.cid.toString(), b.bytes);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
