/**
 * Re-running ingest creates nothing new; a changed item updates the same file; ids survive
 * title changes and never overwrite an article ingest did not write.
 */
import { readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, makeSite, readArticle, removeDir, runIngest, snapshot, startOutlet, type OutletServer } from './helpers.ts';

let site: string;
let outlet: OutletServer;
beforeAll(async () => {
  outlet = await startOutlet();
});
afterAll(async () => {
  await outlet.close();
});
afterEach(async () => {
  if (site) await removeDir(site);
});

const rss = (title: string, body: string, guid = 'story-1'): string => `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Outlet</title><link>https://outlet.example/</link><description>d</description>
<item><title>${title}</title><link>https://outlet.example/story-1</link><guid isPermaLink="false">${guid}</guid>
<pubDate>Mon, 02 Feb 2026 10:00:00 +0100</pubDate><description><![CDATA[${body}]]></description></item>
</channel></rss>`;

describe('idempotency', () => {
  it('a second run over every kind of source reports all unchanged and changes no byte', async () => {
    site = await makeSite({ id: 'demo', lang: 'en' });
    const sources = [
      join(FIXTURES, 'feeds/rss.xml'),
      join(FIXTURES, 'feeds/atom.xml'),
      join(FIXTURES, 'feeds/feed.json'),
      join(FIXTURES, 'pages/en-article.html'),
      join(FIXTURES, 'pages/ru-article.html'),
      join(FIXTURES, 'pages/ar-article.html'),
      join(FIXTURES, 'markdown'),
      `${outlet.base}/fixtures/feeds/summary-only.xml`,
    ];
    const first = await runIngest([...sources, '--into', site, '--fetch-full', '--json']);
    expect(first.code).toBe(0);
    const s1 = JSON.parse(first.stdout) as { added: number; unchanged: number };
    expect(s1.added).toBe(14);
    const before = await snapshot(site);
    const second = await runIngest([...sources, '--into', site, '--fetch-full', '--json']);
    expect(second.code).toBe(0);
    const s2 = JSON.parse(second.stdout) as { added: number; updated: number; unchanged: number; bytesWritten: number };
    expect(s2).toMatchObject({ added: 0, updated: 0, unchanged: 14, bytesWritten: 0 });
    expect(await snapshot(site)).toEqual(before);
    const human = await runIngest([...sources, '--into', site, '--fetch-full']);
    expect(human.stdout).toContain('0 added, 0 updated, 14 unchanged, 0 failed');
  });

  it('a changed item becomes an update of the same file, even when its title changes', async () => {
    site = await makeSite();
    outlet.set('/feed-a.xml', { type: 'application/rss+xml', body: rss('Bridge to close for repairs', '<p>The old bridge will close in March.</p>') });
    const feed = `${outlet.base}/feed-a.xml`;
    expect((await runIngest([feed, '--into', site])).stdout).toContain('1 added');
    const v1 = await readArticle(site, 'bridge-to-close-for-repairs');
    outlet.set('/feed-a.xml', { type: 'application/rss+xml', body: rss('Bridge closure postponed to April', '<p>The old bridge will now close in April.</p>') });
    const r = await runIngest([feed, '--into', site]);
    expect(r.stdout).toContain('0 added, 1 updated, 0 unchanged');
    const v2 = await readArticle(site, 'bridge-to-close-for-repairs');
    expect(v2).not.toBe(v1);
    expect(v2).toContain('title: Bridge closure postponed to April');
    expect(v2).toContain('id: bridge-to-close-for-repairs');
    expect(v2).toContain('close in April');
    expect(await readdir(join(site, 'articles'))).toEqual(['bridge-to-close-for-repairs.md']);
  });

  it('rewrites an article file that was edited or deleted by hand', async () => {
    site = await makeSite();
    const page = join(FIXTURES, 'pages/en-article.html');
    await runIngest([page, '--into', site]);
    const path = join(site, 'articles', 'harbour-ferry-returns-after-three-winters.md');
    const good = await readArticle(site, 'harbour-ferry-returns-after-three-winters');
    await writeFile(path, 'scribbled');
    const r = await runIngest([page, '--into', site]);
    expect(r.stdout).toContain('1 updated');
    expect(await readArticle(site, 'harbour-ferry-returns-after-three-winters')).toBe(good);
  });

  it('never overwrites an article it did not write: a clashing slug gets a suffix', async () => {
    site = await makeSite();
    await mkdir(join(site, 'articles'), { recursive: true });
    await writeFile(join(site, 'articles', 'bridge-to-close-for-repairs.md'), '---\ntitle: Mine\n---\n\nHand-written.\n');
    outlet.set('/feed-b.xml', { type: 'application/rss+xml', body: rss('Bridge to close for repairs', '<p>Text.</p>', 'other') });
    await runIngest([`${outlet.base}/feed-b.xml`, '--into', site]);
    expect(await readArticle(site, 'bridge-to-close-for-repairs')).toContain('Hand-written.');
    expect(await readArticle(site, 'bridge-to-close-for-repairs-2')).toContain('id: bridge-to-close-for-repairs-2');
  });
});
