import { type LoaderFunctionArgs } from "@remix-run/node";

import { authenticateProxy, proxyAnswer } from "~/proxy/proxy.server";
import { listStorefrontWaysToEarn } from "~/services/earn-actions.server";

// GET /apps/loyalty/api/earn: the shop's active ways to earn, with what this customer already claimed.
export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateProxy(request);
  if (context instanceof Response) return context;
  return proxyAnswer(
    context,
    await listStorefrontWaysToEarn(
      context.shop,
      context.customerId,
      context.locale,
    ),
  );
}
