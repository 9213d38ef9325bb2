import { type ActionFunctionArgs } from "@remix-run/node";

import { reversePointsForCancellation } from "~/services/orders.server";
import { OrderPayloadSchema, toOrderFacts } from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "orders/cancelled",
    schema: OrderPayloadSchema,
    process: ({ shop, payload }) =>
      reversePointsForCancellation(
        shop,
        toOrderFacts(payload, "orders/cancelled"),
      ),
  });
}
