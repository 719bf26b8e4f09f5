/**
 * The `_headers` file publish writes (Netlify, Cloudflare Pages): read with those hosts' rules
 * (a path pattern per block, `*` matching anything, headers of every matching block combined), it
 * gives every file of a real tree the Cache-Control `pigeonpost serve` sends, from exactly one
 * block, and CORS on every file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cacheControlFor } from '../../src/cli/serve/content-types.ts';
import { cleanup, hashTree, runOk, T0, tempDir, addTestMirror } from './helpers.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** Parse a _headers file into blocks. */
function parseHeaders(text: string): { pattern: RegExp; headers: [string, string][] }[] {
  const blocks: { pattern: RegExp; headers: [string, string][] }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      blocks.push({ pattern: new RegExp(`^${line.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`), headers: [] });
      continue;
    }
    const [k, ...v] = line.trim().split(':');
    blocks[blocks.length - 1]!.headers.push([k!.trim().toLowerCase(), v.join(':').trim()]);
  }
  return blocks;
}

describe('_headers', () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = await tempDir('pp-headers-');
    await runOk(['init', join(dir, 'site'), '--name', 'Headers Test', '--now', T0]);
    await addTestMirror(join(dir, 'site'));
    out = join(dir, 'out');
    await runOk(['publish', join(dir, 'site'), '--out', out, '--now', T0]);
  });
  afterAll(() => cleanup(dir));

  it('gives every file the cache policy serve uses, from one rule, and CORS', async () => {
    const blocks = parseHeaders(await readFile(join(out, '_headers'), 'utf8'));
    const files = [...(await hashTree(out)).keys()];
    expect(files).toContain('sw.js');
    expect(files.some((f) => f.startsWith('assets/'))).toBe(true);
    for (const f of files) {
      const matching = blocks.filter((b) => b.pattern.test(`/${f}`));
      const cache = matching.flatMap((b) => b.headers.filter(([k]) => k === 'cache-control').map(([, v]) => v));
      expect(cache.length, f).toBeLessThanOrEqual(1);
      expect(cache[0] ?? 'no-cache', f).toBe(cacheControlFor(f));
      expect(matching.some((b) => b.headers.some(([k, v]) => k === 'access-control-allow-origin' && v === '*')), f).toBe(true);
    }
  });
});
