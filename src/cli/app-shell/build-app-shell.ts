/**
 * Build the reader app shell for a site and write it into a mirror tree.
 *
 * `pigeonpost publish` calls this with the site's trust anchor (the newest root envelope bytes)
 * and bootstrap mirror list. The build runs Vite programmatically (appViteConfig) into a cache
 * directory keyed by the SHA-256 of every input — the site config, the app's source files, public/
 * and the lockfile — so an incremental publish with unchanged inputs only copies the cached build.
 * Then the shell (index.html, sw.js, assets/, manifest.webmanifest, icons/) is copied into `out`
 * without touching the repository files there (timestamp.json, root/, root.json, objects/):
 * assets first, index.html and sw.js last, so a mirror never serves a worker whose files are
 * missing.
 */
import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { toBase64url } from '../../core/encoding/bytes.ts';
import { loadSiteConfig, type SiteConfigFile } from './site-config.ts';
import { appViteConfig, REPO_ROOT } from './vite-config.ts';
import { makeDirs } from '../util/fs.ts';
import { precompress } from './precompress.ts';
import { applySiteScreenshots } from './site-screenshots.ts';

/** Options of buildAppShell. */
export interface BuildAppShellOptions {
  /** The site folder (its own install-dialog screenshots, if any; the app is built from the site config given here). */
  readonly siteDir: string;
  /** The mirror tree to write the shell into. */
  readonly out: string;
  /** The trusted root envelope bytes (site root.json). */
  readonly rootBytes: Uint8Array;
  /** Bootstrap mirror base URLs. */
  readonly mirrors: string[];
  readonly site: { id: string; name: string; lang: string; description?: string };
  /** URL path the app is served under; default: the mirrors' common path, else `/`. */
  readonly base?: string;
  /** Where built shells are cached; default node_modules/.cache/pigeonpost/app-shell. */
  readonly cacheDir?: string;
  /** Progress and warnings (default: silent). */
  readonly log?: (line: string) => void;
}

/** Names in a mirror tree that belong to the repository, never to the shell (format.md §1). */
const REPOSITORY_NAMES = new Set(['timestamp.json', 'root', 'root.json', 'objects']);

/** Inputs of the build besides the site config (paths relative to the repository root). */
const SOURCE_INPUTS = ['index.html', 'src/app', 'src/sw', 'src/shared', 'src/core', 'src/cli/app-shell', 'public', 'package-lock.json', 'vite.config.ts'];

/** Marker written last into a complete cached build. */
const COMPLETE = '.pigeonpost-build-complete';
const CONFIG_FILE = '.pigeonpost-site-config.json';

/** The common path of the mirror URLs, or `/` when they differ (the shell then needs root paths). */
export function basePathFor(mirrors: readonly string[], log?: (line: string) => void): string {
  const paths = new Set(mirrors.map((m) => new URL(m).pathname));
  if (paths.size === 1) return [...paths][0]!;
  if (paths.size > 1) log?.(`warning: mirrors are served under different paths (${[...paths].join(', ')}); building the app for "/"`);
  return '/';
}

async function listFiles(root: string, rel: string): Promise<string[]> {
  const abs = join(root, rel);
  const s = await stat(abs).catch(() => undefined);
  if (!s) return [];
  if (s.isFile()) return [rel];
  const out: string[] = [];
  for (const e of (await readdir(abs, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    out.push(...(await listFiles(root, join(rel, e.name))));
  }
  return out;
}

/** SHA-256 over the site config and every source input (path and content). */
export async function inputsHash(configJson: string): Promise<string> {
  const h = createHash('sha256');
  h.update(`config\0${configJson}\0`);
  for (const input of SOURCE_INPUTS) {
    for (const file of await listFiles(REPO_ROOT, input)) {
      h.update(`file\0${file.split(sep).join('/')}\0`);
      h.update(await readFile(join(REPO_ROOT, file)));
      h.update('\0');
    }
  }
  return h.digest('hex');
}

async function build(site: SiteConfigFile, dir: string, log?: (line: string) => void): Promise<void> {
  const { build: viteBuild } = await import('vite');
  log?.(`building the reader app for ${site.id} (base ${site.base})`);
  // vite-plugin-pwa compiles the worker with process.env.NODE_ENV as it finds it (under a test
  // runner: "test", which keeps Workbox's dev logging). The cache key assumes one output per
  // input, so pin it for the duration of the build.
  const previous = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await viteBuild({ ...appViteConfig(site, dir, log ? 'warn' : 'silent'), configFile: false, mode: 'production' });
  } finally {
    if (previous === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = previous;
  }
}

/** Copy the files of `from` into `to` (creating directories); the order is the caller's. */
async function copyInto(from: string, to: string, files: readonly string[]): Promise<void> {
  for (const f of files) {
    const dest = join(to, f);
    await makeDirs(dirname(dest));
    // Copy then rename: a mirror never serves a half-written file.
    const tmp = `${dest}.tmp-${process.pid}`;
    await copyFile(join(from, f), tmp);
    await rename(tmp, dest);
  }
}

/** Build (or reuse) the shell for `opts.site` and write it into `opts.out`. */
export async function buildAppShell(opts: BuildAppShellOptions): Promise<void> {
  const config = {
    id: opts.site.id,
    name: opts.site.name,
    lang: opts.site.lang,
    description: opts.site.description ?? '',
    rootBase64url: toBase64url(opts.rootBytes),
    mirrors: opts.mirrors,
    base: opts.base ?? basePathFor(opts.mirrors, opts.log),
  };
  const configJson = JSON.stringify(config);
  const hash = await inputsHash(configJson);
  const cacheRoot = opts.cacheDir ?? join(REPO_ROOT, 'node_modules', '.cache', 'pigeonpost', 'app-shell');
  const built = join(cacheRoot, hash);

  if (!(await stat(join(built, COMPLETE)).catch(() => undefined))) {
    const tmp = `${built}.tmp-${process.pid}-${Date.now()}`;
    await makeDirs(tmp);
    try {
      // The config goes through the same file + validation path as a developer build.
      const configPath = join(cacheRoot, `${hash}.site-config.json`);
      await writeFile(configPath, configJson);
      const site = loadSiteConfig(configPath);
      await rm(configPath, { force: true });
      await build(site, tmp, opts.log);
      // Brotli and gzip copies for serve and for hosts that send precompressed files.
      await precompress(tmp, (await listFiles(tmp, '.')).map((f) => relative('.', f)));
      await writeFile(join(tmp, CONFIG_FILE), configJson);
      await writeFile(join(tmp, COMPLETE), hash);
      await rm(built, { recursive: true, force: true });
      await rename(tmp, built).catch(async (e: unknown) => {
        // Another process finished the same build first: its result is identical, use it.
        if (!(await stat(join(built, COMPLETE)).catch(() => undefined))) throw e;
        await rm(tmp, { recursive: true, force: true });
      });
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
  } else {
    opts.log?.(`reader app unchanged (cached build ${hash.slice(0, 12)})`);
  }

  const files = (await listFiles(built, '.')).map((f) => relative('.', f)).filter((f) => f !== COMPLETE && f !== CONFIG_FILE);
  const clash = files.find((f) => REPOSITORY_NAMES.has(f.split(sep)[0]!));
  if (clash) throw new Error(`the app build contains ${clash}, which would overwrite repository data in the mirror tree`);
  // The entry points last, each before its precompressed copies (serve uses a copy only when it is
  // not older than its file).
  const last = ['index.html', 'sw.js'].flatMap((f) => [f, `${f}.br`, `${f}.gz`]);
  const first = files.filter((f) => !last.includes(f));
  await makeDirs(opts.out);
  await copyInto(built, opts.out, first);
  const own = await applySiteScreenshots(opts.siteDir, opts.out);
  if (own.length) opts.log?.(`install-dialog screenshots from the site folder: ${own.join(', ')}`);
  await copyInto(built, opts.out, last.filter((f) => files.includes(f)));
  // Drop hashed assets of earlier builds (the new index.html and precache no longer name them).
  const keep = new Set(files.filter((f) => f.startsWith(`assets${sep}`)));
  for (const f of await listFiles(opts.out, 'assets')) if (!keep.has(f)) await rm(join(opts.out, f), { force: true });
}
