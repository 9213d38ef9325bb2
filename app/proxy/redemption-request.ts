import { z } from "zod";

import { type ShopperErrorCode } from "~/proxy/proxy.server";

/**
 * What a shopper sends to redeem a reward, from the storefront (app proxy) or the customer
 * account's Rewards page (session token): one schema and one table of refusals for both doors.
 */
export const RedemptionRequestSchema = z.object({
  rewardId: z.string().min(1).max(100),
  idempotencyKey: z.string().min(8).max(100),
  points: z.number().optional(),
});

/** Each refusal's message in the shopper's language (`code` stays the outcome the page reads). */
const MESSAGE_OF: Record<string, ShopperErrorCode> = {
  insufficient_points: "insufficient_points",
  sold_out: "sold_out",
  limit_reached: "reward_limit_reached",
  not_available: "not_available",
  invalid_points: "invalid_points",
  idempotency_key_reused: "idempotency_key_reused",
  rate_limited: "rate_limited",
  unknown_reward: "unknown_reward",
  program_inactive: "program_inactive",
};

/** The message a refused redemption shows; an outcome without its own says "not available". */
export function redemptionRefusalMessage(outcome: string): ShopperErrorCode {
  return Object.hasOwn(MESSAGE_OF, outcome)
    ? MESSAGE_OF[outcome]
    : "not_available";
}
