/**
 * Feeds end to end: RSS 2.0, Atom and JSON Feed files, a summary-only feed completed with
 * --fetch-full from a local stand-in outlet, and malformed input.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { FIXTURES, makeSite, readArticle, removeDir, runIngest, startOutlet, type OutletServer } from './helpers.ts';

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

function frontMatter(md: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(md);
  if (!m) throw new Error('no front matter');
  return YAML.parse(m[1]!) as Record<string, unknown>;
}

describe('RSS 2.0', () => {
  it('writes one article per item with the site-folder front matter', async () => {
    site = await makeSite({ id: 'demo', lang: 'en' });
    const r = await runIngest([join(FIXTURES, 'feeds/rss.xml'), '--into', site]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 added, 0 updated, 0 unchanged, 0 failed');
    const bus = await readArticle(site, 'night-buses-to-run-through-the-winter');
    expect(frontMatter(bus)).toEqual({
      id: 'night-buses-to-run-through-the-winter',
      title: 'Night buses to run through the winter',
      date: '2026-01-17T22:10:00+02:00',
      lang: 'en',
      section: 'Transport',
      author: 'Mara Oakes',
      summary: 'The night bus between the station and the hospital will keep running until April.',
      source: 'https://lantern.example/2026/01/night-buses',
    });
    expect(bus).toContain('<figure><img src="media/night-buses-to-run-through-the-winter/chart-');
    expect(bus).toContain('<figcaption>Night bus passengers per week.</figcaption>');
    expect(bus).not.toContain('<script');
    expect(bus).not.toContain('<iframe');
    expect(bus).not.toContain('video.example');
    expect(bus).toContain('<a href="https://lantern.example/2025/12/petition">The petition</a>');
  });

  it('transliterates a Cyrillic title into the id and keeps the +03:00 offset', async () => {
    site = await makeSite();
    await runIngest([join(FIXTURES, 'feeds/rss.xml'), '--into', site]);
    const fm = frontMatter(await readArticle(site, 'vybory-v-moskve-chto-izmenilos'));
    expect(fm.title).toBe('Выборы в Москве: что изменилось');
    expect(fm.lang).toBe('ru');
    expect(fm.date).toBe('2026-01-16T09:30:00+03:00');
    expect(fm.section).toBe('Политика');
    expect(fm.summary).toBe('Коротко о новых правилах голосования.');
  });
});

describe('Atom', () => {
  it('reads html titles as text, dates with offsets, text content as paragraphs', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'feeds/atom.xml'), '--into', site]);
    expect(r.code).toBe(0);
    const choir = await readArticle(site, 'harbour-choir-brass-band-share-a-stage');
    const fm = frontMatter(choir);
    expect(fm.title).toBe('Harbour choir & brass band share a stage');
    expect(fm.date).toBe('2026-02-08T19:30:00+01:00');
    expect(fm.updated).toBe('2026-02-09T08:00:00+01:00');
    expect(fm.section).toBe('Culture');
    expect(fm.author).toBe('Lena Strand');
    expect(choir).toContain('<p>The harbour choir and the fire brigade brass band performed together');
    const lib = await readArticle(site, 'biblioteka-v-kotelnoy-priglashaet-na-chteniya');
    expect(frontMatter(lib).lang).toBe('ru');
    expect(lib).toContain('<p>В субботу в библиотеке в Заречье пройдут громкие чтения для детей.</p>\n\n<p>Начало в полдень, вход свободный.</p>');
  });
});

describe('JSON Feed', () => {
  it('reads items, tags as section, and gives an Arabic item a hash id with dir rtl', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'feeds/feed.json'), '--into', site, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { articles: Array<{ id: string; status: string }> };
    const ids = summary.articles.map((a) => a.id);
    expect(ids[0]).toBe('fish-market-changes-its-opening-hours');
    expect(ids[1]).toMatch(/^item-[0-9a-f]{10}$/);
    const fm = frontMatter(await readArticle(site, ids[1]!));
    expect(fm).toMatchObject({ lang: 'ar', dir: 'rtl', section: 'ثقافة', title: 'مهرجان البحر يعود في الصيف', date: '2026-03-03T18:00:00+03:00' });
    expect(frontMatter(await readArticle(site, ids[0]!))).toMatchObject({ section: 'Economy', author: 'Salma Haddad' });
  });
});

describe('summary-only feed with --fetch-full', () => {
  it('fetches each item page from the outlet and extracts the article', async () => {
    site = await makeSite();
    const feed = `${outlet.base}/fixtures/feeds/summary-only.xml`;
    const r = await runIngest([feed, '--into', site, '--fetch-full']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(outlet.requests).toContain('/2026/03/harbour-ferry-returns');
    expect(outlet.requests).toContain('/society/biblioteka-v-kotelnoy');
    const ferry = await readArticle(site, 'harbour-ferry-returns-after-three-winters');
    const fm = frontMatter(ferry);
    expect(fm.date).toBe('2026-03-14T08:15:00+02:00');
    expect(fm.section).toBe('Local');
    expect(fm.author).toBe('Mara Oakes');
    expect(fm.source).toBe(`${outlet.base}/2026/03/harbour-ferry-returns`);
    expect(ferry).toContain('spent eighteen months replacing planks');
    expect(ferry).not.toContain('please make a donation');
    expect(ferry).not.toContain('Storm damage along the coast');
    expect(ferry).toMatch(/<img src="media\/harbour-ferry-returns-after-three-winters\/harbour-[0-9a-f]{10}\.jpg"/);
    expect(ferry).not.toMatch(/src="https?:/);
    const lib = await readArticle(site, 'v-zareche-otkryli-biblioteku-v-byvshey-kotelnoy');
    expect(frontMatter(lib)).toMatchObject({ lang: 'ru', author: 'Ирина Соколова', date: '2026-02-03T19:05:00+03:00' });
    expect(lib).toContain('Книжный фонд пока небольшой');
    expect(lib).not.toContain('Поддержите');
  });

  it('without --fetch-full writes the summaries only', async () => {
    site = await makeSite();
    const r = await runIngest([`${outlet.base}/fixtures/feeds/summary-only.xml`, '--into', site]);
    expect(r.code).toBe(0);
    const ferry = await readArticle(site, 'harbour-ferry-returns-after-three-winters');
    expect(ferry).toContain('<p>The little ferry is back, rebuilt by volunteers.</p>');
    expect(ferry).not.toContain('eighteen months');
  });
});

describe('bad feeds', () => {
  it('reports malformed XML in one clear line and exits 1', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'feeds/malformed.xml'), '--into', site]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/malformed\.xml: malformed feed: the XML is not well-formed/);
  });

  it('reports a file that is not a feed and carries on with the next source', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'feeds/not-a-feed.txt'), join(FIXTURES, 'feeds/atom.xml'), '--into', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not-a-feed\.txt: not a feed \(RSS, Atom, JSON Feed\) or an HTML page/);
    expect(r.stdout).toContain('2 added');
    expect(r.stdout).toContain('1 failed (1 source failed)');
  });
});
