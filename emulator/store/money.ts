import type { EmuOrder, Money } from "../state";

/**
 * Money in the store simulator is counted in integer cents, as Shopify does internally, and only
 * turned into Shopify's decimal strings ("12.50") at the edge. Floating point would make a
 * refund of three thirds not add up to the whole.
 */
export type Cents = number;

export function toCents(amount: Money | number): Cents {
  const text = typeof amount === "number" ? amount.toFixed(2) : amount.trim();
  const match = /^(-)?(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text);
  if (!match)
    throw new Error(`Not an amount of money: ${JSON.stringify(amount)}`);
  const [, minus, units, fraction = ""] = match;
  const cents = Number(units) * 100 + Number(fraction.padEnd(2, "0"));
  return minus ? -cents : cents;
}

export function formatCents(cents: Cents): Money {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Half away from zero, like Shopify's rounding of allocations and taxes. */
export function roundHalfUp(value: number): Cents {
  const rounded = Math.round(Math.abs(value) + 1e-9);
  return value < 0 ? -rounded : rounded;
}

/**
 * Splits `total` across `weights` in proportion, to the cent, so the parts add up to exactly
 * `total` (largest remainder). Shopify allocates an order-level discount across lines this way.
 */
export function allocateProportionally(
  total: Cents,
  weights: Cents[],
): Cents[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts;
}

/**
 * The share of `total` that belongs to `part` units out of `whole`, computed cumulatively so
 * that partial refunds of a line add up to exactly the line's amount: share(0..a) + share(a..b) = share(0..b).
 */
export function cumulativeShare(
  total: Cents,
  alreadyUnits: number,
  units: number,
  wholeUnits: number,
): Cents {
  if (wholeUnits <= 0) return 0;
  const upTo = (n: number) => roundHalfUp((total * n) / wholeUnits);
  return upTo(alreadyUnits + units) - upTo(alreadyUnits);
}

export interface MoneyBag {
  shop_money: { amount: Money; currency_code: string };
  presentment_money: { amount: Money; currency_code: string };
}

/** The presentment side is derived from the shop side with the order's rate (see EmuOrder.presentmentRate). */
export function presentmentCents(
  cents: Cents,
  order: Pick<EmuOrder, "presentmentRate">,
): Cents {
  return roundHalfUp(cents * order.presentmentRate);
}

export function moneyBag(
  cents: Cents,
  order: Pick<EmuOrder, "currency" | "presentmentCurrency" | "presentmentRate">,
): MoneyBag {
  return {
    shop_money: { amount: formatCents(cents), currency_code: order.currency },
    presentment_money: {
      amount: formatCents(presentmentCents(cents, order)),
      currency_code: order.presentmentCurrency,
    },
  };
}

export function sumCents(values: Cents[]): Cents {
  return values.reduce((a, b) => a + b, 0);
}
