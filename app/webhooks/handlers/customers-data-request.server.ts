import { assembleCustomerData } from "~/services/compliance.server";
import { DataRequestPayloadSchema } from "~/webhooks/payloads.server";
import {
  customerOrderingKey,
  defineWebhookHandler,
} from "~/webhooks/receive-webhook.server";

export const customersDataRequest = defineWebhookHandler({
  topic: "customers/data_request",
  schema: DataRequestPayloadSchema,
  // Owed an answer after uninstalling too, until shop/redact.
  acceptUninstalledShop: true,
  orderingKeyOf: (body) => customerOrderingKey(body, "customer"),
  process: ({ shop, payload }) =>
    assembleCustomerData(shop, payload.customer.id, {
      orderIds: payload.orders_requested,
    }),
});
