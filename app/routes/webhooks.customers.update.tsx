import { type ActionFunctionArgs } from "@remix-run/node";

import { updateCustomerDetails } from "~/services/members.server";
import { CustomerPayloadSchema, toCustomerFacts } from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "customers/update",
    schema: CustomerPayloadSchema,
    process: ({ shop, payload }) => updateCustomerDetails(shop, toCustomerFacts(payload)),
  });
}
