import { type ActionFunctionArgs } from "@remix-run/node";

import { redactCustomer } from "~/services/compliance.server";
import { CustomerRedactPayloadSchema } from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "customers/redact",
    schema: CustomerRedactPayloadSchema,
    // Owed an answer after uninstalling too, until shop/redact.
    acceptUninstalledShop: true,
    process: ({ shop, payload }) =>
      redactCustomer(
        shop,
        { customerId: payload.customer.id, email: payload.customer.email },
        { orderIds: payload.orders_to_redact },
      ),
  });
}
