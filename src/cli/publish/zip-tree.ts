/**
 * `pigeonpost publish --zip <file>`: the whole mirror tree as one zip (format.md §9), for USB
 * sticks, SD cards and messengers; the reader app opens it and syncs from it exactly as from a
 * mirror. Written with fflate. Objects are already gzip-compressed, so they are stored as they
 * are; the other files are deflated. Entries are sorted and dated 1980-01-01 (the zip epoch), so
 * the same tree always gives the same bytes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { CliError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/fs.ts';

/** What was written. */
export interface ZipSummary {
  readonly file: string;
  readonly bytes: number;
  readonly entries: number;
}

const EPOCH = new Date(1980, 0, 1);

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Refuse a zip target inside the tree (checked before publishing, and again when zipping). */
export function checkZipTarget(treeDir: string, file: string): void {
  const tree = resolve(treeDir);
  const target = resolve(file);
  if (target === tree || target.startsWith(tree + sep)) throw new CliError(`publish: --zip ${file} is inside the --out tree; write the zip elsewhere`);
}

/** Zip the mirror tree at `treeDir` into `file` (which must not be inside the tree). */
export async function zipMirrorTree(treeDir: string, file: string): Promise<ZipSummary> {
  checkZipTarget(treeDir, file);
  const tree = resolve(treeDir);
  const target = resolve(file);
  const paths = (await walk(tree)).sort();
  const files: Zippable = {};
  for (const p of paths) {
    const name = relative(tree, p).split(sep).join('/');
    const data = new Uint8Array(await readFile(p));
    files[name] = [data, { level: name.startsWith('objects/') ? 0 : 6, mtime: EPOCH }];
  }
  const zip = zipSync(files);
  await writeFileAtomic(target, zip);
  return { file: target, bytes: zip.length, entries: paths.length };
}
