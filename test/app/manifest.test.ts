/**
 * The web app manifest against pwa-platform.md B.1 (Chromium's installability criteria) and B.2
 * (the fields users and stores expect; separate `any` and `maskable` icons).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
