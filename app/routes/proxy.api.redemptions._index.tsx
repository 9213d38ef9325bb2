import { type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import {
  authenticateProxy,
  proxyError,
  proxyAnswer,
  requireCustomer,
} from "~/proxy/proxy.server";
import { redeemReward } from "~/services/redemptions.server";

const RedemptionRequestSchema = z.object({
  rewardId: z.string().min(1).max(100),
  idempotencyKey: z.string().min(8).max(100),
  points: z.number().optional(),
});

const MESSAGES: Record<string, string> = {
  insufficient_points: "Not enough points for this reward.",
  sold_out: "This reward is sold out.",
  limit_reached: "The limit for this reward is reached.",
  not_available: "This reward is not available.",
  invalid_points: "The points amount is not valid for this reward.",
  idempotency_key_reused: "This idempotency key was used with another request.",
  rate_limited: "Too many redemption attempts.",
  unknown_reward: "No such reward.",
  program_inactive: "The loyalty program is paused.",
};

// POST /apps/loyalty/api/redemptions {rewardId, idempotencyKey, points?}: points for a code.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST")
    return proxyError(405, "method_not_allowed", "Use POST.", {
      Allow: "POST",
    });
  const context = await authenticateProxy(request);
  if (context instanceof Response) return context;
  const refused = requireCustomer(context);
  if (refused) return refused;

  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return proxyError(400, "malformed_json", "The body is not JSON.");
  }
  const parsed = RedemptionRequestSchema.safeParse(body);
  if (!parsed.success)
    return proxyError(
      422,
      "invalid_request",
      "rewardId and idempotencyKey are required; points is a number.",
    );

  const result = await redeemReward({
    shop: context.shop,
    customerId: context.customerId!,
    rewardId: parsed.data.rewardId,
    idempotencyKey: parsed.data.idempotencyKey,
    points: parsed.data.points,
    locale: context.locale,
  });
  if (result.status === 201) {
    const { id, code, status, expiresAt, points, rewardName } =
      result.redemption;
    return proxyAnswer(
      context,
      {
        redemption: { id, code, status, expiresAt, points, rewardName },
        balance: result.balance,
      },
      201,
    );
  }
  const headers: Record<string, string> =
    result.status === 429
      ? { "Retry-After": String(result.retryAfterSeconds) }
      : {};
  return proxyError(
    result.status,
    result.outcome,
    MESSAGES[result.outcome] ?? result.outcome,
    headers,
  );
}

export function loader() {
  return proxyError(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
}
