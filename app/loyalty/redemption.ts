import {
  type AppliesTo,
  type CombinesWith,
  type ItemSelection,
  type LocalizedText,
  type Reward,
  type RewardType,
  firstStepAtOrAbove,
  isVisibleToTier,
  pointsCostFor,
  sliderValue,
} from "~/loyalty/rewards";
import { type Millis } from "~/loyalty/types";

/**
 * Redemption planning (can this member have this reward, for how many points, worth what?) and the
 * redemption saga as a state machine. Expected refusals are values: the storefront turns them into
 * 409/410/422 responses, never into exceptions.
 */

/** What a code gives, frozen at redemption: editing the reward later never changes it. */
export type RedeemedBenefit =
  | { kind: "percentage_off"; percentage: number }
  /** A fixed amount off the order: the fixed-amount reward, or a points slider once the shopper has chosen. */
  | { kind: "amount_off"; amount: Millis }
  | { kind: "free_shipping"; maxShippingRate: Millis | null }
  | {
      kind: "free_product";
      productId: string;
      variantId: string | null;
      maxDiscountAmount: Millis | null;
    }
  | {
      kind: "buy_x_get_y";
      buys: {
        items: ItemSelection;
        quantity: number | null;
        amount: Millis | null;
      };
      gets: { items: ItemSelection; quantity: number; percentage: number };
      usesPerOrderLimit: number | null;
    }
  | { kind: "gift_card"; amount: Millis }
  /** The code is taken from an imported pool, not minted. */
  | { kind: "pool_code"; poolId: string };

export interface RedeemedDiscount {
  rewardType: RewardType;
  name: LocalizedText;
  benefit: RedeemedBenefit;
  appliesTo: AppliesTo;
  minimumSubtotal: Millis | null;
  combinesWith: CombinesWith;
}

export interface MemberStanding {
  /** Spendable (posted) points. */
  balance: number;
  tierId: string | null;
  /** Earlier redemptions of this reward that still count toward its limit. */
  redemptionsOfThisReward: number;
}

export interface PlanRedemptionInput {
  reward: Reward;
  member: MemberStanding;
  /** Points the shopper chose on a slider; ignored for other rewards. */
  requestedPoints?: number;
  /** Units left when the reward has a stock; null: unlimited. */
  stockRemaining: number | null;
  /** Unused codes left in the pool of a code-pool reward; null for other rewards. */
  poolRemaining: number | null;
  /** A reward given from the admin: no points, no tier or per-customer limit, the reward need not be active. */
  gift?: boolean;
  now: Date;
}

export type InvalidAmountReason =
  "missing" | "not_a_whole_number" | "below_minimum" | "above_maximum";

export type RedemptionPlan =
  | {
      kind: "ok";
      /** Points to reserve (0 for a gift). */
      points: number;
      discount: RedeemedDiscount;
      /** When the code stops working; null: valid until used. */
      codeExpiresAt: Date | null;
      refundPointsOnExpiry: boolean;
    }
  | {
      kind: "insufficient_points";
      points: number;
      balance: number;
      missing: number;
    }
  | { kind: "sold_out" }
  | { kind: "limit_reached"; limit: number }
  | { kind: "not_available"; reason: "inactive" | "not_in_tier" }
  | {
      kind: "invalid_amount";
      reason: InvalidAmountReason;
      /** The slider's range for this member's tier, already on multiples of `step`. */
      minPoints: number;
      maxPoints: number;
      step: number;
    };

const DAY_MS = 24 * 60 * 60 * 1000;

/** The moment a code redeemed at `now` stops working. */
export function codeExpiryFor(
  validityDays: number | null,
  now: Date,
): Date | null {
  return validityDays === null
    ? null
    : new Date(now.getTime() + validityDays * DAY_MS);
}

export interface SliderRange {
  step: number;
  valuePerStep: Millis;
  /** Lowest and highest amounts the shopper may choose, on multiples of `step`. */
  minPoints: number;
  maxPoints: number;
}

/** The slider a member of `tierId` sees (the tier may have its own points per step). */
export function sliderRangeFor(
  reward: Extract<Reward, { type: "points_slider" }>,
  tierId: string | null,
): SliderRange {
  const step = pointsCostFor(reward, tierId);
  return {
    step,
    valuePerStep: reward.valuePerStep,
    minPoints: firstStepAtOrAbove(reward.minPoints, step),
    maxPoints: Math.floor(reward.maxPoints / step) * step,
  };
}

/** Decides a redemption without touching anything: the service reserves `points` only on `ok`. */
export function planRedemption(input: PlanRedemptionInput): RedemptionPlan {
  const { reward, member, gift = false } = input;

  if (!gift) {
    if (!reward.active) return { kind: "not_available", reason: "inactive" };
    if (!isVisibleToTier(reward, member.tierId))
      return { kind: "not_available", reason: "not_in_tier" };
  }
  if (
    reward.stock !== null &&
    input.stockRemaining !== null &&
    input.stockRemaining <= 0
  )
    return { kind: "sold_out" };
  if (
    reward.type === "code_pool" &&
    (input.poolRemaining === null || input.poolRemaining <= 0)
  ) {
    return { kind: "sold_out" };
  }
  if (
    !gift &&
    reward.limitPerCustomer !== null &&
    member.redemptionsOfThisReward >= reward.limitPerCustomer
  ) {
    return { kind: "limit_reached", limit: reward.limitPerCustomer };
  }

  let points: number;
  let benefit: RedeemedBenefit;
  if (reward.type === "points_slider") {
    const range = sliderRangeFor(reward, member.tierId);
    const refuse = (reason: InvalidAmountReason): RedemptionPlan => ({
      kind: "invalid_amount",
      reason,
      ...pick(range),
    });
    const requested = input.requestedPoints;
    if (requested === undefined) return refuse("missing");
    if (!Number.isSafeInteger(requested)) return refuse("not_a_whole_number");
    // The shopper's amount rounds down to whole steps: 250 points at 100 per step buys 2 steps.
    points = Math.floor(requested / range.step) * range.step;
    if (points < range.minPoints) return refuse("below_minimum");
    if (points > range.maxPoints) return refuse("above_maximum");
    benefit = {
      kind: "amount_off",
      amount: sliderValue(points, range.step, range.valuePerStep),
    };
  } else {
    points = pointsCostFor(reward, member.tierId);
    benefit = benefitOf(reward);
  }

  if (gift) points = 0;
  if (points > member.balance) {
    return {
      kind: "insufficient_points",
      points,
      balance: member.balance,
      missing: points - member.balance,
    };
  }

  return {
    kind: "ok",
    points,
    // A deep copy: the plan is stored with the redemption and must not share objects with the reward.
    discount: structuredClone({
      rewardType: reward.type,
      name: reward.name,
      benefit,
      appliesTo: reward.appliesTo,
      minimumSubtotal: reward.minimumSubtotal,
      combinesWith: reward.combinesWith,
    }),
    codeExpiresAt: codeExpiryFor(reward.codeValidityDays, input.now),
    refundPointsOnExpiry: reward.refundPointsOnExpiry,
  };
}

function pick(range: SliderRange) {
  return {
    minPoints: range.minPoints,
    maxPoints: range.maxPoints,
    step: range.step,
  };
}

function benefitOf(
  reward: Exclude<Reward, { type: "points_slider" }>,
): RedeemedBenefit {
  switch (reward.type) {
    case "percentage_off":
      return { kind: "percentage_off", percentage: reward.percentage };
    case "fixed_amount_off":
      return { kind: "amount_off", amount: reward.amount };
    case "free_shipping":
      return { kind: "free_shipping", maxShippingRate: reward.maxShippingRate };
    case "free_product":
      return {
        kind: "free_product",
        productId: reward.productId,
        variantId: reward.variantId,
        maxDiscountAmount: reward.maxDiscountAmount,
      };
    case "buy_x_get_y":
      return {
        kind: "buy_x_get_y",
        buys: reward.buys,
        gets: reward.gets,
        usesPerOrderLimit: reward.usesPerOrderLimit,
      };
    case "gift_card":
      return { kind: "gift_card", amount: reward.amount };
    case "code_pool":
      return { kind: "pool_code", poolId: reward.poolId };
  }
}

// ---------------------------------------------------------------------------------------------
// The saga (DESIGN.md, ledger rule 7)

export const REDEMPTION_STATES = [
  "reserved",
  "minted",
  "confirmed",
  "failed",
  "cancelled",
  "expired",
  "refunded",
  "used",
] as const;
export type RedemptionState = (typeof REDEMPTION_STATES)[number];

export const REDEMPTION_EVENTS = [
  /** Shopify created the code (or a pool code was assigned). */
  "code_minted",
  /** Shopify refused the code for good (not a timeout: those are retried). */
  "mint_failed",
  /** The redemption is recorded as complete and the code shown to the shopper. */
  "confirmed",
  /** The shopper cancelled an unused code; it is deactivated at Shopify. */
  "cancelled",
  /** The code passed its validity unused; it is deactivated at Shopify. */
  "expired",
  /** An order arrived with the code. */
  "code_used",
  /** A compensating ledger entry gave the points back. */
  "points_refunded",
] as const;
export type RedemptionEvent = (typeof REDEMPTION_EVENTS)[number];

const TRANSITIONS: Record<
  RedemptionState,
  Partial<Record<RedemptionEvent, RedemptionState>>
> = {
  reserved: { code_minted: "minted", mint_failed: "failed" },
  // A code can be used, cancelled or expire before the confirm step ran (a crash in between).
  minted: {
    confirmed: "confirmed",
    cancelled: "cancelled",
    expired: "expired",
    code_used: "used",
  },
  confirmed: { cancelled: "cancelled", expired: "expired", code_used: "used" },
  failed: { points_refunded: "refunded" },
  // An order can carry the code before Shopify saw the deactivation; until points came back, it counts as used.
  cancelled: { points_refunded: "refunded", code_used: "used" },
  // Points come back only when the reward says so (refundPointsOnExpiry); otherwise expired is final.
  expired: { points_refunded: "refunded", code_used: "used" },
  refunded: {},
  used: {},
};

export type TransitionResult =
  | { kind: "ok"; state: RedemptionState }
  | { kind: "illegal"; from: RedemptionState; event: RedemptionEvent };

/** The state after `event`, or a refusal: a replayed or out-of-order event must not move a redemption. */
export function nextState(
  state: RedemptionState,
  event: RedemptionEvent,
): TransitionResult {
  const to = TRANSITIONS[state][event];
  return to === undefined
    ? { kind: "illegal", from: state, event }
    : { kind: "ok", state: to };
}

export function canTransition(
  state: RedemptionState,
  event: RedemptionEvent,
): boolean {
  return TRANSITIONS[state][event] !== undefined;
}

/**
 * Whether nothing more will happen to a redemption. An expired code whose reward does not give points
 * back is settled; a failed, cancelled or refundable expired one still owes the member a refund.
 */
export function isSettled(
  state: RedemptionState,
  refundPointsOnExpiry: boolean,
): boolean {
  if (state === "expired") return !refundPointsOnExpiry;
  return state === "refunded" || state === "used";
}

/** States where the member holds a live code (shown on /proxy/api/me as usable). */
export function holdsUsableCode(state: RedemptionState): boolean {
  return state === "minted" || state === "confirmed";
}

/**
 * States where a compensating credit is due and not yet posted. The worker scans these on restart.
 * A gift (0 points) still goes through `points_refunded` so the saga ends in one place.
 */
export function owesRefund(
  state: RedemptionState,
  refundPointsOnExpiry: boolean,
): boolean {
  return (
    state === "failed" ||
    state === "cancelled" ||
    (state === "expired" && refundPointsOnExpiry)
  );
}
