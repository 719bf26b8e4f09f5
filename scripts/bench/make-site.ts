/**
 * Write the publish benchmark's site (the same 10,000 generated articles as bench-publish.ts) into
 * a new folder, for timing `pigeonpost publish` itself (ab-publish.sh).
 *
 *   node --import tsx scripts/bench/make-site.ts <new-folder> [--articles N]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initSite } from '../../src/cli/site/init-site.ts';
import { rng } from './generate.ts';
import { articleFile } from './publish-articles.ts';
import { addMirrors } from '../../src/cli/site/mirrors.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { articles: { type: 'string' } } });
const site = positionals[0];
const count = Number(values.articles ?? 10_000);
if (!site || positionals.length !== 1) throw new Error('usage: make-site.ts <new-folder> [--articles N]');
if (!Number.isSafeInteger(count) || count < 1) throw new Error('--articles must be a positive whole number');
await initSite(site, { name: 'Bench News', id: 'bench-news', samples: false, now: Date.parse('2030-03-01T00:00:00Z') });
// Publish signs site.json's mirror list and refuses an empty one.
await addMirrors(site, ['https://mirror-a.example/']);
const r = rng(42);
await mkdir(join(site, 'articles'), { recursive: true });
for (let i = 0; i < count; i++) await writeFile(join(site, 'articles', `a${String(i).padStart(5, '0')}.md`), articleFile(i, r, 7_600));
console.log(`${count} articles written to ${site}`);
