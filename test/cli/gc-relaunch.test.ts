/**
 * scripts/gc-relaunch.mjs: `pigeonpost publish` starts itself again with V8 options for a batch
 * job (the single-threaded collector on machines of up to 4 cores, a larger young generation and
 * first old-generation limit everywhere). The relaunched process gets the same options and
 * arguments, its exit code and termination signals travel back and forth, an option the user gave
 * keeps its value, and PIGEONPOST_GC=default turns it off.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO, at, cleanup, runOk, tempDir, addTestMirror } from './helpers.ts';

vi.setConfig({ testTimeout: 60_000 });

const SMALL_MACHINE = availableParallelism() <= 4;

let dir: string;
let script: string;

beforeAll(async () => {
  dir = await tempDir();
  script = join(dir, 'relaunch-fixture.mjs');
  // Relaunches itself when asked to; then reports how it runs, and either exits 3 or waits.
  const helper = pathToFileURL(join(REPO, 'scripts', 'gc-relaunch.mjs')).href;
  await writeFile(
    script,
    `import { missingV8Options, relaunchWithV8Options } from ${JSON.stringify(helper)};
const options = missingV8Options();
if (options.length > 0) await relaunchWithV8Options(import.meta.url, options);
process.stdout.write(JSON.stringify({ pid: process.pid, execArgv: process.execArgv, argv: process.argv.slice(2) }) + '\\n');
if (process.argv[2] === 'wait') setInterval(() => {}, 1000);
else process.exitCode = 3;
`,
  );
});
afterAll(() => cleanup(dir));

/** Start the fixture; resolves with its first report line, and the exit once it ends. */
function start(args: string[], env: Record<string, string> = {}, nodeOptions: string[] = []) {
  const child = spawn(process.execPath, [...nodeOptions, '--stack-trace-limit=20', script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const report = new Promise<{ pid: number; execArgv: string[]; argv: string[] }>((resolve) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]!));
    });
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, report, exit };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('gc-relaunch', () => {
  it('runs again with the publish options, the same options and arguments, and passes the exit code back', async () => {
    const { report, exit, child } = start(['a', '--b', 'c d']);
    const r = await report;
    expect(r.execArgv).toEqual([...(SMALL_MACHINE ? ['--single-threaded-gc'] : []), '--max-semi-space-size=32', '--initial-old-space-size=192', '--stack-trace-limit=20']);
    expect(r.argv).toEqual(['a', '--b', 'c d']);
    expect(r.pid).not.toBe(child.pid);
    expect(await exit).toEqual({ code: 3, signal: null });
  });

  it('keeps a value the user gave, on the command line or in NODE_OPTIONS', async () => {
    const { report, exit } = start(['y'], { NODE_OPTIONS: '--max-semi-space-size=8' }, ['--initial_old_space_size=64']);
    const r = await report;
    expect(r.execArgv).toEqual([...(SMALL_MACHINE ? ['--single-threaded-gc'] : []), '--initial_old_space_size=64', '--stack-trace-limit=20']);
    expect(await exit).toEqual({ code: 3, signal: null });
  });

  it('stays in the same process with PIGEONPOST_GC=default', async () => {
    const { report, exit, child } = start(['x'], { PIGEONPOST_GC: 'default' });
    const r = await report;
    expect(r.execArgv).toEqual(['--stack-trace-limit=20']);
    expect(r.pid).toBe(child.pid);
    expect(await exit).toEqual({ code: 3, signal: null });
  });

  it('forwards SIGTERM to the relaunched process and ends by the same signal', async () => {
    const { report, exit, child } = start(['wait']);
    const r = await report;
    expect(alive(r.pid)).toBe(true);
    child.kill('SIGTERM');
    expect(await exit).toEqual({ code: null, signal: 'SIGTERM' });
    await vi.waitFor(() => expect(alive(r.pid)).toBe(false), { timeout: 5000 });
  });

  it('pigeonpost publish reports the collector it ran with', async () => {
    const site = join(dir, 'site');
    await runOk(['init', site, '--name', 'GC Test', '--now', at(0)]);
    await addTestMirror(site);
    const summary = JSON.parse((await runOk(['publish', site, '--out', join(dir, 'out'), '--now', at(1), '--json', '--no-app'])).stdout);
    expect(summary.gc).toBe(SMALL_MACHINE ? 'single-threaded' : 'default');
    const again = JSON.parse((await runOk(['publish', site, '--out', join(dir, 'out'), '--now', at(2), '--json', '--no-app'], { env: { PIGEONPOST_GC: 'default' } })).stdout);
    expect(again.gc).toBe('default');
  });
});
