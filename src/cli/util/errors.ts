/**
 * Operator-facing errors of the CLI. An expected failure is a `CliError` with an exit code and one
 * line of text; `main.ts` prints it as `pigeonpost: error: <message>` and never shows a stack trace.
 * Anything else that escapes a command is a bug and is printed with its stack.
 */
import { PigeonError } from '../../core/errors.ts';

/** Exit code of a usage error (bad flags or arguments). */
export const EXIT_USAGE = 2;
/** Exit code of any other expected failure. */
export const EXIT_FAILURE = 1;

/** An expected failure with a one-line message. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_FAILURE) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Bad command line: exit code 2. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, EXIT_USAGE);
  }
}

/** Node's system errors carry a `code` like ENOENT. */
function systemCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
}

const SYSTEM_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENOSPC: 'no space left on device',
  EADDRINUSE: 'address already in use',
};

/**
 * Turn an error into `{ message, exitCode, expected }`. Expected errors (CliError, PigeonError,
 * file-system errors) become one line; unexpected ones keep their stack for a bug report.
 */
export function describeError(e: unknown): { message: string; exitCode: number; expected: boolean } {
  if (e instanceof CliError) return { message: oneLine(e.message), exitCode: e.exitCode, expected: true };
  if (e instanceof PigeonError) return { message: oneLine(`${e.code}: ${e.message}`), exitCode: EXIT_FAILURE, expected: true };
  const code = systemCode(e);
  if (code !== undefined && e instanceof Error && SYSTEM_TEXT[code] !== undefined) {
    const path = (e as { path?: unknown }).path;
    const where = typeof path === 'string' ? `${path}: ` : '';
    return { message: oneLine(`${where}${SYSTEM_TEXT[code]}`), exitCode: EXIT_FAILURE, expected: true };
  }
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { message, exitCode: EXIT_FAILURE, expected: false };
}

/** Collapse whitespace so a message is exactly one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
