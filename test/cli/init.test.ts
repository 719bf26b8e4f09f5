/** `pigeonpost init`: files, key modes, the trust anchor, samples, refusal to overwrite. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test runs the real binary; the machine may be shared and slow.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { verifyAnchor } from '../../src/core/trust/root-chain.ts';
import { cleanup, run, runOk, T0, tempDir } from './helpers.ts';

describe('pigeonpost init', () => {
  let dir: string;
  let site: string;
  beforeAll(async () => {
    dir = await tempDir();
    site = join(dir, 'site');
    await runOk(['init', site, '--name', 'Test News', '--lang', 'en', '--now', T0]);
  });
  afterAll(() => cleanup(dir));

  it('writes site.json with the id derived from the name', async () => {
    const cfg = JSON.parse(await readFile(join(site, 'site.json'), 'utf8'));
    expect(cfg).toMatchObject({ id: 'test-news', name: 'Test News', lang: 'en', mirrors: [], expiry: { timestamp: '1d', manifest: '14d', root: '365d' } });
  });

  it('stores a root and a publish key, 0600 files in a 0700 directory', async () => {
    expect((await stat(join(site, 'keys'))).mode & 0o777).toBe(0o700);
    const names = (await readdir(join(site, 'keys'))).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^publish-[0-9a-f]{16}\.key$/);
    expect(names[1]).toMatch(/^root-[0-9a-f]{16}\.key$/);
    for (const n of names) {
      expect((await stat(join(site, 'keys', n))).mode & 0o777).toBe(0o600);
      const k = JSON.parse(await readFile(join(site, 'keys', n), 'utf8'));
      expect(Object.keys(k).sort()).toEqual(['keyid', 'pkcs8', 'public', 'role', 'type']);
      expect(k.type).toBe('ed25519');
      expect(k.pkcs8).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });

  it('writes a self-signed root v1 as the trust anchor, identical to roots/1.json', async () => {
    const anchor = new Uint8Array(await readFile(join(site, 'root.json')));
    expect(Buffer.compare(anchor, await readFile(join(site, 'roots', '1.json')))).toBe(0);
    const { root } = await verifyAnchor(anchor);
    expect(root.version).toBe(1);
    expect(root.site).toEqual({ id: 'test-news', name: 'Test News', lang: 'en' });
    expect(root.expires).toBe('2031-01-01T00:00:00Z');
    expect(root.roles.root.keyids).toHaveLength(1);
    expect(root.roles.publish.keyids).toHaveLength(1);
    expect(root.roles.root.keyids[0]).not.toBe(root.roles.publish.keyids[0]);
  });

  it('writes English and Russian sample articles, each marked as a sample with a generated image', async () => {
    const files = await readdir(join(site, 'articles'));
    const texts = await Promise.all(files.map((f) => readFile(join(site, 'articles', f), 'utf8')));
    expect(texts.filter((t) => /\nlang: en\n/.test(t)).length).toBeGreaterThanOrEqual(2);
    expect(texts.filter((t) => /\nlang: ru\n/.test(t)).length).toBeGreaterThanOrEqual(2);
    for (const t of texts) {
      expect(t).toMatch(/\nsample: true\n/);
      const src = /\n {2}src: (media\/\S+\.png)\n/.exec(t)?.[1];
      expect(src).toBeDefined();
      const png = await readFile(join(site, src!));
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.length).toBeLessThan(20_000);
    }
  });

  it('refuses to overwrite an existing site with one clear line', async () => {
    const r = await run(['init', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pigeonpost: error: .*already holds a site.*refusing to overwrite/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects bad arguments with exit 2', async () => {
    for (const args of [['init'], ['init', join(dir, 'x'), '--bogus'], ['init', join(dir, 'y'), '--id', 'Bad Id!'], ['init', join(dir, 'z'), '--lang', 'english!']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^pigeonpost: error: /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
