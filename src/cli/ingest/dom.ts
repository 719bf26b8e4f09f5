/**
 * jsdom plumbing shared by the page extractor, the sanitizer and the text helpers.
 *
 * Documents are parsed with scripts disabled and no sub-resource loading (jsdom's defaults), so
 * reading an outlet's page never runs its code or contacts its servers.
 */
import { JSDOM, VirtualConsole } from 'jsdom';
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { decodeAs, encodingChangeFromMeta, sniffHtmlEncoding, type SniffedEncoding } from './html-encoding.ts';

/** A parsed HTML document; call `close()` when done to free the window. */
export interface ParsedPage {
  document: Document;
  window: JSDOM['window'];
  /** How the bytes were decoded (absent when the page was given as text). */
  encoding?: SniffedEncoding;
  close(): void;
}

/**
 * Parses an HTML page. Bytes are decoded the way a browser decodes them (html-encoding.ts: BOM,
 * Content-Type charset, the 1,024-byte `<meta>` prescan, UTF-8 validity and a detector for
 * undeclared pages, then a later `<meta charset>` found while parsing, which re-decodes the page).
 */
export function parseHtml(input: Uint8Array | string, url: string, contentType = ''): ParsedPage {
  if (typeof input === 'string') return open(input, url, undefined);
  const sniffed = sniffHtmlEncoding(input, contentType);
  let page = open(decodeAs(input, sniffed.encoding), url, sniffed);
  const change = encodingChangeFromMeta(page.document.querySelectorAll('meta'), sniffed);
  if (change) {
    page.close();
    page = open(decodeAs(input, change), url, { encoding: change, source: 'meta-while-parsing', confidence: 'certain' });
  }
  return page;
}

function open(text: string, url: string, encoding: SniffedEncoding | undefined): ParsedPage {
  // A silent console: an outlet's broken CSS is not the operator's business.
  const dom = new JSDOM(text, { url, contentType: 'text/html', virtualConsole: new VirtualConsole() });
  return {
    document: dom.window.document,
    window: dom.window,
    ...(encoding ? { encoding } : {}),
    close: () => dom.window.close(),
  };
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
