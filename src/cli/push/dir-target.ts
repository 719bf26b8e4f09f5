/**
 * A local folder as a push target (`dir:<path>`): the document root of a web server, or a folder
 * rsync copies on. Every file is written to a temporary name in its own directory and renamed over
 * the old one, so the server (or an rsync run) sees either the old or the new file, never part of
 * one; push's stage order (tree-plan.ts) keeps the set of files consistent between renames.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { checkRepoPath } from '../../core/net/url.ts';
import { readOptional, writeFileAtomic } from '../util/fs.ts';
import type { PushTarget, RemoteEntry } from './target.ts';

/** Keys that are not repository paths but push's own bookkeeping (a dot file). */
function checkKey(key: string): void {
  if (key.startsWith('.') && !key.includes('/')) return;
  checkRepoPath(key);
}

async function walk(root: string, dir: string, out: Map<string, RemoteEntry>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return;
    throw e;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.')) await walk(root, p, out);
    } else if (e.isFile() && !e.name.endsWith('.tmp')) {
      out.set(relative(root, p).split('\\').join('/'), { size: (await stat(p)).size });
    }
  }
}

/** The folder `path` as a target. */
export function dirTarget(path: string, label = `dir:${path}`): PushTarget {
  const root = resolve(path);
  return {
    label,
    listsMd5: false,
    async list() {
      const out = new Map<string, RemoteEntry>();
      await walk(root, root, out);
      return out;
    },
    async get(key) {
      checkKey(key);
      return (await readOptional(join(root, key))) ?? null;
    },
    async put(key, bytes) {
      checkKey(key);
      await writeFileAtomic(join(root, key), bytes);
    },
    async delete(key) {
      checkKey(key);
      await rm(join(root, key), { force: true });
    },
  };
}
