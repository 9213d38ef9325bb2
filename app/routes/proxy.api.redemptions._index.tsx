import { type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import {
  authenticateProxy,
  readProxyJson,
  proxyError,
  proxyAnswer,
  requireCustomer,
  shopperError,
  type ShopperErrorCode,
} from "~/proxy/proxy.server";
import { redeemReward } from "~/services/redemptions/redeem.server";

const RedemptionRequestSchema = z.object({
  rewardId: z.string().min(1).max(100),
  idempotencyKey: z.string().min(8).max(100),
  points: z.number().optional(),
});

/** Each refusal's message in the shopper's language (`code` stays the outcome the widget reads). */
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

  const read = await readProxyJson(request, context.locale);
  if (read instanceof Response) return read;
  const parsed = RedemptionRequestSchema.safeParse(read.body);
  if (!parsed.success)
    return shopperError(context.locale, 422, "invalid_request");

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
  return shopperError(
    context.locale,
    result.status,
    MESSAGE_OF[result.outcome] ?? "not_available",
    headers,
    result.outcome,
  );
}

export function loader() {
  return proxyError(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
}
