import { redactShop } from "~/services/compliance.server";
import { ShopPayloadSchema } from "~/webhooks/payloads.server";
import { defineWebhookHandler } from "~/webhooks/receive-webhook.server";

export const shopRedact = defineWebhookHandler({
  topic: "shop/redact",
  schema: ShopPayloadSchema,
  // Sent 48 hours after uninstalling.
  acceptUninstalledShop: true,
  // Sessions go even for a shop the app has no row for.
  acceptUnknownShop: true,
  orderingKeyOf: () => "shop",
  process: ({ shop }) => redactShop(shop),
});
