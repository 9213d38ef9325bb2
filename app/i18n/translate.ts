import { formatPointsWith, type PointsName } from "~/loyalty/program-identity";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locale";
import type {
  Dictionary,
  MessageKey,
  PluralMessage,
} from "~/i18n/messages/dictionary";
import { en } from "~/i18n/messages/en";
import { fr } from "~/i18n/messages/fr";

export const dictionaries: Record<Locale, Dictionary> = { en, fr };

export type MessageParams = Record<string, string | number>;

// Intl objects are costly to build and immutable: one per locale and option set.
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<Locale, Intl.PluralRules>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(
  locale: Locale,
  options: Intl.NumberFormatOptions = {},
): Intl.NumberFormat {
  const cacheKey = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(cacheKey, format);
  }
  return format;
}

/** "1,234" in English, "1 234" (narrow no-break space) in French. */
export function formatNumber(locale: Locale, value: number): string {
  return numberFormat(locale).format(value);
}

/** A ledger movement: "+120", "−40", "0". */
export function formatSignedNumber(locale: Locale, value: number): string {
  return numberFormat(locale, { signDisplay: "exceptZero" }).format(value);
}

/** An amount of shop currency, e.g. "$1.00" or "1,00 €". */
export function formatCurrency(
  locale: Locale,
  amount: number,
  currencyCode: string,
): string {
  return numberFormat(locale, {
    style: "currency",
    currency: currencyCode,
  }).format(amount);
}

function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

function pickPluralForm(
  locale: Locale,
  forms: PluralMessage,
  count: number,
): string {
  return forms[pluralCategory(locale, count)] ?? forms.other;
}

function interpolate(
  locale: Locale,
  template: string,
  params: MessageParams,
): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === "number" ? formatNumber(locale, value) : value;
  });
}

/**
 * The message `key` in `locale`, with `{name}` placeholders replaced (numbers formatted for the
 * language). Plural messages choose their form from `params.count`.
 */
export function t(
  locale: Locale,
  key: MessageKey,
  params: MessageParams = {},
): string {
  const message = (dictionaries[locale] ?? dictionaries[DEFAULT_LOCALE])[key];
  if (typeof message === "string") return interpolate(locale, message, params);
  const count = Number(params.count ?? 0);
  return interpolate(locale, pickPluralForm(locale, message, count), params);
}

function dateFormat(
  locale: Locale,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = dateFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    dateFormats.set(cacheKey, format);
  }
  return format;
}

// Explicit fields, so the server (Node) and the browser build the same pattern and hydration
// does not flag a mismatch. French writes hours on two digits ("02:00"), English "2:00 AM".
const DATE: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
};
const DATE_TIME: Record<Locale, Intl.DateTimeFormatOptions> = {
  en: { ...DATE, hour: "numeric", minute: "2-digit" },
  fr: { ...DATE, hour: "2-digit", minute: "2-digit" },
};

/**
 * Everything a page needs to speak the merchant's language. Dates are shown in the shop's time
 * zone (not the server's nor the browser's), so every staff member sees the same day.
 */
export function createTranslator(
  locale: Locale,
  timeZone = "UTC",
  pointsName: PointsName | null = null,
) {
  const toDate = (value: string | Date) =>
    typeof value === "string" ? new Date(value) : value;
  return {
    locale,
    timeZone,
    t: (key: MessageKey, params?: MessageParams) => t(locale, key, params),
    formatNumber: (value: number) => formatNumber(locale, value),
    formatSignedNumber: (value: number) => formatSignedNumber(locale, value),
    formatCurrency: (amount: number, currencyCode: string) =>
      formatCurrency(locale, amount, currencyCode),
    /** "12 points", "1 point". */
    formatPoints: (count: number) =>
      pointsName
        ? formatPointsWith(pointsName, count, locale)
        : t(locale, "points", { count }),
    formatDate: (value: string | Date) =>
      dateFormat(locale, timeZone, DATE).format(toDate(value)),
    formatDateTime: (value: string | Date) =>
      dateFormat(locale, timeZone, DATE_TIME[locale]).format(toDate(value)),
  };
}

export type Translator = ReturnType<typeof createTranslator>;
