/**
 * File-system helpers: atomic writes (temp file in the same directory + rename, so a reader or a
 * mirror copy in progress sees either the old or the new file, never half of one), JSON reading
 * with a one-line error, and existence checks.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { CliError, EXIT_FAILURE } from './errors.ts';
import { jsonErrorPlace, jsonErrorReason } from './json-error.ts';

function errCode(e: unknown): string | undefined {
  return (e as { code?: unknown } | null)?.code as string | undefined;
}

/**
 * `mkdir -p` without `{ recursive: true }`: Node's recursive mkdir never returns on procfs and
 * sysfs (`mkdir('/proc/x', { recursive: true })` spins at full CPU; checked with Node 20), so each
 * missing component is created on its own and the first refusal is thrown as it is. A path that
 * exists as a file fails with ENOTDIR naming it.
 */
export async function makeDirs(path: string, mode = 0o755): Promise<void> {
  try {
    await mkdir(path, { mode });
    return;
  } catch (e) {
    if (errCode(e) === 'EEXIST') return assertDir(path, (await stat(path)).isDirectory());
    if (errCode(e) !== 'ENOENT') throw e;
  }
  const parent = dirname(path);
  if (parent === path) throw Object.assign(new Error(`no such file or directory: ${path}`), { code: 'ENOENT', path });
  await makeDirs(parent, mode);
  try {
    await mkdir(path, { mode });
  } catch (e) {
    if (errCode(e) === 'EEXIST') return assertDir(path, (await stat(path)).isDirectory());
    throw e;
  }
}

/** Synchronous {@link makeDirs}. */
export function makeDirsSync(path: string, mode = 0o755): void {
  try {
    mkdirSync(path, { mode });
    return;
  } catch (e) {
    if (errCode(e) === 'EEXIST') return assertDir(path, statSync(path).isDirectory());
    if (errCode(e) !== 'ENOENT') throw e;
  }
  const parent = dirname(path);
  if (parent === path) throw Object.assign(new Error(`no such file or directory: ${path}`), { code: 'ENOENT', path });
  makeDirsSync(parent, mode);
  try {
    mkdirSync(path, { mode });
  } catch (e) {
    if (errCode(e) === 'EEXIST') return assertDir(path, statSync(path).isDirectory());
    throw e;
  }
}

function assertDir(path: string, isDir: boolean): void {
  if (!isDir) throw Object.assign(new Error(`not a directory: ${path}`), { code: 'ENOTDIR', path });
}

/**
 * The real path of `path` even when it does not exist yet: the real path of its nearest existing
 * ancestor joined with the rest. Used to compare folders whatever symlinks lead to them.
 */
export async function realpathNearest(path: string): Promise<string> {
  const abs = resolve(path);
  const rest: string[] = [];
  for (let at = abs; ; at = dirname(at)) {
    try {
      return join(await realpath(at), ...rest.reverse());
    } catch (e) {
      if (errCode(e) !== 'ENOENT' && errCode(e) !== 'ENOTDIR') throw e;
      if (dirname(at) === at) return abs;
      rest.push(basename(at));
    }
  }
}

/** True when `inner` is `outer` or lies inside it (both absolute, normalised). */
export function isInside(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

/** Write `data` to `path` atomically; creates parent directories. `mode` applies to new files. */
export async function writeFileAtomic(path: string, data: Uint8Array | string, opts: { mode?: number; fsync?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  await makeDirs(dir);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', opts.mode ?? 0o644);
  try {
    try {
      await handle.writeFile(data);
      if (opts.fsync === true) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    // A full disk or a failed rename leaves no half-written temporary file behind.
    await rm(tmp, { force: true }).catch(() => {});
    // Errors of a file handle carry no path: name the file being written.
    if (e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && (e as { path?: unknown }).path === undefined) Object.assign(e, { path });
    throw e;
  }
}

/** mkdir -p with a mode (the mode applies to directories created now). */
export function ensureDirSync(path: string, mode = 0o755): void {
  makeDirsSync(path, mode);
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
    throw new CliError(`${path}${jsonErrorPlace(text, e)}: ${what} is not valid JSON (${jsonErrorReason(e)})`, EXIT_FAILURE, 'BAD_JSON');
  }
}
