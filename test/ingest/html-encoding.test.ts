/**
 * Pages decode as browsers decode them: BOM, HTTP charset, the 1,024-byte <meta> prescan, a
 * detector for undeclared pages, and a <meta charset> found later while parsing. Russian pages
 * in windows-1251 and KOI8-R are encoded here from one UTF-8 fixture, declared early, declared
 * late (past the first 1,024 bytes), declared only by HTTP, and not declared at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSinglebyteEncoder } from '@exodus/bytes/single-byte.js';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/cli/ingest/dom.ts';
import {
  charsetFromMetaContent,
  contentTypeCharset,
  detectEncoding,
  sniffHtmlEncoding,
} from '../../src/cli/ingest/html-encoding.ts';
import { extractPage } from '../../src/cli/ingest/sources/page.ts';
import { FIXTURES } from './helpers.ts';

const TEMPLATE = readFileSync(join(FIXTURES, 'encodings', 'ru-legacy.html'), 'utf8');
const TITLE = 'Паводок отрезал от города три деревни';
const BODY_PHRASE = 'Вода в Сухоне за ночь поднялась на два метра';
const URL = 'https://sevpravda.example/region/2026/04/11/pavodok';

/** The fixture with a declaration at `<!--EARLY-->` or `<!--LATE-->`, encoded in `encoding`. */
function page(encoding: string, where: 'early' | 'late' | 'none', decl = `<meta charset="${encoding}">`): Uint8Array {
  const html = TEMPLATE.replace('<!--EARLY-->', where === 'early' ? decl : '').replace('<!--LATE-->', where === 'late' ? decl : '');
  const bytes = encoding.toLowerCase() === 'utf-8' ? new TextEncoder().encode(html) : new Uint8Array(createSinglebyteEncoder(encoding.toLowerCase())(html));
  if (where === 'late') {
    const at = latin1(bytes).indexOf(latin1(new TextEncoder().encode(decl)));
    expect(at, 'the late declaration sits past the prescan window').toBeGreaterThan(1024);
  }
  return bytes;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

function extract(bytes: Uint8Array, contentType = 'text/html') {
  return extractPage({ bytes, contentType, url: URL }, { siteLang: 'en' });
}

function decodedBy(bytes: Uint8Array, contentType = ''): { encoding: string; source: string; title: string } {
  const p = parseHtml(bytes, URL, contentType);
  try {
    return { encoding: p.encoding!.encoding, source: p.encoding!.source, title: p.document.querySelector('h1')?.textContent ?? '' };
  } finally {
    p.close();
  }
}

describe.each([
  ['windows-1251', 'windows-1251'],
  ['KOI8-R', 'koi8-r'],
])('a Russian page in %s', (name, label) => {
  it('declared early (<meta charset> in the first 1,024 bytes) ingests as readable Cyrillic', () => {
    const bytes = page(label, 'early');
    expect(sniffHtmlEncoding(bytes)).toEqual({ encoding: name, source: 'prescan', confidence: 'tentative' });
    const d = extract(bytes);
    expect(d.title).toBe(TITLE);
    expect(d.body).toContain(BODY_PHRASE);
    expect(d.body).toContain('перенёс на чердак запасы картошки');
    expect(d.lang).toBe('ru');
  });

  it('declared late (past the first 1,024 bytes) ingests as readable Cyrillic', () => {
    const bytes = page(label, 'late');
    expect(sniffHtmlEncoding(bytes).source).not.toBe('prescan');
    const d = extract(bytes);
    expect(d.title).toBe(TITLE);
    expect(d.body).toContain(BODY_PHRASE);
  });

  it('declared late with http-equiv="Content-Type" ingests as readable Cyrillic', () => {
    const bytes = page(label, 'late', `<meta http-equiv="Content-Type" content="text/html; charset=${label}">`);
    expect(extract(bytes).body).toContain(BODY_PHRASE);
  });

  it('undeclared: detected from the bytes', () => {
    const bytes = page(label, 'none');
    expect(sniffHtmlEncoding(bytes)).toEqual({ encoding: name, source: 'detected', confidence: 'tentative' });
    const d = extract(bytes);
    expect(d.title).toBe(TITLE);
    expect(d.body).toContain(BODY_PHRASE);
  });

  it('declared only by the HTTP Content-Type', () => {
    const bytes = page(label, 'none');
    expect(decodedBy(bytes, `text/html; charset=${label}`)).toEqual({ encoding: name, source: 'http', title: TITLE });
  });
});

describe('changing the encoding while parsing', () => {
  it('a late <meta charset> the detector cannot guess re-decodes the page (x-mac-cyrillic)', () => {
    const bytes = page('x-mac-cyrillic', 'late');
    expect(detectEncoding(bytes).encoding).not.toBe('x-mac-cyrillic');
    expect(decodedBy(bytes)).toEqual({ encoding: 'x-mac-cyrillic', source: 'meta-while-parsing', title: TITLE });
    expect(extract(bytes).body).toContain(BODY_PHRASE);
  });

  it('a page declaring utf-8 after 1,024 bytes, with one stray legacy byte, is UTF-8 (not windows-1252)', () => {
    const clean = page('utf-8', 'late');
    const broken = new Uint8Array(clean.length + 1);
    const cut = latin1(clean).indexOf('</body>');
    broken.set(clean.subarray(0, cut));
    broken[cut] = 0xa0; // a windows-1252 no-break space pasted into a UTF-8 template
    broken.set(clean.subarray(cut), cut + 1);
    // The detector or the late meta (whichever gets there) must say UTF-8.
    expect(decodedBy(broken)).toMatchObject({ encoding: 'UTF-8', title: TITLE });
    expect(extract(broken).body).toContain(BODY_PHRASE);
  });

  it('a meta inside <noscript> is not seen (browsers parse it as text with scripting on)', () => {
    const bytes = page('x-mac-cyrillic', 'late', '<noscript><meta charset="x-mac-cyrillic"></noscript>');
    expect(decodedBy(bytes).source).not.toBe('meta-while-parsing');
  });

  it('an encoding from HTTP or a BOM is certain: a later meta does not change it', () => {
    const bytes = page('windows-1251', 'late', '<meta charset="koi8-r">');
    expect(decodedBy(bytes, 'text/html; charset=windows-1251')).toEqual({ encoding: 'windows-1251', source: 'http', title: TITLE });
    const utf8 = page('utf-8', 'late', '<meta charset="windows-1251">');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(decodedBy(withBom, 'text/html; charset=koi8-r')).toEqual({ encoding: 'UTF-8', source: 'bom', title: TITLE });
  });

  it('a page re-saved as UTF-8 that still declares windows-1251 is read as UTF-8', () => {
    const bytes = page('utf-8', 'early', '<meta charset="windows-1251">');
    expect(decodedBy(bytes)).toEqual({ encoding: 'UTF-8', source: 'utf-8-valid', title: TITLE });
  });
});

describe('header and meta syntax', () => {
  it('reads the charset parameter of Content-Type', () => {
    expect(contentTypeCharset('text/html; charset=windows-1251')).toBe('windows-1251');
    expect(contentTypeCharset('text/html;charset="KOI8-R"; foo=bar')).toBe('KOI8-R');
    expect(contentTypeCharset('text/html')).toBeUndefined();
  });

  it('extracts the encoding from a meta content value as the HTML Standard does', () => {
    expect(charsetFromMetaContent('text/html; charset=koi8-r')).toBe('koi8-r');
    expect(charsetFromMetaContent('text/html; charset = "cp1251"')).toBe('cp1251');
    expect(charsetFromMetaContent("text/html; CHARSET='utf-8' ; x")).toBe('utf-8');
    expect(charsetFromMetaContent('text/html; charsetx; charset=utf-8')).toBe('utf-8');
    expect(charsetFromMetaContent('text/html; charset="unterminated')).toBeNull();
    expect(charsetFromMetaContent('text/html')).toBeNull();
  });

  it('an ASCII-only page gets the standard default, UTF-8 text is UTF-8', () => {
    expect(detectEncoding(new TextEncoder().encode('<p>plain</p>')).encoding).toBe('windows-1252');
    expect(detectEncoding(new TextEncoder().encode('<p>Привет</p>'))).toEqual({ encoding: 'UTF-8', source: 'utf-8-valid', confidence: 'tentative' });
  });
});
