import { type ActionFunctionArgs } from "@remix-run/node";

import { customersRedact } from "~/webhooks/handlers/customers-redact.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml; what it means lives in its handler (the inbox drain uses it too).
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, customersRedact);
}
