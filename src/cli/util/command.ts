/**
 * Running a command whose output streams are injectable (ingest, update): every error becomes one
 * line on stderr, `pigeonpost: error: <command>: …`, with exit code 2 for usage errors (bad flags,
 * a bad site.json) and 1 for everything else, the same rules main.ts applies to the other commands.
 */
import { IngestError } from '../ingest/errors.ts';
import { CliError, UsageError, oneLine } from './errors.ts';

/** A writable text stream (process.stdout, or a test's collector). */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Where a command writes. */
export interface CommandIo {
  stdout: OutStream;
  stderr: OutStream;
}

/** The process's own streams. */
export const PROCESS_IO: CommandIo = { stdout: process.stdout, stderr: process.stderr };

function isUsage(err: unknown): err is Error {
  return err instanceof UsageError || (err instanceof IngestError && err.code === 'USAGE');
}

function codeOf(err: unknown): string {
  if (err instanceof CliError || err instanceof IngestError) return err.code;
  const sys = (err as { code?: unknown } | null)?.code;
  return typeof sys === 'string' ? sys : 'FAILED';
}

/**
 * Run `body`; report what it throws as one line and return the exit code. With `json`, the
 * failure is also a JSON object on stdout (`{"ok":false,"code","message","exitCode"}`).
 */
export async function runCommand(command: string, io: CommandIo, body: () => Promise<number>, json = false): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const message = oneLine(err instanceof Error ? err.message : String(err));
    let line: string;
    let exitCode: number;
    if (isUsage(err)) {
      // parseCommand's messages already name the command and the help.
      line = message.startsWith(`${command}: `) ? message : `${command}: ${message} (see pigeonpost ${command} --help)`;
      exitCode = 2;
    } else {
      line = `${command}: ${message}`;
      exitCode = 1;
    }
    io.stderr.write(`pigeonpost: error: ${line}\n`);
    if (json) io.stdout.write(JSON.stringify({ ok: false, code: isUsage(err) ? 'USAGE' : codeOf(err), message: line, exitCode }) + '\n');
    return exitCode;
  }
}
