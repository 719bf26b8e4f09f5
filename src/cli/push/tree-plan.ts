/**
 * What `pigeonpost push` uploads, and in which order (docs/hosting.md "Pushing"). The order is the
 * one Debian's two-stage mirror sync and TUF prescribe, so a reader who looks at the target at any
 * moment of a push (or after an interrupted one) sees a consistent repository:
 *
 *   1. objects — content-addressed files: the packs and index segments the new manifest pins,
 *      and the app shell's hashed assets. Nothing on the target refers to them yet.
 *   2. support — the manifest object, every root/<N>.json and the app shell's other files.
 *   3. entry points — root.json, index.html, the web app manifest and sw.js.
 *   4. timestamp — timestamp.json alone: the only file that points at the new manifest.
 *
 * The tree is read structurally (timestamp → manifest → segments → packs, format.md §1) to find
 * the objects the current timestamp reaches and to refuse an incomplete tree before anything is
 * uploaded. Objects the tree keeps only for their grace period (publish's garbage collection) are
 * not pushed. Signatures are not verified here: `pigeonpost check <tree> --root …` does that.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isPigeonError } from '../../core/errors.ts';
import { decodeEnvelope } from '../../core/format/envelope.ts';
import { decodeIndexSegment } from '../../core/format/index-segment.ts';
import { decodeManifest, type Manifest } from '../../core/format/manifest.ts';
import { decodeTimestamp, type Timestamp } from '../../core/format/timestamp.ts';
import { cacheControlFor, contentTypeFor, IMMUTABLE } from '../serve/content-types.ts';
import { CliError } from '../util/errors.ts';

/** The four upload stages, in order. */
export const STAGES = ['objects', 'support', 'entry points', 'timestamp'] as const;
/** One stage's name. */
export type StageName = (typeof STAGES)[number];

/** One file to push. */
export interface PushFile {
  /** Repository-relative path with `/` (the object key below the target's prefix). */
  readonly path: string;
  readonly size: number;
  readonly contentType: string;
  readonly cacheControl: string;
  /**
   * True for files whose name fixes their content (objects, root/<N>.json, hashed assets): one
   * already on the target with the same size is skipped without reading it. Other files are
   * compared by content.
   */
  readonly immutable: boolean;
  /** For objects: the SHA-256 the bytes must have (checked before upload). */
  readonly sha256?: string;
}

/** A tree ready to push. */
export interface PushPlan {
  readonly dir: string;
  readonly site: string;
  readonly timestamp: Timestamp;
  readonly timestampBytes: Uint8Array;
  readonly manifest: Manifest;
  /** Files per stage, in upload order. */
  readonly stages: ReadonlyArray<{ readonly name: StageName; readonly files: readonly PushFile[] }>;
  /** Every repository object the tree's timestamp reaches (sha256). */
  readonly referenced: ReadonlySet<string>;
  /** Every path of the plan. */
  readonly paths: ReadonlySet<string>;
}

const OBJECT = /^objects\/([0-9a-f]{64})$/;
/** Files that name other files (the newest root, the app's entry points): replaced after those. */
const ENTRY_POINTS = new Set(['root.json', 'index.html', 'manifest.webmanifest', 'sw.js']);

async function walk(dir: string, base = dir, out: string[] = []): Promise<string[]> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    // Dot files are temporary files of an atomic write (fs.ts) or host metadata, never content.
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, base, out);
    else if (e.isFile()) out.push(relative(base, p).split('\\').join('/'));
  }
  return out;
}

function bad(dir: string, message: string): never {
  throw new CliError(`push: ${dir} is not a complete mirror tree: ${message} (run pigeonpost publish into it again)`);
}

async function readObject(dir: string, sha256: string, length: number, what: string): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, 'objects', sha256));
  } catch {
    bad(dir, `${what} objects/${sha256} is missing`);
  }
  if (bytes.length !== length) bad(dir, `${what} objects/${sha256} is ${bytes.length} bytes, pinned as ${length}`);
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch {
    bad(dir, `${what} objects/${sha256} is not gzip`);
  }
}

/** Read `dir` and plan the push; throws a CliError naming what is missing or malformed. */
export async function planPush(dir: string): Promise<PushPlan> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new CliError(`push: ${dir} is not a directory`);
  let timestampBytes: Uint8Array;
  try {
    timestampBytes = new Uint8Array(await readFile(join(dir, 'timestamp.json')));
  } catch {
    bad(dir, 'timestamp.json is missing');
  }
  let timestamp: Timestamp;
  let manifest: Manifest;
  const referenced = new Set<string>();
  try {
    timestamp = decodeTimestamp(decodeEnvelope(timestampBytes, 'timestamp.json').payload, 'timestamp.json');
    const m = timestamp.manifest;
    manifest = decodeManifest(decodeEnvelope(await readObject(dir, m.sha256, m.length, 'the manifest'), 'manifest').payload);
    referenced.add(m.sha256);
    for (const pin of manifest.segments) {
      referenced.add(pin.sha256);
      const seg = decodeIndexSegment(await readObject(dir, pin.sha256, pin.length, 'index segment'), 'index segment', { pinned: true });
      for (const p of seg.packs) {
        if (referenced.has(p.sha256)) continue;
        const s = await stat(join(dir, 'objects', p.sha256)).catch(() => undefined);
        if (s?.size !== p.length) bad(dir, `pack objects/${p.sha256} is ${s ? `${s.size} bytes, pinned as ${p.length}` : 'missing'}`);
        referenced.add(p.sha256);
      }
    }
  } catch (e) {
    if (isPigeonError(e)) bad(dir, `${e.code}: ${e.message}`);
    throw e;
  }
  const roots = Array.from({ length: timestamp.rootVersion }, (_, i) => `root/${i + 1}.json`);

  const stages = new Map<StageName, PushFile[]>(STAGES.map((s) => [s, []]));
  const paths = new Set<string>();
  const files = (await walk(dir)).sort();
  const have = new Set(files);
  for (const r of [...roots, 'root.json']) if (!have.has(r)) bad(dir, `${r} is missing`);
  for (const path of files) {
    const obj = OBJECT.exec(path);
    if (obj && !referenced.has(obj[1]!)) continue; // kept by publish for its grace period only
    if (path.startsWith('objects/') && !obj) continue; // not a repository object
    if (path.startsWith('root/') && !roots.includes(path)) continue; // a root newer than the timestamp names
    const size = (await stat(join(dir, path))).size;
    const cacheControl = cacheControlFor(path);
    const file: PushFile = { path, size, contentType: contentTypeFor(path), cacheControl, immutable: cacheControl === IMMUTABLE, ...(obj ? { sha256: obj[1]! } : {}) };
    const stage: StageName =
      path === 'timestamp.json' ? 'timestamp'
      : ENTRY_POINTS.has(path) ? 'entry points'
      : obj && obj[1] === timestamp.manifest.sha256 ? 'support'
      : file.immutable && !path.startsWith('root/') ? 'objects'
      : 'support';
    stages.get(stage)!.push(file);
    paths.add(path);
  }
  // Within the entry points, the service worker last: it precaches what the others name.
  stages.get('entry points')!.sort((a, b) => Number(a.path === 'sw.js') - Number(b.path === 'sw.js'));
  return {
    dir,
    site: timestamp.site,
    timestamp,
    timestampBytes,
    manifest,
    stages: STAGES.map((name) => ({ name, files: stages.get(name)! })),
    referenced,
    paths,
  };
}
