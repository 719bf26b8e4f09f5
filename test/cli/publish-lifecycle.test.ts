/**
 * Publishing over many runs (in-process, for speed): compaction of mostly-dead packs, merging of
 * index segments above 32, and deletion of unreferenced objects only after the grace period.
 * Every state is verified with the same checker as `pigeonpost check`.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkMirror } from '../../src/cli/check/check-mirror.ts';
import { dirSource } from '../../src/cli/check/source.ts';
import { publishSite } from '../../src/cli/publish/publish-site.ts';
import { initSite } from '../../src/cli/site/init-site.ts';
import { addTestMirror, cleanup, tempDir, treeObjects } from './helpers.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const T = Date.parse('2030-01-01T00:00:00Z');
const MIN = 60_000;

function articleText(n: number, edit: number): string {
  return `---\ntitle: Story ${n}\ndate: 2030-01-01T08:00:00+00:00\nsection: Local\n---\n\nStory number ${n}, edit ${edit}.\n`;
}

describe('publish over many runs', () => {
  let dir: string;
  let site: string;
  let out: string;
  let clock = T;
  const publish = () => publishSite(site, { out, now: (clock += MIN), appShell: false });
  const verify = async () => {
    const { report } = await checkMirror({ source: dirSource(out), anchor: new Uint8Array(await readFile(join(site, 'root.json'))), now: clock + MIN });
    expect(report.problems).toEqual([]);
    return report;
  };

  beforeAll(async () => {
    dir = await tempDir();
    site = join(dir, 'site');
    out = join(dir, 'out');
    await initSite(site, { name: 'Lifecycle', samples: false, now: T });
    await addTestMirror(site);
    for (let i = 1; i <= 4; i++) await writeFile(join(site, 'articles', `s${i}.md`), articleText(i, 0));
  });
  afterAll(() => cleanup(dir));

  it('repacks the live rest of a pack once fewer than half of its articles are current', async () => {
    const first = await publish();
    expect(first.packs.written).toBe(1);
    const [oldPack] = (await treeObjects(out)).packs;
    for (let i = 1; i <= 3; i++) await writeFile(join(site, 'articles', `s${i}.md`), articleText(i, 1));
    const second = await publish();
    expect(second.articles).toMatchObject({ updated: 3, repacked: 1, unchanged: 0 });
    expect(second.packs.written).toBe(1);
    const report = await verify();
    expect(report.articles.verified).toBe(4);
    // The old pack is still pinned by the first segment until segments merge.
    expect((await treeObjects(out)).packs).toContain(oldPack);
  });

  it('merges segments above 32 and keeps every article and tombstone', async () => {
    await writeFile(join(site, 'articles', 's5.md'), articleText(5, 0));
    await publish();
    const { rm } = await import('node:fs/promises');
    await rm(join(site, 'articles', 's5.md'));
    await publish(); // tombstone for s5
    let merged = 0;
    for (let k = 2; k < 40; k++) {
      await writeFile(join(site, 'articles', `s${1 + (k % 4)}.md`), articleText(1 + (k % 4), k));
      const s = await publish();
      merged += s.segments.merged;
      expect(s.segments.total).toBeLessThanOrEqual(32);
    }
    expect(merged).toBeGreaterThan(0);
    const report = await verify();
    expect(report.articles).toMatchObject({ listed: 4, verified: 4, removed: 1 });
    expect(report.manifest!.segments).toBeLessThanOrEqual(32);
  });

  it('keeps unreferenced objects for the grace period, then deletes them', async () => {
    const referenced = async () => {
      const o = await treeObjects(out);
      return new Set([o.manifest, ...o.segments, ...o.packs]);
    };
    const live = await referenced();
    const onDisk = await readdir(join(out, 'objects'));
    const stale = onDisk.filter((f) => !live.has(f));
    expect(stale.length).toBeGreaterThan(0); // superseded manifests, merged segments, dead packs
    clock += 2 * 24 * 60 * MIN; // past max(1 day, timestamp expiry)
    const s = await publish();
    expect(s.objectsDeleted).toBeGreaterThan(0);
    const after = await readdir(join(out, 'objects'));
    expect(after.sort()).toEqual([...(await referenced())].sort());
    await verify();
  });
});
