// Publishing runs with V8 options chosen for a large batch job: its own process, started again
// with them before anything else is loaded (V8 takes them only at start-up).
//
// - The single-threaded garbage collector, on machines of up to 4 cores. A large publish keeps
//   every core busy with render workers (render-pool.ts uses min(cores, 4)), and V8's parallel and
//   concurrent collectors then run their helper threads on those same cores: on 2 cores, a full
//   publish of 10,000 articles spent 5.4 s of CPU in V8's helper threads with the default
//   collector and 2.8 s with --single-threaded-gc, and took 21.1-22.1 s instead of 22.4-24.2 s.
// - A larger young generation (32 MB semi-spaces instead of 16) and a first old-generation limit
//   of 192 MB. Rendering allocates heavily (jsdom), and the publisher's heap grows steadily with
//   the articles it has rendered; with the defaults the main thread ran 10 full mark-compacts and
//   about 420 scavenges in a publish of 10,000 articles (1.9 s of its CPU), with these 3 and about
//   210 (1.0 s), and the worker's scavenges fell from 0.6 to 0.4 s; peak RSS 730-760 MB either way.
//
// Measured in docs/benchmarks.md "Publish". An option already given (in NODE_OPTIONS or on the
// command line) is left as it is; PIGEONPOST_GC=default turns all of this off.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

export const SINGLE_THREADED_GC = '--single-threaded-gc';

/** The V8 options a publish runs with on a machine with `cores` cores (none with PIGEONPOST_GC=default). */
export function publishV8Options(cores = availableParallelism()) {
  if (process.env.PIGEONPOST_GC === 'default') return [];
  return [...(cores <= 4 ? [SINGLE_THREADED_GC] : []), '--max-semi-space-size=32', '--initial-old-space-size=192'];
}

/**
 * The options of {@link publishV8Options} this process lacks, by name: one the user gave, on the
 * command line or in NODE_OPTIONS, keeps the user's value.
 */
export function missingV8Options() {
  const given = new Set([...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].map((a) => a.split('=')[0].replaceAll('_', '-')));
  return publishV8Options().filter((o) => !given.has(o.split('=')[0]));
}

/**
 * Run `entry` (a file URL) again in a child process with `options` before the same Node options and
 * the same arguments; forward termination signals to it, and end this process the way the child
 * ended. Resolves never (the process exits).
 */
export function relaunchWithV8Options(entry, options) {
  const child = spawn(process.execPath, [...options, ...process.execArgv, fileURLToPath(entry), ...process.argv.slice(2)], { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, forward);
  return new Promise(() => {
    child.on('error', (e) => {
      process.stderr.write(`pigeonpost: could not start node again with ${options.join(' ')}: ${e.message}\n`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}
