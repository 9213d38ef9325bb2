import { type ActionFunctionArgs } from "@remix-run/node";

import {
  authenticateExtension,
  extensionError,
  extensionJson,
  readExtensionJson,
} from "~/http/ui-extension.server";
import {
  RedemptionRequestSchema,
  redemptionRefusalMessage,
} from "~/proxy/redemption-request";
import { redeemReward } from "~/services/redemptions/redeem.server";

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
    `proxy.error.${redemptionRefusalMessage(result.outcome)}`,
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
