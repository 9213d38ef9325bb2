import { type ActionFunctionArgs } from "@remix-run/node";

import {
  authenticateProxy,
  readProxyJson,
  proxyError,
  proxyAnswer,
  requireCustomer,
  shopperError,
} from "~/proxy/proxy.server";
import {
  RedemptionRequestSchema,
  redemptionRefusalMessage,
} from "~/proxy/redemption-request";
import { redeemReward } from "~/services/redemptions/redeem.server";

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
    redemptionRefusalMessage(result.outcome),
    headers,
    result.outcome,
  );
}

export function loader() {
  return proxyError(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
}
