/**
 * Images: fetched from the outlet, stored under media/<id>/, the body rewritten, the per-article
 * budget kept with sharp downscaling, text-only mode, and nothing remote left behind.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, exists, makeSite, readArticle, removeDir, runIngest, startOutlet, type OutletServer } from './helpers.ts';

let site: string;
let outlet: OutletServer;
let bigJpeg: Buffer;

/** A deterministic noisy photo that compresses badly (~1.5 MB). */
async function noisyJpeg(width: number, height: number, seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let s = seed;
  for (let i = 0; i < raw.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (s >> 16) & 255;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

beforeAll(async () => {
  outlet = await startOutlet();
  bigJpeg = await noisyJpeg(1600, 1100, 7);
  outlet.set('/img/big.jpg', { type: 'image/jpeg', body: bigJpeg });
  outlet.set('/img/big2.jpg', { type: 'image/jpeg', body: await noisyJpeg(1200, 900, 99) });
  outlet.set('/img/not-an-image.jpg', { type: 'image/jpeg', body: 'this is text, not a JPEG' });
});
afterAll(async () => {
  await outlet.close();
});
afterEach(async () => {
  if (site) await removeDir(site);
});

function feedWith(body: string, extra = ''): string {
  return `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>O</title><link>${outlet.base}/</link><description>d</description>
<item><title>Pictures from the quay</title><link>${outlet.base}/2026/pictures</link><guid isPermaLink="false">pics</guid>
<pubDate>Mon, 02 Feb 2026 10:00:00 +0100</pubDate>${extra}<description><![CDATA[${body}]]></description></item></channel></rss>`;
}

async function mediaFiles(id: string): Promise<Array<{ name: string; size: number }>> {
  const dir = join(site, 'media', id);
  if (!(await exists(dir))) return [];
  return Promise.all((await readdir(dir)).map(async (name) => ({ name, size: (await stat(join(dir, name))).size })));
}

describe('images', () => {
  it('downloads remote images, stores them under media/<id>/ and rewrites the body', async () => {
    site = await makeSite();
    outlet.set('/f1.xml', { type: 'application/rss+xml', body: feedWith(
      `<p>Boats at dawn.</p><figure><img src="/images/harbour.jpg" alt="Boats"><figcaption>Dawn.</figcaption></figure><p><img src="${outlet.base}/images/chart.png" alt="Chart"></p>`,
      `<media:content url="${outlet.base}/images/harbour.jpg" medium="image"><media:description>Boats at the quay</media:description></media:content>`,
    ) });
    const r = await runIngest([`${outlet.base}/f1.xml`, '--into', site]);
    expect(r.code).toBe(0);
    const md = await readArticle(site, 'pictures-from-the-quay');
    const files = await mediaFiles('pictures-from-the-quay');
    expect(files.map((f) => f.name).sort()).toEqual([expect.stringMatching(/^chart-[0-9a-f]{10}\.png$/), expect.stringMatching(/^harbour-[0-9a-f]{10}\.jpg$/)]);
    const harbour = files.find((f) => f.name.startsWith('harbour'))!;
    expect(md).toContain(`<figure><img src="media/pictures-from-the-quay/${harbour.name}" alt="Boats"><figcaption>Dawn.</figcaption></figure>`);
    expect(md).toContain(`image:\n  src: media/pictures-from-the-quay/${harbour.name}\n  alt: Boats at the quay`);
    // Same bytes as the outlet's file: it fitted the budget, so it is not re-encoded.
    expect(await readFile(join(site, 'media', 'pictures-from-the-quay', harbour.name))).toEqual(await readFile(join(FIXTURES, 'images/harbour.jpg')));
    const body = md.slice(md.indexOf('\n---\n') + 5);
    expect(body).not.toContain('127.0.0.1');
    expect(md).not.toMatch(/(src|srcset)="(https?:)?\/\//);
    expect(md).toContain(`source: ${outlet.base}/2026/pictures`); // a link to the outlet is fine
  });

  it('downscales images to keep each article within the byte budget', async () => {
    site = await makeSite({ imageBudget: 300000 });
    expect(bigJpeg.byteLength).toBeGreaterThan(1_000_000);
    outlet.set('/f2.xml', { type: 'application/rss+xml', body: feedWith(
      `<p>Two large photos.</p><figure><img src="/img/big.jpg" alt="Big one"><figcaption>One.</figcaption></figure><figure><img src="/img/big2.jpg" alt="Big two"></figure>`,
    ) });
    const r = await runIngest([`${outlet.base}/f2.xml`, '--into', site]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const files = await mediaFiles('pictures-from-the-quay');
    expect(files).toHaveLength(2);
    const total = files.reduce((n, f) => n + f.size, 0);
    expect(total).toBeLessThanOrEqual(300000);
    for (const f of files) {
      const meta = await sharp(join(site, 'media', 'pictures-from-the-quay', f.name)).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.width).toBeLessThan(1600);
    }
    const md = await readArticle(site, 'pictures-from-the-quay');
    expect(md).toContain('alt="Big one"');
    expect(md).toContain('alt="Big two"');
    // Deterministic: a second run changes nothing.
    const again = await runIngest([`${outlet.base}/f2.xml`, '--into', site]);
    expect(again.stdout).toContain('1 unchanged');
  });

  it('drops images that cannot fit a tiny budget, with a warning, and keeps the article', async () => {
    site = await makeSite();
    outlet.set('/f3.xml', { type: 'application/rss+xml', body: feedWith(`<p>Text stays.</p><figure><img src="/img/big.jpg" alt="Big"><figcaption>Gone with its figure.</figcaption></figure>`) });
    const r = await runIngest([`${outlet.base}/f3.xml`, '--into', site, '--image-budget', '300']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: pictures-from-the-quay: image dropped: .*big\.jpg: cannot fit/);
    const md = await readArticle(site, 'pictures-from-the-quay');
    expect(md).toContain('Text stays.');
    expect(md).not.toContain('<figure');
    expect(md).not.toContain('Gone with its figure');
    expect(await mediaFiles('pictures-from-the-quay')).toEqual([]);
  });

  it('drops missing and non-image files with a warning', async () => {
    site = await makeSite();
    outlet.set('/f4.xml', { type: 'application/rss+xml', body: feedWith(`<p>Text.</p><img src="/img/missing.jpg" alt="x"><img src="/img/not-an-image.jpg" alt="y">`) });
    const r = await runIngest([`${outlet.base}/f4.xml`, '--into', site]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/image dropped: HTTP 404/);
    expect(r.stderr).toMatch(/not-an-image\.jpg: not a usable image/);
    const md = await readArticle(site, 'pictures-from-the-quay');
    expect(md).not.toContain('<img');
  });

  it('refuses file: images referenced by a remote document', async () => {
    site = await makeSite();
    outlet.set('/f5.xml', { type: 'application/rss+xml', body: feedWith(`<p>Text.</p><img src="file:///etc/hostname" alt="x">`) });
    const r = await runIngest([`${outlet.base}/f5.xml`, '--into', site]);
    expect(r.code).toBe(0);
    expect(await readArticle(site, 'pictures-from-the-quay')).not.toContain('<img');
    expect(await mediaFiles('pictures-from-the-quay')).toEqual([]);
  });

  it('--text-only leaves all images out', async () => {
    site = await makeSite();
    const r = await runIngest([join(FIXTURES, 'pages/en-article.html'), '--into', site, '--text-only']);
    expect(r.code).toBe(0);
    const md = await readArticle(site, 'harbour-ferry-returns-after-three-winters');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<figure');
    expect(md).not.toContain('image:');
    expect(md).toContain('spent eighteen months');
    expect(await exists(join(site, 'media'))).toBe(false);
  });

  it('textOnly in site.json does the same, and switching it on removes earlier media', async () => {
    site = await makeSite({ textOnly: false });
    await runIngest([join(FIXTURES, 'pages/en-article.html'), '--into', site]);
    expect(await mediaFiles('harbour-ferry-returns-after-three-winters')).toHaveLength(2);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(site, 'site.json'), JSON.stringify({ textOnly: true }));
    const r = await runIngest([join(FIXTURES, 'pages/en-article.html'), '--into', site]);
    expect(r.stdout).toContain('1 updated');
    expect(await readArticle(site, 'harbour-ferry-returns-after-three-winters')).not.toContain('<img');
    expect(await mediaFiles('harbour-ferry-returns-after-three-winters')).toEqual([]);
  });
});
