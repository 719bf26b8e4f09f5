/**
 * Typed errors for `pigeonpost ingest`.
 *
 * Every error that reaches the operator is an {@link IngestError} with a stable `code` and a
 * one-line `message` that already names what went wrong in plain words; the CLI prints
 * `<source>: <message>` and moves on to the next source.
 */

/** Stable codes for operator-facing failures (also used in the `--json` summary). */
export type IngestErrorCode =
  | 'USAGE'
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'HTTP_STATUS'
  | 'TOO_LARGE'
  | 'NOT_FOUND'
  | 'NOT_A_FEED'
  | 'MALFORMED_FEED'
  | 'NO_ARTICLE'
  | 'BAD_FRONT_MATTER'
  | 'BAD_IMAGE'
  | 'REFUSED_URL'
  | 'IO';

/** Base class: a failure of one source, item or image, with a one-line message. */
export class IngestError extends Error {
  override name = 'IngestError';
  /** Machine-readable reason. */
  readonly code: IngestErrorCode;
  constructor(code: IngestErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Bad command-line use or configuration (exit code 2). */
export class UsageError extends IngestError {
  override name = 'UsageError';
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** The server could not be reached (DNS, refused, reset, TLS). */
export class UnreachableError extends IngestError {
  override name = 'UnreachableError';
  constructor(url: string, reason: string, options?: ErrorOptions) {
    super('UNREACHABLE', `cannot reach ${url} (${reason})`, options);
  }
}

/** A fetch did not finish within its time limit. */
export class TimeoutError extends IngestError {
  override name = 'TimeoutError';
  constructor(url: string, ms: number) {
    super('TIMEOUT', `timed out after ${Math.round(ms / 1000)} s fetching ${url}`);
  }
}

/** The server answered with a non-2xx status. */
export class HttpStatusError extends IngestError {
  override name = 'HttpStatusError';
  /** The HTTP status code the server sent. */
  readonly status: number;
  constructor(url: string, status: number, statusText: string) {
    super('HTTP_STATUS', `HTTP ${status}${statusText ? ` ${statusText}` : ''} for ${url}`);
    this.status = status;
  }
}

/** A body exceeded its byte cap (checked while streaming). */
export class TooLargeError extends IngestError {
  override name = 'TooLargeError';
  constructor(what: string, maxBytes: number) {
    super('TOO_LARGE', `${what} is larger than the ${formatBytes(maxBytes)} limit`);
  }
}

/** A local path does not exist. */
export class NotFoundError extends IngestError {
  override name = 'NotFoundError';
  constructor(path: string) {
    super('NOT_FOUND', `no such file or folder: ${path}`);
  }
}

/** The bytes are neither a feed nor an HTML page. */
export class NotAFeedError extends IngestError {
  override name = 'NotAFeedError';
  constructor(detail?: string) {
    super('NOT_A_FEED', `not a feed (RSS, Atom, JSON Feed) or an HTML page${detail ? `: ${detail}` : ''}`);
  }
}

/** The feed looked like a feed but could not be parsed. */
export class MalformedFeedError extends IngestError {
  override name = 'MalformedFeedError';
  constructor(detail: string, options?: ErrorOptions) {
    super('MALFORMED_FEED', `malformed feed: ${detail}`, options);
  }
}

/** The page has no extractable article. */
export class NoArticleError extends IngestError {
  override name = 'NoArticleError';
  constructor(detail = 'no article text found on the page') {
    super('NO_ARTICLE', detail);
  }
}

/** A Markdown file's front matter is missing or invalid. */
export class FrontMatterError extends IngestError {
  override name = 'FrontMatterError';
  constructor(detail: string) {
    super('BAD_FRONT_MATTER', `front matter: ${detail}`);
  }
}

/** A referenced image could not be used (not an image, cannot fit the budget). */
export class ImageError extends IngestError {
  override name = 'ImageError';
  constructor(detail: string, options?: ErrorOptions) {
    super('BAD_IMAGE', detail, options);
  }
}

/** A URL was refused (scheme not allowed from this base, e.g. file: from a remote page). */
export class RefusedUrlError extends IngestError {
  override name = 'RefusedUrlError';
  constructor(url: string, why: string) {
    super('REFUSED_URL', `refused ${url}: ${why}`);
  }
}

/** Formats a byte count for messages: `10 MB`, `300 kB`, `512 B`. */
export function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${+(n / 1_000).toFixed(1)} kB`;
  return `${n} B`;
}

/** Turns anything thrown into a one-line message (no stack, no newlines). */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s+/g, ' ').trim();
}
