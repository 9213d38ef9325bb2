import { type ActionFunctionArgs } from "@remix-run/node";

import { enrollCustomer } from "~/services/members.server";
import { CustomerPayloadSchema, toCustomerFacts } from "~/webhooks/payloads.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

// Subscribed in shopify.app.toml.
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, {
    topic: "customers/create",
    schema: CustomerPayloadSchema,
    process: ({ shop, payload }) => enrollCustomer(shop, toCustomerFacts(payload)),
  });
}
