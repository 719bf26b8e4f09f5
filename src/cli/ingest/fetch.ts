/**
 * Bounded HTTP(S) fetching: every request has a time limit and a byte cap, enforced while the
 * body streams in, and every failure becomes a one-line {@link IngestError}.
 */
import { USER_AGENT } from './config.ts';
import {
  HttpStatusError,
  IngestError,
  TimeoutError,
  TooLargeError,
  UnreachableError,
} from './errors.ts';

/** What to fetch and how much of it to accept. */
export interface FetchOptions {
  /** Time limit for the whole request including the body (milliseconds). */
  timeoutMs: number;
  /** Largest body accepted (bytes). */
  maxBytes: number;
  /** Value of the Accept header. */
  accept?: string;
}

/** A fetched body. */
export interface Fetched {
  bytes: Uint8Array;
  /** The Content-Type header, lower-cased, or '' when absent. */
  contentType: string;
  /** The URL after redirects. */
  url: string;
}

/**
 * Fetches `url` (http or https only) within the limits.
 * @throws {UnreachableError | TimeoutError | HttpStatusError | TooLargeError}
 */
export async function fetchLimited(url: string, opts: FetchOptions): Promise<Fetched> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        redirect: 'follow',
        signal: controller.signal,
        headers: { 'user-agent': USER_AGENT, accept: opts.accept ?? '*/*' },
      });
    } catch (err) {
      if (timedOut) throw new TimeoutError(url, opts.timeoutMs);
      throw new UnreachableError(url, networkReason(err), { cause: err });
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new HttpStatusError(url, res.status, res.statusText);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new TooLargeError(url, opts.maxBytes);
    }
    const bytes = await readCapped(res, url, opts.maxBytes, () => timedOut, opts.timeoutMs);
    return { bytes, contentType: (res.headers.get('content-type') ?? '').toLowerCase(), url: res.url || url };
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a response body, aborting as soon as it passes `maxBytes`. */
async function readCapped(
  res: Response,
  url: string,
  maxBytes: number,
  timedOut: () => boolean,
  timeoutMs: number,
): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new TooLargeError(url, maxBytes);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof IngestError) throw err;
    if (timedOut()) throw new TimeoutError(url, timeoutMs);
    throw new UnreachableError(url, networkReason(err), { cause: err });
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Digs the system error code (ECONNREFUSED, ENOTFOUND, ...) out of undici's "fetch failed". */
function networkReason(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return describeCode(code);
    e = (e as { cause?: unknown }).cause;
  }
  return err instanceof Error ? err.message : String(err);
}

const CODE_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
};

function describeCode(code: string): string {
  const text = CODE_TEXT[code];
  return text ? `${text}, ${code}` : code;
}
