import { type ActionFunctionArgs } from "@remix-run/node";

import { recordOrderFulfilled } from "~/services/orders.server";
import {
  OrderPayloadSchema,
  orderIdOfUnreadableBody,
  toOrderFacts,
} from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "orders/fulfilled",
    schema: OrderPayloadSchema,
    orderIdOf: (body) => orderIdOfUnreadableBody(body, "id"),
    process: ({ shop, payload }) =>
      recordOrderFulfilled(shop, toOrderFacts(payload, "orders/fulfilled")),
  });
}
