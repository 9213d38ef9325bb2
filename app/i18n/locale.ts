/** The languages the admin is written in. Anything else falls back to English. */
export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** "fr-CA", "fr_FR" and "FR" all mean French: only the language subtag counts. */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(language)
    ? (language as Locale)
    : null;
}

/** Languages from an Accept-Language header, most preferred first (RFC 9110 §12.5.4). */
function preferredLanguages(header: string): string[] {
  return header
    .split(",")
    .map((part, index) => {
      const [tag, ...attributes] = part.trim().split(";");
      const quality = attributes
        .map((attribute) => attribute.trim().match(/^q=([0-9.]+)$/))
        .find((match) => match !== null);
      return { tag: tag.trim(), q: quality ? Number(quality[1]) : 1, index };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/**
 * The merchant's language. Shopify opens an embedded app with the admin user's `locale` in the
 * query string (e.g. `locale=fr-CA`); without it (a request made outside the admin) the browser's
 * Accept-Language decides, then English.
 */
export function getLocale(request: Request): Locale {
  const fromAdmin = matchLocale(
    new URL(request.url).searchParams.get("locale"),
  );
  if (fromAdmin) return fromAdmin;
  for (const tag of preferredLanguages(
    request.headers.get("accept-language") ?? "",
  )) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
