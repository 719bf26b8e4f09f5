/**
 * Error codes from the worker (core/errors.ts ErrorCode, plus the page's own) as plain words.
 */
import type { Messages } from './i18n/messages.ts';

type ErrKey = Extract<keyof Messages, `err${string}`>;

/** A reader-facing explanation of `code`. */
export function explainError(m: Messages, code: string): string {
  if (code === 'NO_WORKER') return m.errNoWorker;
  const key = `err${code}` as ErrKey;
  const v = Object.hasOwn(m, key) ? m[key] : undefined;
  return typeof v === 'string' ? v : m.errOther(code);
}
