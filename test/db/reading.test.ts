/** The page's reading functions: newest first, paging, sections, reading positions. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbSyncStore, articleCount, getReadingPosition, listArticles, listSections, saveReadingPosition } from '../../src/shared/db/index.ts';
import { article, freshSite, trust } from './fixtures.ts';

async function seed(): Promise<string> {
  const site = freshSite();
  const s = new IdbSyncStore(site);
  await s.putArticles(
    [
      article(site, 'old', 1, { published: '2026-01-01T10:00:00Z', section: 'World' }),
      // 23:30 at +03:00 is 20:30Z: earlier than 'utc-late' despite sorting later as text.
      article(site, 'offset', 1, { published: '2026-02-01T23:30:00+03:00', section: 'Politics' }),
      article(site, 'utc-late', 1, { published: '2026-02-01T21:00:00Z', section: 'World' }),
      article(site, 'tie-a', 1, { published: '2026-01-15T00:00:00Z', section: 'World' }),
      article(site, 'tie-b', 1, { published: '2026-01-15T00:00:00Z', section: 'World' }),
    ],
    [],
  );
  return site;
}

describe('reading functions', () => {
  it('lists newest first by real time, without bodies', async () => {
    const site = await seed();
    const list = await listArticles(site);
    expect(list.map((a) => a.id)).toEqual(['utc-late', 'offset', 'tie-b', 'tie-a', 'old']);
    expect(list[0]).not.toHaveProperty('html');
    expect(list[0]).not.toHaveProperty('envelope');
    expect(await articleCount(site)).toBe(5);
  });

  it('pages with a cursor, ties included exactly once', async () => {
    const site = await seed();
    const first = await listArticles(site, { limit: 3 });
    const last = first[first.length - 1]!;
    const second = await listArticles(site, { limit: 3, after: last });
    expect([...first, ...second].map((a) => a.id)).toEqual(['utc-late', 'offset', 'tie-b', 'tie-a', 'old']);
  });

  it('filters by section, newest first, and pages inside it', async () => {
    const site = await seed();
    expect((await listArticles(site, { section: 'World' })).map((a) => a.id)).toEqual(['utc-late', 'tie-b', 'tie-a', 'old']);
    const page = await listArticles(site, { section: 'World', limit: 2 });
    expect((await listArticles(site, { section: 'World', after: page[1]! })).map((a) => a.id)).toEqual(['tie-a', 'old']);
    expect(await listSections(site)).toEqual(['Politics', 'World']);
  });

  it('saves and reads reading positions; a signed removal forgets them', async () => {
    const site = await seed();
    await saveReadingPosition(site, 'old', 0.4, 123);
    await saveReadingPosition(site, 'tie-a', 7, 5);
    expect(await getReadingPosition(site, 'old')).toEqual({ fraction: 0.4, at: 123 });
    expect(await getReadingPosition(site, 'tie-a')).toEqual({ fraction: 1, at: 5 });
    expect(await getReadingPosition(site, 'nope')).toBeUndefined();
    await new IdbSyncStore(site).commitManifest(trust(site, { ts: 1, manifest: 1 }), [], ['old']);
    expect(await getReadingPosition(site, 'old')).toBeUndefined();
  });
});
