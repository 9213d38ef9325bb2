import { type ActionFunctionArgs } from "@remix-run/node";

import { redactShop } from "~/services/compliance.server";
import { ShopPayloadSchema } from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "shop/redact",
    schema: ShopPayloadSchema,
    // Sent 48 hours after uninstalling.
    acceptUninstalledShop: true,
    // Sessions go even for a shop the app has no row for.
    acceptUnknownShop: true,
    process: ({ shop }) => redactShop(shop),
  });
}
