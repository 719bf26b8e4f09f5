/**
 * `pigeonpost publish --zip` (format.md §9) with the real binary: the zip holds exactly the mirror
 * tree, byte for byte; the same tree always zips to the same bytes; the reader's file-mirror code
 * syncs a fresh store from it; a zip inside --out is a one-line error.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { zipMirrorTree } from '../../src/cli/publish/zip-tree.ts';
import { fileMirrorUrl, treeFetch, treeFromZip } from '../../src/core/sync/file-mirror.ts';
import { MemoryStore } from '../../src/core/sync/memory-store.ts';
import { runSync } from '../../src/core/sync/run-sync.ts';
import { addTestMirror, at, cleanup, run, runOk, tempDir } from './helpers.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let dir: string;
let site: string;
beforeAll(async () => {
  dir = await tempDir();
  site = join(dir, 'site');
  await runOk(['init', site, '--name', 'Zip Test', '--now', at(0)]);
  await addTestMirror(site);
});
afterAll(() => cleanup(dir));

async function files(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/')).sort();
}

describe('publish --zip', () => {
  it('writes the tree as one zip that a reader syncs from', async () => {
    const out = join(dir, 'www');
    const zip = join(dir, 'mirror.zip');
    const summary = JSON.parse((await runOk(['publish', site, '--out', out, '--no-app', '--zip', zip, '--json', '--now', at(1)])).stdout);
    expect(summary.zip).toMatchObject({ file: zip, entries: (await files(out)).length });
    const bytes = new Uint8Array(await readFile(zip));
    const entries = unzipSync(bytes);
    expect(Object.keys(entries).sort()).toEqual(await files(out));
    for (const name of Object.keys(entries)) expect(Buffer.from(entries[name]!).equals(await readFile(join(out, name)))).toBe(true);
    // Deterministic: the same tree, the same bytes.
    const again = join(dir, 'again.zip');
    await zipMirrorTree(out, again);
    expect(Buffer.from(await readFile(again)).equals(Buffer.from(bytes))).toBe(true);
    // The reader's side reads it as a mirror.
    const url = fileMirrorUrl('mirror.zip');
    const store = new MemoryStore();
    const r = await runSync(store, { shippedRoot: new Uint8Array(await readFile(join(site, 'root.json'))), bootstrapMirrors: [] }, { now: Date.parse(at(1)) + 1000, mirrors: [url], fetchImpl: treeFetch(await treeFromZip(bytes), url) });
    expect(r.outcome).toBe('updated');
    expect(store.articles.size).toBe((await readdir(join(site, 'articles'))).filter((f) => f.endsWith('.md')).length);
  });

  it('refuses a zip inside the tree with a one-line error, before publishing anything', async () => {
    const out = join(dir, 'www2');
    const r = await run(['publish', site, '--out', out, '--no-app', '--zip', join(out, 'x.zip'), '--now', at(2)]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^pigeonpost: error: publish: --zip .* is inside the --out tree/);
    expect(await readdir(dir)).not.toContain('www2');
  });
});
