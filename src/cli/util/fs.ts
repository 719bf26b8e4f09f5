/**
 * File-system helpers: atomic writes (temp file in the same directory + rename, so a reader or a
 * mirror copy in progress sees either the old or the new file, never half of one), JSON reading
 * with a one-line error, and existence checks.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from './errors.ts';

/** Write `data` to `path` atomically; creates parent directories. `mode` applies to new files. */
export async function writeFileAtomic(path: string, data: Uint8Array | string, opts: { mode?: number; fsync?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', opts.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    if (opts.fsync === true) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** mkdir -p with a mode (the mode applies to directories created now). */
export function ensureDirSync(path: string, mode = 0o755): void {
  mkdirSync(path, { recursive: true, mode });
}

/** True when `path` exists (any type). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Read a file, or undefined when it does not exist. */
export async function readOptional(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Read and parse a JSON file; `what` names it in the one-line error. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') throw new CliError(`${what} not found: ${path}`);
    throw e;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(`${what} is not valid JSON: ${path} (${(e as Error).message})`);
  }
}
