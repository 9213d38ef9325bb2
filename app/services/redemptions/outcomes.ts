import { type RedemptionPlan } from "~/loyalty/redemption";
import { type RedemptionView } from "~/services/redemptions/views.server";

/** What the storefront's `POST /proxy/api/redemptions` answers (DESIGN.md, external contracts). */
export type RedeemRewardResult =
  | {
      status: 201;
      outcome: "redeemed";
      replay: boolean;
      redemption: RedemptionView;
      balance: number;
    }
  | { status: 404; outcome: "unknown_reward" }
  | {
      status: 409;
      outcome: "insufficient_points";
      points: number;
      balance: number;
      missing: number;
    }
  | { status: 410; outcome: "sold_out" }
  /** The program is switched off (ADR 0013): nothing is redeemed. */
  | { status: 403; outcome: "program_inactive" }
  | {
      status: 422;
      outcome:
        | "limit_reached"
        | "not_available"
        | "invalid_points"
        | "idempotency_key_reused";
      detail?: Record<string, unknown>;
    }
  | { status: 429; outcome: "rate_limited"; retryAfterSeconds: number };

export type Refusal = Exclude<RedeemRewardResult, { status: 201 }>;

/** Thrown inside the reservation to undo every write made before the refusal. */
export class RefusedRedemption extends Error {
  constructor(readonly result: Refusal) {
    super(result.outcome);
  }
}

/**
 * Refusals that count toward the rate limit: a real attempt the shopper (or a script hammering the
 * button) made. Replays, unknown rewards and malformed amounts do not.
 */
export function countsAsAttempt(result: RedeemRewardResult): boolean {
  return (
    result.status === 201 ||
    result.outcome === "insufficient_points" ||
    result.outcome === "sold_out" ||
    result.outcome === "limit_reached" ||
    result.outcome === "not_available"
  );
}

export function refusalOf(
  plan: Exclude<RedemptionPlan, { kind: "ok" }>,
): Refusal {
  switch (plan.kind) {
    case "insufficient_points":
      return {
        status: 409,
        outcome: "insufficient_points",
        points: plan.points,
        balance: plan.balance,
        missing: plan.missing,
      };
    case "sold_out":
      return { status: 410, outcome: "sold_out" };
    case "limit_reached":
      return {
        status: 422,
        outcome: "limit_reached",
        detail: { limit: plan.limit },
      };
    case "not_available":
      return {
        status: 422,
        outcome: "not_available",
        detail: { reason: plan.reason },
      };
    case "invalid_amount":
      return {
        status: 422,
        outcome: "invalid_points",
        detail: {
          reason: plan.reason,
          min: plan.minPoints,
          max: plan.maxPoints,
          step: plan.step,
        },
      };
  }
}
