/**
 * Bytes → text for HTML pages, the way browsers decode them (HTML Standard §13.2.3 "The input
 * byte stream"):
 *
 *   1. a byte order mark (UTF-8, UTF-16LE/BE) — confidence *certain*;
 *   2. the `charset` parameter of the HTTP `Content-Type` — *certain*;
 *   3. the `<meta>` prescan of the first 1,024 bytes (§13.2.3.2; html-encoding-sniffer, the
 *      implementation jsdom itself uses) — *tentative*; one deliberate departure: a legacy
 *      declaration on bytes that are valid UTF-8 text is overruled (see UTF8_OVER_META);
 *   4. no declaration: bytes that are valid UTF-8 are UTF-8; otherwise a frequency-analysis
 *      detector (chardet) picks among the legacy encodings (windows-1251, KOI8-R, ...); plain
 *      ASCII and undecidable bytes get the standard's default, windows-1252 — *tentative*;
 *   5. while parsing, the first `<meta charset>` or `<meta http-equiv=content-type>` the tree
 *      builder meets (anywhere in the document, not only in the first 1,024 bytes) changes a
 *      tentative encoding (§13.2.3.4 "Changing the encoding while parsing"): the page is decoded
 *      again in the declared encoding, as a browser reloads it.
 *
 * Decoding uses @exodus/bytes' WHATWG Encoding Standard decoders (every label and legacy
 * encoding the standard defines, with the standard's replacement behaviour).
 */
/// <reference path="./html-encoding-sniffer.d.ts" />
import chardet from 'chardet';
import { TextDecoder, getBOMEncoding, labelToName } from '@exodus/bytes/encoding.js';
import htmlEncodingSniffer from 'html-encoding-sniffer';

/** Where the encoding of a page came from. */
export type EncodingSource = 'bom' | 'http' | 'prescan' | 'utf-8-valid' | 'detected' | 'default' | 'meta-while-parsing';

/** The result of {@link sniffHtmlEncoding}. */
export interface SniffedEncoding {
  /** WHATWG encoding name, e.g. `UTF-8`, `windows-1251`, `KOI8-R`. */
  encoding: string;
  source: EncodingSource;
  /** `certain` encodings are never changed by a later `<meta>`. */
  confidence: 'certain' | 'tentative';
}

/** The standard's default for the "all other locales" row of its table (§13.2.3.2 step 9). */
const DEFAULT_ENCODING = 'windows-1252';
/** How many bytes the detector looks at (enough text for a stable answer, cheap on big pages). */
const DETECT_SAMPLE = 64 * 1024;
/** Below this chardet confidence (0-100) the detector's guess is not used. */
const MIN_DETECT_CONFIDENCE = 10;

/** Steps 1-4: the encoding to start parsing with, and how sure it is. */
export function sniffHtmlEncoding(bytes: Uint8Array, contentType = ''): SniffedEncoding {
  const bom = labelToName(getBOMEncoding(bytes) ?? '');
  if (bom) return { encoding: bom, source: 'bom', confidence: 'certain' };
  const label = contentTypeCharset(contentType);
  const http = label ? labelToName(label) : null;
  if (http) return { encoding: http, source: 'http', confidence: 'certain' };
  // With an empty default, an empty answer means "the prescan found nothing".
  const prescanned = htmlEncodingSniffer(bytes, { defaultEncoding: '' });
  if (prescanned) {
    if (prescanned !== 'UTF-8' && isUtf8Text(bytes)) return UTF8_OVER_META;
    return { encoding: prescanned, source: 'prescan', confidence: 'tentative' };
  }
  return detectEncoding(bytes);
}

/**
 * The one deliberate departure from browsers: a page whose `<meta>` names a legacy encoding but
 * whose bytes are valid UTF-8 with non-ASCII text is a page re-saved as UTF-8 (by a browser's
 * "Save page", an editor, an archiver) that kept its old declaration. Legacy-encoded text is
 * practically never valid UTF-8 (in windows-1251 every Cyrillic letter is a byte >= 0xC0, which
 * UTF-8 only allows as the lead of a multi-byte sequence), so UTF-8 is the right reading. An
 * HTTP charset or a BOM is still obeyed as it is.
 */
const UTF8_OVER_META: SniffedEncoding = { encoding: 'UTF-8', source: 'utf-8-valid', confidence: 'certain' };

/** Step 4 alone: UTF-8 validity first, then chardet, then windows-1252. */
export function detectEncoding(bytes: Uint8Array): SniffedEncoding {
  if (isValidUtf8(bytes)) {
    return isAscii(bytes)
      ? { encoding: DEFAULT_ENCODING, source: 'default', confidence: 'tentative' }
      : { encoding: 'UTF-8', source: 'utf-8-valid', confidence: 'tentative' };
  }
  const sample = bytes.subarray(0, DETECT_SAMPLE);
  for (const match of chardet.analyse(sample)) {
    if (match.confidence < MIN_DETECT_CONFIDENCE) break;
    const name = labelToName(match.name);
    // UTF-16/32 and ISO-2022 guesses on bytes that parse as HTML are never right for a web page.
    if (!name || /^(?:UTF-16|ISO-2022|replacement)/i.test(name)) continue;
    return { encoding: name, source: 'detected', confidence: 'tentative' };
  }
  return { encoding: DEFAULT_ENCODING, source: 'default', confidence: 'tentative' };
}

/** Decodes `bytes` in a WHATWG encoding (a BOM of that encoding is skipped). */
export function decodeAs(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * Step 5: given the `<meta>` elements of a document parsed in a tentative encoding, in tree
 * order, the encoding the page must be decoded in instead, or undefined to keep the current one.
 * Only metas the tree builder processes count (those under `<noscript>` are raw text to a
 * browser with scripting on).
 */
export function encodingChangeFromMeta(metas: Iterable<Element>, current: SniffedEncoding): string | undefined {
  if (current.confidence === 'certain') return undefined;
  for (const meta of metas) {
    if (meta.closest('noscript')) continue;
    const declared = metaEncoding(meta);
    if (!declared) continue;
    // "Changing the encoding while parsing", steps 1-4 (and the UTF-8 rule of sniffHtmlEncoding).
    if (/^UTF-16(?:LE|BE)$/.test(current.encoding)) return undefined;
    let next = declared;
    if (/^UTF-16(?:LE|BE)$/.test(next)) next = 'UTF-8';
    if (next === 'x-user-defined') next = 'windows-1252';
    if (next === current.encoding) return undefined;
    return current.encoding === 'UTF-8' && current.source === 'utf-8-valid' ? undefined : next;
  }
  return undefined;
}

/** The encoding a `<meta>` declares (§13.2.6.4.4 "in head", the `meta` start tag), if any. */
function metaEncoding(meta: Element): string | null {
  const charset = meta.getAttribute('charset');
  if (charset !== null) {
    const name = labelToName(charset.trim());
    if (name) return name;
  }
  const equiv = meta.getAttribute('http-equiv');
  const content = meta.getAttribute('content');
  if (equiv?.trim().toLowerCase() === 'content-type' && content) {
    const label = charsetFromMetaContent(content);
    return label ? labelToName(label) : null;
  }
  return null;
}

/** The HTML Standard's "algorithm for extracting a character encoding from a meta element". */
export function charsetFromMetaContent(content: string): string | null {
  const s = content;
  let pos = 0;
  for (;;) {
    const i = s.toLowerCase().indexOf('charset', pos);
    if (i < 0) return null;
    let j = i + 7;
    while (j < s.length && /[\t\n\f\r ]/.test(s[j]!)) j++;
    if (s[j] !== '=') {
      pos = j;
      continue;
    }
    j++;
    while (j < s.length && /[\t\n\f\r ]/.test(s[j]!)) j++;
    const q = s[j];
    if (q === '"' || q === "'") {
      const end = s.indexOf(q, j + 1);
      return end < 0 ? null : s.slice(j + 1, end);
    }
    if (j >= s.length) return null;
    const m = /^[^\t\n\f\r ;]+/.exec(s.slice(j));
    return m ? m[0] : null;
  }
}

/** The `charset` parameter of a Content-Type header value, if any. */
export function contentTypeCharset(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  const v = (m?.[1] ?? m?.[2])?.trim();
  return v || undefined;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new globalThis.TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Valid UTF-8 holding at least one non-ASCII character. */
function isUtf8Text(bytes: Uint8Array): boolean {
  return !isAscii(bytes) && isValidUtf8(bytes);
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b > 0x7f) return false;
  return true;
}
