import { type LoaderFunctionArgs } from "@remix-run/node";

import { authenticateProxy, proxyAnswer } from "~/proxy/proxy.server";
import { storefrontRewards } from "~/services/storefront.server";

// GET /apps/loyalty/api/rewards: the catalogue, with availability for a logged-in shopper (guests too).
export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateProxy(request);
  if (context instanceof Response) return context;
  return proxyAnswer(
    context,
    await storefrontRewards(context.shop, context.customerId, context.locale),
  );
}
