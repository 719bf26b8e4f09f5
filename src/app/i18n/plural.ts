/**
 * Plural choice with the CLDR rules of Intl.PluralRules: English needs one/other, Russian
 * one/few/many (1 статья, 2 статьи, 5 статей), and fractions take `other`.
 *
 * lit-localize has no plural syntax, so every category is its own message id
 * (`listSectionCount.one`, `.few`, `.many`, `.other`): the English source gives few and many the
 * `other` text, and a translator fills each category the language uses (docs/translating.md).
 */

/** The message of each CLDR category; a category a locale's rules pick but we lack falls back to `other`. */
export interface PluralForms {
  readonly one: () => string;
  readonly few: () => string;
  readonly many: () => string;
  readonly other: () => string;
}

/** Picks and renders the form for `n`. */
export type Plural = (n: number, forms: PluralForms) => string;

const rules = new Map<string, Intl.PluralRules>();

/** The CLDR category of `n` in `locale` ("one", "few", …). */
export function pluralCategory(locale: string, n: number): Intl.LDMLPluralRule {
  let r = rules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(locale);
    rules.set(locale, r);
  }
  return r.select(n);
}

/** A `Plural` for the language `locale()` returns at the time of the call. */
export function pluralIn(locale: () => string): Plural {
  return (n, forms) => {
    const category = pluralCategory(locale(), n);
    return (category === 'one' || category === 'few' || category === 'many' ? forms[category] : forms.other)();
  };
}
