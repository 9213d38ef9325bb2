import { recordOrderWithLoyaltyCode } from "~/services/loyalty-code-orders.server";
import { awardPointsForOrder } from "~/services/orders.server";
import { markRedemptionCodesUsed } from "~/services/redemptions/codes-used.server";
import {
  OrderPayloadSchema,
  orderIdOfUnreadableBody,
  toOrderFacts,
} from "~/webhooks/payloads.server";
import {
  defineWebhookHandler,
  orderOrderingKey,
} from "~/webhooks/receive-webhook.server";

/**
 * On PostgreSQL the inbox processes most paid orders together (paid-orders-together.server.ts):
 * the orders without a discount code, so the two steps after the award are theirs to skip. A step
 * added here for every order must be added there too.
 */
export const ordersPaid = defineWebhookHandler({
  topic: "orders/paid",
  schema: OrderPayloadSchema,
  orderIdOf: (body) => orderIdOfUnreadableBody(body, "id"),
  orderingKeyOf: (body) => orderOrderingKey(body, "id"),
  process: async ({ shop, payload }) => {
    const facts = toOrderFacts(payload, "orders/paid");
    const summary = await awardPointsForOrder(shop, facts);
    // A redemption whose code the order carries is used: it can no longer be cancelled or expire.
    await markRedemptionCodesUsed({
      shop,
      orderId: facts.orderId,
      discountCodes: facts.discountCodes,
    });
    // The home's "orders and revenue that used a loyalty code".
    await recordOrderWithLoyaltyCode(shop, facts);
    return summary;
  },
});
