/**
 * Term normalisation for the offline search, English and Russian.
 *
 * Lower case, diacritics folded (ё → е, é → e; й is kept as и — the same on both sides, so it
 * still matches), then a light suffix stripper per script so that inflected forms meet at one stem:
 * «выборы», «выборах», «выборов» → «выбор»; "elections", "election" → "election". It is deliberately
 * conservative (a stem keeps at least 4 letters); prefix matching at query time covers the rest.
 */

/** Russian inflectional endings, longest first. */
const RU_ENDINGS = [
  'иями', 'ями', 'ами', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ией', 'иях', 'ах', 'ях', 'ов', 'ев', 'ей', 'ой',
  'ый', 'ий', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ую', 'юю', 'ом', 'ем', 'ам', 'ям', 'ию', 'ия', 'ии', 'ь',
  'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю',
].sort((a, b) => b.length - a.length);

const EN_ENDINGS = ['ing', 'ed', 's'];

function fold(term: string): string {
  return term.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');
}

function stripEnding(term: string, endings: readonly string[], minStem: number): string {
  for (const e of endings) {
    if (term.length - e.length >= minStem && term.endsWith(e)) return term.slice(0, -e.length);
  }
  return term;
}

/** Normalise one token for indexing and querying; null drops it. */
export function normaliseTerm(token: string): string | null {
  const t = fold(token);
  if (t.length === 0) return null;
  if (/[\u0400-\u04ff]/.test(t)) return stripEnding(t, RU_ENDINGS, 4);
  if (/^[a-z]+$/.test(t)) {
    if (t.endsWith('ies') && t.length > 5) return `${t.slice(0, -3)}y`;
    if (t.endsWith('ss')) return t;
    // "boxes", "churches": -es only after a sibilant; "queues" just loses its -s.
    if (/(?:x|z|ch|sh|ss)es$/.test(t) && t.length > 5) return t.slice(0, -2);
    return stripEnding(t, EN_ENDINGS, 4);
  }
  return t;
}
