import { type Locale } from "~/i18n/locale";
import { formatCurrency, t } from "~/i18n/translate";
import { formatPointsWith, type PointsName } from "~/loyalty/program-identity";

/**
 * The order rate as a shopper reads it: "2 points per dollar spent", "2 points par euro dépensé",
 * "2 points per $10 spent", "2 points par tranche de 10 € d’achat". Never a bare currency code:
 * the amount carries the shop's currency symbol, and one unit of a well-known currency is named.
 */

const CURRENCY_UNITS: Record<Locale, Record<string, string>> = {
  en: {
    EUR: "euro",
    USD: "dollar",
    CAD: "dollar",
    AUD: "dollar",
    NZD: "dollar",
    GBP: "pound",
    CHF: "franc",
    JPY: "yen",
  },
  fr: {
    EUR: "euro",
    USD: "dollar",
    CAD: "dollar",
    AUD: "dollar",
    NZD: "dollar",
    GBP: "livre",
    CHF: "franc",
    JPY: "yen",
  },
};

/** An amount of shop currency with its symbol, without decimals when it is whole ("€10", "10 €"). */
export function formatShopMoney(
  locale: Locale,
  amount: number,
  currencyCode: string,
): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: currencyCode,
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: Number.isInteger(amount) ? 0 : undefined,
    }).format(amount);
  } catch {
    return formatCurrency(locale, amount, "USD").replace("$", currencyCode);
  }
}

export function describeOrderRate(
  locale: Locale,
  points: number,
  perAmount: number,
  currencyCode: string,
  /** The merchant's points name (else the dictionary's "points"). */
  pointsName: PointsName | null = null,
): string {
  const unit = CURRENCY_UNITS[locale][currencyCode.toUpperCase()];
  const earned = pointsText(locale, points, pointsName);
  if (perAmount === 1 && unit)
    return t(locale, "shopper.earn.rateUnit", { points: earned, unit });
  return t(locale, "shopper.earn.rateAmount", {
    points: earned,
    amount: formatShopMoney(locale, perAmount, currencyCode),
  });
}

/** "2 points", or in the merchant's words ("2 étoiles") when they named their points. */
export function pointsText(
  locale: Locale,
  count: number,
  pointsName: PointsName | null,
): string {
  return pointsName
    ? formatPointsWith(pointsName, count, locale)
    : t(locale, "points", { count });
}

/** The short form beside a way to earn: "€1 = 2 points". */
export function shortOrderRate(
  locale: Locale,
  points: number,
  perAmount: number,
  currencyCode: string,
): string {
  return t(locale, "shopper.earn.rateShort", {
    amount: formatShopMoney(locale, perAmount, currencyCode),
    points: t(locale, "points", { count: points }),
  });
}
