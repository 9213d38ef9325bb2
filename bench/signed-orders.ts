/**
 * Signed orders/paid webhooks for the benches (bench/webhooks.ts, bench/inbox-keeps-up.ts): one
 * order placed at the emulator as a template, copied with fresh order and customer ids and signed
 * like Shopify, and a closed loop that sends them with a fixed number in flight.
 */
import { randomUUID } from "node:crypto";

import { createCustomer } from "../emulator/store/customers";
import { signWebhookBody } from "../emulator/store/deliver";
import { placeOrder } from "../emulator/store/orders";
import { storeShop } from "../emulator/store/shop";
import { type Stack } from "../scripts/stack";

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

export async function orderTemplate(
  stack: Stack,
  shop: string,
  customers: number,
): Promise<{ payload: Record<string, unknown>; customerIds: number[] }> {
  const ctx = stack.emulator.ctx;
  storeShop(ctx, shop, { currencyCode: "EUR" });
  await stack.installShop(shop);
  const customerIds: number[] = [];
  for (let i = 0; i < customers; i++) {
    const { customer } = await createCustomer(ctx, {
      shop: shop,
      email: `${shop.split(".")[0]}-${i}@example.com`,
    });
    customerIds.push(customer.id);
  }
  const variant = [...ctx.state.shops.get(shop)!.products.values()][0]
    .variants[0];
  const { payload } = await placeOrder(
    ctx,
    {
      shop: shop,
      customerId: customerIds[0],
      lines: [{ variantId: variant.id, quantity: 2 }],
      tax: { rate: 0.2, included: true },
    },
    { hold: true },
  );
  return { payload, customerIds };
}

export function signedOrders(
  stack: Stack,
  shop: string,
  template: Record<string, unknown>,
  customerIds: number[],
  count: number,
  firstId: number,
): SignedWebhook[] {
  const customer = template.customer as Record<string, unknown>;
  return Array.from({ length: count }, (_, i) => {
    const id = firstId + i;
    const customerId = customerIds[i % customerIds.length];
    const body = JSON.stringify({
      ...template,
      id,
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      name: `#${id}`,
      order_number: id,
      customer: {
        ...customer,
        id: customerId,
        admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
      },
    });
    return {
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/paid",
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": "2026-07",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
        "X-Shopify-Hmac-Sha256": signWebhookBody(body, stack.apiSecret),
      },
    };
  });
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export async function send(
  url: string,
  webhook: SignedWebhook,
): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: webhook.headers,
    body: webhook.body,
  });
  await response.arrayBuffer();
  if (response.status !== 200)
    throw new Error(`webhook answered ${response.status}`);
  return performance.now() - started;
}

export async function closedLoop(
  url: string,
  webhooks: SignedWebhook[],
  concurrency: number,
) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < webhooks.length) await send(url, webhooks[next++]);
    }),
  );
  return webhooks.length / ((performance.now() - started) / 1000);
}
