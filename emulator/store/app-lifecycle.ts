import type { EmulatorContext } from "../context";
import {
  type DeliveryOptions,
  emitWebhooks,
  type WebhookDelivery,
} from "./deliver";
import {
  customersDataRequestPayload,
  customersRedactPayload,
  shopPayload,
  shopRedactPayload,
} from "./payloads";
import { requireCustomer, requireShop } from "./shop";

export interface LifecycleResult {
  payload: Record<string, unknown>;
  deliveries: WebhookDelivery[];
}

/**
 * The merchant uninstalls the app: Shopify revokes its access tokens at once and sends
 * app/uninstalled. The shop's data stays until shop/redact (48 hours later at Shopify).
 */
export async function uninstallApp(
  ctx: EmulatorContext,
  input: { shop: string },
  delivery: DeliveryOptions = {},
): Promise<LifecycleResult> {
  const shop = requireShop(ctx, input.shop);
  shop.shop.installed = false;
  shop.shop.accessTokens.clear();
  const payload = shopPayload(shop);
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    [{ topic: "app/uninstalled", payload }],
    delivery,
  );
  return { payload, deliveries };
}

/** A customer asks the merchant for their data: customers/data_request (a compliance topic). */
export async function requestCustomerData(
  ctx: EmulatorContext,
  input: { shop: string; customerId: number },
  delivery: DeliveryOptions = {},
): Promise<LifecycleResult> {
  const shop = requireShop(ctx, input.shop);
  const customer = requireCustomer(shop, input.customerId);
  const payload = customersDataRequestPayload(
    shop,
    customer,
    ctx.state.nextId(),
  );
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    [
      {
        topic: "customers/data_request",
        payload,
        resource: { customerId: customer.id },
      },
    ],
    delivery,
  );
  return { payload, deliveries };
}

/** The merchant erases a customer: customers/redact. The emulator keeps the customer so tests can look. */
export async function redactCustomer(
  ctx: EmulatorContext,
  input: { shop: string; customerId: number },
  delivery: DeliveryOptions = {},
): Promise<LifecycleResult> {
  const shop = requireShop(ctx, input.shop);
  const customer = requireCustomer(shop, input.customerId);
  const payload = customersRedactPayload(shop, customer);
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    [
      {
        topic: "customers/redact",
        payload,
        resource: { customerId: customer.id },
      },
    ],
    delivery,
  );
  return { payload, deliveries };
}

/** Two days after an uninstall Shopify asks the app to erase the shop: shop/redact. */
export async function redactShop(
  ctx: EmulatorContext,
  input: { shop: string },
  delivery: DeliveryOptions = {},
): Promise<LifecycleResult> {
  const shop = requireShop(ctx, input.shop);
  const payload = shopRedactPayload(shop);
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    [{ topic: "shop/redact", payload }],
    delivery,
  );
  return { payload, deliveries };
}

/** Any topic with any payload, signed like the rest: for tests of malformed or unexpected webhooks. */
export async function sendRawWebhook(
  ctx: EmulatorContext,
  input: { shop: string; topic: string; payload?: unknown; rawBody?: string },
  delivery: DeliveryOptions = {},
): Promise<LifecycleResult> {
  const deliveries = await emitWebhooks(
    ctx,
    input.shop,
    [{ topic: input.topic, payload: input.payload, rawBody: input.rawBody }],
    delivery,
  );
  return { payload: input.payload as Record<string, unknown>, deliveries };
}
