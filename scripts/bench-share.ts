/**
 * `npm run bench:share`: what sharing costs (issue 12, part 7). Each part is a function in PARTS;
 * add a part (e.g. nearby-sync throughput) by adding an entry, and pick parts with --only.
 *
 *   node --import tsx scripts/bench-share.ts [--only size[,…]] [--keep]
 *
 * size — bytes of a standalone share file (format.md §7) per story against the story's compressed
 *   size (its signed envelope gzipped at level 6, as in a pack: what a mirror sync costs for it).
 *   Target (issue 12): at most 1.3x for a text story. Stories: real English prose nobody here
 *   wrote (README files of installed packages, rendered from Markdown by publish), and generated
 *   English and Russian news text (scripts/bench/publish-articles.ts); one file per story, one file
 *   of ten stories, and the share file gzipped (as it travels over HTTP or in a zip).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { decodeShareFile } from '../src/core/format/share-html.ts';
import { publishSite } from '../src/cli/publish/publish-site.ts';
import { exportShare } from '../src/cli/share/export-share.ts';
import { initSite } from '../src/cli/site/init-site.ts';
import { rng } from './bench/generate.ts';
import { articleFile } from './bench/publish-articles.ts';
import { benchNearby } from './bench/nearby.ts';

/** What every part gets. */
interface Context {
  readonly work: string;
  readonly now: number;
}

/** README files of installed packages used as real prose (skipped when a package is missing). */
const READMES = ['lit', 'idb', 'marked', 'dompurify', 'htmlparser2', 'fflate', 'yaml', 'js-yaml', 'feedsmith', 'parse5', 'vite-plugin-pwa', 'workbox-build'];

function markdownArticle(title: string, body: string, lang: string, date: string): string {
  return ['---', `title: ${JSON.stringify(title)}`, `date: ${date}`, `lang: ${lang}`, 'section: Bench', '---', '', body, ''].join('\n');
}

/** A README as a story body: headings kept, images, HTML blocks and badges dropped. */
function prose(readme: string): string {
  return readme
    .split('\n')
    .filter((l) => !/^\s*(<|!\[|\[!\[)/.test(l))
    .join('\n')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/<img\b[^>]*>/gi, '')
    .replace(/^\[[^\]]+\]:\s*\S+\.(svg|png|gif|jpe?g)\S*.*$/gim, '');
}

const ratio = (a: number, b: number): string => (a / b).toFixed(2);

async function size(ctx: Context): Promise<void> {
  const site = join(ctx.work, 'site');
  await initSite(site, { name: 'Bench Share', lang: 'en', id: 'bench-share', samples: false, now: ctx.now });
  const kinds = new Map<string, string>();
  for (const name of READMES) {
    const p = join('node_modules', name, 'README.md');
    if (!existsSync(p)) continue;
    const id = `readme-${name.replace(/[^a-z0-9]/g, '-')}`;
    await writeFile(join(site, 'articles', `${id}.md`), markdownArticle(`About ${name}`, prose(await readFile(p, 'utf8')), 'en', '2030-02-01T10:00:00Z'));
    kinds.set(id, 'real English (README)');
  }
  const r = rng(12);
  for (let i = 0; i < 10; i++) {
    const id = `generated-${i}`;
    await writeFile(join(site, 'articles', `${id}.md`), articleFile(i, r, 3000 + i * 1500));
    kinds.set(id, i % 2 === 1 ? 'generated Russian' : 'generated English');
  }
  await publishSite(site, { out: join(ctx.work, 'www'), mirrors: ['https://mirror-a.example/'], now: ctx.now, appShell: false, log: () => undefined });
  const ids = [...kinds.keys()];
  // html: UTF-8 bytes of the story's HTML, the least any page that shows it without a script holds.
  const rows: { id: string; kind: string; html: number; compressed: number; file: number; fileGz: number }[] = [];
  for (const id of ids) {
    const out = join(ctx.work, `${id}.html`);
    await exportShare(site, [id], out, { images: false, now: ctx.now });
    const bytes = new Uint8Array(await readFile(out));
    const { share } = await decodeShareFile(bytes);
    const envelope = share.articles[0]!.envelope;
    const compressed = gzipSync(envelope, { level: 6 }).length;
    const htmlText = JSON.parse(JSON.parse(new TextDecoder().decode(envelope)).payload).html as string;
    rows.push({ id, kind: kinds.get(id)!, html: Buffer.byteLength(htmlText), compressed, file: bytes.length, fileGz: gzipSync(bytes, { level: 6 }).length });
  }
  process.stdout.write(`\nsize: one share file per story (no pictures), against the story's compressed size\n`);
  process.stdout.write(`${'story'.padEnd(26)} ${'kind'.padEnd(22)} ${'HTML B'.padStart(8)} ${'gz story'.padStart(9)} ${'file'.padStart(8)} ${'file/gz'.padStart(8)} ${'HTML/gz'.padStart(8)} ${'gz(file)/gz'.padStart(12)}\n`);
  for (const x of rows) {
    process.stdout.write(
      `${x.id.padEnd(26)} ${x.kind.padEnd(22)} ${String(x.html).padStart(8)} ${String(x.compressed).padStart(9)} ${String(x.file).padStart(8)} ${ratio(x.file, x.compressed).padStart(8)} ${ratio(x.html, x.compressed).padStart(8)} ${ratio(x.fileGz, x.compressed).padStart(12)}\n`,
    );
  }
  const byKind = new Map<string, typeof rows>();
  for (const x of rows) byKind.set(x.kind, [...(byKind.get(x.kind) ?? []), x]);
  process.stdout.write('\nper kind (sums): file / compressed story; readable HTML alone (the floor) / compressed story; gzip(file) / compressed story\n');
  for (const [kind, xs] of byKind) {
    const c = xs.reduce((n, x) => n + x.compressed, 0);
    const sum = (f: (x: (typeof rows)[number]) => number): number => xs.reduce((n, x) => n + f(x), 0);
    process.stdout.write(`  ${kind.padEnd(24)} file ${ratio(sum((x) => x.file), c)}x  floor ${ratio(sum((x) => x.html), c)}x  gzip(file) ${ratio(sum((x) => x.fileGz), c)}x  (${xs.length} stories)\n`);
  }
  // Ten stories in one file: the fixed part (page chrome, root chain, manifest) is shared.
  const ten = ids.filter((id) => id.startsWith('generated-'));
  const out = join(ctx.work, 'ten.html');
  await exportShare(site, ten, out, { images: false, now: ctx.now });
  const tenBytes = (await readFile(out)).length;
  const tenCompressed = rows.filter((x) => ten.includes(x.id)).reduce((n, x) => n + x.compressed, 0);
  process.stdout.write(`\nten generated stories in one file: ${tenBytes} bytes, ${Math.round(tenBytes / ten.length)} per story; ${ratio(tenBytes, tenCompressed)}x their compressed size; gzip(file) ${ratio(gzipSync(await readFile(out), { level: 6 }).length, tenCompressed)}x\n`);
}

/** The benchmark's parts, in order. */
const PARTS: Record<string, (ctx: Context) => Promise<void>> = { size, nearby: () => benchNearby([100, 1000], 1) };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, keep: { type: 'boolean' } } });
  const only = values.only ? values.only.split(',') : Object.keys(PARTS);
  for (const p of only) if (!PARTS[p]) throw new Error(`unknown part "${p}"; parts: ${Object.keys(PARTS).join(', ')}`);
  process.stdout.write(`bench:share on ${cpus().length} core(s), Node ${process.version}\n`);
  for (const p of only) {
    const work = await mkdtemp(join(tmpdir(), `pp-bench-share-${p}-`));
    try {
      await PARTS[p]!({ work, now: Date.parse('2030-02-10T12:00:00Z') });
    } finally {
      if (values.keep) process.stdout.write(`kept ${work}\n`);
      else await rm(work, { recursive: true, force: true });
    }
  }
}

await main();

