/**
 * `npm run bench:publish`: publish 10,000 generated articles (about 8 KB of HTML each, English and
 * Russian text from the word lists below), then re-publish with 10 changed and once with none.
 * Prints time and bytes for each run, the timestamp size, and what a reader downloads to sync.
 *
 *   node --import tsx scripts/bench-publish.ts [--articles N] [--changed N] [--repeat N] [--keep]
 *
 * Targets (issue 2): full < 20 s, incremental < 2 s, timestamp < 1 KB, no-change sync < 1 KB.
 */
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { publishSite, type PublishSummary } from '../src/cli/publish/publish-site.ts';
import { initSite } from '../src/cli/site/init-site.ts';
import { rng } from './bench/generate.ts';
import { articleFile } from './bench/publish-articles.ts';
import { memoryCheck, speedCheck } from './bench/machine-check.ts';
import { missingV8Options, relaunchWithV8Options } from './gc-relaunch.mjs';
import { addMirrors } from '../src/cli/site/mirrors.ts';

async function treeBytes(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    bytes += (await stat(join(e.parentPath, e.name))).size;
    files++;
  }
  return { bytes, files };
}

/** Bytes a reader downloads for a sync after `summary` (timestamp + new manifest/segments/packs). */
function line(label: string, s: PublishSummary, extra = ''): string {
  return `${label.padEnd(22)} ${String(s.ms).padStart(7)} ms  ${String(s.bytes.written).padStart(11)} bytes written  ${s.packs.written} pack(s)  ${s.segments.written} segment(s)${extra}\n${''.padEnd(23)}phases ms: scan+render ${s.phases.scan}, sign ${s.phases.sign}, pack+gzip ${s.phases.pack}, write ${s.phases.write}`;
}

/** The median (the lower middle one for an even count). */
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * One full publish in a fresh process (for --repeat), as each `pigeonpost publish` runs in its own
 * process: no run inherits another's heap. Prints the summary with the process CPU time.
 */
async function childFull(site: string, out: string, now: number): Promise<void> {
  const cpu0 = process.cpuUsage();
  const full = await publishSite(site, { out, now, appShell: false });
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ summary: full, cpuMs: Math.round((cpu.user + cpu.system) / 1000) }) + '\n');
}

/** Run {@link childFull} in a child process with this process's Node options. */
function fullInChild(site: string, out: string, now: number): Promise<{ summary: PublishSummary; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child-full', site, out, String(now)], { maxBuffer: 16 * 1024 * 1024 }, (e, stdout, stderr) => {
      if (e) reject(new Error(`full publish in a child process failed: ${stderr || e.message}`));
      else resolve(JSON.parse(String(stdout).trim().split('\n').pop()!));
    });
  });
}

async function main(): Promise<void> {
  // Measure publishing as `pigeonpost publish` runs it: with the same V8 options (gc-relaunch.mjs).
  const v8Options = missingV8Options();
  if (v8Options.length > 0) await relaunchWithV8Options(import.meta.url, v8Options);
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { articles: { type: 'string' }, changed: { type: 'string' }, repeat: { type: 'string' }, keep: { type: 'boolean' }, 'child-full': { type: 'boolean' } } });
  if (values['child-full']) return childFull(positionals[0]!, positionals[1]!, Number(positionals[2]));
  const count = Number(values.articles ?? 10_000);
  const changed = Number(values.changed ?? 10);
  // The full publish once more from the same untouched site (a shared machine drifts: see the spread).
  const repeat = Number(values.repeat ?? 1);
  if (!Number.isSafeInteger(repeat) || repeat < 1 || repeat > 20) throw new Error('--repeat must be a whole number from 1 to 20');
  const dir = await mkdtemp(join(tmpdir(), 'pp-bench-'));
  const site = join(dir, 'site');
  const out = join(dir, 'out');
  const now = Date.parse('2030-03-01T00:00:00Z');
  try {
    await initSite(site, { name: 'Bench News', id: 'bench-news', samples: false, now });
    await addMirrors(site, ['https://mirror-a.example/']); // publish signs site.json's list
    const r = rng(42);
    await mkdir(join(site, 'articles'), { recursive: true });
    let mdBytes = 0;
    for (let i = 0; i < count; i++) {
      const text = articleFile(i, r, 7_600);
      mdBytes += Buffer.byteLength(text);
      await writeFile(join(site, 'articles', `a${String(i).padStart(5, '0')}.md`), text);
    }
    console.log(`${count} articles generated (${(mdBytes / 1e6).toFixed(1)} MB of Markdown) on ${availableParallelism()} CPU(s): ${cpus()[0]?.model ?? 'unknown'}; V8 options (as pigeonpost publish): ${process.execArgv.filter((a) => !a.startsWith('--import') && a !== 'tsx').join(' ') || 'none'}`);

    // The machine may be shared: the load average (1, 5, 15 min) before each run, and process CPU
    // time (all threads), go with every figure.
    const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
    const pristine = join(dir, 'site-pristine');
    if (repeat > 1) await cp(site, pristine, { recursive: true });
    const fulls: number[] = [];
    let full: PublishSummary | undefined;
    let cpuMs = 0;
    let loadFull = '';
    let tree = { bytes: 0, files: 0 };
    for (let run = 1; run <= repeat; run++) {
      if (run > 1) {
        await rm(site, { recursive: true, force: true });
        await rm(out, { recursive: true, force: true });
        await cp(pristine, site, { recursive: true });
      }
      console.log(`machine speed check before the full publish: ${speedCheck()} ms for a fixed loop, ${memoryCheck()} ns per random memory access (a shared machine varies; compare runs by them)`);
      loadFull = load();
      if (repeat > 1) {
        // Every run in a fresh process, as the CLI runs it (see childFull).
        ({ summary: full, cpuMs } = await fullInChild(site, out, now));
      } else {
        const cpu0 = process.cpuUsage();
        full = await publishSite(site, { out, now, appShell: false });
        const cpu = process.cpuUsage(cpu0);
        cpuMs = Math.round((cpu.user + cpu.system) / 1000);
      }
      tree = await treeBytes(out);
      fulls.push(full.ms);
      console.log(line(repeat > 1 ? `full publish ${run}/${repeat}` : 'full publish', full, `  tree ${(tree.bytes / 1e6).toFixed(1)} MB in ${tree.files} files; CPU ${cpuMs} ms; load average before ${loadFull}, after ${load()}`));
    }
    if (!full) throw new Error('no full publish ran');
    if (repeat > 1) {
      const sorted = [...fulls].sort((a, b) => a - b);
      console.log(`full publish over ${repeat} runs: best ${sorted[0]} ms, median ${median(fulls)} ms, worst ${sorted[repeat - 1]} ms`);
    }

    // gzip level 6 vs 9 on the packs just written (GZIP_LEVEL in src/cli/publish/objects.ts).
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const raws = [];
    for (const name of await readdir(join(out, 'objects'))) raws.push(gunzipSync(await readFile(join(out, 'objects', name))));
    for (const level of [6, 9]) {
      const t = performance.now();
      let size = 0;
      for (const r of raws) size += gzipSync(r, { level }).length;
      console.log(`gzip level ${level}: ${Math.round(performance.now() - t)} ms, ${size} bytes for all ${raws.length} objects (${raws.reduce((n, r) => n + r.length, 0)} bytes raw)`);
    }

    for (let i = 0; i < changed; i++) {
      const f = join(site, 'articles', `a${String(i * Math.floor(count / changed)).padStart(5, '0')}.md`);
      await writeFile(f, (await readFile(f, 'utf8')) + '\nA correction was added to this article.\n');
    }
    const loadInc = load();
    const inc = await publishSite(site, { out, now: now + 60_000, appShell: false });
    const incDownload = inc.bytes.written;
    console.log(line(`incremental (${changed} changed)`, inc, `  a reader's sync downloads ${incDownload} bytes; load average before ${loadInc}`));

    const loadNone = load();
    const none = await publishSite(site, { out, now: now + 120_000, appShell: false });
    console.log(line('no change', none, `  a reader's sync downloads ${none.timestamp.bytes} bytes (timestamp.json only); load average before ${loadNone}`));
    console.log(`timestamp.json ${none.timestamp.bytes} bytes`);

    const ok = (c: boolean) => (c ? 'ok' : 'MISSED');
    console.log(
      `targets: full < 20 s ${ok(median(fulls) < 20_000)}${repeat > 1 ? ` (median of ${repeat}; ${fulls.filter((m) => m < 20_000).length} of ${repeat} runs under)` : ''}, incremental < 2 s ${ok(inc.ms < 2_000)}, timestamp < 1 KB ${ok(none.timestamp.bytes < 1024)}, ` +
        `no-change sync < 1 KB ${ok(none.bytes.written < 1024)}`,
    );
    console.log(JSON.stringify({ cpus: availableParallelism(), articles: count, full: { ms: full.ms, runs: fulls, cpuMs, loadBefore: loadFull, bytes: tree.bytes, packs: full.packs.written }, incremental: { ms: inc.ms, bytes: incDownload, packs: inc.packs.written }, noChange: { ms: none.ms, bytes: none.bytes.written }, timestampBytes: none.timestamp.bytes }));
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

await main();
