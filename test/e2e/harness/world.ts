/**
 * A complete test world on this machine: a site made with `pigeonpost init`, published with
 * `pigeonpost publish` into one mirror tree per host, served by real `pigeonpost serve` processes on
 * three free local ports (the origin the reader installs from, and two mirrors), plus one
 * switchable hostile mirror. The signed mirror list names all four.
 *
 *   const world = await createWorld();
 *   await world.addArticle('late-news', 'Late news');
 *   await world.publish({ to: ['m1', 'm2'] });   // the origin is blocked: only the mirrors get it
 *   await world.stop('origin');
 *   ...
 *   await world.close();
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execFile } from 'node:child_process';
import { pigeonpost, REPO, startServe, type ServeProcess } from './cli.ts';
import { startHostileMirror, type HostileMirror } from './hostile-mirror.ts';
import { freePorts } from './ports.ts';

/** The hosts of the world. */
export type Host = 'origin' | 'm1' | 'm2' | 'hostile';
export const SERVED_HOSTS = ['origin', 'm1', 'm2'] as const;

/** What one publish produced. */
export interface Published {
  /** The signed timestamp.json bytes. */
  readonly timestamp: Uint8Array;
  /** objects/<sha> paths new in this publish, and which of them are packs. */
  readonly newObjects: readonly string[];
  readonly newPacks: readonly string[];
}

/** A running world. */
export interface World {
  readonly root: string;
  readonly siteDir: string;
  readonly siteId: string;
  readonly urls: Readonly<Record<Host, string>>;
  /** The signed mirror list, in order. */
  readonly mirrorList: readonly string[];
  readonly hostile: HostileMirror;
  readonly servers: Partial<Record<(typeof SERVED_HOSTS)[number], ServeProcess>>;
  dirOf(host: Host): string;
  /** Write `articles/<id>.md`. */
  addArticle(id: string, title: string, opts?: { body?: string; section?: string; date?: string }): Promise<void>;
  /** Publish into the staging tree and copy it to `to` (default: every host). */
  publish(opts?: { to?: readonly Host[]; now?: string }): Promise<Published>;
  start(host: (typeof SERVED_HOSTS)[number]): Promise<void>;
  stop(host: (typeof SERVED_HOSTS)[number]): Promise<void>;
  close(): Promise<void>;
}

async function listObjects(dir: string): Promise<Set<string>> {
  try {
    return new Set((await readdir(join(dir, 'objects'))).map((n) => `objects/${n}`));
  } catch {
    return new Set();
  }
}

function isPack(gz: Uint8Array): boolean {
  try {
    return gunzipSync(gz).subarray(0, 18).toString() === 'PIGEONPOST-PACK-1\n';
  } catch {
    return false;
  }
}

/** Copy a mirror tree so that a reader never sees a timestamp before the objects it names. */
export async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const names = await readdir(from);
  const order = (n: string): number => (n === 'objects' ? 0 : n === 'root' ? 1 : n === 'timestamp.json' ? 3 : 2);
  for (const n of names.sort((a, b) => order(a) - order(b))) await cp(join(from, n), join(to, n), { recursive: true, force: true });
}

/**
 * The app shell normally comes from `pigeonpost publish` (src/cli/app-shell/build-app-shell.ts).
 * While that builder is not in the checkout, build it here the same way (Vite with the site config).
 */
async function ensureAppShell(out: string, siteDir: string, site: { id: string; name: string; lang: string }, mirrors: readonly string[]): Promise<void> {
  if (existsSync(join(out, 'sw.js'))) return;
  const root = await readFile(join(siteDir, 'root.json'));
  const cfgPath = join(siteDir, '..', 'site-config.json');
  await writeFile(cfgPath, JSON.stringify({ id: site.id, name: site.name, lang: site.lang, description: site.name, rootBase64url: root.toString('base64url'), mirrors }));
  const dist = join(siteDir, '..', 'app-dist');
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', dist, '--emptyOutDir'], { cwd: REPO, env: { ...process.env, PIGEONPOST_SITE_CONFIG: cfgPath }, maxBuffer: 32 * 1024 * 1024 }, (e, _o, err) =>
      e ? reject(new Error(`app shell build failed: ${err}`)) : resolve(),
    ),
  );
  await cp(dist, out, { recursive: true });
}

/** Create the world: init, publish to every host, start the servers. */
export async function createWorld(opts: { name?: string; id?: string } = {}): Promise<World> {
  const root = await mkdtemp(join(tmpdir(), 'pigeonpost-world-'));
  const siteDir = join(root, 'site');
  const staging = join(root, 'staging');
  const dirs: Record<Host, string> = { origin: join(root, 'origin'), m1: join(root, 'm1'), m2: join(root, 'm2'), hostile: join(root, 'hostile') };
  const name = opts.name ?? 'E2E News';
  const id = opts.id ?? 'e2e-news';
  await pigeonpost(['init', siteDir, '--name', name, '--id', id]);
  const [po, p1, p2] = await freePorts(3);
  const hostile = await startHostileMirror(dirs.hostile);
  const urls: Record<Host, string> = {
    origin: `http://127.0.0.1:${po}/`,
    m1: `http://127.0.0.1:${p1}/`,
    m2: `http://127.0.0.1:${p2}/`,
    hostile: hostile.url,
  };
  const mirrorList = [urls.origin, urls.m1, urls.m2, urls.hostile];
  const siteJson = JSON.parse(await readFile(join(siteDir, 'site.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(siteDir, 'site.json'), JSON.stringify({ ...siteJson, mirrors: mirrorList }, null, 2));
  const servers: World['servers'] = {};

  const world: World = {
    root,
    siteDir,
    siteId: id,
    urls,
    mirrorList,
    hostile,
    servers,
    dirOf: (h) => dirs[h],
    async addArticle(articleId, title, o = {}) {
      const date = o.date ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const text = [
        '---',
        `title: ${JSON.stringify(title)}`,
        `date: ${date}`,
        'lang: en',
        `section: ${o.section ?? 'Updates'}`,
        `summary: ${JSON.stringify(`Summary of ${title}`)}`,
        '---',
        '',
        o.body ?? `This is the body of ${title}.`,
        '',
      ].join('\n');
      await writeFile(join(siteDir, 'articles', `${articleId}.md`), text);
    },
    async publish(o = {}) {
      const before = await listObjects(staging);
      await pigeonpost(['publish', siteDir, '--out', staging, ...mirrorList.flatMap((m) => ['--mirror', m]), ...(o.now ? ['--now', o.now] : [])]);
      await ensureAppShell(staging, siteDir, { id, name, lang: 'en' }, mirrorList);
      const after = await listObjects(staging);
      const newObjects = [...after].filter((p) => !before.has(p));
      const newPacks: string[] = [];
      for (const p of newObjects) if (isPack(new Uint8Array(await readFile(join(staging, p))))) newPacks.push(p);
      for (const h of o.to ?? (['origin', 'm1', 'm2', 'hostile'] as const)) await copyTree(staging, dirs[h]);
      return { timestamp: new Uint8Array(await readFile(join(staging, 'timestamp.json'))), newObjects, newPacks };
    },
    async start(h) {
      if (servers[h]?.running) return;
      const port = Number(new URL(urls[h]).port);
      servers[h] = await startServe(dirs[h], port);
    },
    async stop(h) {
      await servers[h]?.stop();
      delete servers[h];
    },
    async close() {
      for (const h of SERVED_HOSTS) await world.stop(h).catch(() => undefined);
      await hostile.close().catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
  try {
    await world.publish();
    for (const h of SERVED_HOSTS) await world.start(h);
  } catch (e) {
    await world.close();
    throw e;
  }
  return world;
}
