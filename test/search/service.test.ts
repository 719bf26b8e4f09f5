/**
 * The search service's passages (src/search/service.ts, shared/db/passage-text.ts): indexing
 * stores each article's visible text, compressed, beside the index, and a query's passages come
 * from those rows instead of inflating the stored packs; a row of another version is never shown;
 * a removed article's row goes with it; a write refused (a full disk) only means passages are read
 * from the articles.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeDb, getDb, IdbSyncStore, loadPassageTexts, savePassageTexts } from '../../src/shared/db/index.ts';
import * as reading from '../../src/shared/db/reading.ts';
import { gzip } from '../../src/core/encoding/gzip.ts';
import { SearchService } from '../../src/search/service.ts';
import { article, freshSite, trust } from '../db/fixtures.ts';

const opened: string[] = [];
/** The stored passage row of one article. */
const rowOf = async (site: string, id: string) => (await loadPassageTexts(site, [id]))[0];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const site of opened.splice(0)) await closeDb(site);
});

async function library(html: Record<string, string>) {
  const site = freshSite('svc');
  opened.push(site);
  const s = new IdbSyncStore(site);
  await s.putArticles(
    Object.entries(html).map(([id, h], i) => article(site, id, 1, { html: h, published: `2026-11-${10 + i}T10:00:00Z` })),
    [],
  );
  await s.commitManifest(trust(site, { ts: 2, manifest: 2 }), [], []);
  return { site, s };
}

describe('passages', () => {
  it('indexing stores each article’s text; a query’s passages then read no article', async () => {
    const { site } = await library({ a: '<p>The harbour ferry runs again after the storm.</p>', b: '<p>Паром в гавани снова ходит после шторма.</p>' });
    const svc = new SearchService(site);
    await svc.update();
    const row = await rowOf(site, 'a');
    expect(row?.version).toMatch(/^1:/);
    const spy = vi.spyOn(reading, 'getArticle');
    const r = await svc.query({ q: 'ferry', offset: 0, limit: 20 });
    expect(r.hits.map((h) => h.id)).toEqual(['a']);
    expect(JSON.stringify(r.hits[0]!.passage)).toContain('ferry');
    expect(spy).not.toHaveBeenCalled();
    svc.close();
  });

  it('never shows a stored text of another version: the article is read instead', async () => {
    const { site } = await library({ a: '<p>The harbour ferry runs again.</p>' });
    const svc = new SearchService(site);
    await svc.update();
    // A stale row, as if the article had changed since (its version key no longer matches).
    await savePassageTexts(site, [{ id: 'a', version: '0:old', gzip: await gzip(new TextEncoder().encode('The ferry of an old revision, never to be shown.')) }]);
    const fresh = new SearchService(site);
    const r = await fresh.query({ q: 'ferry', offset: 0, limit: 20 });
    expect(JSON.stringify(r.hits[0]!.passage)).not.toContain('old revision');
    expect(JSON.stringify(r.hits[0]!.passage)).toContain('runs again');
    svc.close();
    fresh.close();
  });

  it('a damaged row (not gzip) only means the article is read instead', async () => {
    const { site } = await library({ a: '<p>The harbour ferry runs again.</p>' });
    const svc = new SearchService(site);
    await svc.update();
    const row = await rowOf(site, 'a');
    await savePassageTexts(site, [{ id: 'a', version: row!.version, gzip: new Uint8Array([1, 2, 3, 4]) }]);
    const fresh = new SearchService(site);
    const r = await fresh.query({ q: 'ferry', offset: 0, limit: 20 });
    expect(JSON.stringify(r.hits[0]!.passage)).toContain('runs again');
    svc.close();
    fresh.close();
  });

  it('a removed article’s row goes in the transaction that removes it', async () => {
    const { site, s } = await library({ a: '<p>Ferry news.</p>', b: '<p>Bridge news.</p>' });
    const svc = new SearchService(site);
    await svc.update();
    expect(await rowOf(site, 'a')).toBeDefined();
    await s.commitManifest(trust(site, { ts: 3, manifest: 3 }), [], ['a']);
    expect(await rowOf(site, 'a')).toBeUndefined();
    expect(await rowOf(site, 'b')).toBeDefined();
    svc.close();
  });

  it('a refused write (a full disk) leaves search working, passages read from the articles', async () => {
    const { site } = await library({ a: '<p>The harbour ferry runs again.</p>' });
    const db = await getDb(site);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function () {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    const svc = new SearchService(site);
    await svc.update();
    put.mockRestore();
    expect(await rowOf(site, 'a')).toBeUndefined();
    const r = await svc.query({ q: 'ferry', offset: 0, limit: 20 });
    expect(JSON.stringify(r.hits[0]!.passage)).toContain('ferry');
    expect(db.name).toContain('svc');
    svc.close();
  });
});
