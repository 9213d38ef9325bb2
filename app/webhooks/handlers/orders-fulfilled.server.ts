import { recordOrderFulfilled } from "~/services/orders.server";
import {
  OrderPayloadSchema,
  orderIdOfUnreadableBody,
  toOrderFacts,
} from "~/webhooks/payloads.server";
import {
  defineWebhookHandler,
  orderOrderingKey,
} from "~/webhooks/receive-webhook.server";

export const ordersFulfilled = defineWebhookHandler({
  topic: "orders/fulfilled",
  schema: OrderPayloadSchema,
  orderIdOf: (body) => orderIdOfUnreadableBody(body, "id"),
  orderingKeyOf: (body) => orderOrderingKey(body, "id"),
  process: ({ shop, payload }) =>
    recordOrderFulfilled(shop, toOrderFacts(payload, "orders/fulfilled")),
});
