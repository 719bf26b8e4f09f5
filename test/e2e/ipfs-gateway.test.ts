/**
 * End to end, in headless Chromium: the real reader app, installed from an ordinary mirror
 * (`pigeonpost serve`) that holds the app, the roots, the timestamp and the manifest but no index
 * segment and no pack, syncs every segment and pack through an IPFS gateway named in the signed
 * list (a loopback trustless gateway serving the blocks of `publish --car`), by CID.
 */
import { copyFile, mkdir, readdir, readFile, writeFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectCid } from '../../src/core/format/cid.ts';
import { treeObjects, tempDir, cleanup, T0 } from '../cli/helpers.ts';
import { startGateway, type TestGateway } from '../helpers/ipfs-gateway.ts';
import { E2E_ENABLED, freePort, pigeonpost, Reader, startServe, storedArticles, syncFresh, waitForController, type ServeProcess } from './harness/index.ts';

const TIMEOUT = 240_000;

describe.skipIf(!E2E_ENABLED)('reader app syncing from an IPFS gateway', () => {
  let dir: string;
  let gateway: TestGateway & { load(car: Uint8Array): Promise<void> };
  let origin: ServeProcess;
  let reader: Reader;
  let objs: Awaited<ReturnType<typeof treeObjects>>;

  beforeAll(async () => {
    dir = await tempDir('pp-e2e-ipfs-');
    const site = join(dir, 'site');
    const port = await freePort();
    const originUrl = `http://127.0.0.1:${port}/`;
    gateway = await startGateway();
    await pigeonpost(['init', site, '--name', 'IPFS Reader', '--now', T0]);
    const cfgPath = join(site, 'site.json');
    const cfg = JSON.parse(await readFile(cfgPath, 'utf8')) as Record<string, unknown>;
    cfg['mirrors'] = [originUrl, { url: gateway.url, kind: 'ipfs-gateway' }];
    await writeFile(cfgPath, JSON.stringify(cfg, null, 2));
    const tree = join(dir, 'tree');
    // Published now (the reader's clock is real): fresh for a day.
    await pigeonpost(['publish', site, '--out', tree, '--car', join(dir, 'site.car')]);
    objs = await treeObjects(tree);
    await gateway.load(new Uint8Array(await readFile(join(dir, 'site.car'))));
    // The origin: everything but the segments and packs.
    const served = join(dir, 'origin');
    await mkdir(join(served, 'objects'), { recursive: true });
    for (const name of await readdir(tree)) if (name !== 'objects') await cp(join(tree, name), join(served, name), { recursive: true });
    await copyFile(join(tree, 'objects', objs.manifest), join(served, 'objects', objs.manifest));
    origin = await startServe(served, port);
    reader = await Reader.create();
    await reader.launch();
  }, TIMEOUT);

  afterAll(async () => {
    await reader?.dispose();
    await origin?.stop();
    await gateway?.close();
    if (dir) await cleanup(dir);
  });

  it(
    'installs from the mirror and stores every article, its packs fetched by CID from the gateway',
    async () => {
      const page = await reader.page();
      await page.goto(origin.url);
      await waitForController(page);
      // The worker syncs once on install by itself; this run then finds nothing new, or does the work.
      const status = await syncFresh(page);
      expect(['updated', 'unchanged']).toContain(status.lastOutcome);
      const stored = await storedArticles(page, 'ipfs-reader');
      expect(stored).toHaveLength(6);
      for (const sha of [...objs.segments, ...objs.packs]) expect(gateway.served).toContain(objectCid(sha));
      // The worker asked the gateway only for raw blocks, and the origin never for a pack.
      const toGateway = reader.requests.filter((r) => r.url.startsWith(gateway.url));
      expect(toGateway.length).toBeGreaterThanOrEqual(objs.segments.length + objs.packs.length);
      expect(toGateway.every((r) => r.fromWorker && /\/ipfs\/bafkrei[a-z2-7]+\?format=raw$/.test(r.url))).toBe(true);
      for (const sha of objs.packs) expect(reader.requests.some((r) => r.url === `${origin.url}objects/${sha}`)).toBe(false);
    },
    TIMEOUT,
  );
});
