/**
 * `pigeonpost mirrors status` over a fleet of real servers on loopback, one per failure a
 * censor or a careless host produces: an up-to-date folder mirror and S3 bucket (ok), a mirror a
 * push has not reached (stale), one with a damaged index segment (broken), one missing a pack
 * (incomplete: found with --full, and by the sample when it falls on it), a bucket without a CORS
 * rule (headers), a closed port (unreachable), an honest and a corrupting IPFS gateway; the exit
 * status follows --min-healthy, and an expired timestamp shows as expired.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mirrorsStatus, type MirrorStatus } from '../../src/cli/mirrors/status.ts';
import { loadState } from '../../src/cli/publish/state.ts';
import { startServer, type RunningServer } from '../../src/cli/serve/server.ts';
import { startGateway } from '../helpers/ipfs-gateway.ts';
import { S3_ENV, startS3, type S3Server } from '../helpers/s3-server.ts';
import { at, cleanup, flipByte, run, runOk, T0, tempDir, treeObjects } from './helpers.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('pigeonpost mirrors status', () => {
  let dir: string;
  let site: string;
  const servers: RunningServer[] = [];
  const dirs: Record<string, string> = {};
  const urls: Record<string, string> = {};
  let s3: S3Server;
  let honest: Awaited<ReturnType<typeof startGateway>>;
  let corrupt: Awaited<ReturnType<typeof startGateway>>;
  let objs: Awaited<ReturnType<typeof treeObjects>>;

  beforeAll(async () => {
    dir = await tempDir('pp-status-');
    site = join(dir, 'site');
    for (const name of ['ok', 'stale', 'broken', 'incomplete']) {
      dirs[name] = join(dir, name);
      await mkdir(dirs[name]!);
      const s = await startServer(dirs[name]!, { port: 0 });
      servers.push(s);
      urls[name] = s.url;
    }
    s3 = await startS3(['mirror']);
    urls['s3'] = s3.mirrorUrl('mirror', 'news');
    urls['gone'] = `http://127.0.0.1:${await closedPort()}/`;
    honest = await startGateway();
    corrupt = await startGateway({ corrupt: true });
    await runOk(['init', site, '--name', 'Status Test', '--now', T0]);
    // Ten more stories on ten days: 16 packs, more than the sample of 8.
    for (let d = 1; d <= 10; d++) {
      await writeFile(join(site, 'articles', `den-${d}.md`), `---\ntitle: Хроника, день ${d}\ndate: 2029-12-${String(10 + d).padStart(2, '0')}T09:00:00+03:00\nlang: ru\nsection: Хроника\nsummary: Короткая заметка номер ${d}.\n---\n\nТекст заметки номер ${d}.\n`);
    }
    const cfgPath = join(site, 'site.json');
    const cfg = JSON.parse(await readFile(cfgPath, 'utf8')) as Record<string, unknown>;
    cfg['mirrors'] = [urls['ok'], urls['stale'], urls['broken'], urls['incomplete'], urls['s3'], urls['gone'], { url: honest.url, kind: 'ipfs-gateway' }, { url: corrupt.url, kind: 'ipfs-gateway' }];
    await writeFile(cfgPath, JSON.stringify(cfg, null, 2));
    const tree = join(dir, 'tree');
    await runOk(['publish', site, '--out', tree, '--no-app', '--now', T0]);
    await cp(tree, dirs['stale']!, { recursive: true });
    await writeFile(join(site, 'articles', 'novost.md'), '---\ntitle: Свежая новость\ndate: 2029-12-31T12:00:00+03:00\nlang: ru\nsection: Город\nsummary: Последняя новость года.\n---\n\nТекст.\n');
    await runOk(['publish', site, '--out', tree, '--no-app', '--car', join(dir, 'site.car'), '--now', at(10)]);
    objs = await treeObjects(tree);
    for (const name of ['ok', 'broken', 'incomplete']) await cp(tree, dirs[name]!, { recursive: true });
    await flipByte(join(dirs['broken']!, 'objects', objs.segments[0]!), -10);
    await rm(join(dirs['incomplete']!, 'objects', objs.packs[objs.packs.length - 1]!));
    await runOk(['push', tree, '--to', 's3://mirror/news', '--endpoint', s3.endpoint, '--now', at(10)], { env: S3_ENV });
    const car = new Uint8Array(await readFile(join(dir, 'site.car')));
    await honest.load(car);
    await corrupt.load(car);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await s3?.close();
    await honest?.close();
    await corrupt?.close();
    await cleanup(dir);
  });

  const byUrl = (rows: MirrorStatus[]) => Object.fromEntries(rows.map((r) => [r.url, r]));

  it('tells each failure apart, with --full', async () => {
    const r = await run(['mirrors', 'status', site, '--full', '--json', '--now', at(20)]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; healthy: number; minHealthy: number; mirrors: MirrorStatus[] };
    const rows = byUrl(report.mirrors);
    expect(rows[urls['ok']!]!.status).toBe('ok');
    expect(rows[urls['ok']!]!.complete).toEqual({ checked: objs.segments.length + objs.packs.length + 1, pinned: objs.segments.length + objs.packs.length + 1, missing: 0 });
    expect(rows[urls['ok']!]!.headers).toEqual({ cors: true, timestampCache: 'no-cache', problems: [] });
    expect(rows[urls['s3']!]!.status).toBe('ok');
    expect(rows[urls['stale']!]!.status).toBe('stale');
    expect(rows[urls['stale']!]!.manifest!.version).toBe(1);
    expect(rows[urls['broken']!]!.status).toBe('broken');
    expect(rows[urls['broken']!]!.problems[0]!.code).toBe('HASH_MISMATCH');
    expect(rows[urls['incomplete']!]!.status).toBe('incomplete');
    expect(rows[urls['incomplete']!]!.complete.missing).toBe(1);
    expect(rows[urls['gone']!]!.status).toBe('unreachable');
    expect(rows[honest.url]!.status).toBe('ok');
    expect(rows[honest.url]!.complete.checked).toBe(objs.segments.length + objs.packs.length);
    expect(rows[corrupt.url]!.status).toBe('broken');
    expect(report.healthy).toBe(3);
    expect(report.minHealthy).toBe(8);
    expect(report.ok).toBe(false);
  });

  it('prints a table and exits 0 when enough are healthy', async () => {
    // --full: the sample of 8 of the 16 packs may miss the one the incomplete mirror lacks.
    const r = await run(['mirrors', 'status', site, '--full', '--min-healthy', '3', '--now', at(20)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^MIRROR +STATUS +EDITION +FRESH UNTIL +OBJECTS +LATENCY +CORS$/m);
    expect(r.stdout).toContain(`${urls['stale']}: stale: has timestamp v`);
    expect(r.stdout).toMatch(new RegExp(`^${urls['gone']!.replace(/[./]/g, '\\$&')}: unreachable: timestamp.json: NETWORK`, 'm'));
    expect(r.stdout).toMatch(/^3 of 8 healthy \(need 3\)/m);
    const four = await run(['mirrors', 'status', site, '--full', '--min-healthy', '4', '--now', at(20)]);
    expect(four.code).toBe(1);
  });

  it('samples packs by default, and --full finds a pack the sample missed', async () => {
    const state = await loadState(site, 'status-test');
    const packs = Object.values(state.packs);
    const anchor = new Uint8Array(await readFile(join(site, 'root.json')));
    const published = { timestampVersion: state.timestampVersion, manifestVersion: state.manifest!.version, segments: state.segments, packs };
    const list = [{ url: urls['incomplete']! }];
    // random() = 0 picks the first packs in hash order; the missing one is the last.
    const sampled = await mirrorsStatus(list, published, { anchor, now: Date.parse(at(20)), full: false, random: () => 0 });
    expect(sampled[0]!.status).toBe('ok');
    expect(sampled[0]!.complete.checked).toBe(objs.segments.length + 8 + 1);
    const full = await mirrorsStatus(list, published, { anchor, now: Date.parse(at(20)), full: true });
    expect(full[0]!.status).toBe('incomplete');
  });

  it('shows an expired timestamp as expired', async () => {
    const r = await run(['mirrors', 'status', site, '--json', '--now', at(3 * 24 * 60)]);
    const rows = byUrl((JSON.parse(r.stdout) as { mirrors: MirrorStatus[] }).mirrors);
    expect(rows[urls['ok']!]!.status).toBe('expired');
  });

  it('flags a bucket without a CORS rule', async () => {
    const bare = await startS3(['bare'], { cors: false });
    try {
      // A bucket created without CORS configuration: readers on another origin cannot read it.
      const tree = join(dir, 'tree');
      await runOk(['push', tree, '--to', 's3://bare/news', '--endpoint', bare.endpoint, '--now', at(10)], { env: S3_ENV });
      const state = await loadState(site, 'status-test');
      const rows = await mirrorsStatus(
        [{ url: bare.mirrorUrl('bare', 'news') }],
        { timestampVersion: state.timestampVersion, manifestVersion: state.manifest!.version, segments: state.segments, packs: Object.values(state.packs) },
        { anchor: new Uint8Array(await readFile(join(site, 'root.json'))), now: Date.parse(at(20)), full: false },
      );
      expect(rows[0]!.status).toBe('headers');
      expect(rows[0]!.headers.cors).toBe(false);
    } finally {
      await bare.close();
    }
  });
});
