import { describe, expect, it } from "vitest";

import {
  bestPointsRate,
  pointsLiability,
  redemptionRate,
} from "~/loyalty/liability";

describe("outstanding points as money", () => {
  it("takes the reward that gives the most money per point", () => {
    const rate = bestPointsRate([
      { type: "percentage_off" },
      { type: "fixed_amount_off", pointsCost: 500, amount: 5_000 }, // 0.01 per point
      { type: "gift_card", pointsCost: 1_000, amount: 12_000 }, // 0.012 per point
      { type: "points_slider", pointsStep: 100, valuePerStep: 1_000 }, // 0.01 per point
    ]);
    expect(rate).toEqual({ points: 1_000, amount: 12_000 });
    // 2,501 points × 12 / 1,000 = 30.012 → 30,012 millis.
    expect(pointsLiability(2_501, rate!)).toBe(30_012);
  });

  it("has no rate when no reward is worth a fixed amount", () => {
    expect(
      bestPointsRate([{ type: "free_shipping" }, { type: "percentage_off" }]),
    ).toBeNull();
  });

  it("rounds down and never goes below zero", () => {
    expect(pointsLiability(1, { points: 3, amount: 1_000 })).toBe(333);
    expect(pointsLiability(-5, { points: 1, amount: 1_000 })).toBe(0);
  });

  it("gives the redemption rate as a fraction of issued points", () => {
    expect(redemptionRate(250, 1_000)).toBe(0.25);
    expect(redemptionRate(10, 0)).toBe(0);
  });
});
