import { redactCustomer } from "~/services/compliance.server";
import { CustomerRedactPayloadSchema } from "~/webhooks/payloads.server";
import {
  customerOrderingKey,
  defineWebhookHandler,
} from "~/webhooks/receive-webhook.server";

export const customersRedact = defineWebhookHandler({
  topic: "customers/redact",
  schema: CustomerRedactPayloadSchema,
  // Owed an answer after uninstalling too, until shop/redact.
  acceptUninstalledShop: true,
  orderingKeyOf: (body) => customerOrderingKey(body, "customer"),
  process: ({ shop, payload }) =>
    redactCustomer(
      shop,
      { customerId: payload.customer.id, email: payload.customer.email },
      { orderIds: payload.orders_to_redact },
    ),
});
