/**
 * Plural choice with the CLDR rules of Intl.PluralRules: English needs one/other, Russian
 * one/few/many (1 статья, 2 статьи, 5 статей).
 */

/** Forms by CLDR plural category; `other` is the fallback. */
export interface PluralForms {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

const rules = new Map<string, Intl.PluralRules>();

/** The form of `forms` for `n` in `locale`. */
export function plural(locale: string, n: number, forms: PluralForms): string {
  let r = rules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(locale);
    rules.set(locale, r);
  }
  return forms[r.select(n)] ?? forms.other;
}
