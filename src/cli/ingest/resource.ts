/**
 * Loading bytes from the places a source or a reference may point to: http(s) URLs, local files
 * (`file:` URLs) and `data:` URLs, with the same byte caps as the network.
 *
 * Security rule: a reference found in a remote document may only point to http(s) or data:;
 * a `file:` reference is honoured only when the document itself was read from the local disk.
 */
import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { fetchLimited } from './fetch.ts';
import { IngestError, NotFoundError, RefusedUrlError, TooLargeError } from './errors.ts';

/** Bytes and where they came from. */
export interface Loaded {
  bytes: Uint8Array;
  /** Content-Type when known (lower-cased), '' for local files. */
  contentType: string;
  /** Absolute URL (http:, https:, file: or data:) of what was read; relative refs resolve against it. */
  url: string;
}

/** True for absolute http: or https: URLs. */
export function isHttpUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** Turns a command-line source (URL or path) into an absolute URL string. */
export function sourceToUrl(source: string): string {
  if (isHttpUrl(source)) return new URL(source).href;
  if (/^file:\/\//i.test(source)) return new URL(source).href;
  return pathToFileURL(source).href;
}

/**
 * Resolves a reference found in a document against that document's URL.
 * @returns the absolute URL, or throws {@link RefusedUrlError} for disallowed schemes.
 */
export function resolveRef(ref: string, base: string): string {
  const trimmed = ref.trim();
  let abs: URL;
  try {
    abs = new URL(trimmed, base);
  } catch {
    throw new RefusedUrlError(trimmed.slice(0, 80), 'not a valid URL');
  }
  const scheme = abs.protocol;
  if (scheme === 'http:' || scheme === 'https:' || scheme === 'data:') return abs.href;
  if (scheme === 'file:') {
    if (new URL(base).protocol === 'file:') return abs.href;
    throw new RefusedUrlError(abs.href, 'a remote document may not point to local files');
  }
  throw new RefusedUrlError(abs.href.slice(0, 80), `scheme ${scheme} is not allowed`);
}

/** Reads an absolute http(s)/file/data URL within `maxBytes` and `timeoutMs`. */
export async function loadUrl(url: string, maxBytes: number, timeoutMs: number, accept?: string): Promise<Loaded> {
  const u = new URL(url);
  if (u.protocol === 'http:' || u.protocol === 'https:') {
    const f = await fetchLimited(u.href, { maxBytes, timeoutMs, ...(accept ? { accept } : {}) });
    return { bytes: f.bytes, contentType: f.contentType, url: f.url };
  }
  if (u.protocol === 'file:') return loadFile(fileURLToPath(u), maxBytes);
  if (u.protocol === 'data:') return decodeDataUrl(url, maxBytes);
  throw new RefusedUrlError(url, `scheme ${u.protocol} is not allowed`);
}

/** Reads a local file within `maxBytes`. */
export async function loadFile(path: string, maxBytes: number): Promise<Loaded> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new IngestError('IO', `not a regular file: ${path}`);
    size = st.size;
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new NotFoundError(path);
  }
  if (size > maxBytes) throw new TooLargeError(path, maxBytes);
  const bytes = new Uint8Array(await readFile(path));
  return { bytes, contentType: '', url: pathToFileURL(path).href };
}

/** Decodes `data:[<type>][;base64],<data>`. */
function decodeDataUrl(url: string, maxBytes: number): Loaded {
  const comma = url.indexOf(',');
  if (comma < 0) throw new RefusedUrlError('data: URL', 'malformed');
  const head = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  const isBase64 = /;base64$/i.test(head);
  const buf = isBase64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8');
  if (buf.byteLength > maxBytes) throw new TooLargeError('data: URL', maxBytes);
  return { bytes: new Uint8Array(buf), contentType: head.replace(/;base64$/i, '').toLowerCase(), url };
}
