import { floorMulDiv } from "~/loyalty/money";
import type { Millis } from "~/loyalty/types";

/**
 * Outstanding points as money: what they would cost the shop if spent at the catalogue's best rate
 * (issue 8). Only rewards with a money value per point count: an amount off, a gift card, a points
 * slider. A percentage, free shipping or a product has no fixed value, so it sets no rate.
 */
export type RewardValue =
  | {
      type: "fixed_amount_off" | "gift_card";
      pointsCost: number;
      amount: Millis;
    }
  | { type: "points_slider"; pointsStep: number; valuePerStep: Millis }
  | { type: string };

/** `amount` of money for `points` points. */
export interface PointsRate {
  points: number;
  amount: Millis;
}

function rateOf(reward: RewardValue): PointsRate | null {
  if (
    (reward.type === "fixed_amount_off" || reward.type === "gift_card") &&
    "amount" in reward &&
    reward.pointsCost > 0
  )
    return { points: reward.pointsCost, amount: reward.amount };
  if (
    reward.type === "points_slider" &&
    "valuePerStep" in reward &&
    reward.pointsStep > 0
  )
    return { points: reward.pointsStep, amount: reward.valuePerStep };
  return null;
}

/** The rate that gives the most money per point; null when no reward has a money value. */
export function bestPointsRate(
  rewards: readonly RewardValue[],
): PointsRate | null {
  let best: PointsRate | null = null;
  for (const reward of rewards) {
    const rate = rateOf(reward);
    if (!rate) continue;
    // a/p > b/q without division: a·q > b·p.
    if (!best || rate.amount * best.points > best.amount * rate.points)
      best = rate;
  }
  return best;
}

/** The money `points` are worth at `rate`, rounded down to the thousandth. */
export function pointsLiability(points: number, rate: PointsRate): Millis {
  return floorMulDiv(Math.max(0, points), rate.amount, rate.points);
}

/** Points redeemed per point issued, as a fraction (0 when nothing was issued). */
export function redemptionRate(redeemed: number, issued: number): number {
  return issued > 0 ? Math.max(0, redeemed) / issued : 0;
}
