// Publishing runs with V8's single-threaded garbage collector on machines of up to 4 cores.
//
// A large publish keeps every core busy with render workers (render-pool.ts uses min(cores, 4)).
// V8's parallel and concurrent collectors then run their helper threads on those same cores: on
// 2 cores, a full publish of 10,000 articles spent 5.4 s of CPU in V8's helper threads with the
// default collector and 2.8 s with --single-threaded-gc, and took 21.1-22.1 s instead of
// 22.4-24.2 s (docs/benchmarks.md "Publish"). The flag is process-wide and V8 refuses it once the
// process runs, so the process starts itself again with it; with more than 4 cores the workers
// leave cores free and the default collector is kept. PIGEONPOST_GC=default turns this off.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

export const SINGLE_THREADED_GC = '--single-threaded-gc';

/** Whether this process should run again under the single-threaded collector. */
export function wantsSingleThreadedGc() {
  return !process.execArgv.includes(SINGLE_THREADED_GC) && process.env.PIGEONPOST_GC !== 'default' && availableParallelism() <= 4;
}

/**
 * Run `entry` (a file URL) again in a child process with --single-threaded-gc, the same Node
 * options and the same arguments; forward termination signals to it, and end this process the way
 * the child ended. Resolves never (the process exits).
 */
export function relaunchWithSingleThreadedGc(entry) {
  const child = spawn(process.execPath, [SINGLE_THREADED_GC, ...process.execArgv, fileURLToPath(entry), ...process.argv.slice(2)], { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, forward);
  return new Promise(() => {
    child.on('error', (e) => {
      process.stderr.write(`pigeonpost: could not start node again with ${SINGLE_THREADED_GC}: ${e.message}\n`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}
