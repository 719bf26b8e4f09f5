/**
 * Language tags and writing direction.
 *
 * The declared language (`<html lang>`, feed `<language>`, og:locale) wins; otherwise a letter
 * count decides: mostly Cyrillic → `ru`, mostly Arabic script → `ar`, mostly Hebrew → `he`.
 */

/** Primary subtags of languages written right to left. */
const RTL_LANGS = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'ku-arab', 'syr']);

/** Cleans a declared language tag (`ru_RU` → `ru-RU`); undefined when it is not BCP 47-shaped. */
export function normalizeLang(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const t = tag.trim().replace(/_/g, '-');
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(t)) return undefined;
  const [primary, ...rest] = t.split('-');
  return [primary!.toLowerCase(), ...rest].join('-');
}

/** Guesses a language from letters alone; undefined when no script dominates. */
export function guessLangFromText(text: string): string | undefined {
  let cyr = 0, arab = 0, hebr = 0, total = 0;
  for (const ch of text.slice(0, 20_000)) {
    if (!/\p{L}/u.test(ch)) continue;
    total++;
    if (/\p{Script=Cyrillic}/u.test(ch)) cyr++;
    else if (/\p{Script=Arabic}/u.test(ch)) arab++;
    else if (/\p{Script=Hebrew}/u.test(ch)) hebr++;
  }
  if (total === 0) return undefined;
  if (cyr / total > 0.5) return 'ru';
  if (arab / total > 0.5) return 'ar';
  if (hebr / total > 0.5) return 'he';
  return undefined;
}

/** True when the language's script is written right to left. */
export function isRtlLang(tag: string): boolean {
  const lower = tag.toLowerCase();
  const primary = lower.split('-')[0]!;
  return RTL_LANGS.has(primary) || /-(arab|hebr|thaa|syrc|nkoo|adlm)\b/.test(lower);
}

/**
 * Decides the article language: the first valid declared tag, else the text heuristic, else
 * `fallback`. A declared Latin-script tag is overridden when the text is clearly Cyrillic or
 * Arabic/Hebrew (outlets often leave a template's `lang="en"` on translated pages).
 */
export function decideLang(declared: Array<string | null | undefined>, text: string, fallback: string): string {
  const guessed = guessLangFromText(text);
  for (const d of declared) {
    const tag = normalizeLang(d);
    if (!tag) continue;
    if (guessed && !sameScript(tag, guessed)) return guessed;
    return tag;
  }
  return guessed ?? fallback;
}

/** Decides `dir`: rtl when the document says so or the language is RTL; undefined for ltr. */
export function decideDir(declaredDir: string | null | undefined, lang: string): 'rtl' | undefined {
  if (declaredDir && declaredDir.trim().toLowerCase() === 'rtl') return 'rtl';
  return isRtlLang(lang) ? 'rtl' : undefined;
}

/** Whether a declared tag is plausible for text whose script suggested `guessed`. */
function sameScript(tag: string, guessed: string): boolean {
  const primary = tag.split('-')[0]!;
  if (guessed === 'ru') return CYRILLIC_LANGS.has(primary);
  if (guessed === 'ar') return ARABIC_SCRIPT_LANGS.has(primary);
  if (guessed === 'he') return primary === 'he' || primary === 'iw' || primary === 'yi';
  return true;
}

const CYRILLIC_LANGS = new Set(['ru', 'uk', 'be', 'bg', 'sr', 'mk', 'kk', 'ky', 'tg', 'mn', 'tt', 'ba', 'cv', 'ce', 'os', 'sah', 'ab', 'av', 'udm', 'mhr', 'kv', 'cnr', 'rue']);
const ARABIC_SCRIPT_LANGS = new Set(['ar', 'fa', 'ur', 'ps', 'sd', 'ug', 'ckb', 'ku', 'ks', 'pa', 'az', 'bal', 'prs']);
