/**
 * IPFS gateways as mirrors (format.md §3.3): `publish --car` writes every object as a raw block
 * whose CID multiformats computes from the bytes; site.json names gateways as
 * {"url", "kind": "ipfs-gateway"} entries and the manifest signs them; the sync engine takes the
 * timestamp and manifest from an ordinary mirror (which here has no segments or packs at all) and
 * every segment and pack from a loopback trustless gateway serving the CAR; a gateway serving
 * wrong bytes is caught, demoted, and the honest one used instead.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CarReader } from '@ipld/car/reader';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeEnvelope } from '../../src/core/format/envelope.ts';
import { decodeManifest } from '../../src/core/format/manifest.ts';
import { objectCid } from '../../src/core/format/cid.ts';
import { MemoryStore, runSync } from '../../src/core/sync/index.ts';
import { startServer, type RunningServer } from '../../src/cli/serve/server.ts';
import { startGateway } from '../helpers/ipfs-gateway.ts';
import { at, cleanup, run, runOk, T0, tempDir, treeObjects } from './helpers.ts';
import { gunzipSync } from 'node:zlib';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe('IPFS gateway mirrors', () => {
  let dir: string;
  let tree: string;
  let car: Uint8Array;
  let mirror: RunningServer;
  const mirrorLog: string[] = [];
  let honest: Awaited<ReturnType<typeof startGateway>>;
  let hostile: Awaited<ReturnType<typeof startGateway>>;
  let objs: Awaited<ReturnType<typeof treeObjects>>;
  let rootBytes: Uint8Array;

  beforeAll(async () => {
    dir = await tempDir('pp-ipfs-');
    const site = join(dir, 'site');
    const mirrorDir = join(dir, 'mirror');
    await mkdir(mirrorDir);
    mirror = await startServer(mirrorDir, { port: 0, log: (l) => mirrorLog.push(l) });
    honest = await startGateway();
    hostile = await startGateway({ corrupt: true });
    await runOk(['init', site, '--name', 'IPFS Test', '--now', T0]);
    const cfg = JSON.parse(await readFile(join(site, 'site.json'), 'utf8')) as Record<string, unknown>;
    cfg['mirrors'] = [mirror.url, { url: hostile.url, kind: 'ipfs-gateway' }, { url: honest.url, kind: 'ipfs-gateway' }];
    await writeFile(join(site, 'site.json'), JSON.stringify(cfg, null, 2));
    tree = join(dir, 'tree');
    await runOk(['publish', site, '--out', tree, '--no-app', '--car', join(dir, 'site.car'), '--now', T0]);
    car = new Uint8Array(await readFile(join(dir, 'site.car')));
    objs = await treeObjects(tree);
    rootBytes = new Uint8Array(await readFile(join(site, 'root.json')));
    // The ordinary mirror serves the timestamp, the roots and the manifest, and nothing else.
    await mkdir(join(mirrorDir, 'root'));
    await mkdir(join(mirrorDir, 'objects'));
    for (const f of ['timestamp.json', 'root.json', 'root/1.json', `objects/${objs.manifest}`]) await copyFile(join(tree, f), join(mirrorDir, f));
    await honest.load(car);
    await hostile.load(car);
  });
  afterAll(async () => {
    await mirror?.close();
    await honest?.close();
    await hostile?.close();
    await cleanup(dir);
  });

  it('signs the gateways in the manifest after the mirrors', async () => {
    const m = decodeManifest(decodeEnvelope(new Uint8Array(gunzipSync(await readFile(join(tree, 'objects', objs.manifest)))), 'manifest').payload);
    expect(m.mirrors).toEqual([{ url: mirror.url }, { url: hostile.url, kind: 'ipfs-gateway' }, { url: honest.url, kind: 'ipfs-gateway' }]);
  });

  it('writes a CAR whose block CIDs are the ones multiformats computes from the bytes', async () => {
    const reader = await CarReader.fromBytes(car);
    expect((await reader.getRoots()).map(String)).toEqual([objectCid(objs.manifest)]);
    const cids: string[] = [];
    for await (const block of reader.blocks()) {
      const computed = CID.create(1, raw.code, await sha256.digest(block.bytes));
      expect(block.cid.toString()).toBe(computed.toString());
      expect(block.bytes.length).toBeLessThanOrEqual(1024 * 1024);
      cids.push(block.cid.toString());
    }
    expect(cids.sort()).toEqual([objs.manifest, ...objs.segments, ...objs.packs].map(objectCid).sort());
  });

  it('syncs every segment and pack from the gateway, catching and demoting one that serves wrong bytes', async () => {
    const store = new MemoryStore();
    const result = await runSync(store, { shippedRoot: rootBytes, bootstrapMirrors: [mirror.url] }, { now: Date.parse(at(5)) });
    expect(result.outcome).toBe('updated');
    expect(result.added).toBe(6);
    expect(store.articles.size).toBe(6);
    // Everything content-addressed after the manifest came from the honest gateway, by CID.
    for (const sha of [...objs.segments, ...objs.packs]) expect(honest.served).toContain(objectCid(sha));
    expect(honest.requests.every((r) => /^\/ipfs\/bafkrei[a-z2-7]+\?format=raw$/.test(r))).toBe(true);
    // The gateways were never asked for the timestamp, a root or the manifest.
    expect(honest.served).not.toContain(objectCid(objs.manifest));
    expect(hostile.served).not.toContain(objectCid(objs.manifest));
    expect(mirrorLog.some((l) => l.includes('timestamp.json'))).toBe(true);
    // The hostile gateway was tried, failed verification and now ranks last.
    expect(hostile.served.length).toBeGreaterThan(0);
    const bad = (await store.loadHealth()).find((h) => h.url === hostile.url)!;
    expect(bad.badBytesAt).toBeDefined();
    expect(bad.lastError?.code).toBe('HASH_MISMATCH');
    const good = (await store.loadHealth()).find((h) => h.url === honest.url)!;
    expect(good.successes).toBeGreaterThanOrEqual(objs.segments.length + objs.packs.length);
  });

  it('fails cleanly and keeps nothing unverified when the only gateway serves wrong bytes', async () => {
    const store = new MemoryStore();
    honest.corrupt = true;
    try {
      const result = await runSync(store, { shippedRoot: rootBytes, bootstrapMirrors: [mirror.url] }, { now: Date.parse(at(5)) });
      expect(result.outcome).toBe('failed');
      expect(store.articles.size).toBe(0);
      expect(result.errors.some((e) => e.code === 'HASH_MISMATCH')).toBe(true);
    } finally {
      honest.corrupt = false;
    }
  });

  it('rejects a bad ipfs-gateway entry in site.json with one line', async () => {
    const site = join(dir, 'site');
    const cfgPath = join(site, 'site.json');
    const cfg = JSON.parse(await readFile(cfgPath, 'utf8')) as Record<string, unknown>;
    await writeFile(cfgPath, JSON.stringify({ ...cfg, mirrors: [{ url: honest.url, kind: 'ipfs' }] }));
    const r = await run(['publish', site, '--out', tree, '--no-app', '--now', at(1)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pigeonpost: error: .*site\.json: "mirrors"\[0\]\.kind must be "ipfs-gateway", got "ipfs"$/m);
    await writeFile(cfgPath, JSON.stringify(cfg));
  });
});
