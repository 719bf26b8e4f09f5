/**
 * `pigeonpost serve` (the real binary): CORS, content types, caching, traversal refused, HEAD/GET
 * only, 404s, the SPA fallback, and a clean stop on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test runs the real binary; the machine may be shared and slow.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { BIN, cleanup, REPO, tempDir } from './helpers.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: node:http sends the path exactly as given (fetch would normalise `..`). */
function raw(base: string, method: string, path: string): Promise<Reply> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const SHA = 'a'.repeat(64);

describe('pigeonpost serve', () => {
  let dir: string;
  let tree: string;
  let child: ChildProcess;
  let base: string;

  beforeAll(async () => {
    dir = await tempDir();
    tree = join(dir, 'tree');
    await mkdir(join(tree, 'objects'), { recursive: true });
    await mkdir(join(tree, 'root'), { recursive: true });
    await mkdir(join(tree, 'assets'), { recursive: true });
    await writeFile(join(tree, 'objects', SHA), Buffer.from([0x1f, 0x8b, 0, 1, 2]));
    await writeFile(join(tree, 'timestamp.json'), '{"payload":"{}","signatures":[]}');
    await writeFile(join(tree, 'root.json'), '{}');
    await writeFile(join(tree, 'root', '1.json'), '{}');
    await writeFile(join(tree, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(join(tree, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await writeFile(join(tree, 'manifest.webmanifest'), '{}');
    await writeFile(join(tree, 'assets', 'index-3f9a1c2bd4.js'), 'console.log(1)');
    await writeFile(join(tree, 'assets', 'index-3f9a1c2bd4.css'), 'p{}');
    await writeFile(join(tree, 'assets', 'index-aIe-FIde.js'), 'console.log(2)'); // a Vite hash with "-" in it
    await writeFile(join(tree, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await writeFile(join(tree, 'icon.svg'), '<svg/>');
    await writeFile(join(tree, 'pic.webp'), 'RIFF');
    await writeFile(join(dir, 'secret.txt'), 'outside the tree');
    child = spawn(process.execPath, [BIN, 'serve', tree, '--port', '0', '--quiet'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
    });
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await cleanup(dir);
  });

  it('serves objects as immutable octet-streams with CORS', async () => {
    const r = await raw(base, 'GET', `/objects/${SHA}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['content-length']).toBe('5');
  });

  it('serves the timestamp and the app entry points with no-cache', async () => {
    for (const [path, type] of [
      ['/timestamp.json', 'application/json'],
      ['/root.json', 'application/json'],
      ['/index.html', 'text/html; charset=utf-8'],
      ['/', 'text/html; charset=utf-8'],
      ['/sw.js', 'text/javascript; charset=utf-8'],
      ['/manifest.webmanifest', 'application/manifest+json'],
    ] as const) {
      const r = await raw(base, 'GET', path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe(type);
      expect(r.headers['cache-control'], path).toBe('no-cache');
      expect(r.headers['access-control-allow-origin'], path).toBe('*');
    }
  });

  it('caches root versions and hashed assets as immutable; types for images', async () => {
    expect((await raw(base, 'GET', '/root/1.json')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const js = await raw(base, 'GET', '/assets/index-3f9a1c2bd4.js');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await raw(base, 'GET', '/assets/index-3f9a1c2bd4.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await raw(base, 'GET', '/assets/index-aIe-FIde.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await raw(base, 'GET', '/icon.png')).headers['content-type']).toBe('image/png');
    expect((await raw(base, 'GET', '/icon.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await raw(base, 'GET', '/pic.webp')).headers['content-type']).toBe('image/webp');
  });

  it('answers CORS preflights and refuses other methods', async () => {
    const o = await raw(base, 'OPTIONS', '/timestamp.json');
    expect(o.status).toBe(204);
    expect(o.headers['access-control-allow-origin']).toBe('*');
    expect(o.headers['access-control-allow-methods']).toContain('GET');
    const p = await raw(base, 'POST', '/timestamp.json');
    expect(p.status).toBe(405);
    expect(p.headers['allow']).toBe('GET, HEAD, OPTIONS');
    const h = await raw(base, 'HEAD', '/timestamp.json');
    expect(h.status).toBe(200);
    expect(h.body).toBe('');
    expect(h.headers['content-length']).toBe(String('{"payload":"{}","signatures":[]}'.length));
  });

  it('refuses path traversal in every spelling', async () => {
    for (const path of ['/../secret.txt', '/objects/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/objects/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%2fsecret.txt', '/index.html%00.png', '/%00', '/..\\secret.txt', '/.%2e/secret.txt']) {
      const r = await raw(base, 'GET', path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toContain('outside the tree');
    }
  });

  it('404s missing repository files and falls back to index.html for app routes', async () => {
    expect((await raw(base, 'GET', `/objects/${'b'.repeat(64)}`)).status).toBe(404);
    expect((await raw(base, 'GET', '/root/2.json')).status).toBe(404);
    expect((await raw(base, 'GET', '/missing.js')).status).toBe(404);
    const spa = await raw(base, 'GET', '/article/election-night');
    expect(spa.status).toBe(200);
    expect(spa.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(spa.body).toContain('<title>app</title>');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
