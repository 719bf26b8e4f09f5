/**
 * Writing the mirror tree into `--out`, in an order that keeps every intermediate state consistent
 * for a mirror copy or a reader in progress:
 *
 *   1. root/<N>.json for every version, then root.json;
 *   2. objects/<sha256> (packs and segments, then the manifest) — content-addressed, never changed;
 *   3. the app shell (when built);
 *   4. timestamp.json last, atomically: it is the only file that points at the others.
 *
 * New packs are written as soon as they are built (publish-site.ts), before the roots and the
 * index: no file refers to a new object before the timestamp does.
 *
 * Every file is written to a temporary name and renamed. Objects no longer referenced are kept for
 * a grace period (readers mid-sync may still ask for them) and deleted afterwards.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readOptional, writeFileAtomic } from '../util/fs.ts';
import { mapPool } from '../util/pool.ts';
import type { ObjectCache } from './objects.ts';

/** Write a file only when its bytes differ; returns the bytes written (0 when unchanged). */
export async function writeIfChanged(path: string, bytes: Uint8Array): Promise<number> {
  const have = await readOptional(path);
  if (have && Buffer.compare(have, bytes) === 0) return 0;
  await writeFileAtomic(path, bytes);
  return bytes.length;
}

/** Write the root chain and root.json. Returns bytes written. */
export async function writeRoots(out: string, roots: readonly Uint8Array[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < roots.length; i++) n += await writeIfChanged(join(out, 'root', `${i + 1}.json`), roots[i]!);
  n += await writeIfChanged(join(out, 'root.json'), roots[roots.length - 1]!);
  return n;
}

/** Object files written at once (packs are independent; the order among objects does not matter). */
const WRITE_CONCURRENCY = 8;

/**
 * Make sure `out/objects/<sha>` holds `data` (pinned as `pin`): a file already there with the
 * pinned length is left untouched (content-addressed, never rewritten; `pigeonpost check` finds a
 * damaged one); one with another length is replaced. Returns bytes written.
 */
export async function writeObject(out: string, pin: { sha256: string; length: number }, data: Uint8Array | (() => Promise<Uint8Array>)): Promise<number> {
  const path = join(out, 'objects', pin.sha256);
  const size = await stat(path).then((s) => s.size, () => -1);
  if (size === pin.length) return 0;
  const bytes = typeof data === 'function' ? await data() : data;
  await writeFileAtomic(path, bytes);
  return bytes.length;
}

/**
 * Make sure `out/objects/<sha>` holds the bytes of each pinned object (see {@link writeObject}),
 * from `fresh` (built in this run) or the publisher's cache. Returns bytes and files written.
 */
export async function writeObjects(out: string, pins: readonly { sha256: string; length: number }[], fresh: ReadonlyMap<string, Uint8Array>, cache: ObjectCache): Promise<{ bytes: number; files: number }> {
  const sizes = await mapPool(pins, WRITE_CONCURRENCY, (pin) => writeObject(out, pin, fresh.get(pin.sha256) ?? (() => cache.get(pin.sha256))));
  return { bytes: sizes.reduce((n, b) => n + b, 0), files: sizes.filter((b) => b > 0).length };
}

/**
 * Garbage-collect `dir` (an objects directory): files not in `live` are recorded in `retired` with
 * the current time and deleted once older than `graceMs`. Returns the number deleted.
 */
export async function collectGarbage(dir: string, live: ReadonlySet<string>, retired: Record<string, number>, now: number, graceMs: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const name of names) {
    if (!/^[0-9a-f]{64}$/.test(name) || live.has(name)) continue;
    const since = retired[name] ?? now;
    retired[name] = since;
    if (now - since >= graceMs) {
      await rm(join(dir, name), { force: true });
      deleted++;
    }
  }
  return deleted;
}
