import { reversePointsForCancellation } from "~/services/orders.server";
import {
  OrderPayloadSchema,
  orderIdOfUnreadableBody,
  toOrderFacts,
} from "~/webhooks/payloads.server";
import {
  defineWebhookHandler,
  orderOrderingKey,
} from "~/webhooks/receive-webhook.server";

export const ordersCancelled = defineWebhookHandler({
  topic: "orders/cancelled",
  schema: OrderPayloadSchema,
  orderIdOf: (body) => orderIdOfUnreadableBody(body, "id"),
  orderingKeyOf: (body) => orderOrderingKey(body, "id"),
  process: ({ shop, payload }) =>
    reversePointsForCancellation(
      shop,
      toOrderFacts(payload, "orders/cancelled"),
    ),
});
