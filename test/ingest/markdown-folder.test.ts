/**
 * Markdown folders: front matter validated and normalised, local images copied into media/,
 * raw HTML with remote embeds sanitized, bad files reported one by one.
 */
import { readdir, rename, mkdtemp, cp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, makeSite, readArticle, removeDir, runIngest } from './helpers.ts';

let site: string;
afterEach(async () => {
  if (site) await removeDir(site);
});

describe('Markdown folder source', () => {
  it('normalises front matter and copies referenced images', async () => {
    site = await makeSite({ lang: 'en' });
    const r = await runIngest([join(FIXTURES, 'markdown'), '--into', site]);
    expect(r.code).toBe(0);
    const welcome = await readArticle(site, 'welcome-to-the-mirror');
    expect(welcome).toMatch(/^---\nid: welcome-to-the-mirror\ntitle: Welcome to the Lantern Gazette mirror\ndate: 2026-01-01T09:00:00\+02:00\nlang: en\nsection: About\nauthor: The editors\nsummary: Why this mirror exists and how to reach it when the main site is blocked\.\nimage:\n  src: media\/welcome-to-the-mirror\/harbour-[0-9a-f]{10}\.jpg\n  alt: The harbour at dawn\n  caption: The harbour at dawn\.\nsample: true\n---\n/);
    expect(welcome).toMatch(/!\[Passengers per month\]\(media\/welcome-to-the-mirror\/chart-[0-9a-f]{10}\.png "Passengers per month before the storm"\)/);
    expect((await readdir(join(site, 'media', 'welcome-to-the-mirror'))).length).toBe(2);
    const ru = await readArticle(site, 'novosti-nedeli');
    expect(ru).toContain('lang: ru');
    expect(ru).toContain('date: 2026-01-09T00:00:00Z');
    expect(ru).toContain('summary: "Главное за неделю: ночные автобусы продолжат ходить до апреля, а в Заречье готовят к открытию библиотеку."');
    expect(ru).toMatch(/<img src="media\/novosti-nedeli\/chart-[0-9a-f]{10}\.png" alt="График пассажиров">/);
    expect(ru).not.toContain('iframe');
    expect(ru).not.toContain('video.example');
  });

  it('with an id: field, renaming the file keeps the article; without one the name is the id', async () => {
    site = await makeSite();
    const folder = await mkdtemp(join(tmpdir(), 'pp-md-'));
    try {
      await writeFile(join(folder, 'draft-1.md'), '---\nid: bridge-news\ntitle: Bridge news\ndate: 2026-01-10T10:00:00+01:00\n---\n\nText.\n');
      await cp(join(FIXTURES, 'markdown-bad', 'good.md'), join(folder, 'good.md'));
      expect((await runIngest([folder, '--into', site])).stdout).toContain('2 added');
      await rename(join(folder, 'draft-1.md'), join(folder, 'final.md'));
      await rename(join(folder, 'good.md'), join(folder, 'renamed.md'));
      const r = await runIngest([folder, '--into', site]);
      expect(r.stdout).toContain('1 added, 0 updated, 1 unchanged');
      expect((await readdir(join(site, 'articles'))).sort()).toEqual(['bridge-news.md', 'good.md', 'renamed.md']);
    } finally {
      await removeDir(folder);
    }
  });

  it('refuses two files that ask for the same id', async () => {
    site = await makeSite();
    const folder = await mkdtemp(join(tmpdir(), 'pp-md-'));
    try {
      await writeFile(join(folder, 'a.md'), '---\nid: same\ntitle: A\n---\n\nA.\n');
      await writeFile(join(folder, 'b.md'), '---\nid: same\ntitle: B\n---\n\nB.\n');
      const r = await runIngest([folder, '--into', site]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('b.md: front matter: id "same" is also used by a.md');
      expect(await readArticle(site, 'same')).toContain('title: A');
    } finally {
      await removeDir(folder);
    }
  });

  it('reports a file with bad front matter and writes the others', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'markdown-bad'), '--into', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: no-title.md: front matter: title is missing\n');
    expect(r.stdout).toContain('1 added, 0 updated, 0 unchanged, 1 failed');
    expect(await readArticle(site, 'good')).toContain('date: 2026-01-10T10:00:00Z');
  });
});
