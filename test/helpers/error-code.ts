/** Error assertions shared by the tests: which PigeonError code a call ends with. */
import { PigeonError } from '../../src/core/errors.ts';

/**
 * The PigeonError code `f` throws, or 'OK' when it returns. Any other exception is re-thrown, so
 * a decoder that leaks a TypeError fails the test with that error.
 */
export function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PigeonError) return e.code;
    throw e;
  }
  return 'OK';
}

/** The PigeonError code `p` rejects with, or 'OK' when it resolves (other rejections re-thrown). */
export async function rejectionCode(p: Promise<unknown> | (() => Promise<unknown>)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof PigeonError) return e.code;
    throw e;
  }
  return 'OK';
}
