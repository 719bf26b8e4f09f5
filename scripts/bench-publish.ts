/**
 * `npm run bench:publish`: publish 10,000 generated articles (about 8 KB of HTML each, English and
 * Russian text from the word lists below), then re-publish with 10 changed and once with none.
 * Prints time and bytes for each run, the timestamp size, and what a reader downloads to sync.
 *
 *   node --import tsx scripts/bench-publish.ts [--articles N] [--changed N] [--keep]
 *
 * Targets (issue 2): full < 20 s, incremental < 2 s, timestamp < 1 KB, no-change sync < 1 KB.
 */
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { publishSite, type PublishSummary } from '../src/cli/publish/publish-site.ts';
import { initSite } from '../src/cli/site/init-site.ts';
import { rng } from './bench/generate.ts';

const EN = (
  'the city council river market school report night morning winter summer bridge street station hospital library ' +
  'workers families children teachers doctors drivers farmers volunteers residents officials journalists neighbours ' +
  'said announced reported promised refused agreed planned opened closed built repaired counted collected waited ' +
  'new old small large local public early late quiet busy cold warm long short first last next second third ' +
  'water bread money road light power price rent wage shift queue crowd meeting budget vote letter petition ' +
  'because although while after before since until when where which whose during across along between around'
).split(' ');
const RU = (
  'город совет река рынок школа доклад ночь утро зима лето мост улица вокзал больница библиотека ' +
  'рабочие семьи дети учителя врачи водители фермеры волонтёры жители чиновники журналисты соседи ' +
  'сказал объявил сообщил обещал отказался согласился планировал открыл закрыл построил отремонтировал ' +
  'новый старый малый большой местный общий ранний поздний тихий шумный холодный тёплый долгий короткий ' +
  'вода хлеб деньги дорога свет цена аренда зарплата смена очередь толпа собрание бюджет голос письмо ' +
  'потому хотя пока после перед когда где который чей через вдоль между около'
).split(' ');
const SECTIONS = ['Politics', 'Economy', 'Culture', 'Local', 'World', 'Science', 'Sport', 'Opinion'];


function sentence(words: readonly string[], r: () => number): string {
  const n = 8 + Math.floor(r() * 14);
  const w = Array.from({ length: n }, () => words[Math.floor(r() * words.length)]!);
  w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1);
  if (n > 10 && r() < 0.3) w[5] = `*${w[5]}*`;
  if (n > 12 && r() < 0.15) w[9] = `[${w[9]}](https://outlet.example/${Math.floor(r() * 1e6)})`;
  return `${w.join(' ')}.`;
}

/** One article file of about `targetBytes` of rendered HTML. */
function article(i: number, r: () => number, targetBytes: number): string {
  const ru = i % 2 === 1;
  const words = ru ? RU : EN;
  const day = 1 + (i % 28);
  const hour = 6 + (i % 14);
  const title = sentence(words, r).replace(/[*[\]()]/g, '').replace(/https?:\S+/g, '').slice(0, 90).replace(/\.$/, '');
  const body: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    let p: string;
    if (body.length % 7 === 3) p = `## ${sentence(words, r).replace(/\.$/, '')}`;
    else if (body.length % 11 === 5) p = Array.from({ length: 4 }, () => `- ${sentence(words, r)}`).join('\n');
    else p = Array.from({ length: 4 + Math.floor(r() * 3) }, () => sentence(words, r)).join(' ');
    body.push(p);
    size += Buffer.byteLength(p) + 12;
  }
  return [
    '---',
    `title: "${title}"`,
    `date: 2030-02-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00${ru ? '+03:00' : '+01:00'}`,
    `lang: ${ru ? 'ru' : 'en'}`,
    `section: ${SECTIONS[i % SECTIONS.length]}`,
    'sample: true',
    '---',
    '',
    body.join('\n\n'),
    '',
  ].join('\n');
}

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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { articles: { type: 'string' }, changed: { type: 'string' }, keep: { type: 'boolean' } } });
  const count = Number(values.articles ?? 10_000);
  const changed = Number(values.changed ?? 10);
  const dir = await mkdtemp(join(tmpdir(), 'pp-bench-'));
  const site = join(dir, 'site');
  const out = join(dir, 'out');
  const now = Date.parse('2030-03-01T00:00:00Z');
  try {
    await initSite(site, { name: 'Bench News', id: 'bench-news', samples: false, now });
    const r = rng(42);
    await mkdir(join(site, 'articles'), { recursive: true });
    let mdBytes = 0;
    for (let i = 0; i < count; i++) {
      const text = article(i, r, 7_600);
      mdBytes += Buffer.byteLength(text);
      await writeFile(join(site, 'articles', `a${String(i).padStart(5, '0')}.md`), text);
    }
    console.log(`${count} articles generated (${(mdBytes / 1e6).toFixed(1)} MB of Markdown) on ${availableParallelism()} CPU(s): ${cpus()[0]?.model ?? 'unknown'}`);

    // The machine may be shared: the load average (1, 5, 15 min) before each run, and process CPU
    // time (all threads), go with every figure.
    const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
    const loadFull = load();
    const cpu0 = process.cpuUsage();
    const full = await publishSite(site, { out, now, appShell: false });
    const cpu = process.cpuUsage(cpu0);
    const tree = await treeBytes(out);
    console.log(line('full publish', full, `  tree ${(tree.bytes / 1e6).toFixed(1)} MB in ${tree.files} files; CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms; load average before ${loadFull}, after ${load()}`));

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
      `targets: full < 20 s ${ok(full.ms < 20_000)}, incremental < 2 s ${ok(inc.ms < 2_000)}, timestamp < 1 KB ${ok(none.timestamp.bytes < 1024)}, ` +
        `no-change sync < 1 KB ${ok(none.bytes.written < 1024)}`,
    );
    console.log(JSON.stringify({ cpus: availableParallelism(), articles: count, full: { ms: full.ms, cpuMs: Math.round((cpu.user + cpu.system) / 1000), loadBefore: loadFull, bytes: tree.bytes, packs: full.packs.written }, incremental: { ms: inc.ms, bytes: incDownload, packs: inc.packs.written }, noChange: { ms: none.ms, bytes: none.bytes.written }, timestampBytes: none.timestamp.bytes }));
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

await main();
