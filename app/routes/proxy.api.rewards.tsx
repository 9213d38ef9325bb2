import * as clock from "~/clock.server";
import { type LoaderFunctionArgs } from "@remix-run/node";

import { authenticateProxy, proxyAnswer } from "~/proxy/proxy.server";
import { storefrontRewards } from "~/services/storefront.server";

// GET /apps/loyalty/api/rewards: the catalogue, with availability for a logged-in shopper (guests too).
// `?locked=1` (the catalogue block) also lists the rewards the shopper's tier cannot have.
export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateProxy(request);
  if (context instanceof Response) return context;
  const includeLocked = new URL(request.url).searchParams.get("locked") === "1";
  return proxyAnswer(
    context,
    await storefrontRewards(context.shop, context.customerId, context.locale, {
      includeLocked,
      now: clock.now(),
    }),
  );
}
