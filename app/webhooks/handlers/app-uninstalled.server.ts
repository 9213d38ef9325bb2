import { uninstallShop } from "~/services/compliance.server";
import { ShopPayloadSchema } from "~/webhooks/payloads.server";
import { defineWebhookHandler } from "~/webhooks/receive-webhook.server";

export const appUninstalled = defineWebhookHandler({
  topic: "app/uninstalled",
  schema: ShopPayloadSchema,
  // A repeated delivery finds the shop already uninstalled.
  acceptUninstalledShop: true,
  // Sessions go even for a shop the app has no row for.
  acceptUnknownShop: true,
  orderingKeyOf: () => "shop",
  process: ({ shop }) => uninstallShop(shop),
});
