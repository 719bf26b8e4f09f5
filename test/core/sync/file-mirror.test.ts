/**
 * A mirror in a file (core/sync/file-mirror.ts, format.md §9): a zip (or folder) of a mirror tree
 * syncs a fresh store exactly as a mirror would, under the same rollback and freshness rules, and
 * a cut-off, foreign or non-zip file is refused with nothing stored.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../../helpers/error-code.ts';
import { fileMirrorUrl, treeFetch, treeFromEntries, treeFromZip } from '../../../src/core/sync/file-mirror.ts';
import { MemoryStore } from '../../../src/core/sync/memory-store.ts';
import { runSync } from '../../../src/core/sync/run-sync.ts';
import { DAY, FAST_LIMITS, sampleArticle, TestRepo } from '../../helpers/test-repo.ts';

function zipOf(files: ReadonlyMap<string, Uint8Array>, prefix = ''): Uint8Array {
  return zipSync(Object.fromEntries([...files].map(([p, b]) => [`${prefix}${p}`, b])));
}

async function syncFromZip(store: MemoryStore, repo: TestRepo, zip: Uint8Array, now = repo.now) {
  const url = fileMirrorUrl('stick.zip');
  return runSync(store, repo.config([]), { now, limits: FAST_LIMITS, mirrors: [url], fetchImpl: treeFetch(await treeFromZip(zip), url) });
}

describe('mirror file', () => {
  it('syncs a fresh store from a zip of the tree (also one wrapped in a folder), keeping no mirror health', async () => {
    const repo = await TestRepo.create();
    for (let i = 0; i < 4; i++) repo.addArticle(sampleArticle(i));
    await repo.publish();
    const store = new MemoryStore();
    const r = await syncFromZip(store, repo, zipOf(repo.files, 'www/'));
    expect(r.outcome).toBe('updated');
    expect(r.mirror).toBe('https://mirror-file.invalid/stick.zip/');
    expect([...store.articles.keys()].sort()).toEqual(['story-0', 'story-1', 'story-2', 'story-3']);
    expect(store.health).toEqual([]);
    expect((await syncFromZip(store, repo, zipOf(repo.files))).outcome).toBe('unchanged');
  });

  it('applies the freshness and rollback rules of mirrors', async () => {
    const repo = await TestRepo.create();
    repo.addArticle(sampleArticle(0));
    await repo.publish();
    const old = zipOf(repo.files);
    // A stale stick: its timestamp expired a day after it was written.
    const stale = await syncFromZip(new MemoryStore(), repo, old, repo.now + 3 * DAY);
    expect(stale.outcome).toBe('failed');
    expect(stale.errors.map((e) => e.code).join(' ')).toMatch(/EXPIRED/);
    // A store that has seen a newer state refuses the older stick.
    const store = new MemoryStore();
    repo.now += 60_000;
    repo.addArticle(sampleArticle(1));
    await repo.publish();
    expect((await syncFromZip(store, repo, zipOf(repo.files))).outcome).toBe('updated');
    const back = await syncFromZip(store, repo, old);
    expect(back.outcome).toBe('failed');
    expect(back.errors.map((e) => e.code).join(' ')).toMatch(/ROLLBACK/);
    expect(store.articles.size).toBe(2);
  });

  it('refuses a cut-off zip, a zip without a mirror and a file that is no zip', async () => {
    const repo = await TestRepo.create();
    repo.addArticle(sampleArticle(0));
    await repo.publish();
    const zip = zipOf(repo.files);
    await expect(treeFromZip(zip.subarray(0, zip.length - 30))).rejects.toMatchObject({ code: 'TRUNCATED' });
    await expect(treeFromZip(zipSync({ 'notes.txt': new Uint8Array([1, 2, 3]) }))).rejects.toMatchObject({ code: 'NOT_BUNDLE' });
    await expect(treeFromZip(new TextEncoder().encode('<!doctype html>'))).rejects.toMatchObject({ code: 'NOT_BUNDLE' });
    expect(errorCode(() => treeFromEntries([['index.html', new Uint8Array(1)]]))).toBe('NOT_BUNDLE');
  });
});
