/**
 * Profile the reader's cold sync INSIDE the service worker (headless Chromium, loopback mirror).
 *
 *   node --import tsx scripts/bench/profile-sync.ts [--root DIR] [--articles 10000] [--minified]
 *        [--interval 200] [--top 40] [--no-profile] [--floor] [--trace] [--repeat N]
 *        [--no-publish] [--build-only FILE] [--ab A.js,B.js] [--eval EXPR]
 *
 * `--root DIR`: a folder holding `site/` and `out/` (made by an earlier run of this script, which
 * prints it; publishing 10,000 articles takes a minute, reusing only re-publishes, which rebuilds
 * the app shell when the sources changed; `--no-publish` rebuilds only the shell). Without
 * `--minified` the worker is rebuilt unminified so that the profile names functions (V8 runs both
 * the same way).
 *
 * How: a CDP session (playwright-core; a persistent context has no Browser object, so a page
 * session, whose Target domain sees the browser's targets) discovers the service_worker target as
 * it is created, attaches to it (non-flat session, messages through Target.sendMessageToTarget)
 * and starts the V8 sampling profiler before the worker's first sync gets far. When the cold sync
 * has finished, the profile is saved (`<root>/sync.cpuprofile`, loadable in DevTools) and
 * aggregated: self and inclusive time by function and by file, and how busy the worker thread was
 * each second. Always printed: CPU seconds by process and thread (from /proc) during the cold sync
 * (and the floor with `--floor`), and the phase timeline from the status broadcasts. `--trace`
 * records a Chromium trace instead (IndexedDB backend, Blink) and sums event self time per thread.
 * `--repeat N` runs N fresh profiles and prints medians; `--ab A.js,B.js` alternates two builds of
 * the worker (made with `--build-only FILE`) run by run, for A/B comparisons on a shared machine.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { initSite } from '../../src/cli/site/init-site.ts';
import { publishSite } from '../../src/cli/publish/publish-site.ts';
import { startServer } from '../../src/cli/serve/server.ts';
import { writeArticles, benchArticle } from './generate.ts';
import { FLOOR_IN_PAGE, writeFloorFiles } from './floor.ts';

const CHROMIUM = process.env['PIGEONPOST_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self and inclusive ms by function and by file; each sample counts once per distinct key in its stack. */
export function aggregate(p: Profile, top: number): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const short = (url: string): string => url.replace(/^.*\/(src|node_modules)\//, '$1/').replace(/^https?:\/\/[^/]+\//, '') || '(native)';
  const fnKey = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const fileKey = (n: ProfileNode): string => (n.callFrame.url ? short(n.callFrame.url) : n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)');
  const selfFn = new Map<string, number>();
  const inclFn = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const inclFile = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number): void => void m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  // Busy share of the worker thread per second (what is not idle), to see where it waited.
  const buckets: { busy: number; all: number; gc: number }[] = [];
  let clock = 0;
  // timeDeltas[i] is the time BEFORE sample i; the sample's own duration is the next delta.
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    total += dt;
    const leaf = byId.get(p.samples[i]!)!;
    clock += (p.timeDeltas[i] ?? 0) / 1000;
    const b = (buckets[Math.floor(clock / 1000)] ??= { busy: 0, all: 0, gc: 0 });
    b.all += dt;
    if (leaf.callFrame.functionName !== '(idle)') b.busy += dt;
    if (leaf.callFrame.functionName === '(garbage collector)') b.gc += dt;
    add(selfFn, fnKey(leaf), dt);
    add(selfFile, fileKey(leaf), dt);
    const fns = new Set<string>();
    const files = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (n.callFrame.functionName === '(root)') continue;
      fns.add(fnKey(n));
      files.add(fileKey(n));
    }
    for (const k of fns) add(inclFn, k, dt);
    for (const k of files) add(inclFile, k, dt);
  }
  const table = (title: string, m: Map<string, number>, n: number): string =>
    [`${title}`, ...[...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${v.toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)].join('\n');
  return [
    `profile: ${total.toFixed(0)} ms sampled, ${p.samples.length} samples`,
    `worker thread busy per second: ${buckets.map((b) => `${Math.round((100 * b.busy) / Math.max(1, b.all))}%`).join(' ')}`,
    table('self time by function', selfFn, top),
    table('inclusive time by function', inclFn, top),
    table('self time by file', selfFile, 25),
    table('inclusive time by file', inclFile, 25),
  ].join('\n\n');
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Thread CPU of the trace, and the heaviest event names (by self duration) on the busiest threads. */
function traceSummary(events: TraceEvent[]): string {
  const threadName = new Map<string, string>();
  const procName = new Map<number, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    if (e.ph === 'M' && e.name === 'process_name') procName.set(e.pid, e.args?.name ?? '?');
  }
  // Self time of complete events per thread: nested X events on one thread subtract from their parent.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) if (e.ph === 'X' && e.dur !== undefined) (byThread.get(`${e.pid}:${e.tid}`) ?? byThread.set(`${e.pid}:${e.tid}`, []).get(`${e.pid}:${e.tid}`)!).push(e);
  const lines: string[] = [];
  const perThread: { key: string; top: number; self: Map<string, number> }[] = [];
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const self = new Map<string, number>();
    const stack: { e: TraceEvent; end: number; child: number }[] = [];
    let top = 0;
    const pop = (): void => {
      const s = stack.pop()!;
      const k = `${s.e.cat}:${s.e.name}`;
      self.set(k, (self.get(k) ?? 0) + (s.e.dur! - s.child) / 1000);
    };
    for (const e of list) {
      while (stack.length && stack[stack.length - 1]!.end <= e.ts) pop();
      if (stack.length) stack[stack.length - 1]!.child += e.dur!;
      else top += e.dur! / 1000;
      stack.push({ e, end: e.ts + e.dur!, child: 0 });
    }
    while (stack.length) pop();
    perThread.push({ key, top, self });
  }
  perThread.sort((a, b) => b.top - a.top);
  for (const t of perThread.slice(0, 8)) {
    const [pid] = t.key.split(':');
    lines.push(`${procName.get(Number(pid)) ?? pid} / ${threadName.get(t.key) ?? t.key}: ${t.top.toFixed(0)} ms in top-level events`);
    for (const [k, v] of [...t.self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`    ${v.toFixed(0).padStart(6)} ms  ${k}`);
  }
  return lines.join('\n');
}

/** A non-flat CDP session on one target, through the browser session. */
class TargetSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  constructor(
    private readonly browser: CDPSession,
    readonly sessionId: string,
  ) {}
  onMessage(raw: string): void {
    const m = JSON.parse(raw) as { id?: number; result?: unknown; error?: { message: string } };
    if (m.id === undefined) return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  }
  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const done = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    void this.browser.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) }).catch((e: Error) => {
      this.pending.get(id)?.reject(e);
      this.pending.delete(id);
    });
    return done;
  }
}

/**
 * Rebuild the app shell from the current sources into `out` (same site config as the published
 * one), unminified unless `minify`; `whole`: copy every file of the build, not only sw.js.
 */
async function rebuildShell(out: string, siteId: string, base: string, minify: boolean, whole: boolean): Promise<void> {
  const cacheRoot = join(process.cwd(), 'node_modules', '.cache', 'pigeonpost', 'app-shell');
  const candidates: { dir: string; mtime: number }[] = [];
  for (const d of await readdir(cacheRoot)) {
    const cfg = await readFile(join(cacheRoot, d, '.pigeonpost-site-config.json'), 'utf8').catch(() => undefined);
    if (!cfg) continue;
    const c = JSON.parse(cfg) as { id: string; mirrors: string[] };
    if (c.id === siteId && c.mirrors.includes(base)) candidates.push({ dir: join(cacheRoot, d), mtime: (await stat(join(cacheRoot, d, 'sw.js'))).mtimeMs });
  }
  const newest = candidates.sort((a, b) => b.mtime - a.mtime)[0];
  if (!newest) throw new Error('no cached app-shell build for this site');
  // Only the worker is replaced: it must be the build of the same sources as the shell in `out`.
  if (!whole && (await readFile(join(newest.dir, 'sw.js'))).compare(await readFile(join(out, 'sw.js'))) !== 0) throw new Error('the cached build is not the one in out/');
  const { loadSiteConfig } = await import('../../src/cli/app-shell/site-config.ts');
  const { appViteConfig } = await import('../../src/cli/app-shell/vite-config.ts');
  const { pwaOptions } = await import('../../src/cli/app-shell/pwa-options.ts');
  const { pigeonpostSitePlugin } = await import('../../src/cli/app-shell/site-plugin.ts');
  const { VitePWA } = await import('vite-plugin-pwa');
  const { build } = await import('vite');
  const site = loadSiteConfig(join(newest.dir, '.pigeonpost-site-config.json'));
  const tmp = await mkdtemp(join(tmpdir(), 'pigeonpost-unminified-'));
  const pwa = pwaOptions(site, 'silent');
  const prev = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      ...appViteConfig(site, tmp, 'silent'),
      configFile: false,
      mode: 'production',
      plugins: [pigeonpostSitePlugin(site), VitePWA({ ...pwa, injectManifest: { ...pwa.injectManifest, minify } })],
    });
  } finally {
    if (prev === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = prev;
  }
  if (whole) await cp(tmp, out, { recursive: true, force: true });
  else await copyFile(join(tmp, 'sw.js'), join(out, 'sw.js'));
  await rm(tmp, { recursive: true, force: true });
}

/** CPU seconds by process type and thread name of the browser started with `profileDir` (Linux /proc). */
async function cpuByThread(profileDir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmd.includes(profileDir) && !(cmd.includes('--type=') && cmd.includes('chromium') && (await isChildOf(pid, profileDir)))) continue;
    const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
    const util = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1];
    const proc = util ? `utility(${util.split('.').slice(-2).join('.')})` : type;
    for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
      const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
      const m = /^\d+ \((.*)\) (.*)$/.exec(stat.trim());
      if (!m) continue;
      const f = m[2]!.split(' ');
      const ticks = Number(f[11]) + Number(f[12]);
      const k = `${proc} / ${m[1]!.replace(/\d+$/, '#')}`;
      out.set(k, (out.get(k) ?? 0) + ticks / 100);
    }
  }
  return out;
}
async function isChildOf(pid: string, profileDir: string): Promise<boolean> {
  // Zygote children do not carry --user-data-dir; walk up to the browser process.
  let p = pid;
  for (let i = 0; i < 5; i++) {
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    p = /\) \S+ (\d+)/.exec(stat)?.[1] ?? '1';
    if (p === '1') return false;
    if ((await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '')).includes(profileDir)) return true;
  }
  return false;
}
function cpuDiff(a: Map<string, number>, b: Map<string, number>): string {
  const rows = [...b.entries()].map(([k, v]) => [k, v - (a.get(k) ?? 0)] as const).filter(([, v]) => v >= 0.05).sort((x, y) => y[1] - x[1]);
  const total = rows.reduce((s, [, v]) => s + v, 0);
  return [`CPU by process / thread (s), total ${total.toFixed(2)}:`, ...rows.slice(0, 25).map(([k, v]) => `  ${v.toFixed(2).padStart(6)}  ${k}`)].join('\n');
}

async function send(page: Page, type: string): Promise<{ state: string; articleCount: number; lastRun?: { ms: number } }> {
  const reply = (await page.evaluate(`new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = (e) => resolve(e.data);
    navigator.serviceWorker.controller.postMessage({ type: ${JSON.stringify(type)}, payload: {} }, [c.port2]);
  })`)) as { ok: boolean; payload: { state: string; articleCount: number; lastRun?: { ms: number } } };
  return reply.payload;
}

async function main(): Promise<void> {
  const n = Number(arg('articles') ?? 10_000);
  let root = arg('root');
  let port: number;
  if (root) {
    const site = JSON.parse(await readFile(join(root, 'site', 'site.json'), 'utf8')) as { mirrors: string[] };
    port = Number(new URL(site.mirrors[0]!).port);
  } else {
    root = await mkdtemp(join(tmpdir(), `pigeonpost-profile-${n}-`));
    port = 20_000 + Math.floor(Math.random() * 20_000);
    const siteDir = join(root, 'site');
    await initSite(siteDir, { name: 'Bench News', id: 'bench-news', samples: false, now: Date.now() });
    const siteJson = JSON.parse(await readFile(join(siteDir, 'site.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(siteDir, 'site.json'), JSON.stringify({ ...siteJson, mirrors: [`http://127.0.0.1:${port}/`] }, null, 2));
    await writeArticles(siteDir, 0, n);
  }
  const base = `http://127.0.0.1:${port}/`;
  const rootDir: string = root;
  const siteDir = join(root, 'site');
  const out = join(root, 'out');
  const t0 = performance.now();
  // --no-publish: another engineer's unfinished publish code need not stop a measurement of the
  // reader; the shell (worker included) is rebuilt from the current sources all the same.
  if (flag('no-publish')) await rebuildShell(out, 'bench-news', base, flag('minified'), true);
  else {
    await publishSite(siteDir, { out, mirrors: [base], appShell: true, log: () => undefined });
    if (!flag('minified')) await rebuildShell(out, 'bench-news', base, false, false);
  }
  // --build-only FILE: keep the worker just built (for --ab) and stop.
  const buildOnly = arg('build-only');
  if (buildOnly) {
    await copyFile(join(out, 'sw.js'), buildOnly);
    return;
  }
  const articles = (await readdir(join(siteDir, 'articles'))).length;
  let floorFiles: { files: string[] } | undefined;
  if (flag('floor')) {
    await mkdir(join(out, 'floor'), { recursive: true });
    floorFiles = await writeFloorFiles(out, Array.from({ length: articles }, (_, i) => benchArticle(i)));
  }
  log(`root ${root} (${articles} articles), published in ${Math.round(performance.now() - t0)} ms`);

  const server = await startServer(out, { port, host: '127.0.0.1' });
  const repeat = Number(arg('repeat') ?? 1);
  // --ab A.js,B.js: alternate two builds of the worker run by run (A/B under the same load).
  const ab = arg('ab')?.split(',');
  const runs: { cold: number; floor?: number; cpu: number; worker: number; load: number; variant: string }[] = [];
  try {
    for (let r = 0; r < repeat; r++) {
      const variant = ab ? ab[r % ab.length]! : '';
      if (variant) await copyFile(variant, join(out, 'sw.js'));
      runs.push({ ...(await once(r === repeat - 1)), variant });
    }
  } finally {
    await server.close();
  }
  if (repeat > 1) {
    const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    for (const x of runs) log(`  ${x.variant} cold ${x.cold} ms, floor ${x.floor === undefined ? '-' : Math.round(x.floor)} ms, ratio ${x.floor ? (x.cold / x.floor).toFixed(2) : '-'}, CPU ${x.cpu.toFixed(2)} s (worker ${x.worker.toFixed(2)}), load ${x.load.toFixed(2)}`);
    for (const v of ab ?? ['']) {
      const mine = runs.filter((x) => x.variant === v);
      const ratios = mine.flatMap((x) => (x.floor ? [x.cold / x.floor] : []));
      log(`median of ${mine.length}${v ? ` (${v})` : ''}: cold ${med(mine.map((x) => x.cold))} ms, CPU ${med(mine.map((x) => x.cpu)).toFixed(2)} s, worker ${med(mine.map((x) => x.worker)).toFixed(2)} s${ratios.length ? `, ratio ${med(ratios).toFixed(2)}×` : ''}`);
    }
  }

  async function once(last: boolean): Promise<{ cold: number; floor?: number; cpu: number; worker: number; load: number }> {
  const profileDir = await mkdtemp(join(tmpdir(), 'pigeonpost-profile-browser-'));
  const ctx = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: false, args: ARGS });
  const result: { cold: number; floor?: number; cpu: number; worker: number; load: number } = { cold: 0, cpu: 0, worker: 0, load: loadavg()[0]! };
  try {
    // A persistent context has no Browser object: a page session's Target domain reaches the
    // browser's targets all the same.
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const cdp = await ctx.newCDPSession(page);
    const sessions = new Map<string, TargetSession>();
    let worker: Promise<TargetSession> | undefined;
    cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => sessions.get(e.sessionId)?.onMessage(e.message));
    const interval = Number(arg('interval') ?? 200);
    const profiling = !flag('no-profile') && last;
    cdp.on('Target.targetCreated', (e: { targetInfo: { targetId: string; type: string; url: string } }) => {
      if (e.targetInfo.type !== 'service_worker' || worker) return;
      worker = (async () => {
        const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: e.targetInfo.targetId, flatten: false })) as { sessionId: string };
        const s = new TargetSession(cdp, sessionId);
        sessions.set(sessionId, s);
        if (profiling) {
          await s.send('Profiler.enable');
          await s.send('Profiler.setSamplingInterval', { interval });
          await s.send('Profiler.start');
        }
        log(`attached to ${e.targetInfo.url}${profiling ? `, profiling every ${interval} µs` : ''}`);
        return s;
      })();
    });
    await cdp.send('Target.setDiscoverTargets', { discover: true });

    await page.addInitScript(`window.__phases = []; navigator.serviceWorker.addEventListener('message', (e) => {
      const m = e.data;
      if (m && m.type === 'STATUS_CHANGED' && m.payload.state === 'syncing') window.__phases.push([Math.round(performance.now()), m.payload.phase, m.payload.progress ? m.payload.progress.articlesDone : 0]);
      if (m && m.type === 'STATUS_CHANGED' && m.payload.state === 'idle' && m.payload.lastOutcome && !window.__pigeonpostCold) window.__pigeonpostCold = m.payload;
    });`);
    const tracing = flag('trace') && last;
    const traceEvents: TraceEvent[] = [];
    if (tracing) {
      cdp.on('Tracing.dataCollected', (e) => void traceEvents.push(...(e.value as unknown as TraceEvent[])));
      await cdp.send('Tracing.start', {
        transferMode: 'ReportEvents',
        traceConfig: { recordMode: 'recordAsMuchAsPossible', includedCategories: ['toplevel', 'IndexedDB', 'leveldb', 'disabled-by-default-toplevel.flow', 'ServiceWorker', 'loading', 'v8', 'blink', 'base', 'disabled-by-default-devtools.timeline'] },
      });
    }
    const loadBefore = load();
    const cpu0 = await cpuByThread(profileDir);
    const self0 = process.cpuUsage();
    await page.goto(base);
    type Cold = { lastOutcome: string; articleCount: number; lastRun: { ms: number; bytes: number; requests: number } };
    let cold: Cold | null = null;
    for (const deadline = Date.now() + 10 * 60_000; ; ) {
      cold = (await page.evaluate('window.__pigeonpostCold || null')) as Cold | null;
      if (cold) break;
      if (Date.now() > deadline) throw new Error('cold sync did not finish');
      await page.waitForTimeout(100);
    }
    const loadAfter = load();
    const phases = (await page.evaluate('window.__phases')) as [number, string, number][];
    const t0p = phases[0]?.[0] ?? 0;
    log(`progress (ms since the first broadcast, phase, articles): ${phases.filter((p, i) => i === 0 || p[1] !== phases[i - 1]![1] || i % 4 === 0).map(([t, ph, n]) => `${t - t0p} ${ph} ${n}`).join(' | ')}`);
    const cpu1 = await cpuByThread(profileDir);
    const self1 = process.cpuUsage(self0);
    log(cpuDiff(cpu0, cpu1));
    result.cold = cold.lastRun.ms;
    result.cpu = [...cpu1.entries()].reduce((n, [k, v]) => n + v - (cpu0.get(k) ?? 0), 0);
    result.worker = [...cpu1.entries()].filter(([k]) => k.includes('ServiceWorker')).reduce((n, [k, v]) => n + v - (cpu0.get(k) ?? 0), 0);
    log(`  ${((self1.user + self1.system) / 1e6).toFixed(2).padStart(6)}  node (this script and the mirror server)`);
    log(`cold sync: ${cold.lastOutcome}, ${cold.articleCount} articles, ${cold.lastRun.ms} ms (load before ${loadBefore}, after ${loadAfter})`);
    if (tracing) {
      const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await done;
      await writeFile(join(rootDir, 'sync-trace.json'), JSON.stringify({ traceEvents }));
      process.stdout.write(traceSummary(traceEvents) + '\n');
    }
    if (!worker) throw new Error('never saw the service worker target');
    const s = await worker;
    // --eval EXPR: read ad-hoc counters a temporary instrumentation left in the worker's globals.
    const expression = arg('eval');
    if (expression) log(`eval ${expression}: ${JSON.stringify(await s.send('Runtime.evaluate', { expression: `JSON.stringify(${expression})`, returnByValue: true }))}`);
    if (profiling) {
      const { profile } = await s.send<{ profile: Profile }>('Profiler.stop');
      await writeFile(join(rootDir, 'sync.cpuprofile'), JSON.stringify(profile));
      const report = aggregate(profile, Number(arg('top') ?? 40));
      await writeFile(join(rootDir, 'sync-profile.txt'), report);
      process.stdout.write(report + '\n');
    }
    if (floorFiles) {
      void send;
      const floors: number[] = [];
      const f0 = await cpuByThread(profileDir);
      const fs0 = process.cpuUsage();
      for (let i = 0; i < 2; i++) floors.push((await page.evaluate(`(${FLOOR_IN_PAGE})(${JSON.stringify({ base, files: floorFiles.files, connections: 6 })})`)) as number);
      const fs1 = process.cpuUsage(fs0);
      log(`floor (both runs): ${cpuDiff(f0, await cpuByThread(profileDir))}`);
      log(`  ${((fs1.user + fs1.system) / 1e6).toFixed(2).padStart(6)}  node (this script and the mirror server)`);
      result.floor = Math.min(...floors);
      log(`floor ${floors.map((f) => Math.round(f)).join(' / ')} ms; ratio ${(cold.lastRun.ms / Math.min(...floors)).toFixed(2)}× (load ${load()}, ${cpus().length} CPU)`);
    }
    log(`profile and report in ${rootDir}`);
  } finally {
    await ctx.close();
    await rm(profileDir, { recursive: true, force: true });
  }
  return result;
  }
}

await main();
