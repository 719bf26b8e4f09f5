/**
 * `pigeonpost check` (the real binary): passes on a good tree (directory and HTTP), and fails with a
 * clear line for a flipped byte in each kind of file, a missing pack, an expired timestamp and a
 * replayed older timestamp given --state. Key rotation: a reader with the old root follows the chain.
 */
import { copyFile, cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test runs the real binary several times; the machine may be shared and slow.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { startServer } from '../../src/cli/serve/server.ts';
import { at, cleanup, flipByte, run, runOk, T0, tempDir, treeObjects, addTestMirror } from './helpers.ts';

describe('pigeonpost check', () => {
  let dir: string;
  let site: string;
  let out: string;
  let anchor: string;
  let objs: Awaited<ReturnType<typeof treeObjects>>;
  let n = 0;

  /** A copy of the good tree to damage. */
  async function copyTree(): Promise<string> {
    const d = join(dir, `copy-${n++}`);
    await cp(out, d, { recursive: true });
    return d;
  }

  beforeAll(async () => {
    dir = await tempDir();
    site = join(dir, 'site');
    out = join(dir, 'out');
    await runOk(['init', site, '--name', 'Check Test', '--now', T0]);
    await addTestMirror(site);
    await runOk(['publish', site, '--out', out, '--no-app', '--now', T0]);
    anchor = join(dir, 'anchor-v1.json');
    await copyFile(join(site, 'root.json'), anchor);
    objs = await treeObjects(out);
  });
  afterAll(() => cleanup(dir));

  it('passes on a good tree read from a directory', async () => {
    const r = await run(['check', out, '--root', anchor, '--now', at(5)]);
    expect(r.stdout).toMatch(/^OK: .* is complete, valid and fresh — site check-test, root v1, .* 6 article\(s\)/m);
    expect(r.code).toBe(0);
  });

  it('passes over HTTP and prints a JSON report', async () => {
    const server = await startServer(out, { port: 0 });
    try {
      const r = await run(['check', server.url, '--root', anchor, '--json', '--now', at(5)]);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({ ok: true, site: 'check-test', root: { version: 1 }, articles: { listed: 6, verified: 6 }, problems: [] });
      expect(report.packs.verified).toBe(report.packs.pinned);
    } finally {
      await server.close();
    }
  });

  it('fails with a clear line for a flipped byte in each kind of file', async () => {
    const cases: [string, string][] = [
      ['timestamp.json', 'timestamp.json'],
      ['root/1.json', 'root/1.json'],
      [`objects/${objs.manifest}`, `objects/${objs.manifest}`],
      [`objects/${objs.segments[0]}`, `objects/${objs.segments[0]}`],
      [`objects/${objs.packs[0]}`, `objects/${objs.packs[0]}`],
    ];
    const trees = await Promise.all(cases.map(() => copyTree()));
    await Promise.all(cases.map(([file], i) => flipByte(join(trees[i]!, file), 200)));
    const results = await Promise.all(trees.map((t) => run(['check', t, '--root', anchor, '--now', at(5)])));
    for (const [i, r] of results.entries()) {
      const [file, named] = cases[i]!;
      expect(r.code, file).toBe(1);
      expect(r.stdout, file).toMatch(new RegExp(`^${named.replace(/[./]/g, '\\$&')}: [A-Z_]+: \\S`, 'm'));
      expect(r.stdout, file).toMatch(/^FAILED: \d+ problem\(s\)/m);
      expect(r.stderr, file).toBe('');
    }
    // Objects are pinned by hash: the exact code is HASH_MISMATCH.
    for (const i of [2, 3, 4]) expect(results[i]!.stdout).toMatch(/: HASH_MISMATCH: /);
  });

  it('fails when a pack is missing, naming the pack and its articles, and still checks the rest', async () => {
    const t = await copyTree();
    await rm(join(t, 'objects', objs.packs[0]!));
    const r = await run(['check', t, '--root', anchor, '--json', '--now', at(5)]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ file: `objects/${objs.packs[0]}`, code: 'MISSING' });
    expect(report.packs.verified).toBe(report.packs.pinned - 1);
  });

  it('fails for an expired timestamp', async () => {
    const r = await run(['check', out, '--root', anchor, '--now', at(60 * 25)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^timestamp\.json: EXPIRED: timestamp expired at 2030-01-02T00:00:00Z/m);
    const viaEnv = await run(['check', out, '--root', anchor], { env: { PIGEONPOST_NOW: at(60 * 25) } });
    expect(viaEnv.code).toBe(1);
  });

  it('fails for a replayed older timestamp given the newer one as --state', async () => {
    const t = await copyTree();
    const state = join(dir, 'state.json');
    const oldTs = join(dir, 'timestamp-old.json');
    await copyFile(join(t, 'timestamp.json'), oldTs);
    await runOk(['check', t, '--root', anchor, '--state', state, '--now', at(5)]);
    // The operator publishes again; the reader (check) sees and stores the newer timestamp.
    await runOk(['publish', site, '--out', t, '--no-app', '--now', at(10)]);
    await runOk(['check', t, '--root', anchor, '--state', state, '--now', at(11)]);
    const saved = JSON.parse(await readFile(state, 'utf8'));
    expect(saved.timestamp.version).toBe(Date.parse(at(10)) / 1000);
    // A hostile mirror replays the old one.
    await copyFile(oldTs, join(t, 'timestamp.json'));
    const r = await run(['check', t, '--root', anchor, '--state', state, '--now', at(12)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^timestamp\.json: ROLLBACK: timestamp version \d+ is older than the stored version \d+/m);
    // Without the stored state the old timestamp alone is still valid.
    expect((await run(['check', t, '--root', anchor, '--now', at(12)])).code).toBe(0);
  });

  it('after keys rotate (publish, then root), a reader with the old root accepts the new chain', async () => {
    const s2 = join(dir, 'site-rot');
    const o2 = join(dir, 'out-rot');
    await cp(site, s2, { recursive: true });
    await runOk(['publish', s2, '--out', o2, '--no-app', '--now', at(20)]);
    const rotated = await runOk(['keys', 'rotate', s2, '--role', 'publish', '--now', at(21)]);
    expect(rotated.stdout).toMatch(/root version 2/);
    await runOk(['publish', s2, '--out', o2, '--no-app', '--now', at(22)]);
    let r = await run(['check', o2, '--root', anchor, '--json', '--now', at(23)]);
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, root: { version: 2 }, articles: { verified: 6 } });

    await runOk(['keys', 'rotate', s2, '--role', 'root', '--now', at(24)]);
    await runOk(['publish', s2, '--out', o2, '--no-app', '--now', at(25)]);
    r = await run(['check', o2, '--root', anchor, '--json', '--now', at(26)]);
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).root.version).toBe(3);
    expect((await readFile(join(o2, 'root', '3.json'))).equals(await readFile(join(s2, 'root.json')))).toBe(true);

    // A damaged link in the chain is reported by name.
    await flipByte(join(o2, 'root', '2.json'), 150);
    r = await run(['check', o2, '--root', anchor, '--now', at(26)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^root\/2\.json: [A-Z_]+: /m);
  });

  it('rejects a missing --root with exit 2 and an unreadable anchor with exit 1', async () => {
    expect((await run(['check', out])).code).toBe(2);
    const r = await run(['check', out, '--root', join(dir, 'nope.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pigeonpost: error: check: cannot read the trust anchor/);
  });
});
