/**
 * Helpers for the CLI tests: run the real `pigeonpost` binary (node scripts/pigeonpost.mjs) in a
 * child process, make temporary folders, hash and edit mirror trees.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The binary under test. */
export const BIN = join(REPO, 'scripts', 'pigeonpost.mjs');

/** Outcome of one CLI run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `pigeonpost ...args` (`nodeArgs` go to node itself); never rejects on a non-zero exit. */
export function run(args: string[], opts: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(opts.nodeArgs ?? []), BIN, ...args],
      { cwd: opts.cwd ?? REPO, env: { ...process.env, ...opts.env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Run and require exit code 0 (throws with the output otherwise). */
export async function runOk(args: string[], opts: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<RunResult> {
  const r = await run(args, opts);
  if (r.code !== 0) throw new Error(`pigeonpost ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/** A fresh temporary directory; remove with `cleanup`. */
export async function tempDir(prefix = 'pp-cli-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Remove a temporary directory. */
export async function cleanup(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every file under `dir` → sha256 of its bytes (paths relative, with `/`). */
export async function hashTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), createHash('sha256').update(await readFile(p)).digest('hex'));
    }
  }
  await walk(dir);
  return out;
}

/** Paths whose content differs between two tree hashes (added, removed or changed). */
export function treeDiff(a: Map<string, string>, b: Map<string, string>): { added: string[]; removed: string[]; changed: string[] } {
  const added = [...b.keys()].filter((k) => !a.has(k)).sort();
  const removed = [...a.keys()].filter((k) => !b.has(k)).sort();
  const changed = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k)).sort();
  return { added, removed, changed };
}

/** Flip one bit of the byte at `offset` (negative: from the end) of a file. */
export async function flipByte(path: string, offset: number): Promise<void> {
  const bytes = await readFile(path);
  const i = offset < 0 ? bytes.length + offset : offset;
  bytes[i] = bytes[i]! ^ 0x01;
  await writeFile(path, bytes);
}

/** The decoded payload of a signed JSON envelope file. */
export async function payloadOf(path: string): Promise<Record<string, unknown>> {
  const env = JSON.parse(await readFile(path, 'utf8')) as { payload: string };
  return JSON.parse(env.payload) as Record<string, unknown>;
}

/** The mirror tree's structure: timestamp → manifest → segments → packs (sha256s). */
export async function treeObjects(out: string): Promise<{ manifest: string; segments: string[]; packs: string[] }> {
  const { gunzipSync } = await import('node:zlib');
  const ts = await payloadOf(join(out, 'timestamp.json'));
  const manifest = (ts['manifest'] as { sha256: string }).sha256;
  const m = JSON.parse(JSON.parse(gunzipSync(await readFile(join(out, 'objects', manifest))).toString('utf8')).payload) as { segments: { sha256: string }[] };
  const segments = m.segments.map((s) => s.sha256);
  const packs = new Set<string>();
  for (const s of segments) {
    const seg = JSON.parse(gunzipSync(await readFile(join(out, 'objects', s))).toString('utf8')) as { packs: { sha256: string }[] };
    for (const p of seg.packs) packs.add(p.sha256);
  }
  return { manifest, segments, packs: [...packs].sort() };
}

/** A fixed clock for reproducible runs. */
export const T0 = '2030-01-01T00:00:00Z';
/** Later reference times, for incremental publishes and freshness checks. */
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString().replace('.000Z', 'Z');

/** The mirror the CLI tests sign (nothing listens there: port 9 is "discard"). */
export const TEST_MIRROR = 'http://127.0.0.1:9/';

/**
 * Give a site folder made by `init` the mirror list every publish needs (publish refuses an empty
 * one), as `pigeonpost mirrors add` would write it.
 */
export async function addTestMirror(site: string, mirrors: readonly string[] = [TEST_MIRROR]): Promise<void> {
  const path = join(site, 'site.json');
  const cfg = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  await writeFile(path, JSON.stringify({ ...cfg, mirrors }, null, 2) + '\n');
}
