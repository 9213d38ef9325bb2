import { createHmac, timingSafeEqual } from "node:crypto";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { RunningEmulator } from "../server";
import {
  control,
  type FakeApp,
  type ReceivedRequest,
  startFakeApp,
  startTestEmulator,
  TEST_API_SECRET,
  TEST_SHOP,
} from "./test-support";

let app: FakeApp;
let emulator: RunningEmulator;

beforeAll(async () => {
  app = await startFakeApp();
  emulator = await startTestEmulator(app.url);
});

afterAll(async () => {
  await emulator.close();
  await app.close();
});

afterEach(async () => {
  await control(emulator, "POST", "/reset");
  app.received.length = 0;
  app.respond = () => ({ status: 200, body: "ok" });
});

/** What the app must do: HMAC-SHA256 of the raw body with the app secret, base64, compared in constant time. */
function verifiesWithAppSecret(request: ReceivedRequest): boolean {
  const expected = Buffer.from(
    createHmac("sha256", TEST_API_SECRET)
      .update(request.body, "utf8")
      .digest("base64"),
  );
  const received = Buffer.from(
    String(request.headers["x-shopify-hmac-sha256"] ?? ""),
  );
  return (
    expected.length === received.length && timingSafeEqual(expected, received)
  );
}

async function createCustomer(email = "ana@example.com") {
  const { body } = await control(emulator, "POST", "/customers", {
    shop: TEST_SHOP,
    email,
    firstName: "Ana",
  });
  return body.customer.id as number;
}

async function placeOrder(
  customerId: number,
  delivery?: Record<string, unknown>,
) {
  const { status, body } = await control(emulator, "POST", "/orders", {
    shop: TEST_SHOP,
    customerId,
    lines: [{ title: "Mug", price: "12.50", quantity: 2 }],
    delivery,
  });
  expect(status).toBe(201);
  return body;
}

const topics = (requests: ReceivedRequest[]) =>
  requests.map((r) => r.headers["x-shopify-topic"]);

describe("webhook delivery", () => {
  it("delivers orders/paid to the subscribed URI, signed with the app secret, with Shopify's headers", async () => {
    const customerId = await createCustomer();
    app.received.length = 0;
    const { order } = await placeOrder(customerId);

    const [paid] = app.received.filter(
      (r) => r.headers["x-shopify-topic"] === "orders/paid",
    );
    expect(paid.path).toBe("/webhooks/orders");
    expect(paid.method).toBe("POST");
    expect(verifiesWithAppSecret(paid)).toBe(true);
    expect(paid.headers["content-type"]).toBe("application/json");
    expect(paid.headers["x-shopify-shop-domain"]).toBe(TEST_SHOP);
    expect(paid.headers["x-shopify-api-version"]).toBe("2026-07");
    expect(paid.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(paid.headers["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      Number.isNaN(Date.parse(String(paid.headers["x-shopify-triggered-at"]))),
    ).toBe(false);
    const payload = JSON.parse(paid.body);
    expect(payload).toMatchObject({
      id: order.id,
      financial_status: "paid",
      customer: { id: customerId, email: "ana@example.com" },
    });

    // orders/create is not subscribed in the fixture toml, so only orders/paid went out for the order.
    expect(topics(app.received)).toEqual(["orders/paid"]);
    const { body } = await control(
      emulator,
      "GET",
      `/deliveries?topic=orders/paid&orderId=${order.id}`,
    );
    expect(body.deliveries).toMatchObject([
      {
        status: "delivered",
        responseStatus: 200,
        attempts: 1,
        resource: { orderId: order.id },
      },
    ]);
  });

  it("a forged signature does not verify with the app secret", async () => {
    await control(emulator, "POST", "/customers", {
      shop: TEST_SHOP,
      email: "eve@example.com",
      delivery: { forgeHmac: true },
    });
    expect(app.received).toHaveLength(1);
    expect(verifiesWithAppSecret(app.received[0])).toBe(false);
  });

  it("duplicates keep the event id and change the webhook id by default", async () => {
    const customerId = await createCustomer();
    app.received.length = 0;
    await placeOrder(customerId, { duplicates: 2 });
    expect(app.received).toHaveLength(3);
    expect(
      new Set(app.received.map((r) => r.headers["x-shopify-event-id"])).size,
    ).toBe(1);
    expect(
      new Set(app.received.map((r) => r.headers["x-shopify-webhook-id"])).size,
    ).toBe(3);
    expect(new Set(app.received.map((r) => r.body)).size).toBe(1);
    expect(app.received.every(verifiesWithAppSecret)).toBe(true);
  });

  it("duplicates can be redeliveries (same webhook id) or new events (new event id)", async () => {
    const customerId = await createCustomer();
    app.received.length = 0;
    await placeOrder(customerId, { duplicates: 1, sameWebhookId: true });
    expect(
      new Set(app.received.map((r) => r.headers["x-shopify-webhook-id"])).size,
    ).toBe(1);

    app.received.length = 0;
    await placeOrder(customerId, { duplicates: 1, sameEventId: false });
    expect(
      new Set(app.received.map((r) => r.headers["x-shopify-event-id"])).size,
    ).toBe(2);
    expect(
      new Set(app.received.map((r) => r.headers["x-shopify-webhook-id"])).size,
    ).toBe(2);
  });

  it("reorder: reverse sends an action's deliveries last to first", async () => {
    const customerId = await createCustomer();
    const { order } = await placeOrder(customerId);
    app.received.length = 0;
    // Cancelling sends refunds/create then orders/cancelled; reversed, the cancellation arrives first.
    await control(emulator, "POST", "/orders/cancel", {
      shop: TEST_SHOP,
      orderId: order.id,
      delivery: { reorder: "reverse" },
    });
    expect(topics(app.received)).toEqual([
      "orders/cancelled",
      "refunds/create",
    ]);
  });

  it("hold keeps deliveries until released, and release can reverse them across actions", async () => {
    const customerId = await createCustomer();
    app.received.length = 0;
    const { order } = await placeOrder(customerId, { hold: true });
    await control(emulator, "POST", "/orders/refund", {
      shop: TEST_SHOP,
      orderId: order.id,
      lines: [{ lineItemId: order.line_items[0].id, quantity: 1 }],
      delivery: { hold: true },
    });
    expect(app.received).toHaveLength(0);
    const held = await control(emulator, "GET", "/deliveries?status=held");
    expect(held.body.deliveries.map((d: { topic: string }) => d.topic)).toEqual(
      ["orders/paid", "refunds/create"],
    );

    const released = await control(emulator, "POST", "/deliveries/release", {
      order: "reverse",
    });
    expect(released.body.deliveries).toHaveLength(2);
    expect(topics(app.received)).toEqual(["refunds/create", "orders/paid"]);
    expect(
      (await control(emulator, "GET", "/deliveries?status=held")).body
        .deliveries,
    ).toHaveLength(0);
  });

  it("retries a 5xx answer with backoff until the app accepts it", async () => {
    let calls = 0;
    app.respond = () =>
      ++calls < 3 ? { status: 503, body: "busy" } : { status: 200, body: "ok" };
    const { body } = await control(emulator, "POST", "/customers", {
      shop: TEST_SHOP,
      email: "retry@example.com",
    });
    expect(body.deliveries).toMatchObject([
      { status: "delivered", responseStatus: 200, attempts: 3 },
    ]);
    expect(
      new Set(app.received.map((r) => r.headers["x-shopify-webhook-id"])).size,
    ).toBe(1);
  });

  it("gives up after the last attempt, and does not retry a 4xx", async () => {
    app.respond = () => ({ status: 500 });
    const failed = await control(emulator, "POST", "/customers", {
      shop: TEST_SHOP,
      email: "down@example.com",
    });
    expect(failed.body.deliveries).toMatchObject([
      { status: "failed", responseStatus: 500, attempts: 3 },
    ]);

    app.received.length = 0;
    app.respond = () => ({ status: 401 });
    const refused = await control(emulator, "POST", "/customers", {
      shop: TEST_SHOP,
      email: "refused@example.com",
    });
    expect(refused.body.deliveries).toMatchObject([
      { status: "failed", responseStatus: 401, attempts: 1 },
    ]);
    expect(app.received).toHaveLength(1);
  });

  it("sends compliance topics and app/uninstalled with Shopify's payloads", async () => {
    const customerId = await createCustomer();
    const { order } = await placeOrder(customerId);
    app.received.length = 0;
    await control(emulator, "POST", "/compliance/customers-data-request", {
      shop: TEST_SHOP,
      customerId,
    });
    await control(emulator, "POST", "/compliance/customers-redact", {
      shop: TEST_SHOP,
      customerId,
    });
    await control(emulator, "POST", "/app/uninstall", { shop: TEST_SHOP });
    await control(emulator, "POST", "/compliance/shop-redact", {
      shop: TEST_SHOP,
    });

    expect(topics(app.received)).toEqual([
      "customers/data_request",
      "customers/redact",
      "app/uninstalled",
      "shop/redact",
    ]);
    const [dataRequest, redact, uninstalled, shopRedact] = app.received.map(
      (r) => JSON.parse(r.body),
    );
    expect(dataRequest).toMatchObject({
      shop_domain: TEST_SHOP,
      orders_requested: [order.id],
      customer: { id: customerId, email: "ana@example.com" },
    });
    expect(typeof dataRequest.shop_id).toBe("number");
    expect(typeof dataRequest.data_request.id).toBe("number");
    expect(redact).toMatchObject({
      shop_domain: TEST_SHOP,
      orders_to_redact: [order.id],
      customer: { id: customerId },
    });
    expect(uninstalled).toMatchObject({
      myshopify_domain: TEST_SHOP,
      domain: TEST_SHOP,
    });
    expect(shopRedact).toEqual({
      shop_id: dataRequest.shop_id,
      shop_domain: TEST_SHOP,
    });
    expect(app.received.every(verifiesWithAppSecret)).toBe(true);
  });

  it("sends a raw body as is, signed, for malformed-payload tests", async () => {
    await control(emulator, "POST", "/webhooks", {
      shop: TEST_SHOP,
      topic: "orders/paid",
      rawBody: "{not json",
    });
    expect(app.received[0].body).toBe("{not json");
    expect(verifiesWithAppSecret(app.received[0])).toBe(true);
  });
});
