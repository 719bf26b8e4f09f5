/**
 * `pigeonpost publish`: a complete tree, deterministic bytes, incremental publishes (no change →
 * only timestamp.json; one changed article → one new pack and one new segment), deletions as
 * tombstones, sanitising, and refusing remote or escaping images.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test runs the real binary several times; the machine may be shared and slow.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { at, cleanup, hashTree, payloadOf, run, runOk, T0, tempDir, treeDiff, treeObjects, addTestMirror } from './helpers.ts';

/** The article envelopes of a pack object, decoded. */
async function packArticles(out: string, sha: string): Promise<Record<string, unknown>[]> {
  const raw = gunzipSync(await readFile(join(out, 'objects', sha)));
  const out2: Record<string, unknown>[] = [];
  let at2 = raw.indexOf(0x0a) + 1;
  while (at2 < raw.length) {
    const nl = raw.indexOf(0x0a, at2);
    const h = JSON.parse(raw.subarray(at2, nl).toString('utf8')) as { kind: string; length: number };
    const body = raw.subarray(nl + 1, nl + 1 + h.length);
    if (h.kind === 'article') out2.push(JSON.parse(JSON.parse(body.toString('utf8')).payload));
    at2 = nl + 1 + h.length + 1;
  }
  return out2;
}

describe('pigeonpost publish', () => {
  let dir: string;
  let site: string;
  let out: string;
  let first: Map<string, string>;

  beforeAll(async () => {
    dir = await tempDir();
    site = join(dir, 'site');
    out = join(dir, 'out');
    await runOk(['init', site, '--name', 'Publish Test', '--now', T0]);
    // The signed list is site.json's (pigeonpost mirrors add writes it; the URL gets its "/").
    await addTestMirror(site, ['https://mirror-a.example/', 'https://mirror-b.example/base']);
    // A pristine copy for the determinism test, taken before any publish.
    await cp(site, join(dir, 'site-copy'), { recursive: true });
    await runOk(['publish', site, '--out', out, '--no-app', '--now', T0]);
    first = await hashTree(out);
  });
  afterAll(() => cleanup(dir));

  it('writes a complete tree: roots, timestamp, manifest, segments and packs', async () => {
    expect(first.has('timestamp.json')).toBe(true);
    expect(first.has('root.json')).toBe(true);
    expect(first.has('root/1.json')).toBe(true);
    const objs = await treeObjects(out);
    expect(objs.segments).toHaveLength(1);
    expect(objs.packs.length).toBeGreaterThanOrEqual(1);
    for (const sha of [objs.manifest, ...objs.segments, ...objs.packs]) expect(first.has(`objects/${sha}`)).toBe(true);
    expect([...first.keys()].filter((k) => k.startsWith('objects/'))).toHaveLength(1 + objs.segments.length + objs.packs.length);
    const ts = await payloadOf(join(out, 'timestamp.json'));
    expect(ts).toMatchObject({ _type: 'pigeonpost.timestamp', site: 'publish-test', version: Date.parse(T0) / 1000, expires: '2030-01-02T00:00:00Z', root_version: 1 });
    const m = JSON.parse(JSON.parse(gunzipSync(await readFile(join(out, 'objects', objs.manifest))).toString()).payload);
    expect(m.mirrors).toEqual([{ url: 'https://mirror-a.example/' }, { url: 'https://mirror-b.example/base/' }]);
    expect(m.expires).toBe('2030-01-15T00:00:00Z');
    expect((await readFile(join(out, 'timestamp.json'))).length).toBeLessThan(1024);
    expect(Buffer.compare(await readFile(join(out, 'root.json')), await readFile(join(site, 'root.json')))).toBe(0);
  });

  it('never copies private keys or publisher state into the tree', () => {
    expect([...first.keys()].some((k) => k.includes('key') || k.startsWith('.'))).toBe(false);
  });

  it('sanitises article HTML and rewrites images to media/<sha256>', async () => {
    const objs = await treeObjects(out);
    const all = (await Promise.all(objs.packs.map((p) => packArticles(out, p)))).flat();
    expect(all).toHaveLength(6);
    expect(all.filter((a) => (a['html'] as string).includes('<img ')).length).toBeGreaterThanOrEqual(2);
    for (const a of all) {
      const html = a['html'] as string;
      expect(html).not.toMatch(/<script|<iframe|<style|onerror|javascript:/i);
      for (const m of html.matchAll(/<img [^>]*src="([^"]+)"/g)) expect(m[1]).toMatch(/^media\/[0-9a-f]{64}$/);
      for (const m of html.matchAll(/<a [^>]*>/g)) expect(m[0]).toContain('rel="noopener noreferrer"');
      expect(a['lead']).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('gives identical bytes for identical input and clock', async () => {
    const out2 = join(dir, 'out-copy');
    await runOk(['publish', join(dir, 'site-copy'), '--out', out2, '--no-app', '--now', T0]);
    expect(treeDiff(first, await hashTree(out2))).toEqual({ added: [], removed: [], changed: [] });
  });

  it('re-publishing with no change rewrites only timestamp.json', async () => {
    const before = await hashTree(out);
    const r = await runOk(['publish', site, '--out', out, '--no-app', '--json', '--now', at(10)]);
    const summary = JSON.parse(r.stdout);
    expect(summary.articles).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 6 });
    expect(summary.packs.written).toBe(0);
    expect(summary.manifest.changed).toBe(false);
    expect(treeDiff(before, await hashTree(out))).toEqual({ added: [], removed: [], changed: ['timestamp.json'] });
    expect((await payloadOf(join(out, 'timestamp.json')))['version']).toBe(Date.parse(at(10)) / 1000);
  });

  it('one changed article gives exactly one new pack, one new segment and a new manifest', async () => {
    const before = await hashTree(out);
    const objsBefore = await treeObjects(out);
    const file = join(site, 'articles', 'lindenford-night-bus.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('every forty minutes', 'every thirty minutes'));
    const r = await runOk(['publish', site, '--out', out, '--no-app', '--json', '--now', at(20)]);
    const summary = JSON.parse(r.stdout);
    expect(summary.articles).toMatchObject({ added: 0, updated: 1, removed: 0, unchanged: 5 });
    const diff = treeDiff(before, await hashTree(out));
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual(['timestamp.json']);
    const objsAfter = await treeObjects(out);
    const newPacks = objsAfter.packs.filter((p) => !objsBefore.packs.includes(p));
    const newSegments = objsAfter.segments.filter((s) => !objsBefore.segments.includes(s));
    expect(newPacks).toHaveLength(1);
    expect(newSegments).toHaveLength(1);
    expect(diff.added.sort()).toEqual([`objects/${objsAfter.manifest}`, `objects/${newPacks[0]}`, `objects/${newSegments[0]}`].sort());
    const [article] = await packArticles(out, newPacks[0]!);
    expect(article).toMatchObject({ id: 'lindenford-night-bus', rev: 2 });
    expect(article!['html']).toContain('every thirty minutes');
  });

  it('a deleted article file becomes a signed tombstone', async () => {
    await rm(join(site, 'articles', 'zarechye-most.md'));
    const r = await runOk(['publish', site, '--out', out, '--no-app', '--json', '--now', at(30)]);
    expect(JSON.parse(r.stdout).articles).toMatchObject({ removed: 1, unchanged: 5 });
    const objs = await treeObjects(out);
    const seg = JSON.parse(gunzipSync(await readFile(join(out, 'objects', objs.segments.at(-1)!))).toString());
    expect(seg.articles).toEqual([]);
    expect(seg.removed).toEqual([{ id: 'zarechye-most', rev: 1 }]);
    const check = await run(['check', out, '--root', join(site, 'root.json'), '--now', at(31)]);
    expect(check.stdout).toMatch(/^OK: /m);
  });

  it('refuses remote images and images outside the site folder, naming the article', async () => {
    const bad = join(site, 'articles', 'bad-image.md');
    const front = '---\ntitle: Bad image\ndate: 2030-01-01T10:00:00+00:00\n---\n\n';
    await writeFile(bad, `${front}![x](https://tracker.example/pixel.png)\n`);
    let r = await run(['publish', site, '--out', out, '--no-app', '--now', at(40)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pigeonpost: error: articles\/bad-image\.md: remote image "https:\/\/tracker\.example\/pixel\.png" refused/);
    await writeFile(bad, `${front}<img src="../../etc/passwd">\n`);
    r = await run(['publish', site, '--out', out, '--no-app', '--now', at(40)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pigeonpost: error: articles\/bad-image\.md: image "\.\.\/\.\.\/etc\/passwd" (is outside the site folder|not found)/);
    await rm(bad);
  });

  it('strips scripts, event handlers, iframes and forms from raw HTML', async () => {
    const file = join(site, 'articles', 'raw-html.md');
    await writeFile(
      file,
      '---\ntitle: Raw HTML\ndate: 2030-01-01T11:00:00+00:00\nsection: Tests\n---\n\n<p onclick="steal()">Hello <a href="javascript:alert(1)">x</a> <a href="https://ok.example/">ok</a></p>\n<script>alert(1)</script><iframe src="https://evil.example/"></iframe><form action="/x"><input name=a></form><style>p{}</style>\n<img src="media/samples/river.png" onerror="alert(1)" style="width:1px">\n',
    );
    const r = await runOk(['publish', site, '--out', out, '--no-app', '--json', '--now', at(50)]);
    expect(JSON.parse(r.stdout).articles.added).toBe(1);
    const objs = await treeObjects(out);
    const all = (await Promise.all(objs.packs.map((p) => packArticles(out, p)))).flat();
    const a = all.find((x) => x['id'] === 'raw-html')!;
    expect(a['html']).not.toMatch(/onclick|<script|<iframe|<form|<input|<style|onerror|style=|javascript:/);
    expect(a['html']).toContain('<a href="https://ok.example/" rel="noopener noreferrer">ok</a>');
    expect(a['html']).toMatch(/<img src="media\/[0-9a-f]{64}">/);
    expect(a['summary']).toBe('Hello x ok');
  });
});
