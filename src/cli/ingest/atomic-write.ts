/**
 * Atomic file writes: write a temporary file beside the target, then rename it into place,
 * so a reader (or a crash) never sees half a file. Unchanged content is not rewritten.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { makeDirs } from '../util/fs.ts';

/** Reads a file, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes `data` to `path` atomically (temp file + rename), creating parent folders. */
export async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await makeDirs(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes only when the content differs.
 * @returns 'added' (new file), 'updated' (changed) or 'unchanged'.
 */
export async function writeIfChanged(path: string, data: Uint8Array | string): Promise<'added' | 'updated' | 'unchanged'> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const old = await readIfExists(path);
  if (old && Buffer.from(old).equals(Buffer.from(bytes))) return 'unchanged';
  await writeAtomic(path, bytes);
  return old ? 'updated' : 'added';
}
