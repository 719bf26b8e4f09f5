import { createServer } from 'node:http';
import { mkdtemp, rm, readdir, readFile } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { benchArticle } from './generate.ts';

const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
async function browserCpu(profileDir: string, type?: string): Promise<number> {
  let t = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (type ? !cmd.includes(`--type=${type}`) : !cmd.includes(profileDir) || cmd.includes('--type=')) continue;
    const f = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    t += (Number(f[11]) + Number(f[12])) / 100;
  }
  return t;
}
const N = Number(process.argv[2] ?? 10000);
const variants = (process.argv[3] ?? 'floor,ours').split(',');
const server = createServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end('<!doctype html><title>x</title>'); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const port = (server.address() as { port: number }).port;
const profile = await mkdtemp(join(tmpdir(), 'idbx-'));
const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: false, args: ARGS });
const page = ctx.pages()[0] ?? (await ctx.newPage());
await page.goto(`http://127.0.0.1:${port}/`);
// Build data in page: articles as floor JSON, envelopes as bytes.
const arts = Array.from({ length: N }, (_, i) => benchArticle(i));
await page.evaluate((a) => { (globalThis as any).ARTS = a; }, arts);
const code = await readFile(new URL('./idb-variants-page.js', import.meta.url), 'utf8');
const rounds = Number(process.env['ROUNDS'] ?? 3);
const res = new Map<string, { ms: number[]; cpu: number[]; rcpu: number[] }>();
for (let k = 0; k < rounds; k++) {
  for (const v of variants) {
    const c0 = await browserCpu(profile);
    const r0 = await browserCpu(profile, 'renderer');
    const r = (await page.evaluate(`(${code})(${JSON.stringify(v)})`)) as { ms: number };
    const c1 = await browserCpu(profile);
    const r1 = await browserCpu(profile, 'renderer');
    const e = res.get(v) ?? { ms: [], cpu: [], rcpu: [] };
    e.ms.push(r.ms);
    e.cpu.push(c1 - c0);
    e.rcpu.push(r1 - r0);
    res.set(v, e);
  }
}
const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
for (const [v, e] of res) console.log(`${v.padEnd(28)} wall min ${Math.min(...e.ms)} med ${med(e.ms)} ms; browser cpu med ${med(e.cpu).toFixed(2)} s, renderer ${med(e.rcpu).toFixed(2)} s  (load ${loadavg()[0]!.toFixed(2)})`);
await ctx.close();
server.close();
await rm(profile, { recursive: true, force: true });
