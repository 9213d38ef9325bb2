import { type ActionFunctionArgs } from "@remix-run/node";

import { awardPointsForOrder } from "~/services/orders.server";
import { OrderPayloadSchema, toOrderFacts } from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "orders/paid",
    schema: OrderPayloadSchema,
    process: ({ shop, payload }) => awardPointsForOrder(shop, toOrderFacts(payload, "orders/paid")),
  });
}
