/** Running the real `pigeonpost` command line (scripts/pigeonpost.mjs) from tests. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const REPO = join(import.meta.dirname, '..', '..', '..');
const BIN = join(REPO, 'scripts', 'pigeonpost.mjs');

/** Run `pigeonpost <args>`; resolves with stdout, rejects with stderr on a non-zero exit. */
export function pigeonpost(args: readonly string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: REPO, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 240_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`pigeonpost ${args.join(' ')} failed: ${err.message}\n${stderr}\n${stdout}`.slice(0, 8000)));
        else resolve(stdout);
      },
    );
  });
}

/** A running `pigeonpost serve` process. */
export interface ServeProcess {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stop the process (SIGTERM, then SIGKILL) and wait for it to exit. */
  stop(): Promise<void>;
  readonly running: boolean;
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`pigeonpost serve exited with ${child.exitCode}: ${log()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`pigeonpost serve did not answer on ${url} within ${timeoutMs} ms: ${log()}`);
}

/** Start `pigeonpost serve <dir> --port <port> --host 127.0.0.1` and wait until it answers. */
export async function startServe(dir: string, port: number): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', dir, '--port', String(port), '--host', '127.0.0.1'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilUp(url, child, 20_000, () => output);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url,
    port,
    dir,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
