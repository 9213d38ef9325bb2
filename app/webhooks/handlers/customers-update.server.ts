import { awardNewsletterSignup } from "~/services/earn-actions.server";
import { claimGuestOrders } from "~/services/guest-claims.server";
import { updateCustomerDetails } from "~/services/members.server";
import {
  CustomerPayloadSchema,
  toCustomerFacts,
} from "~/webhooks/payloads.server";
import {
  customerOrderingKey,
  defineWebhookHandler,
} from "~/webhooks/receive-webhook.server";

export const customersUpdate = defineWebhookHandler({
  topic: "customers/update",
  schema: CustomerPayloadSchema,
  orderingKeyOf: (body) => customerOrderingKey(body, "id"),
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
