import { type ActionFunctionArgs } from "@remix-run/node";

import {
  authenticateProxy,
  proxyError,
  proxyAnswer,
  requireCustomer,
} from "~/proxy/proxy.server";
import { cancelRedemption } from "~/services/redemptions/cancel.server";

// POST /apps/loyalty/api/redemptions/:id/cancel: the shopper gives an unused code back for the points.
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST")
    return proxyError(405, "method_not_allowed", "Use POST.", {
      Allow: "POST",
    });
  const context = await authenticateProxy(request);
  if (context instanceof Response) return context;
  const refused = requireCustomer(context);
  if (refused) return refused;
  const result = await cancelRedemption({
    shop: context.shop,
    customerId: context.customerId!,
    redemptionId: params.id ?? "",
    locale: context.locale,
  });
  if (result.status === 200)
    return proxyAnswer(context, { redemption: result.redemption });
  if (result.status === 404)
    return proxyError(404, "unknown_redemption", "No such redemption.");
  return proxyError(
    409,
    "not_cancellable",
    `A redemption in state ${result.state} cannot be cancelled.`,
  );
}

export function loader() {
  return proxyError(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
}
