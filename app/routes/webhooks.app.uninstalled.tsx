import { type ActionFunctionArgs } from "@remix-run/node";

import { uninstallShop } from "~/services/compliance.server";
import { ShopPayloadSchema } from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "app/uninstalled",
    schema: ShopPayloadSchema,
    // A repeated delivery finds the shop already uninstalled.
    acceptUninstalledShop: true,
    // Sessions go even for a shop the app has no row for.
    acceptUnknownShop: true,
    process: ({ shop }) => uninstallShop(shop),
  });
}
