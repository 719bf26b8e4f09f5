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
  const dom = new JSDOM(typeof input === 'string' ? input : Buffer.from(input), {
    url,
    contentType: charset ? `text/html; charset=${charset}` : 'text/html',
  });
  return { document: dom.window.document, window: dom.window, close: () => dom.window.close() };
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
