/**
 * The same story reached by two routes — its page URL and its item in a feed — becomes one
 * article, matched on the page's canonical URL, its og:url, and the feed item's link.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storyUrlKey } from '../../src/cli/ingest/story-url.ts';
import { FIXTURES, makeSite, removeDir, runIngest, snapshot, startOutlet, type OutletServer } from './helpers.ts';

let site: string;
let outlet: OutletServer;
const PAGE = readFileSync(join(FIXTURES, 'corpus/en-ledger-appeal/source.html'));
const CANONICAL = 'https://ledger.example/news/2026/05/kestrel-ridge-strike';

const feed = (link: string, guid = 'ledger-4711', title = 'Miners walk out at Kestrel Ridge over unpaid wages'): string => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>The Northern Ledger</title><link>https://ledger.example/</link><description>News</description><language>en</language>
<item><title>${title}</title><link>${link}</link><guid isPermaLink="false">${guid}</guid>
<pubDate>Tue, 19 May 2026 06:30:00 +0300</pubDate>
<description><![CDATA[<p>More than four hundred miners at the Kestrel Ridge coal pit stopped work on Monday morning.</p>]]></description></item>
</channel></rss>`;

beforeAll(async () => {
  outlet = await startOutlet();
  outlet.set('/news/2026/05/kestrel-ridge-strike', { body: PAGE });
  outlet.set('/feed.xml', { type: 'application/rss+xml; charset=utf-8', body: feed(`${CANONICAL}/?utm_source=rss&utm_medium=feed`) });
  outlet.set('/feed-og.xml', { type: 'application/rss+xml; charset=utf-8', body: feed('https://www.courier.example/2026/07/food-bank', 'courier-99', 'Food bank runs out of rice') });
  outlet.set('/food-bank', {
    body: `<!doctype html><html><head><title>Food bank runs out of rice</title><meta property="og:url" content="https://courier.example/2026/07/food-bank"></head>
<body><article><h1>Food bank runs out of rice</h1><p>${'The food bank on Mill Street ran out of rice on Tuesday as demand doubled compared with last summer. '.repeat(4)}</p></article></body></html>`,
  });
  outlet.set('/feed-roots.xml', {
    type: 'application/rss+xml; charset=utf-8',
    body: `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://ledger.example/</link><description>d</description>
<item><title>First flash</title><link>https://ledger.example/</link><guid isPermaLink="false">a</guid><description>First text of a flash.</description></item>
<item><title>Second flash</title><link>https://ledger.example/</link><guid isPermaLink="false">b</guid><description>Second text of a flash.</description></item>
</channel></rss>`,
  });
});
afterAll(async () => {
  await outlet.close();
});
afterEach(async () => {
  if (site) await removeDir(site);
});

async function articles(): Promise<string[]> {
  return (await readdir(join(site, 'articles'))).sort();
}

async function state(): Promise<{ items: Record<string, { id: string }>; aliases?: Record<string, string> }> {
  return JSON.parse(await readFile(join(site, '.pigeonpost', 'ingest.json'), 'utf8'));
}

describe('one story, two routes', () => {
  it('page first, then its feed item (link with tracking parameters and a trailing slash): one article, the full page kept', async () => {
    site = await makeSite({ id: 'ledger', lang: 'en' });
    const page = await runIngest([`${outlet.base}/news/2026/05/kestrel-ridge-strike`, '--into', site, '--json']);
    expect(page.code).toBe(0);
    const id = JSON.parse(page.stdout).articles[0].id as string;
    const before = await readFile(join(site, 'articles', `${id}.md`), 'utf8');
    const viaFeed = await runIngest([`${outlet.base}/feed.xml`, '--into', site, '--json']);
    expect(viaFeed.code).toBe(0);
    const summary = JSON.parse(viaFeed.stdout);
    expect(summary.articles).toEqual([expect.objectContaining({ id, status: 'unchanged' })]);
    expect(await articles()).toEqual([`${id}.md`]);
    expect(await readFile(join(site, 'articles', `${id}.md`), 'utf8')).toBe(before);
    expect((await state()).aliases).toEqual({ 'ledger-4711': CANONICAL });
  });

  it('feed item first (summary only), then the page: one article, the fuller page replaces the summary', async () => {
    site = await makeSite({ id: 'ledger', lang: 'en' });
    const viaFeed = await runIngest([`${outlet.base}/feed.xml`, '--into', site, '--json']);
    const id = JSON.parse(viaFeed.stdout).articles[0].id as string;
    expect(await readFile(join(site, 'articles', `${id}.md`), 'utf8')).not.toContain('labour inspectorate');
    const page = await runIngest([`${outlet.base}/news/2026/05/kestrel-ridge-strike`, '--into', site, '--json']);
    expect(JSON.parse(page.stdout).articles).toEqual([expect.objectContaining({ id, status: 'updated' })]);
    expect(await articles()).toEqual([`${id}.md`]);
    expect(await readFile(join(site, 'articles', `${id}.md`), 'utf8')).toContain('labour inspectorate');
    // Re-running both routes changes nothing: the two versions do not take turns.
    const snap = await snapshot(site);
    const again = await runIngest([`${outlet.base}/feed.xml`, `${outlet.base}/news/2026/05/kestrel-ridge-strike`, '--into', site, '--json']);
    const s = JSON.parse(again.stdout);
    expect([s.added, s.updated, s.unchanged]).toEqual([0, 0, 2]);
    expect(await snapshot(site)).toEqual(snap);
  });

  it('both routes in one run: one article', async () => {
    site = await makeSite({ id: 'ledger', lang: 'en' });
    const r = await runIngest([`${outlet.base}/news/2026/05/kestrel-ridge-strike`, `${outlet.base}/feed.xml`, '--into', site, '--json']);
    const s = JSON.parse(r.stdout);
    expect(s.added).toBe(1);
    expect(await articles()).toHaveLength(1);
  });

  it('matches on og:url (www. and http/https aside) when the page has no canonical link', async () => {
    site = await makeSite({ id: 'courier', lang: 'en' });
    await runIngest([`${outlet.base}/food-bank`, '--into', site]);
    const r = await runIngest([`${outlet.base}/feed-og.xml`, '--into', site, '--json']);
    expect(JSON.parse(r.stdout).articles[0].status).toBe('unchanged');
    expect(await articles()).toHaveLength(1);
  });

  it('items whose link is only the site root are different stories', async () => {
    site = await makeSite({ id: 'ledger', lang: 'en' });
    const r = await runIngest([`${outlet.base}/feed-roots.xml`, '--into', site, '--json']);
    expect(JSON.parse(r.stdout).added).toBe(2);
    expect(await articles()).toHaveLength(2);
  });
});

describe('storyUrlKey', () => {
  it('ignores scheme, www., default port, trailing slash, fragment and tracking parameters', () => {
    const k = storyUrlKey('https://ledger.example/news/a');
    for (const u of [
      'http://www.ledger.example/news/a/',
      'https://LEDGER.example:443/news/a#comments',
      'https://ledger.example/news/a?utm_source=rss&utm_campaign=x',
      'https://ledger.example/news/a?fbclid=123',
    ]) expect(storyUrlKey(u), u).toBe(k);
  });

  it('keeps what tells stories apart', () => {
    expect(storyUrlKey('https://ledger.example/news/a?id=1')).not.toBe(storyUrlKey('https://ledger.example/news/a?id=2'));
    expect(storyUrlKey('https://ledger.example/news/a')).not.toBe(storyUrlKey('https://ledger.example/news/b'));
    expect(storyUrlKey('https://ledger.example:8080/news/a')).not.toBe(storyUrlKey('https://ledger.example/news/a'));
    expect(storyUrlKey('file:///tmp/a.html')).toBeUndefined();
  });
});
