import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";

import * as clock from "~/clock.server";
import {
  authenticateExtension,
  extensionJson,
} from "~/http/ui-extension.server";
import { customerRewardsPage } from "~/services/customer-account.server";

// GET /customer-account/rewards (customer-account UI extensions, session token): the Rewards
// page and the profile block: balance, pending points, tier, history, codes and the catalogue.
export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount", {
    requireCustomer: true,
  });
  if (context instanceof Response) return context;
  return extensionJson(
    context,
    await customerRewardsPage(
      context.shop,
      context.customerId!,
      context.locale,
      clock.now(),
    ),
  );
}

/** The CORS preflight (the token travels in `Authorization`); anything else is not allowed. */
export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount", {
    requireCustomer: true,
  });
  if (context instanceof Response) return context;
  return extensionJson(
    context,
    { error: { code: "method_not_allowed" } },
    405,
    {
      Allow: "GET",
    },
  );
}
