/**
 * `npm run bench:scale`: the figures behind docs/scale.md, measured with the real publisher,
 * server and sync engine (the service worker's, run in Node with a memory store) on loopback.
 *
 *   1. Bytes and requests per reader: a cold sync of the archive; a day of hourly syncs while the
 *      publisher publishes hourly and adds 50 stories (5 an hour, 08:00–17:00); a day of hourly
 *      syncs with no new story. Body bytes from the engine, wire bytes (HTTP/1.1 headers and
 *      bodies, both directions) from a counting TCP proxy in front of each of the two mirrors.
 *   2. A CDN in front of a mirror: nginx (`proxy_cache`, honouring the origin's Cache-Control)
 *      between `--readers` readers and one mirror, through the same day: requests and bytes the
 *      readers made against those that reached the origin.
 *   3. Blocking: a first sync with k mirrors blocked (refusing connections, or accepting and
 *      never answering: a black hole) listed before one that answers, k = 0, 4, 7; and 8 blocked.
 *
 *   npm run bench:scale -- [--articles 1000] [--readers 20] [--skip-cdn] [--only blocking]
 * Needs nginx on PATH for part 2 (apt-get install nginx-light).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile, readFile, mkdir } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { initSite } from '../src/cli/site/init-site.ts';
import { publishSite } from '../src/cli/publish/publish-site.ts';
import { startServer, type RunningServer } from '../src/cli/serve/server.ts';
import { MemoryStore, runSync, type SyncResult } from '../src/core/sync/index.ts';
import { writeArticles } from './bench/generate.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const ARTICLES = Number(arg('articles') ?? 1000);
const READERS = Number(arg('readers') ?? 20);
const HOUR = 3_600_000;

/** A TCP proxy that counts the bytes each way. */
async function countingProxy(targetPort: number): Promise<{ url: string; bytes: () => number; reset: () => void; close: () => Promise<void> }> {
  let up = 0;
  let down = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d: Buffer) => (up += d.length));
    upstream.on('data', (d: Buffer) => (down += d.length));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    bytes: () => up + down,
    reset: () => {
      up = 0;
      down = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A free loopback port. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A server that accepts connections and never answers (a censor's black hole). */
async function blackHole(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const kib = (n: number): string => (n < 10 * 1024 ? `${n.toLocaleString('en')} B` : `${(n / 1024).toFixed(1)} KiB`);

interface Tally {
  syncs: number;
  body: number;
  requests: number;
  wire: number;
}
const add = (t: Tally, r: SyncResult, wire: number): void => {
  t.syncs++;
  t.body += r.bytes;
  t.requests += r.requests;
  t.wire += wire;
};

async function main(): Promise<void> {
  console.log(`bench:scale — ${ARTICLES} articles, ${READERS} CDN readers; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const root = await mkdtemp(join(tmpdir(), 'pp-bench-scale-'));
  const site = join(root, 'site');
  const out = join(root, 'out');
  const servers: RunningServer[] = [];
  const closers: (() => Promise<void>)[] = [];
  let nginx: ChildProcess | undefined;
  try {
    // The archive: days 0..9 of the generator (100 stories a day, ~8 KB of HTML each).
    await initSite(site, { name: 'Scale News', id: 'scale-news', samples: false, now: Date.parse('2026-01-01T00:00:00Z') });
    await writeArticles(site, 0, ARTICLES);
    // Two mirrors, each behind a counting proxy; the signed list names the proxies.
    await mkdir(out, { recursive: true });
    const origin = [await startServer(out, { port: 0, host: '127.0.0.1' }), await startServer(out, { port: 0, host: '127.0.0.1' })].map((s) => (servers.push(s), s));
    const proxies = await Promise.all(origin.map((s) => countingProxy(Number(new URL(s.url).port))));
    for (const p of proxies) closers.push(p.close);
    const mirrors = proxies.map((p) => p.url);
    const day0 = Date.parse('2026-01-11T00:00:00Z');
    let now = day0;
    await publishSite(site, { out, allowMirrorRemoval: true, mirrors, appShell: false, now, log: () => undefined });
    const shippedRoot = new Uint8Array(await readFile(join(site, 'root.json')));
    const config = { shippedRoot, bootstrapMirrors: mirrors };
    const wire = () => proxies.reduce((n, p) => n + p.bytes(), 0);
    const resetWire = () => proxies.forEach((p) => p.reset());

    async function blocking(): Promise<void> {
      // 3. Blocking: a mirror list (bootstrap and signed) of k blocked mirrors (refusing, or black
      //    holes) and one reachable, listed last.
      const good = origin[1]!.url;
      for (const mode of ['refused', 'black hole'] as const) {
        for (const k of [0, 4, 7, 8]) {
          const bad: string[] = [];
          for (let i = 0; i < k; i++) {
            if (mode === 'refused') bad.push(`http://127.0.0.1:${await freePort()}/`);
            else {
              const h = await blackHole();
              closers.push(h.close);
              bad.push(h.url);
            }
          }
          const list = k < 8 ? [...bad, good] : bad;
          // The signed list names the same mirrors, so the next sync meets them again.
          await publishSite(site, { out, allowMirrorRemoval: true, mirrors: list, appShell: false, now: now + 30_000, log: () => undefined });
          const t = performance.now();
          const store = new MemoryStore();
          const res = await runSync(store, { shippedRoot, bootstrapMirrors: list }, { now: now + 60_000 });
          const t2 = performance.now();
          // The next sync: the reader remembers which mirrors failed (mirror health) and asks the others first.
          const again = await runSync(store, { shippedRoot, bootstrapMirrors: list }, { now: now + 120_000 });
          console.log(
            `blocking (${mode}): ${k} blocked${k < 8 ? ', 1 reachable, listed last' : ', none reachable'} → ${res.outcome}, ${res.added} articles, ${res.requests} requests, ${Math.round(t2 - t)} ms; ` +
              `next sync ${again.outcome}, ${again.requests} requests, ${Math.round(performance.now() - t2)} ms`,
          );
        }
      }
    }
    const only = arg('only');
    // 1a. Cold sync.
    const reader = new MemoryStore();
    resetWire();
    const t0 = performance.now();
    const cold = await runSync(reader, config, { now: now + 60_000 });
    if (cold.outcome !== 'updated') throw new Error(`cold sync: ${JSON.stringify(cold.errors)}`);
    console.log(`cold sync: ${cold.added} articles, ${kib(cold.bytes)} body, ${kib(wire())} wire, ${cold.requests} requests, ${Math.round(performance.now() - t0)} ms`);

    // 1b. A day of 50 stories, and a day with none: the publisher runs hourly, the reader syncs hourly.
    const day = async (label: string, stories: boolean, readers: MemoryStore[], via: string[] | undefined): Promise<Tally> => {
      const t: Tally = { syncs: 0, body: 0, requests: 0, wire: 0 };
      const start = now;
      let next = ARTICLES + (stories ? 0 : 50);
      for (let h = 0; h < 24; h++) {
        now = start + h * HOUR;
        if (stories && h >= 8 && h < 18) {
          await writeArticles(site, next, next + 5);
          next += 5;
        }
        await publishSite(site, { out, allowMirrorRemoval: true, mirrors, appShell: false, now: now + 5 * 60_000, log: () => undefined });
        for (const r of readers) {
          resetWire();
          const res = await runSync(r, via ? { shippedRoot, bootstrapMirrors: via } : config, { now: now + 30 * 60_000 });
          if (res.outcome === 'failed') throw new Error(`${label} h${h}: ${JSON.stringify(res.errors)}`);
          add(t, res, wire());
        }
      }
      now = start + 24 * HOUR;
      return t;
    };
    if (only === 'blocking') {
      await blocking();
      return;
    }
    const news = await day('news day', true, [reader], undefined);
    console.log(`day with 50 stories, 24 hourly syncs: ${kib(news.body)} body, ${kib(news.wire)} wire, ${news.requests} requests (${(news.requests / 24).toFixed(2)} a sync)`);
    const quiet = await day('quiet day', false, [reader], undefined);
    console.log(`day with no story, 24 hourly syncs: ${kib(quiet.body)} body, ${kib(quiet.wire)} wire, ${quiet.requests} requests (${(quiet.requests / 24).toFixed(2)} a sync; ${kib(Math.round(quiet.wire / quiet.requests))} wire a request)`);
    console.log(`reader store: ${reader.articles.size} articles`);

    await blocking();

    // 2. A CDN (nginx proxy_cache) in front of mirror 0.
    if (!process.argv.includes('--skip-cdn') && spawnSync('nginx', ['-v']).status === 0) {
      const cdnPort = await freePort();
      const originLog: string[] = [];
      // Count what reaches the origin: a third server on the same tree, logged.
      const logged = await startServer(out, { port: 0, host: '127.0.0.1', log: (l) => originLog.push(l) });
      servers.push(logged);
      const originProxy = await countingProxy(Number(new URL(logged.url).port));
      closers.push(originProxy.close);
      const conf = join(root, 'nginx.conf');
      await chmod(root, 0o755); // nginx's workers run as an unprivileged user
      await mkdir(join(root, 'nginx-cache'), { mode: 0o777 });
      await writeFile(
        conf,
        `daemon off; worker_processes 1; pid ${join(root, 'nginx.pid')}; error_log ${join(root, 'nginx-error.log')};
events { worker_connections 256; }
http {
  log_format cache '$request_uri $upstream_cache_status';
  access_log ${join(root, 'nginx-access.log')} cache;
  client_body_temp_path ${root}/nginx-body; proxy_temp_path ${root}/nginx-proxy; fastcgi_temp_path ${root}/nginx-fcgi; uwsgi_temp_path ${root}/nginx-uwsgi; scgi_temp_path ${root}/nginx-scgi;
  proxy_cache_path ${root}/nginx-cache levels=1:2 keys_zone=pp:10m max_size=1g inactive=7d use_temp_path=off;
  server {
    listen 127.0.0.1:${cdnPort};
    location / { proxy_pass http://127.0.0.1:${new URL(originProxy.url).port}; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_cache pp; proxy_cache_revalidate on; proxy_cache_lock on; add_header X-Cache $upstream_cache_status; }
  }
}
`,
      );
      nginx = spawn('nginx', ['-c', conf], { stdio: 'ignore' });
      for (let i = 0; i < 50; i++) {
        if (await fetch(`http://127.0.0.1:${cdnPort}/timestamp.json`).then((r) => r.ok, () => false)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const cdnUrl = `http://127.0.0.1:${cdnPort}/`;
      const readerProxy = await countingProxy(cdnPort);
      closers.push(readerProxy.close);
      // These readers know only the CDN: the signed list names it alone from now on.
      await publishSite(site, { out, allowMirrorRemoval: true, mirrors: [readerProxy.url], appShell: false, now: now + 1000, log: () => undefined });
      originLog.length = 0;
      originProxy.reset();
      const readers = Array.from({ length: READERS }, () => new MemoryStore());
      let coldBody = 0;
      let coldRequests = 0;
      for (const r of readers) {
        const res = await runSync(r, { shippedRoot, bootstrapMirrors: [readerProxy.url] }, { now: now + 60_000 });
        if (res.outcome !== 'updated') throw new Error(`cdn cold: ${JSON.stringify(res.errors)}`);
        coldBody += res.bytes;
        coldRequests += res.requests;
      }
      console.log(`CDN, ${READERS} cold syncs: readers ${coldRequests} requests / ${kib(coldBody)} body, ${kib(readerProxy.bytes())} wire; origin ${originLog.length} requests, ${kib(originProxy.bytes())} wire`);
      originLog.length = 0;
      originProxy.reset();
      readerProxy.reset();
      const logLines = async () => (await readFile(join(root, 'nginx-access.log'), 'utf8')).split('\n').filter((l) => l !== '');
      const before = (await logLines()).length;
      const cdnDay = await dayVia(readers, readerProxy.url);
      const tsAtOrigin = originLog.filter((l) => l.includes('/timestamp.json')).length;
      // The CDN's own account: $upstream_cache_status per request (MISS, EXPIRED, REVALIDATED: asked the origin).
      const counts = new Map<string, number>();
      for (const l of (await logLines()).slice(before)) {
        const [uri, status] = l.split(' ');
        const key = `${uri === '/timestamp.json' ? 'timestamp' : 'other'} ${status}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      console.log(`CDN log (${READERS} readers, the day): ${[...counts].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}`);
      // Every status but HIT (MISS, EXPIRED, REVALIDATED, UPDATING, BYPASS, "-") asked the origin.
      const toOrigin = [...counts].filter(([k]) => !k.endsWith(' HIT')).reduce((n, [, c]) => n + c, 0);
      const tsToOrigin = [...counts].filter(([k]) => k.startsWith('timestamp ') && !k.endsWith(' HIT')).reduce((n, [, c]) => n + c, 0);
      const xCache: string[] = [];
      for (const path of ['timestamp.json', 'timestamp.json', 'root/1.json', 'root/1.json']) xCache.push(`${path} ${(await fetch(cdnUrl + path)).headers.get('x-cache')}`);
      console.log(`CDN cache status (X-Cache): ${xCache.join(', ')}`);
      console.log(
        `CDN, ${READERS} readers through a day of 50 stories: readers ${cdnDay.requests} requests / ${kib(cdnDay.body)} body, ${kib(readerProxy.bytes())} wire; ` +
          `origin ${toOrigin} requests by the CDN's log (${tsToOrigin} of them timestamp.json; the origin server logged ${originLog.length}, ${tsAtOrigin}), ${kib(originProxy.bytes())} wire — the cache absorbed ${(100 * (1 - originProxy.bytes() / readerProxy.bytes())).toFixed(1)} % of the bytes and ${(100 * (1 - toOrigin / cdnDay.requests)).toFixed(1)} % of the requests`,
      );

      async function dayVia(rs: MemoryStore[], via: string): Promise<Tally> {
        const t: Tally = { syncs: 0, body: 0, requests: 0, wire: 0 };
        const start = now;
        let next = ARTICLES + 50;
        for (let h = 0; h < 24; h++) {
          now = start + h * HOUR;
          if (h >= 8 && h < 18) {
            await writeArticles(site, next, next + 5);
            next += 5;
          }
          await publishSite(site, { out, allowMirrorRemoval: true, mirrors: [via], appShell: false, now: now + 5 * 60_000, log: () => undefined });
          for (const r of rs) {
            const res = await runSync(r, { shippedRoot, bootstrapMirrors: [via] }, { now: now + 30 * 60_000 });
            if (res.outcome === 'failed') throw new Error(`cdn day h${h}: ${JSON.stringify(res.errors)}`);
            add(t, res, 0);
          }
        }
        now = start + 24 * HOUR;
        return t;
      }
    } else {
      console.log('CDN: skipped (no nginx on PATH, or --skip-cdn)');
    }

  } finally {
    nginx?.kill('SIGTERM');
    for (const c of closers) await c().catch(() => undefined);
    for (const s of servers) await s.close().catch(() => undefined);
    if (!process.argv.includes('--keep')) await rm(root, { recursive: true, force: true });
  }
}

await main();
