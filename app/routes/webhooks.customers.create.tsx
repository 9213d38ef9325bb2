import { type ActionFunctionArgs } from "@remix-run/node";

import { awardAccountCreation } from "~/services/earn-actions.server";
import { claimGuestOrders } from "~/services/guest-claims.server";
import { enrollCustomer } from "~/services/members.server";
import {
  CustomerPayloadSchema,
  toCustomerFacts,
} from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "customers/create",
    schema: CustomerPayloadSchema,
    process: async ({ shop, payload }) => {
      const customer = toCustomerFacts(payload);
      const enrolled = await enrollCustomer(shop, customer);
      // Once per customer (the ledger key), so a replay after a failure here earns nothing twice.
      const earned = await awardAccountCreation(shop, customer);
      // Guest orders placed with this (verified) email become the customer's.
      const verifiedEmail = payload.verified_email === true;
      return {
        ...enrolled,
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
