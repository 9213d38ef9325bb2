import { type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import {
  authenticateExtension,
  extensionError,
  extensionJson,
  readExtensionJson,
} from "~/http/ui-extension.server";
import { type ShopperErrorCode } from "~/proxy/proxy.server";
import { redeemReward } from "~/services/redemptions/redeem.server";

const RedemptionRequestSchema = z.object({
  rewardId: z.string().min(1).max(100),
  idempotencyKey: z.string().min(8).max(100),
  points: z.number().optional(),
});

/** Each refusal's message in the customer's language (`code` stays the outcome the page reads). */
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

// POST /customer-account/redemptions {rewardId, idempotencyKey, points?} from the Rewards page
// (session token): the same redemption as the storefront's, the customer from the token's `sub`.
export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount", {
    requireCustomer: true,
  });
  if (context instanceof Response) return context;
  if (request.method !== "POST")
    return extensionJson(
      context,
      { error: { code: "method_not_allowed" } },
      405,
      {
        Allow: "POST",
      },
    );
  const read = await readExtensionJson(request, context.locale);
  if (read instanceof Response) return read;
  const parsed = RedemptionRequestSchema.safeParse(read.body);
  if (!parsed.success)
    return extensionError(
      context.locale,
      422,
      "invalid_request",
      "proxy.error.invalid_request",
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
    return extensionJson(
      context,
      {
        redemption: { id, code, status, expiresAt, points, rewardName },
        balance: result.balance,
      },
      201,
    );
  }
  return extensionError(
    context.locale,
    result.status,
    result.outcome,
    `proxy.error.${(MESSAGE_OF[result.outcome] ?? "not_available") as ShopperErrorCode}`,
    result.status === 429
      ? { "Retry-After": String(result.retryAfterSeconds) }
      : {},
  );
}

export function loader() {
  return extensionJson(null, { error: { code: "method_not_allowed" } }, 405, {
    Allow: "POST",
  });
}
