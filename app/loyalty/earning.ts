import { z } from "zod";

import { assertMillis, floorMulDiv } from "~/loyalty/money";
import {
  type AwardSnapshot,
  type AwardSnapshotLine,
  type EarningRules,
  type Millis,
  type OrderFacts,
  type OrderLine,
} from "~/loyalty/types";

/**
 * The default program: `earnPoints` points per `earnPerAmount` units of shop currency spent on
 * merchandise, i.e. the subtotal after discounts, without shipping, taxes, tips or gift cards
 * (buying a gift card is not spending yet: the points come when the card is used). Rounded down.
 */

export type OrderSkipReason = "not_paid" | "inactive" | "test" | "guest";

export type OrderAwardPlan =
  | { kind: "award"; points: number; snapshot: AwardSnapshot }
  | { kind: "skip"; reason: OrderSkipReason };

/** The 1-point-per-1-unit program every shop starts with. */
export const DEFAULT_EARNING_RULES: EarningRules = {
  active: true,
  earnPoints: 1,
  earnPerAmount: 1,
  includeTestOrders: false,
};

/**
 * What the order earns, or why it earns nothing. Payment comes first: whether a program is
 * active and whether a test order counts are decided by the rules in force when the order is
 * paid, not when an earlier message (a cancellation, a fulfilment) happened to arrive.
 */
export function planOrderAward(
  order: OrderFacts,
  rules: EarningRules,
): OrderAwardPlan {
  if (order.paidAt === null) return { kind: "skip", reason: "not_paid" };
  if (!rules.active) return { kind: "skip", reason: "inactive" };
  if (order.test && !rules.includeTestOrders)
    return { kind: "skip", reason: "test" };
  if (order.customerId === null) return { kind: "skip", reason: "guest" };
  const snapshot = snapshotOrderAward(order, rules);
  return { kind: "award", points: snapshot.points, snapshot };
}

/**
 * The award snapshot on its own: also what a guest order would have earned, kept so the
 * points can be claimed later by the rules of the day it was paid.
 */
export function snapshotOrderAward(
  facts: OrderFacts,
  rules: EarningRules,
): AwardSnapshot {
  assertEarningRules(rules);
  const order = withOrderDiscountAllocated(facts);
  const lines: AwardSnapshotLine[] = order.lines
    .filter((line) => !line.giftCard)
    .map((line) => ({
      lineId: line.lineId,
      quantity: line.quantity,
      eligibleAmount: eligibleLineAmount(line, order.taxesIncluded),
    }));
  const eligibleAmount = lines.reduce(
    (sum, line) => sum + line.eligibleAmount,
    0,
  );
  assertMillis(eligibleAmount);
  return {
    version: 1,
    currencyCode: order.currencyCode,
    eligibleAmount,
    earnPoints: rules.earnPoints,
    earnPerAmount: rules.earnPerAmount,
    points: pointsForAmount(eligibleAmount, rules),
    lines,
  };
}

/**
 * An order-level discount Shopify did not allocate to lines still is not spending: when the
 * order's own subtotal is below its lines after their discounts, the difference is spread over
 * the lines in proportion to what each still counts for (largest remainder, so it adds up to the
 * unit), as Shopify would have allocated it. The eligible amount then never exceeds the subtotal,
 * and a refund of one line still takes back that line's share.
 */
export function withOrderDiscountAllocated(order: OrderFacts): OrderFacts {
  if (order.subtotal === undefined || order.subtotal === null) return order;
  const remaining = order.lines.map((line) =>
    Math.max(0, line.unitPrice * line.quantity - line.discount),
  );
  const linesTotal = remaining.reduce((sum, amount) => sum + amount, 0);
  const unallocated = Math.min(
    linesTotal,
    linesTotal - Math.max(0, order.subtotal),
  );
  if (unallocated <= 0 || linesTotal <= 0) return order;
  const shares = remaining.map((amount) =>
    floorMulDiv(amount, unallocated, linesTotal),
  );
  let left = unallocated - shares.reduce((sum, share) => sum + share, 0);
  // The units left by rounding go to the lines that lost most to it, first line first on a tie.
  const byRemainder = remaining
    .map((amount, index) => ({
      index,
      remainder:
        BigInt(amount) * BigInt(unallocated) -
        BigInt(shares[index]) * BigInt(linesTotal),
    }))
    .sort((a, b) =>
      a.remainder === b.remainder
        ? a.index - b.index
        : a.remainder > b.remainder
          ? -1
          : 1,
    );
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    if (shares[index] < remaining[index]) {
      shares[index] += 1;
      left -= 1;
    }
  }
  return {
    ...order,
    lines: order.lines.map((line, index) => ({
      ...line,
      discount: line.discount + shares[index],
    })),
  };
}

/** What one line counts for: its price after discounts, without the tax when prices include it. */
export function eligibleLineAmount(
  line: OrderLine,
  taxesIncluded: boolean,
): Millis {
  if (line.giftCard) return 0;
  for (const amount of [line.unitPrice, line.discount, line.tax])
    assertMillis(amount);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) {
    throw new Error(
      `Order line ${line.lineId} has an invalid quantity: ${line.quantity}`,
    );
  }
  const amount =
    line.unitPrice * line.quantity -
    line.discount -
    (taxesIncluded ? line.tax : 0);
  assertMillis(amount);
  // A line discounted below zero (a rounding artefact) earns nothing; it never takes from other lines.
  return Math.max(0, amount);
}

/** Points for an eligible amount, rounded down: 12.99 at 1 point per 1 unit earns 12. */
export function pointsForAmount(
  amount: Millis,
  rules: Pick<EarningRules, "earnPoints" | "earnPerAmount">,
): number {
  if (amount <= 0) return 0;
  return floorMulDiv(amount, rules.earnPoints, rules.earnPerAmount * 1000);
}

function assertEarningRules(rules: EarningRules): void {
  if (!Number.isSafeInteger(rules.earnPoints) || rules.earnPoints < 0) {
    throw new Error(
      `earnPoints must be a non-negative integer, got ${rules.earnPoints}`,
    );
  }
  if (!Number.isSafeInteger(rules.earnPerAmount) || rules.earnPerAmount < 1) {
    throw new Error(
      `earnPerAmount must be a positive integer, got ${rules.earnPerAmount}`,
    );
  }
}

/** The snapshot as stored (JSON): checked when read back, since a bad one would reverse wrong amounts. */
export const AwardSnapshotLineSchema = z.object({
  lineId: z.string(),
  quantity: z.number().int().nonnegative(),
  eligibleAmount: z.number().int().nonnegative(),
});

export const AwardSnapshotSchema = z.object({
  version: z.literal(1),
  currencyCode: z.string(),
  eligibleAmount: z.number().int().nonnegative(),
  earnPoints: z.number().int().nonnegative(),
  earnPerAmount: z.number().int().positive(),
  points: z.number().int().nonnegative(),
  lines: z.array(AwardSnapshotLineSchema),
}) satisfies z.ZodType<AwardSnapshot>;
