import { type LoaderFunctionArgs } from "@remix-run/node";

import {
  authenticateProxy,
  proxyAnswer,
  requireCustomer,
} from "~/proxy/proxy.server";
import { storefrontMe } from "~/services/storefront.server";

// GET /apps/loyalty/api/me: the logged-in shopper's balance, tier, history and codes.
export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateProxy(request);
  if (context instanceof Response) return context;
  const refused = requireCustomer(context);
  if (refused) return refused;
  return proxyAnswer(
    context,
    await storefrontMe(context.shop, context.customerId!, context.locale),
  );
}
