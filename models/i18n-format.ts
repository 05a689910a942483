/** A count's forms, chosen by the language's plural rules; `#` in a form is the count, written the language's way. */
export type PluralForms = { one: string; other: string; /** French "1 000 000 de …" (Intl's `many`); `other` if absent. */ many?: string };

/**
 * What a table of texts uses to say numbers and counts in its own language: `num(1234)` is "1,234" in English,
 * "1 234" in French; `plural(n, forms)` picks the form by Intl.PluralRules (English: 1 is one, 0 is other;
 * French: 0 and 1 are one).
 */
export function formatsFor(language: string) {
  const rules = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(language);
  const num = (n: number): string => numbers.format(n);
  const plural = (n: number, forms: PluralForms): string => {
    const category = rules.select(n);
    const form = category === 'one' ? forms.one : category === 'many' ? (forms.many ?? forms.other) : forms.other;
    return form.replaceAll('#', num(n));
  };
  return { num, plural };
}
