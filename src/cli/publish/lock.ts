/**
 * One publish at a time per site folder: `.pigeonpost/publish.lock` holds the pid of the holder.
 * A lock left by a process that no longer exists is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../util/errors.ts';
import { makeDirs } from '../util/fs.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** Take the lock; returns a release function. */
export async function acquireLock(stateDir: string): Promise<() => Promise<void>> {
  await makeDirs(stateDir);
  const path = join(stateDir, 'publish.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await open(path, 'wx');
      await h.writeFile(`${process.pid}\n`);
      await h.close();
      return async () => {
        await rm(path, { force: true });
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new CliError(`another publish of this site is running (pid ${pid}); if not, delete ${path}`);
      }
      await rm(path, { force: true });
    }
  }
  throw new CliError(`cannot take the publish lock ${path}`);
}
