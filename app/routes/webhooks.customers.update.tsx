import { type ActionFunctionArgs } from "@remix-run/node";

import { awardNewsletterSignup } from "~/services/earn-actions.server";
import { claimGuestOrders } from "~/services/guest-claims.server";
import { updateCustomerDetails } from "~/services/members.server";
import {
  CustomerPayloadSchema,
  toCustomerFacts,
} from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "customers/update",
    schema: CustomerPayloadSchema,
    process: async ({ shop, payload }) => {
      const customer = toCustomerFacts(payload);
      const updated = await updateCustomerDetails(shop, customer);
      // Email marketing consent became subscribed: the newsletter bonus, once ever.
      const earned = await awardNewsletterSignup(shop, customer);
      // The email became verified (or changed): guest orders placed with it become the customer's.
      const verifiedEmail = payload.verified_email === true;
      return {
        ...updated,
        earned,
        guestClaim: await claimGuestOrders(shop, {
          customerId: customer.customerId,
          email: customer.email,
          verifiedEmail,
        }),
      };
    },
  });
}
