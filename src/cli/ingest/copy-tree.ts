/**
 * Copying the published tree into a `copyTo` directory with a switch, not a slow overwrite:
 * copy into `<dir>.tmp-<pid>`, rename the current `<dir>` aside to `<dir>.old-<pid>`, rename the
 * new copy into place, then delete the old one. A web server serving `<dir>` sees either the old
 * tree or the new one, never a half-copied mix (between the two renames `<dir>` is briefly absent).
 */
import { cp, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { IngestError } from './errors.ts';
import { makeDirs } from '../util/fs.ts';

/** Replaces `dest` with a copy of `src` as described in the module header. */
export async function copyTreeSwitch(src: string, dest: string): Promise<void> {
  const from = resolve(src);
  const to = resolve(dest).replace(/\/+$/, '');
  if (to === from || to.startsWith(`${from}/`) || from.startsWith(`${to}/`)) {
    throw new IngestError('USAGE', `copyTo ${dest} overlaps the published tree ${src}`);
  }
  const tmp = `${to}.tmp-${process.pid}`;
  const old = `${to}.old-${process.pid}`;
  await makeDirs(dirname(to));
  await rm(tmp, { recursive: true, force: true });
  await cp(from, tmp, { recursive: true, errorOnExist: false, force: true, preserveTimestamps: true });
  const hadOld = (await stat(to).catch(() => undefined)) !== undefined;
  if (hadOld) {
    await rm(old, { recursive: true, force: true });
    await rename(to, old);
  }
  try {
    await rename(tmp, to);
  } catch (err) {
    if (hadOld) await rename(old, to).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}
