/**
 * Operator-facing errors of the CLI. An expected failure is a `CliError` with an exit code, a
 * stable code (for `--json` and scripts) and one line of text; `main.ts` prints it as
 * `pigeonpost: error: <message>`. Anything else that escapes a command is a bug: it is still one
 * line ("internal error: ..."), and the stack is printed only with PIGEONPOST_DEBUG=1.
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
  /** Stable machine-readable code, e.g. `NOT_A_SITE`, `OUT_OVERLAPS_SITE`, `USAGE`. */
  readonly code: string;
  constructor(message: string, exitCode = EXIT_FAILURE, code = 'FAILED') {
    super(message);
    this.exitCode = exitCode;
    this.code = code;
  }
}

/** Bad command line: exit code 2, code `USAGE`. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, EXIT_USAGE, 'USAGE');
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
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOTEMPTY: 'directory not empty',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EBUSY: 'resource busy',
  EIO: 'input/output error',
  EXDEV: 'cross-device link not permitted',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
};

/** The plain words for a system error (`no space left on device`), or undefined for another error. */
export function systemErrorText(e: unknown): string | undefined {
  const code = systemCode(e);
  return code === undefined ? undefined : SYSTEM_TEXT[code];
}

/** What to do about a file-system error, where there is one thing to say. */
const SYSTEM_HINT: Record<string, string> = {
  EACCES: 'check the permissions or choose another folder',
  EPERM: 'check the permissions or choose another folder',
  EROFS: 'choose a writable folder',
  ENOSPC: 'free some space or choose another disk',
  EDQUOT: 'free some space or choose another disk',
};

/** A described error: one line, its exit code and stable code. */
export interface ErrorDescription {
  readonly message: string;
  readonly exitCode: number;
  readonly code: string;
  /** False for a bug (an error nobody expected); its stack is kept in `stack`. */
  readonly expected: boolean;
  readonly stack?: string;
}

/**
 * Turn an error into `{ message, exitCode, expected }`. Expected errors (CliError, PigeonError,
 * file-system errors) become one line; unexpected ones keep their stack for a bug report.
 */
export function describeError(e: unknown): ErrorDescription {
  if (e instanceof CliError) return { message: oneLine(e.message), exitCode: e.exitCode, code: e.code, expected: true };
  if (e instanceof PigeonError) return { message: oneLine(`${e.code}: ${e.message}`), exitCode: EXIT_FAILURE, code: e.code, expected: true };
  const code = systemCode(e);
  if (code !== undefined && e instanceof Error && SYSTEM_TEXT[code] !== undefined) {
    const path = (e as { path?: unknown }).path;
    const where = typeof path === 'string' ? `${path}: ` : '';
    const hint = SYSTEM_HINT[code] === undefined ? '' : ` (${SYSTEM_HINT[code]})`;
    return { message: oneLine(`${where}${SYSTEM_TEXT[code]}${hint}`), exitCode: EXIT_FAILURE, code, expected: true };
  }
  const text = e instanceof Error ? e.message : String(e);
  return {
    message: oneLine(`internal error: ${text} (this is a bug; run again with PIGEONPOST_DEBUG=1 for the details)`),
    exitCode: EXIT_FAILURE,
    code: 'INTERNAL',
    expected: false,
    ...(e instanceof Error && e.stack !== undefined ? { stack: e.stack } : {}),
  };
}

/** The `--json` document of a failure. */
export function failureJson(d: ErrorDescription): string {
  return JSON.stringify({ ok: false, code: d.code, message: d.message, exitCode: d.exitCode });
}

/** Collapse whitespace so a message is exactly one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
