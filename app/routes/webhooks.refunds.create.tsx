import { type ActionFunctionArgs } from "@remix-run/node";

import { reversePointsForRefund } from "~/services/orders.server";
import {
  RefundPayloadSchema,
  orderIdOfUnreadableBody,
  toRefundFacts,
} from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "refunds/create",
    schema: RefundPayloadSchema,
    orderIdOf: (body) => orderIdOfUnreadableBody(body, "order_id"),
    process: ({ shop, payload }) =>
      reversePointsForRefund(shop, toRefundFacts(payload)),
  });
}
