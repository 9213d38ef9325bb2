import { type Millis } from "~/loyalty/types";

/**
 * Shop money as integer thousandths (`Millis`). Shopify sends amounts as decimal strings
 * ("12.50"); parsing them through floats would turn 0.1 + 0.2 into 0.30000000000000004
 * and make points depend on rounding noise, so the conversion is done on the digits.
 */

export type MoneyParseFailure = {
  ok: false;
  /** not_a_decimal: not digits with an optional sign and fraction; too_precise: finer than 0.001; out_of_range: beyond a safe integer. */
  reason: "not_a_decimal" | "too_precise" | "out_of_range";
  input: string;
};

export type MoneyParseResult = { ok: true; millis: Millis } | MoneyParseFailure;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "12" → 12000, "12.5" → 12500, "-3.20" → -3200, "0.001" → 1. Never NaN: a bad string is a typed failure. */
export function parseMillis(input: string): MoneyParseResult {
  const match = DECIMAL.exec(input);
  if (!match) return { ok: false, reason: "not_a_decimal", input };
  const [, minus, whole, fraction = ""] = match;
  // Trailing zeros beyond the third decimal carry no value ("1.2500"); anything else would be lost.
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > 3)
    return { ok: false, reason: "too_precise", input };
  const digits =
    BigInt(whole) * 1000n + BigInt(significant.padEnd(3, "0") || "0");
  const value = minus ? -digits : digits;
  if (
    value > BigInt(Number.MAX_SAFE_INTEGER) ||
    value < BigInt(Number.MIN_SAFE_INTEGER)
  ) {
    return { ok: false, reason: "out_of_range", input };
  }
  // Normalise -0 to 0 so "-0.00" compares equal to "0".
  return { ok: true, millis: Number(value) || 0 };
}

/** For fixtures and already-validated input: throws on a bad string (a bug, not an outcome). */
export function millisOf(input: string): Millis {
  const parsed = parseMillis(input);
  if (!parsed.ok)
    throw new Error(
      `Not a money amount (${parsed.reason}): ${JSON.stringify(input)}`,
    );
  return parsed.millis;
}

/** 12500 → "12.50", 1 → "0.001", -3200 → "-3.20": two decimals, three when thousandths are used. */
export function formatMillis(millis: Millis): string {
  assertMillis(millis);
  const negative = millis < 0;
  const abs = Math.abs(millis);
  const whole = Math.floor(abs / 1000);
  const thousandths = abs % 1000;
  const fraction =
    thousandths % 10 === 0
      ? String(thousandths / 10).padStart(2, "0")
      : String(thousandths).padStart(3, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

export function assertMillis(value: number): asserts value is Millis {
  if (!Number.isSafeInteger(value))
    throw new Error(`Money must be integer thousandths, got ${value}`);
}

/** floor(numerator / denominator) on integers, exactly (see floorMulDiv). */
export function floorDiv(numerator: number, denominator: number): number {
  return floorMulDiv(numerator, 1, denominator);
}

/**
 * floor(a × b / c) on integers, exactly. Float division can land on the next integer when the
 * true quotient is a hair below it (which would award a point too many), and a × b can exceed 2^53.
 */
export function floorMulDiv(a: number, b: number, c: number): number {
  for (const value of [a, b, c]) {
    if (!Number.isSafeInteger(value))
      throw new Error(`floorMulDiv needs safe integers, got ${value}`);
  }
  if (c === 0) throw new Error("floorMulDiv: division by zero");
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  let q = n / d;
  if (n % d !== 0n && n < 0n !== d < 0n) q -= 1n;
  return Number(q);
}
