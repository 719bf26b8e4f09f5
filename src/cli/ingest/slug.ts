/**
 * Slugs for article ids and media names: `[a-z0-9-]`, never a path character.
 *
 * Cyrillic is transliterated (a simple, readable scheme close to the passport/GOST 7.79-B one:
 * "Выборы в Москве" → "vybory-v-moskve"); Latin letters lose their accents. Text in scripts that
 * cannot be transliterated here (Arabic, Hebrew, CJK, ...) yields '' and the caller falls back to
 * a short hash, so ids stay ASCII and stable.
 */
import { createHash } from 'node:crypto';
import { MAX_ID_LENGTH } from './config.ts';

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian, Belarusian, Serbian/Macedonian letters
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u', ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz',
  ѓ: 'gj', ќ: 'kj', ѕ: 'dz',
};

/** Latin letters that Unicode decomposition does not reduce to ASCII. */
const LATIN_EXTRA: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd', ı: 'i', ŋ: 'ng',
};

/**
 * Slugs `text` to `[a-z0-9-]`, at most `maxLength` characters, cut at a word boundary.
 * @returns '' when nothing usable remains, or when most letters are in a script that cannot be
 *   transliterated (so "2025 <Arabic title>" does not become the ambiguous "2025").
 */
export function slugify(text: string, maxLength = MAX_ID_LENGTH): string {
  let out = '';
  let mapped = 0;
  let unmapped = 0;
  for (const ch of text.normalize('NFC').toLowerCase()) {
    const t = transliterateChar(ch);
    if (t === undefined) {
      if (/\p{L}/u.test(ch)) unmapped++;
      out += '-';
    } else {
      if (/\p{L}/u.test(ch)) mapped++;
      out += t;
    }
  }
  if (unmapped > mapped) return '';
  const slug = out.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return truncateSlug(slug, maxLength);
}

/** Cuts a slug to `max` characters, preferring a '-' boundary, never ending in '-'. */
export function truncateSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const dash = cut.lastIndexOf('-');
  return (dash >= max / 2 ? cut.slice(0, dash) : cut).replace(/-+$/g, '');
}

/** First `length` hex characters of SHA-256 of `text`. */
export function shortHash(text: string, length = 10): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** True if `id` is a valid article id: `[a-z0-9][a-z0-9-]*`, ≤ 96 characters. */
export function isValidId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && /^[a-z0-9][a-z0-9-]*$/.test(id);
}

function transliterateChar(ch: string): string | undefined {
  if (/[a-z0-9]/.test(ch)) return ch;
  const cyr = CYRILLIC[ch];
  if (cyr !== undefined) return cyr;
  const extra = LATIN_EXTRA[ch];
  if (extra !== undefined) return extra;
  if (/\p{Script=Latin}/u.test(ch)) {
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    return /^[a-z0-9]+$/.test(base) ? base : undefined;
  }
  if (/[\p{P}\p{S}\p{Z}\p{Cc}]/u.test(ch) || /\p{N}/u.test(ch)) return /\d/.test(ch) ? ch : '-';
  return undefined;
}
