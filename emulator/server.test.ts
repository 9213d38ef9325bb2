import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { AdminCall } from "./context";
import type { RunningEmulator } from "./server";
import {
  control,
  type FakeApp,
  startFakeApp,
  startTestEmulator,
  TEST_SHOP,
} from "./store/test-support";

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
  await control(emulator, "POST", "/config", { appUrl: app.url });
  app.received.length = 0;
});

function call(
  seq: number,
  shop: string,
  operationName: string | null,
): AdminCall {
  return {
    seq,
    at: "2026-01-01T00:00:00.000Z",
    shop,
    apiVersion: "2026-07",
    operationName,
    operationType: "mutation",
    query: "",
    variables: {},
    status: 200,
    errors: [],
    userErrors: [],
    fault: null,
  };
}

describe("control API", () => {
  it("answers health, 404 for unknown routes and 405 for wrong methods", async () => {
    expect(await control(emulator, "GET", "/health")).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect((await control(emulator, "GET", "/nothing-here")).status).toBe(404);
    expect((await control(emulator, "GET", "/orders")).status).toBe(405);
  });

  it("refuses invalid bodies with the offending fields", async () => {
    const notJson = await fetch(`${emulator.url}/_emulator/orders`, {
      method: "POST",
      body: "{",
    });
    expect(notJson.status).toBe(400);
    const invalid = await control(emulator, "POST", "/orders", {
      shop: TEST_SHOP,
      lines: [{ quantity: -1 }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues).toContainEqual(
      expect.objectContaining({ path: "lines.0.quantity" }),
    );
    expect(
      (await control(emulator, "POST", "/shops", { shop: "not a shop" }))
        .status,
    ).toBe(400);
    expect(
      (
        await control(emulator, "POST", "/orders/refund", {
          shop: TEST_SHOP,
          orderId: 42,
        })
      ).status,
    ).toBe(404);
  });

  it("creates and configures shops, and shows a shop's state", async () => {
    expect((await control(emulator, "GET", `/state/${TEST_SHOP}`)).status).toBe(
      404,
    );
    const created = await control(emulator, "POST", "/shops", {
      shop: TEST_SHOP,
      currency: "GBP",
      timezone: "Europe/London",
      name: "Test shop",
    });
    expect(created.body.shop).toMatchObject({
      domain: TEST_SHOP,
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
      name: "Test shop",
      installed: false,
    });
    await control(emulator, "POST", "/customers", {
      shop: TEST_SHOP,
      email: "a@example.com",
    });
    const { body } = await control(emulator, "GET", `/state/${TEST_SHOP}`);
    expect(body.customers).toMatchObject([{ email: "a@example.com" }]);
    expect(body.products.length).toBeGreaterThan(0);
    expect(body).toMatchObject({ orders: [], metafields: [], discounts: [] });
    expect((await control(emulator, "GET", "/shops")).body.shops).toMatchObject(
      [{ domain: TEST_SHOP, customers: 1 }],
    );
  });

  it("filters the Admin API calls the app made by shop, operation and sequence", async () => {
    emulator.ctx.adminCalls.push(
      call(1, TEST_SHOP, "MetafieldsSet"),
      call(2, "other.myshopify.com", "MetafieldsSet"),
      call(3, TEST_SHOP, "DiscountCodeBasicCreate"),
    );
    const byShop = await control(
      emulator,
      "GET",
      `/admin-calls?shop=${TEST_SHOP}`,
    );
    expect(byShop.body.calls.map((c: AdminCall) => c.seq)).toEqual([1, 3]);
    const byOperation = await control(
      emulator,
      "GET",
      `/admin-calls?operationName=MetafieldsSet&since=1`,
    );
    expect(byOperation.body.calls.map((c: AdminCall) => c.seq)).toEqual([2]);
  });

  it("sets faults for the Admin API and reset clears them with the state", async () => {
    const set = await control(emulator, "POST", "/faults", {
      serverErrorRate: 0.5,
      operations: ["MetafieldsSet"],
    });
    expect(set.body.faults).toMatchObject({
      serverErrorRate: 0.5,
      operations: ["MetafieldsSet"],
      latencyMs: 0,
    });
    expect(emulator.ctx.faults.serverErrorRate).toBe(0.5);
    expect(
      (await control(emulator, "POST", "/faults", { unknown: 1 })).status,
    ).toBe(400);
    await control(emulator, "POST", "/shops", { shop: TEST_SHOP });
    await control(emulator, "POST", "/reset");
    expect(emulator.ctx.faults.serverErrorRate).toBe(0);
    expect(emulator.ctx.state.shops.size).toBe(0);
  });

  it("points webhooks at another app URL when told", async () => {
    const other = await startFakeApp();
    try {
      const changed = await control(emulator, "POST", "/config", {
        appUrl: other.url,
      });
      expect(changed.body.config.appUrl).toBe(other.url);
      expect(changed.body.config).not.toHaveProperty("apiSecret");
      await control(emulator, "POST", "/customers", {
        shop: TEST_SHOP,
        email: "moved@example.com",
      });
      expect(other.received.map((r) => r.path)).toEqual([
        "/webhooks/customers",
      ]);
      expect(app.received).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe("Shopify endpoints", () => {
  it("routes Admin GraphQL to the Admin API layer and logs the call", async () => {
    const response = await fetch(
      `${emulator.url}/${TEST_SHOP}/admin/api/2026-07/graphql.json`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "query ShopName { shop { name } }" }),
      },
    );
    // No access token: refused, but by the Admin API layer (not a 404 from the router).
    expect(response.status).not.toBe(404);
    const { body } = await control(
      emulator,
      "GET",
      `/admin-calls?shop=${TEST_SHOP}`,
    );
    expect(body.calls).toHaveLength(1);
  });

  it("routes token exchange to the Admin API layer", async () => {
    const response = await fetch(
      `${emulator.url}/${TEST_SHOP}/admin/oauth/access_token`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          client_id: "wrong",
          client_secret: "wrong",
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        }),
      },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });

  it("serves the pages", async () => {
    await control(emulator, "POST", "/customers", {
      shop: TEST_SHOP,
      email: "page@example.com",
    });
    const index = await (await fetch(`${emulator.url}/`)).text();
    expect(index).toContain(`/store/${TEST_SHOP}`);
    const store = await fetch(`${emulator.url}/store/${TEST_SHOP}`);
    expect(store.status).toBe(200);
    const html = await store.text();
    expect(html).toContain("page@example.com");
    expect(html).toContain('data-action="/orders"');
    expect((await fetch(`${emulator.url}/nowhere`)).status).toBe(404);
  });
});
