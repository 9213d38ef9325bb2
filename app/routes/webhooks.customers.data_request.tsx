import { type ActionFunctionArgs } from "@remix-run/node";

import { assembleCustomerData } from "~/services/compliance.server";
import { DataRequestPayloadSchema } from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "customers/data_request",
    schema: DataRequestPayloadSchema,
    // Owed an answer after uninstalling too, until shop/redact.
    acceptUninstalledShop: true,
    process: ({ shop, payload }) =>
      assembleCustomerData(shop, payload.customer.id, {
        orderIds: payload.orders_requested,
      }),
  });
}
