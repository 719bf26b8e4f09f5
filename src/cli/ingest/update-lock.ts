/**
 * The `pigeonpost update` lock: `<site-dir>/.pigeonpost/update.lock`, created with the `wx`
 * flag (fails if it exists) and holding the holder's pid. A lock whose pid no longer runs is
 * stale and taken over, so a crashed run never blocks the next one (e.g. from cron).
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IngestError } from './errors.ts';
import { makeDirs } from '../util/fs.ts';

/** Path of the lock file of a site. */
export function updateLockPath(siteDir: string): string {
  return join(siteDir, '.pigeonpost', 'update.lock');
}

/** True when a process with this pid exists (EPERM means it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the update lock.
 * @returns a function that releases it.
 * @throws {IngestError} when another live process holds it.
 */
export async function acquireUpdateLock(siteDir: string): Promise<() => Promise<void>> {
  const path = updateLockPath(siteDir);
  await makeDirs(join(siteDir, '.pigeonpost'));
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const h = await open(path, 'wx');
      try {
        await h.writeFile(`${process.pid}\n`);
      } finally {
        await h.close();
      }
      return async () => {
        // Only remove the lock if it is still ours.
        const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
        if (holder === process.pid) await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const text = (await readFile(path, 'utf8').catch(() => '')).trim();
      const pid = Number(text);
      if (Number.isSafeInteger(pid) && pid > 0 && pidAlive(pid)) {
        throw new IngestError('IO', `another update of this site is running (pid ${pid}); if it is not, delete ${path}`);
      }
      // Stale (holder gone) or unreadable: remove and try again.
      await rm(path, { force: true });
    }
  }
  throw new IngestError('IO', `cannot take the update lock ${path}`);
}
