/**
 * The built app shell (style habit 24c): what the service worker precaches, the CSP in
 * index.html, and buildAppShell's cache and its care for the repository files of a mirror tree.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppShell } from '../../src/cli/app-shell/build-app-shell.ts';
import { REPO_ROOT } from '../../src/cli/app-shell/vite-config.ts';
import { builtShell, TEST_SITE } from './helpers/built-shell.ts';

let out: string;
let sw: string;
let indexHtml: string;

/** The URLs in the precache manifest Workbox injected into sw.js. */
function precacheUrls(swText: string): string[] {
  return [...swText.matchAll(/\burl:\s*"([^"]+)"|"url":\s*"([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
}

beforeAll(async () => {
  out = await builtShell();
  sw = await readFile(join(out, 'sw.js'), 'utf8');
  indexHtml = await readFile(join(out, 'index.html'), 'utf8');
}, 120_000);

describe('precache manifest in sw.js', () => {
  it('has index.html, the web app manifest, every asset and the icons, and not sw.js itself', async () => {
    const urls = precacheUrls(sw);
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    const assets = await readdir(join(out, 'assets'));
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const a of assets.filter((f) => !/\.(br|gz)$/.test(f))) expect(urls).toContain(`assets/${a}`);
    // The precompressed copies are for the server (Content-Encoding), never precached themselves.
    expect(assets.filter((f) => /\.js\.br$/.test(f)).length).toBeGreaterThan(0);
    expect(urls.filter((u) => /\.(br|gz)$/.test(u))).toEqual([]);
    for (const icon of ['icons/icon-192.png', 'icons/icon-512.png', 'icons/icon-maskable-512.png']) expect(urls).toContain(icon);
    expect(urls.filter((u) => /(^|\/)sw\.(js|mjs)$/.test(u))).toEqual([]);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('holds no article data and no remote URL', () => {
    const urls = precacheUrls(sw);
    expect(urls.filter((u) => /^(timestamp\.json|root|objects|media)\b/.test(u) || /^[a-z]+:/.test(u))).toEqual([]);
  });

  it('is an ES module worker bundle (no importScripts from a CDN)', () => {
    expect(sw).not.toMatch(/importScripts\s*\(/);
    // Absolute URLs in the bundle: the compiled-in mirrors, and one link inside a Workbox warning text.
    const hosts = new Set([...sw.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].map((m) => m[1]!));
    expect([...hosts].filter((h) => !['mirror-a.test', 'mirror-b.test', 'bit.ly'].includes(h))).toEqual([]);
  });
});

describe('index.html', () => {
  it('carries the CSP as its first meta after charset, with Trusted Types', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(indexHtml);
    expect(meta).not.toBeNull();
    const csp = meta![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toMatch(/trusted-types [a-z -]*lit-html/);
    expect(indexHtml.indexOf('Content-Security-Policy')).toBeLessThan(indexHtml.indexOf('<script'));
  });

  it('has no inline script, no inline style and no third-party URL', () => {
    for (const m of indexHtml.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(m[1]).toMatch(/\bsrc="\/assets\//);
      expect(m[2]!.trim()).toBe('');
    }
    expect(indexHtml).not.toMatch(/<style\b|\sstyle="/);
    expect(indexHtml).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(indexHtml).not.toContain('%PIGEONPOST_');
  });

  it('names the site and links the manifest', () => {
    expect(indexHtml).toContain('<title>Demo News</title>');
    expect(indexHtml).toMatch(/<html lang="en" dir="ltr">/);
    expect(indexHtml).toMatch(/<link rel="manifest" href="\/manifest\.webmanifest"/);
  });
});

describe('the bundle', () => {
  it('compiles the site config in (trust anchor and bootstrap mirrors) and never eval()s', async () => {
    const js = (await Promise.all((await readdir(join(out, 'assets'))).filter((a) => a.endsWith('.js')).map((a) => readFile(join(out, 'assets', a), 'utf8')))).join('\n');
    expect(sw).toContain('https://mirror-a.test/');
    expect(js).toContain('Demo News');
    expect(js).not.toMatch(/\beval\s*\(|new Function\s*\(/);
  });
});

describe('buildAppShell', () => {
  it('leaves the repository files of a mirror tree alone and reuses the cached build', async () => {
    const tree = join(out, '..', `${out.split('/').pop()}-tree`);
    await mkdir(join(tree, 'objects'), { recursive: true });
    await mkdir(join(tree, 'root'), { recursive: true });
    await mkdir(join(tree, 'assets'), { recursive: true });
    await writeFile(join(tree, 'timestamp.json'), 'TS');
    await writeFile(join(tree, 'root.json'), 'ROOT');
    await writeFile(join(tree, 'root', '1.json'), 'R1');
    await writeFile(join(tree, 'objects', 'ab'), 'OBJ');
    await writeFile(join(tree, 'assets', 'index-OLD.js'), 'old');
    const started = Date.now();
    await buildAppShell({ ...TEST_SITE, out: tree });
    // Same inputs: no Vite run, just a copy.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await readFile(join(tree, 'timestamp.json'), 'utf8')).toBe('TS');
    expect(await readFile(join(tree, 'root.json'), 'utf8')).toBe('ROOT');
    expect(await readFile(join(tree, 'root', '1.json'), 'utf8')).toBe('R1');
    expect(await readFile(join(tree, 'objects', 'ab'), 'utf8')).toBe('OBJ');
    expect(await readFile(join(tree, 'index.html'), 'utf8')).toBe(indexHtml);
    expect((await stat(join(tree, 'sw.js'))).isFile()).toBe(true);
    expect((await stat(join(tree, 'manifest.webmanifest'))).isFile()).toBe(true);
    expect(await stat(join(tree, 'assets', 'index-OLD.js')).catch(() => 'gone')).toBe('gone');
  });

  it('a different site config means a different build', async () => {
    const other = await builtShell({ site: { ...TEST_SITE.site, name: 'Вечерние новости', lang: 'ru' } });
    const html = await readFile(join(other, 'index.html'), 'utf8');
    expect(html).toContain('<title>Вечерние новости</title>');
    expect(html).toMatch(/<html lang="ru" dir="ltr">/);
  }, 120_000);
});

describe('npm run build:app without a site config', () => {
  it('fails with a clear message', async () => {
    const env = { ...process.env };
    delete env['PIGEONPOST_SITE_CONFIG'];
    const run = promisify(execFile)(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', join(out, 'never')], { cwd: REPO_ROOT, env });
    const err = await run.then(() => null).catch((e: { stderr?: string; stdout?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`);
    expect(err).toMatch(/PIGEONPOST_SITE_CONFIG is not set/);
  }, 60_000);
});
