import { type RedeemedBenefit, sliderRangeFor } from "~/loyalty/redemption";
import {
  isVisibleToTier,
  pointsCostFor,
  type Reward,
  sliderValue,
} from "~/loyalty/rewards";
import { type Millis } from "~/loyalty/types";

/**
 * What a reward is worth, as a code and its parameters (never prose): the emails' `reward_value`
 * turns it into "5,00 €", "10 %" or "Livraison offerte" in the member's language and the shop's
 * currency (app/emails/variables.ts). Null: nothing to say (a code from an imported pool).
 */
export type RewardValue =
  | { kind: "percentage_off"; percentage: number }
  | { kind: "amount_off"; amount: Millis }
  | { kind: "free_shipping" }
  | { kind: "free_product" }
  | { kind: "buy_x_get_y"; quantity: number; percentage: number }
  | { kind: "gift_card"; amount: Millis };

/** A catalogue reward's value for a member of `tierId` (a slider: what its smallest amount gives). */
export function rewardValueOf(
  reward: Reward,
  tierId: string | null,
): RewardValue | null {
  switch (reward.type) {
    case "percentage_off":
      return { kind: "percentage_off", percentage: reward.percentage };
    case "fixed_amount_off":
      return { kind: "amount_off", amount: reward.amount };
    case "free_shipping":
      return { kind: "free_shipping" };
    case "free_product":
      return { kind: "free_product" };
    case "buy_x_get_y":
      return {
        kind: "buy_x_get_y",
        quantity: reward.gets.quantity,
        percentage: reward.gets.percentage,
      };
    case "gift_card":
      return { kind: "gift_card", amount: reward.amount };
    case "points_slider": {
      const range = sliderRangeFor(reward, tierId);
      return {
        kind: "amount_off",
        amount: sliderValue(range.minPoints, range.step, range.valuePerStep),
      };
    }
    case "code_pool":
      return null;
  }
}

/** What a redemption gave, from the benefit frozen with it. */
export function redeemedValueOf(benefit: RedeemedBenefit): RewardValue | null {
  switch (benefit.kind) {
    case "percentage_off":
      return { kind: "percentage_off", percentage: benefit.percentage };
    case "amount_off":
      return { kind: "amount_off", amount: benefit.amount };
    case "free_shipping":
      return { kind: "free_shipping" };
    case "free_product":
      return { kind: "free_product" };
    case "buy_x_get_y":
      return {
        kind: "buy_x_get_y",
        quantity: benefit.gets.quantity,
        percentage: benefit.gets.percentage,
      };
    case "gift_card":
      return { kind: "gift_card", amount: benefit.amount };
    case "pool_code":
      return null;
  }
}

/**
 * The points a member of `tierId` needs to redeem the reward, as the redemption path charges them
 * (the tier's cost, else the default; a slider's smallest amount); null when the tier does not
 * see the reward at all. "Reward unlocked" crosses this threshold, not the default cost.
 */
export function unlockCostFor(
  reward: Reward,
  tierId: string | null,
): number | null {
  if (!isVisibleToTier(reward, tierId)) return null;
  return reward.type === "points_slider"
    ? sliderRangeFor(reward, tierId).minPoints
    : pointsCostFor(reward, tierId);
}
