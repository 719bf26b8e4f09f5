/**
 * Write the ar-XB pseudo-locale (xliff/ar-XB.xlf) from the English source that
 * `lit-localize extract` put into it: every target is its source with letters accented, vowels
 * doubled (about a third longer, to catch truncation) and the text wrapped in a right-to-left
 * embedding (U+202B … U+202C), so that with `<html dir="rtl">` every view shows what a
 * right-to-left language does to the layout. Placeholders stay as they are.
 *
 * Run by `npm run i18n:extract`; never edit ar-XB.xlf by hand. test/app/i18n-catalogue.test.ts
 * checks the committed file is what this produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ACCENTED: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ĺ', m: 'ɱ',
  n: 'ñ', o: 'ó', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ĺ', M: 'Ṁ',
  N: 'Ñ', O: 'Ó', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};
const VOWELS = new Set('aeiouyAEIOUY');
const RLE = '\u202B';
const PDF = '\u202C';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);
const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The pseudo-translation of plain text. */
export function pseudoText(text: string): string {
  let out = '';
  for (const ch of text) {
    const a = ACCENTED[ch];
    out += a === undefined ? ch : VOWELS.has(ch) ? a + a.toLowerCase() : a;
  }
  return out;
}

/** The pseudo-translation of an XLIFF <source>: text pseudo-translated, <x/> placeholders kept. */
export function pseudoSource(source: string): string {
  const parts = source.split(/(<x [^>]*\/>)/);
  const body = parts.map((p, i) => (i % 2 === 1 ? p : escapeXml(pseudoText(unescapeXml(p))))).join('');
  return `${RLE}${body}${PDF}`;
}

/** ar-XB.xlf with every trans-unit's target (re)written from its source. */
export function pseudoXliff(xliff: string): string {
  const units = /<trans-unit id="([^"]+)">\n {2}<source>(.*?)<\/source>(?:\n {2}<target>.*?<\/target>)?\n<\/trans-unit>/g;
  let count = 0;
  const out = xliff.replace(units, (_all, id: string, source: string) => {
    count++;
    return `<trans-unit id="${id}">\n  <source>${source}</source>\n  <target>${pseudoSource(source)}</target>\n</trans-unit>`;
  });
  const expected = (xliff.match(/<trans-unit /g) ?? []).length;
  if (count !== expected) throw new Error(`pseudo-locale: read ${count} of ${expected} trans-units (unexpected XLIFF layout)`);
  return out;
}

export const PSEUDO_XLIFF = fileURLToPath(new URL('../../xliff/ar-XB.xlf', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PSEUDO_XLIFF, pseudoXliff(readFileSync(PSEUDO_XLIFF, 'utf8')));
  console.log(`pseudo-locale: wrote ${PSEUDO_XLIFF}`);
}
