/**
 * Checks on a mirror's response before its body is read, and the mapping of transport failures
 * to PigeonErrors. Used by fetchCapped; nothing here trusts a header beyond refusing early.
 */
import { PigeonError } from '../errors.ts';

/**
 * Content-Length counts encoded bytes and the cap counts decoded ones; cross-origin, the
 * Content-Encoding header is hidden by CORS. Allow for worst-case deflate/brotli expansion of
 * incompressible data (well under 0.1 % plus headers) before refusing on Content-Length alone.
 */
function contentLengthSlack(limit: number): number {
  return Math.ceil(limit / 1024) + 64;
}

/** A header value that is one plain decimal number, or undefined (never trusted beyond that). */
function parseContentLength(v: string | null): number | undefined {
  if (v === null || !/^\s*\d{1,15}\s*$/.test(v)) return undefined;
  return Number(v);
}

function describeCause(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 3; c = c.cause, depth++) parts.push(c.message);
  return parts.join(': ').slice(0, 300);
}

/** A NETWORK PigeonError for a failed fetch or body read (`received`: bytes read so far). */
export function networkError(url: string, e: unknown, received?: number): PigeonError {
  const cause = describeCause(e);
  // Node's fetch names the redirect in the cause; browsers report every refusal as "Failed to fetch".
  const redirect = /redirect/i.test(cause);
  const message = redirect
    ? `mirror answered with a redirect, which is refused: ${url}`
    : `network error ${received === undefined ? 'fetching' : 'reading'} ${url}: ${cause || 'unknown'}`;
  return new PigeonError('NETWORK', message, { url, cause, ...(redirect ? { redirect: true } : {}), ...(received === undefined ? {} : { received }) });
}

/**
 * Refuse a response before reading its body: a redirect that was followed anyway (defence in depth
 * for fetch implementations that ignore `redirect: 'error'`), a non-2xx status (HTTP_STATUS), or a
 * Content-Length clearly above `limit` (TOO_LARGE). Content-Length is never trusted otherwise.
 */
export function checkResponse(res: Response, url: string, limit: number): void {
  if (res.redirected || res.type === 'opaqueredirect') {
    throw new PigeonError('NETWORK', `mirror answered with a redirect, which is refused: ${url}`, { url, redirect: true });
  }
  if (res.status < 200 || res.status > 299) {
    throw new PigeonError('HTTP_STATUS', `mirror answered HTTP ${res.status}`, { url, status: res.status });
  }
  const contentLength = parseContentLength(res.headers.get('content-length'));
  if (contentLength !== undefined && contentLength > limit + contentLengthSlack(limit)) {
    throw new PigeonError('TOO_LARGE', `mirror announced ${contentLength} bytes, over the limit of ${limit}`, { url, contentLength, limit });
  }
}
