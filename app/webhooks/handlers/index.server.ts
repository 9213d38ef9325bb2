import { type AnyWebhookHandler } from "~/webhooks/receive-webhook.server";

import { appUninstalled } from "~/webhooks/handlers/app-uninstalled.server";
import { customersCreate } from "~/webhooks/handlers/customers-create.server";
import { customersDataRequest } from "~/webhooks/handlers/customers-data-request.server";
import { customersRedact } from "~/webhooks/handlers/customers-redact.server";
import { customersUpdate } from "~/webhooks/handlers/customers-update.server";
import { ordersCancelled } from "~/webhooks/handlers/orders-cancelled.server";
import { ordersFulfilled } from "~/webhooks/handlers/orders-fulfilled.server";
import { ordersPaid } from "~/webhooks/handlers/orders-paid.server";
import { refundsCreate } from "~/webhooks/handlers/refunds-create.server";
import { shopRedact } from "~/webhooks/handlers/shop-redact.server";

/**
 * Every topic the app subscribes to in shopify.app.toml, and the one handler that knows what it
 * means: the HTTPS routes (app/routes/webhooks.*) and the inbox drain both dispatch here.
 */
const HANDLERS: readonly AnyWebhookHandler[] = [
  ordersPaid,
  ordersCancelled,
  ordersFulfilled,
  refundsCreate,
  customersCreate,
  customersUpdate,
  customersDataRequest,
  customersRedact,
  shopRedact,
  appUninstalled,
];

const BY_TOPIC = new Map(HANDLERS.map((handler) => [handler.topic, handler]));

export type WebhookHandlerLookup = (topic: string) => AnyWebhookHandler | null;

/** The handler for a topic as Shopify names it ("orders/paid"), or null for a topic the app does not handle. */
export const webhookHandlerFor: WebhookHandlerLookup = (topic) =>
  BY_TOPIC.get(topic) ?? null;
