/**
 * jsdom plumbing shared by the page extractor, the sanitizer and the text helpers.
 *
 * Documents are parsed with scripts disabled and no sub-resource loading (jsdom's defaults), so
 * reading an outlet's page never runs its code or contacts its servers.
 */
import { JSDOM } from 'jsdom';
import createDOMPurify, { type DOMPurify } from 'dompurify';

/** A parsed HTML document; call `close()` when done to free the window. */
export interface ParsedPage {
  document: Document;
  window: JSDOM['window'];
  close(): void;
}

/**
 * Parses an HTML page. Bytes are decoded the way a browser would (BOM, Content-Type charset,
 * `<meta charset>`), so windows-1251 pages come out right.
 */
export function parseHtml(input: Uint8Array | string, url: string, contentType = ''): ParsedPage {
  const charset = /charset=([^;\s]+)/i.exec(contentType)?.[1];
  const dom = new JSDOM(typeof input === 'string' ? input : decodeUndeclared(input, charset), {
    url,
    contentType: charset ? `text/html; charset=${charset}` : 'text/html',
  });
  return { document: dom.window.document, window: dom.window, close: () => dom.window.close() };
}

/**
 * With no charset anywhere, the HTML standard's fallback is windows-1252, which garbles the
 * UTF-8 that nearly every page is written in today. Bytes that are valid UTF-8 are therefore
 * decoded as UTF-8; anything else is left to jsdom's sniffing.
 */
function decodeUndeclared(bytes: Uint8Array, headerCharset: string | undefined): Buffer | string {
  if (headerCharset) return Buffer.from(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  if (/charset\s*=|^\uFEFF|^\xEF\xBB\xBF|^\xFF\xFE|^\xFE\xFF/i.test(head)) return Buffer.from(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Buffer.from(bytes);
  }
}

let shared: { window: JSDOM['window']; purify: DOMPurify } | undefined;

/** A long-lived blank window for fragment work (sanitizing, text extraction). */
export function sharedWindow(): JSDOM['window'] {
  return ensureShared().window;
}

/** The DOMPurify instance bound to the shared window. */
export function sharedPurifier(): DOMPurify {
  return ensureShared().purify;
}

/** Parses an HTML fragment into a detached container element of the shared window. */
export function parseFragment(html: string): HTMLElement {
  const doc = sharedWindow().document;
  const t = doc.createElement('template');
  t.innerHTML = html;
  const div = doc.createElement('div');
  div.appendChild(t.content);
  return div;
}

function ensureShared(): { window: JSDOM['window']; purify: DOMPurify } {
  if (!shared) {
    const window = new JSDOM('<!doctype html><html><body></body></html>').window;
    shared = { window, purify: createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]) };
  }
  return shared;
}
