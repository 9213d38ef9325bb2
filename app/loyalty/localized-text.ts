/**
 * Text a merchant typed in several languages (a reward's, tier's or campaign's name), stored as
 * `{language: text}` and chosen at the edge for whoever reads it: their language, else the shop's
 * primary language, else English, else whatever was typed. ADR 0015.
 */
export type Translations = Readonly<Record<string, string | null | undefined>>;

/** The language subtag of a locale: "fr-CA" → "fr"; null when it is not one. */
export function languageOf(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return /^[a-z]{2,3}$/.test(language) ? language : null;
}

/** The text for a reader of `locale` in a shop whose primary language is `primaryLocale`. */
export function textIn(
  texts: Translations,
  locale: string | null | undefined,
  primaryLocale: string | null | undefined,
): string {
  const typed = (language: string | null) => {
    const text = language ? texts[language] : undefined;
    return typeof text === "string" && text.trim() !== "" ? text : null;
  };
  return (
    typed(languageOf(locale)) ??
    typed(languageOf(primaryLocale)) ??
    typed("en") ??
    Object.keys(texts)
      .sort()
      .map(typed)
      .find((text) => text !== null) ??
    ""
  );
}

/** A tier's name (stored as `nameEn`/`nameFr`, either may be empty) for a reader. */
export function tierNameIn(
  tier: { nameEn: string; nameFr: string | null },
  locale: string | null | undefined,
  primaryLocale: string | null | undefined,
): string {
  return textIn({ en: tier.nameEn, fr: tier.nameFr }, locale, primaryLocale);
}
