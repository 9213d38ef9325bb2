import { reversePointsForRefund } from "~/services/orders.server";
import {
  RefundPayloadSchema,
  orderIdOfUnreadableBody,
  toRefundFacts,
} from "~/webhooks/payloads.server";
import {
  defineWebhookHandler,
  orderOrderingKey,
} from "~/webhooks/receive-webhook.server";

export const refundsCreate = defineWebhookHandler({
  topic: "refunds/create",
  schema: RefundPayloadSchema,
  orderIdOf: (body) => orderIdOfUnreadableBody(body, "order_id"),
  // Its order's key: a refund is processed after the order's paid and before what follows it.
  orderingKeyOf: (body) => orderOrderingKey(body, "order_id"),
  process: ({ shop, payload }) =>
    reversePointsForRefund(shop, toRefundFacts(payload)),
});
