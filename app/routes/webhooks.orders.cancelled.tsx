import { type ActionFunctionArgs } from "@remix-run/node";

import { reversePointsForCancellation } from "~/services/orders.server";
import {
  OrderPayloadSchema,
  orderIdOfUnreadableBody,
  toOrderFacts,
} from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "orders/cancelled",
    schema: OrderPayloadSchema,
    orderIdOf: (body) => orderIdOfUnreadableBody(body, "id"),
    process: ({ shop, payload }) =>
      reversePointsForCancellation(
        shop,
        toOrderFacts(payload, "orders/cancelled"),
      ),
  });
}
