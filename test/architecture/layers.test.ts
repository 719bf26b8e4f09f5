/**
 * The runtime split of architecture.md, enforced: each folder of src/ may import only what its
 * runtime has. A core module that imported `node:fs` or touched `document` would break the service
 * worker or the page, so the rule is checked on every test run rather than left to review.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** folder → forbidden import patterns (architecture.md "Where code lives"). */
const RULES: Record<string, RegExp[]> = {
  core: [/^node:/, /^(fs|path|os|crypto|http|https|zlib|child_process)$/, /\/(app|sw|cli)\//, /^(lit|jsdom|idb|dompurify|workbox-)/],
  shared: [/^node:/, /\/(app|sw|cli)\//, /^(jsdom|workbox-)/],
  sw: [/^node:/, /\/(app|cli)\//, /^(lit|jsdom)/],
  app: [/^node:/, /\/(sw|cli)\//, /^jsdom/],
  // The search worker: no DOM (so no Lit, no DOMPurify), no page or service-worker code.
  search: [/^node:/, /\/(app|sw|cli)\//, /^(lit|jsdom|dompurify|workbox-)/],
};

/** Globals a pure core module must not touch. */
const CORE_GLOBALS = /\b(document|window|localStorage|Buffer|process|require|__dirname)\b\s*[.([]/;

describe('runtime layering', () => {
  for (const [folder, forbidden] of Object.entries(RULES)) {
    it(`src/${folder} imports nothing its runtime lacks`, () => {
      const dir = join(SRC, folder);
      let list: string[] = [];
      try {
        list = files(dir);
      } catch {
        return; // folder not present yet
      }
      const offences = list.flatMap((f) => imports(f).filter((spec) => forbidden.some((re) => re.test(spec))).map((spec) => `${relative(SRC, f)} imports ${spec}`));
      expect(offences).toEqual([]);
    });
  }

  it('src/core touches no DOM or Node globals', () => {
    const offences = files(join(SRC, 'core')).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && CORE_GLOBALS.test(line))
        .map((line) => `${relative(SRC, f)}: ${line.trim()}`),
    );
    expect(offences).toEqual([]);
  });
});
