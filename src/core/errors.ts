/**
 * The one error type of the trust core and the sync engine.
 *
 * Every rejection carries a stable `code` (for tests, logs and the reader's status line) and a
 * human sentence. Decoders and verifiers throw only `PigeonError`; anything else escaping them is a bug.
 */

/** Stable error codes. The comment says when each is raised. */
export type ErrorCode =
  // --- signatures and keys (format.md §4) ---
  | 'BAD_SIGNATURE' // a signature by a listed key does not verify over the exact payload bytes
  | 'UNKNOWN_KEY' // no signature comes from a key the trusted root lists for the role (also: revoked keys)
  | 'THRESHOLD_NOT_MET' // fewer distinct valid keys than the role's threshold
  | 'WRONG_TYPE' // the signed `_type` is not the expected document type (type confusion)
  | 'WRONG_SITE' // the document belongs to another site id
  | 'UNSUPPORTED' // unknown spec version, key type or hash algorithm
  // --- freshness (format.md §5) ---
  | 'ROLLBACK' // a version lower than the stored one (or a root that is not exactly N+1)
  | 'EXPIRED' // signed metadata past its `expires` (freeze attack, or an unmaintained site)
  | 'REVISION_ROLLBACK' // an article revision below the stored one
  | 'REMOVED_WITHOUT_TOMBSTONE' // a stored article vanished from the index without a signed removal
  | 'ROOT_CHAIN_TOO_LONG' // more root versions than the cap in one update
  // --- content (format.md §3) ---
  | 'HASH_MISMATCH' // bytes do not match the pinned SHA-256
  | 'LENGTH_MISMATCH' // byte count differs from the pinned length
  | 'TOO_LARGE' // a body or a decompressed object exceeds its signed length or a fixed cap
  | 'NOT_LISTED' // a bundle the current manifest does not list (mix-and-match)
  | 'MALFORMED' // input that is not a valid document of the expected shape
  | 'NOT_BUNDLE' // a mirror answered with something that is not repository data (captive portal?); a file that is no share file
  | 'TRUNCATED' // a share or mirror file that ends before its own stated end (cut off in transfer)
  // --- transport (net/) ---
  | 'TIMEOUT' // no answer, or the total deadline passed
  | 'TOO_SLOW' // below the minimum throughput (drip-feeding)
  | 'HTTP_STATUS' // a non-2xx status
  | 'NETWORK' // connection failed
  | 'ABORTED' // the caller cancelled
  | 'ALL_MIRRORS_FAILED' // every mirror failed; `detail.errors` lists each one
  // --- storage ---
  | 'STORAGE' // the local database refused a write (closed, broken); nothing was changed
  | 'STORAGE_FULL' // the device's storage quota refused a write (QuotaExceededError); nothing was changed
  | 'BUSY'; // another sync holds the lock

/** A typed, expected failure. `detail` is plain JSON (safe to log and to post to the page). */
export class PigeonError extends Error {
  readonly code: ErrorCode;
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = 'PigeonError';
    this.code = code;
    this.detail = detail;
  }
}

/** True when `e` is a PigeonError (optionally with the given code). */
export function isPigeonError(e: unknown, code?: ErrorCode): e is PigeonError {
  return e instanceof PigeonError && (code === undefined || e.code === code);
}

/** Shorthand for a MALFORMED error about `what`. */
export function malformed(what: string, detail?: Record<string, unknown>): PigeonError {
  return new PigeonError('MALFORMED', `malformed ${what}`, detail);
}
