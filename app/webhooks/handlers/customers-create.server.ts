import { awardAccountCreation } from "~/services/earn-actions.server";
import { claimGuestOrders } from "~/services/guest-claims.server";
import { enrollCustomer } from "~/services/members.server";
import {
  CustomerPayloadSchema,
  toCustomerFacts,
} from "~/webhooks/payloads.server";
import {
  customerOrderingKey,
  defineWebhookHandler,
} from "~/webhooks/receive-webhook.server";

export const customersCreate = defineWebhookHandler({
  topic: "customers/create",
  schema: CustomerPayloadSchema,
  orderingKeyOf: (body) => customerOrderingKey(body, "id"),
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
