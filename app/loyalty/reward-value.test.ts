import { describe, expect, it } from "vitest";

import {
  redeemedValueOf,
  rewardValueOf,
  unlockCostFor,
} from "~/loyalty/reward-value";
import { type Reward, validateReward } from "~/loyalty/rewards";

function reward(input: Record<string, unknown>): Reward {
  const result = validateReward({ name: { en: "Reward" }, ...input });
  if (!result.ok) throw new Error(`fixture: ${JSON.stringify(result.errors)}`);
  return result.reward;
}

describe("rewardValueOf", () => {
  it("names the value by code and parameters, never prose", () => {
    expect(
      rewardValueOf(
        reward({ type: "fixed_amount_off", pointsCost: 50, amount: 5_000 }),
        null,
      ),
    ).toEqual({ kind: "amount_off", amount: 5_000 });
    expect(
      rewardValueOf(
        reward({ type: "percentage_off", pointsCost: 50, percentage: 10 }),
        null,
      ),
    ).toEqual({ kind: "percentage_off", percentage: 10 });
    expect(
      rewardValueOf(reward({ type: "free_shipping", pointsCost: 30 }), null),
    ).toEqual({ kind: "free_shipping" });
  });

  it("gives a slider's smallest amount for the member's tier", () => {
    const slider = reward({
      type: "points_slider",
      pointsStep: 100,
      valuePerStep: 1_000,
      minPoints: 150,
      maxPoints: 1_000,
      tierCosts: [{ tierId: "gold", pointsCost: 50 }],
    });
    // Default: 200 points (two steps) → 2.000; gold: 150 points (three steps of 50) → 3.000.
    expect(rewardValueOf(slider, null)).toEqual({
      kind: "amount_off",
      amount: 2_000,
    });
    expect(rewardValueOf(slider, "gold")).toEqual({
      kind: "amount_off",
      amount: 3_000,
    });
  });

  it("reads what a redemption gave from its frozen benefit", () => {
    expect(redeemedValueOf({ kind: "amount_off", amount: 7_500 })).toEqual({
      kind: "amount_off",
      amount: 7_500,
    });
    expect(redeemedValueOf({ kind: "pool_code", poolId: "p" })).toBeNull();
  });
});

describe("unlockCostFor", () => {
  const tiered = reward({
    type: "percentage_off",
    pointsCost: 500,
    percentage: 10,
    visibleToTiers: ["silver", "gold"],
    tierCosts: [{ tierId: "gold", pointsCost: 300 }],
  });

  it("is the tier's cost, as redemption charges it, else the default", () => {
    expect(unlockCostFor(tiered, "gold")).toBe(300);
    expect(unlockCostFor(tiered, "silver")).toBe(500);
  });

  it("is null for a member whose tier does not see the reward", () => {
    expect(unlockCostFor(tiered, null)).toBeNull();
    expect(unlockCostFor(tiered, "bronze")).toBeNull();
  });
});
