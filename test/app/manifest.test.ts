/**
 * The web app manifest against pwa-platform.md B.1 (Chromium's installability criteria) and B.2
 * (the fields users and stores expect; separate `any` and `maskable` icons).
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRoute } from '../../src/app/router.ts';
import { webManifest } from '../../src/cli/app-shell/pwa-options.ts';
import type { SiteConfigFile } from '../../src/cli/app-shell/site-config.ts';
import { builtShell } from './helpers/built-shell.ts';

interface Icon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}
let out: string;
let manifest: Record<string, unknown> & { icons: Icon[] };

/** Width, height and the RGBA pixel at (x, y) of a PNG we wrote (8-bit RGBA, filter 0 rows). */
async function png(path: string): Promise<{ w: number; h: number; alphaAt: (x: number, y: number) => number }> {
  const buf = await readFile(path);
  expect(buf.subarray(1, 4).toString('ascii')).toBe('PNG');
  const w = buf.readUInt32BE(16);
  const h = buf.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let o = 8; o < buf.length; ) {
    const len = buf.readUInt32BE(o);
    const type = buf.subarray(o + 4, o + 8).toString('ascii');
    if (type === 'IDAT') idat.push(buf.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { w, h, alphaAt: (x, y) => raw[y * (w * 4 + 1) + 1 + x * 4 + 3]! };
}

beforeAll(async () => {
  out = await builtShell();
  manifest = JSON.parse(await readFile(join(out, 'manifest.webmanifest'), 'utf8'));
}, 120_000);

describe('B.1 installability', () => {
  it('has a name, a start_url on the same origin, a non-browser display and a ≥144 px icon', () => {
    expect(manifest['name']).toBe('Demo News');
    const start = new URL(String(manifest['start_url']), 'https://mirror-a.test/manifest.webmanifest');
    expect(start.origin).toBe('https://mirror-a.test');
    expect(['standalone', 'fullscreen', 'minimal-ui']).toContain(manifest['display']);
    expect(manifest.icons.some((i) => i.sizes.split(' ').some((s) => Number(s.split('x')[0]) >= 144))).toBe(true);
  });

  it('index.html links it, with theme-color and an apple-touch-icon', async () => {
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('rel="manifest"');
    expect(html).toMatch(/<meta name="theme-color" content="#[0-9a-f]{6}"/);
    expect(html).toMatch(/rel="apple-touch-icon"/);
  });
});

describe('B.2 fields', () => {
  it('sets id, start_url, scope, names, description, lang, dir and colours', () => {
    for (const k of ['id', 'start_url', 'scope', 'name', 'short_name', 'description', 'display', 'theme_color', 'background_color', 'lang', 'dir']) {
      expect(manifest[k], k).toBeTruthy();
    }
    expect(manifest['id']).toBe('/');
    expect(manifest['scope']).toBe('/');
    expect(String(manifest['short_name']).length).toBeLessThanOrEqual(12);
    expect(manifest['prefer_related_applications']).toBe(false);
  });

  it('ships 192 and 512 `any` icons and a separate 512 `maskable`, never "any maskable"', () => {
    const any = manifest.icons.filter((i) => i.purpose === 'any').map((i) => i.sizes);
    const maskable = manifest.icons.filter((i) => i.purpose === 'maskable').map((i) => i.sizes);
    expect(any).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(maskable).toEqual(['512x512']);
    expect(manifest.icons.filter((i) => (i.purpose ?? '').split(' ').length > 1)).toEqual([]);
  });

  it('icon files exist with the declared sizes; the maskable one is opaque', async () => {
    for (const icon of manifest.icons) {
      const p = await png(join(out, icon.src));
      expect(`${p.w}x${p.h}`, icon.src).toBe(icon.sizes);
      expect(icon.type).toBe('image/png');
      if (icon.purpose === 'maskable') {
        for (const [x, y] of [[0, 0], [p.w - 1, 0], [0, p.h - 1], [p.w - 1, p.h - 1], [p.w >> 1, p.h >> 1]] as const) expect(p.alphaAt(x, y)).toBe(255);
      }
    }
  });
});

describe('B.2 shortcuts and launching', () => {
  it('offers 2–4 launcher shortcuts to app routes in scope, each with an existing icon', async () => {
    const shortcuts = manifest['shortcuts'] as { name: string; url: string; icons: Icon[] }[];
    expect(shortcuts.length).toBeGreaterThanOrEqual(2);
    expect(shortcuts.length).toBeLessThanOrEqual(4);
    expect(shortcuts.map((s) => s.name)).toEqual(['Search', 'Mirrors', 'Settings']);
    expect(shortcuts.map((s) => parseRoute(new URL(s.url, 'https://mirror-a.test/').pathname, '', '/').name)).toEqual(['search', 'mirrors', 'settings']);
    for (const s of shortcuts) {
      expect(s.url.startsWith(String(manifest['scope']))).toBe(true);
      for (const icon of s.icons) {
        const p = await png(join(out, icon.src));
        expect(`${p.w}x${p.h}`).toBe(icon.sizes);
      }
    }
  });

  it('names the shortcuts in the site\'s language', () => {
    const site = { id: 'novosti', name: 'Новости', lang: 'ru', description: '', rootBase64url: 'AA', mirrors: [], base: '/ru/' } as unknown as SiteConfigFile;
    const m = webManifest(site) as { shortcuts: { name: string; url: string }[] };
    expect(m.shortcuts.map((s) => [s.name, s.url])).toEqual([
      ['Поиск', '/ru/search'],
      ['Зеркала', '/ru/mirrors'],
      ['Настройки', '/ru/settings'],
    ]);
  });

  it('focuses the open window on launch and falls back from standalone to minimal-ui', () => {
    expect(manifest['launch_handler']).toEqual({ client_mode: ['navigate-existing', 'auto'] });
    expect(manifest['display_override']).toEqual(['standalone', 'minimal-ui']);
  });
});

describe('B.2 screenshots (the richer install dialog)', () => {
  interface Shot {
    src: string;
    sizes: string;
    type: string;
    form_factor?: string;
    label?: string;
  }
  const shots = (): Shot[] => manifest['screenshots'] as Shot[];

  it('has a wide and a narrow one, each with sizes, type and label', () => {
    expect(shots().map((s) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
    for (const s of shots()) {
      expect(s.type).toBe('image/png');
      expect(s.label?.length ?? 0).toBeGreaterThan(10);
      expect(s.sizes).toMatch(/^\d+x\d+$/);
    }
  });

  it('files exist at the declared sizes, 320–3840 px a side, the longer side at most 2.3 times the shorter', async () => {
    const ratios = new Map<string, number>();
    for (const s of shots()) {
      const p = await png(join(out, s.src));
      expect(`${p.w}x${p.h}`, s.src).toBe(s.sizes);
      for (const side of [p.w, p.h]) {
        expect(side).toBeGreaterThanOrEqual(320);
        expect(side).toBeLessThanOrEqual(3840);
      }
      expect(Math.max(p.w, p.h) / Math.min(p.w, p.h)).toBeLessThanOrEqual(2.3);
      // One aspect ratio per form factor.
      const r = p.w / p.h;
      expect(ratios.get(s.form_factor!) ?? r).toBeCloseTo(r, 5);
      ratios.set(s.form_factor!, r);
      expect(s.form_factor === 'wide' ? p.w > p.h : p.h > p.w).toBe(true);
    }
  });

  it('are not precached (the install dialog fetches them online)', async () => {
    const sw = await readFile(join(out, 'sw.js'), 'utf8');
    expect(sw).toContain('icons/icon-192.png');
    expect(sw).not.toContain('screenshots/');
  });

  it('are labelled in the site\'s language', () => {
    const site = { id: 'novosti', name: 'Новости', lang: 'ru', description: '', rootBase64url: 'AA', mirrors: [], base: '/ru/' } as unknown as SiteConfigFile;
    const m = webManifest(site) as { screenshots: Shot[] };
    expect(m.screenshots.map((s) => s.label)).toEqual([expect.stringMatching(/^Главная страница на телефоне/), expect.stringMatching(/^Материал на компьютере/)]);
    expect(m.screenshots.map((s) => s.src)).toEqual(['screenshots/narrow-list.png', 'screenshots/wide-article.png']);
  });
});

describe("a site's own install-dialog screenshots", () => {
  it('replace the shipped ones when the site folder has them at the declared size', async () => {
    const siteDir = await mkdtemp(join(tmpdir(), 'pigeonpost-site-shots-'));
    await mkdir(join(siteDir, 'screenshots'));
    const own = await sharp({ create: { width: 390, height: 844, channels: 3, background: '#336699' } }).png().toBuffer();
    await writeFile(join(siteDir, 'screenshots', 'narrow-list.png'), own);
    const built = await builtShell({ siteDir });
    expect(Buffer.compare(await readFile(join(built, 'screenshots', 'narrow-list.png')), own)).toBe(0);
    // The other one stays the shipped picture.
    expect(Buffer.compare(await readFile(join(built, 'screenshots', 'wide-article.png')), await readFile(join(out, 'screenshots', 'wide-article.png')))).toBe(0);
  }, 120_000);

  it('are refused, with the size they must have, when their size or format is wrong', async () => {
    const siteDir = await mkdtemp(join(tmpdir(), 'pigeonpost-site-shots-'));
    await mkdir(join(siteDir, 'screenshots'));
    await writeFile(join(siteDir, 'screenshots', 'wide-article.png'), await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#000' } }).png().toBuffer());
    await expect(builtShell({ siteDir })).rejects.toThrow(/wide-article\.png is 1200x800; it must be 1280x800/);
    await writeFile(join(siteDir, 'screenshots', 'wide-article.png'), await sharp({ create: { width: 1280, height: 800, channels: 3, background: '#000' } }).jpeg().toBuffer());
    await expect(builtShell({ siteDir })).rejects.toThrow(/wide-article\.png is not a PNG file/);
  }, 120_000);
});
