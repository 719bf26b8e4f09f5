/**
 * Where `check` reads a mirror from: an http(s) base URL (through the same capped fetch readers
 * use: deadlines, minimum throughput, byte caps, no redirects) or a local directory.
 * Both answer `null` for a file that is not there (HTTP 404, ENOENT) and throw PigeonError otherwise.
 */
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isPigeonError, PigeonError } from '../../core/errors.ts';
import { fetchCapped } from '../../core/net/fetch-capped.ts';
import { checkRepoPath, joinMirrorUrl, mirrorBase } from '../../core/net/url.ts';
import { CliError } from '../util/errors.ts';

/** A read-only view of one mirror. */
export interface MirrorSource {
  /** Human-readable location (URL or directory). */
  readonly location: string;
  /** Read a repository path; at most `maxBytes`; null when absent. */
  get(path: string, maxBytes: number): Promise<Uint8Array | null>;
}

/** A mirror served over http(s). */
export function httpSource(base: string): MirrorSource {
  let root: string;
  try {
    root = mirrorBase(base);
  } catch (e) {
    throw new CliError(`check: ${base} is not a usable mirror URL (${(e as Error).message})`);
  }
  return {
    location: root,
    async get(path, maxBytes) {
      try {
        return (await fetchCapped(joinMirrorUrl(root, path), { maxBytes })).bytes;
      } catch (e) {
        if (isPigeonError(e, 'HTTP_STATUS') && (e.detail?.['status'] === 404 || e.detail?.['status'] === 410)) return null;
        throw e;
      }
    },
  };
}

/** A mirror tree in a local directory. */
export function dirSource(dir: string): MirrorSource {
  const root = resolve(dir);
  return {
    location: root,
    async get(path, maxBytes) {
      checkRepoPath(path);
      let handle;
      try {
        handle = await open(join(root, path), 'r');
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw new PigeonError('NETWORK', `cannot read ${path}: ${code ?? (e as Error).message}`);
      }
      try {
        const st = await handle.stat();
        if (!st.isFile()) return null;
        if (st.size > maxBytes) throw new PigeonError('TOO_LARGE', `${path} is ${st.size} bytes, over the limit of ${maxBytes}`);
        return new Uint8Array(await handle.readFile());
      } finally {
        await handle.close();
      }
    },
  };
}

/** Pick the source for a `check` argument. */
export function sourceFor(target: string): MirrorSource {
  return /^https?:\/\//i.test(target) ? httpSource(target) : dirSource(target);
}
