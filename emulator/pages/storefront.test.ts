import "@shopify/shopify-api/adapters/node";

import { createHmac } from "node:crypto";

import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { RunningEmulator } from "../server";
import { gid } from "../state";
import {
  control,
  type FakeApp,
  startFakeApp,
  startTestEmulator,
  TEST_API_KEY,
  TEST_API_SECRET,
  TEST_SHOP,
} from "../store/test-support";

let app: FakeApp;
let emulator: RunningEmulator;
let customerId: number;

beforeAll(async () => {
  app = await startFakeApp();
  emulator = await startTestEmulator(app.url);
  const created = await control(emulator, "POST", "/customers", {
    shop: TEST_SHOP,
    email: "ana@example.com",
    firstName: "Ana",
  });
  customerId = created.body.customer.id;
  // The balance mirror the app writes with metafieldsSet ($app:loyalty.points, stored resolved).
  const shop = emulator.ctx.state.shops.get(TEST_SHOP)!;
  shop.metafields.set(1, {
    id: 1,
    ownerId: gid("Customer", customerId),
    namespace: "app--123456789--loyalty",
    key: "points",
    type: "number_integer",
    value: "42",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
  });
});

afterAll(async () => {
  await emulator.close();
  await app.close();
});

afterEach(() => {
  app.received.length = 0;
  app.respond = () => ({ status: 200, body: "ok" });
});

/** The brief's algorithm, written independently of the emulator's: sorted key=value (multi-values comma-joined), no separator, hex. */
function expectedSignature(query: URLSearchParams): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of query)
    if (key !== "signature")
      grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const message = [...grouped.keys()]
    .sort()
    .map((key) => `${key}=${grouped.get(key)!.join(",")}`)
    .join("");
  return createHmac("sha256", TEST_API_SECRET).update(message).digest("hex");
}

const cookie = (customer?: number) =>
  `emulator_storefront_shop=${TEST_SHOP}${customer ? `; emulator_storefront_customer=${customer}` : ""}`;

describe("storefront page", () => {
  it("renders the theme app extension block for the signed-in shopper, with metafields, settings defaults and translations", async () => {
    const response = await fetch(
      `${emulator.url}/storefront/${TEST_SHOP}?customer=${customerId}&locale=en`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toContain(
      `emulator_storefront_customer=${customerId}; Path=/; SameSite=Lax`,
    );
    const html = await response.text();
    expect(html).toContain('data-block="test-widget/balance"');
    expect(html).toContain("<h3>Your rewards</h3>");
    expect(html).toContain("Hello Ana");
    expect(html).toContain("42 points");
    expect(html).toContain(
      '<script src="/storefront-assets/test-widget/widget.js" defer></script>',
    );
    expect(html).toContain(".balance { color: teal; }");
    expect(html).not.toContain("schema");
  });

  it("escapes values interpolated by `t`, as Shopify does for keys not ending in _html", async () => {
    const created = await control(emulator, "POST", "/customers", {
      shop: TEST_SHOP,
      email: "mallory@example.com",
      firstName: "<img src=x onerror=alert(1)>",
    });
    const html = await (
      await fetch(
        `${emulator.url}/storefront/${TEST_SHOP}?customer=${created.body.customer.id}&locale=en`,
      )
    ).text();
    expect(html).toContain("Hello &lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img src=x");
  });

  it("renders the guest view in the shop's other language", async () => {
    const html = await (
      await fetch(`${emulator.url}/storefront/${TEST_SHOP}?customer=&locale=fr`)
    ).text();
    expect(html).toContain("Connectez-vous pour voir vos points");
    expect(html).not.toContain("Bonjour");
  });

  it("serves the extension's assets and nothing outside them", async () => {
    const asset = await fetch(
      `${emulator.url}/storefront-assets/test-widget/widget.js`,
    );
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain("testWidgetLoaded");
    const escape = await fetch(
      `${emulator.url}/storefront-assets/test-widget/..%2F..%2F..%2Fshopify.app.toml`,
    );
    expect(escape.status).toBe(404);
  });
});

describe("app proxy", () => {
  it("forwards /apps/loyalty/* to the app's /proxy/* with a signature the app's library verifies", async () => {
    app.respond = () => ({
      status: 200,
      body: '{"balance":42}',
      headers: { "content-type": "application/json", "set-cookie": "app=1" },
    });
    // A shopper cannot pose as someone else: Shopify's own parameters in the URL are replaced.
    const response = await fetch(
      `${emulator.url}/apps/loyalty/api/me?view=full&tag=a&tag=b&logged_in_customer_id=999`,
      {
        headers: { cookie: cookie(customerId), accept: "application/json" },
      },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ balance: 42 });
    expect(response.headers.get("set-cookie")).toBeNull();

    const [forwarded] = app.received;
    expect(forwarded.path).toBe("/proxy/api/me");
    const query = forwarded.url.searchParams;
    expect(query.get("shop")).toBe(TEST_SHOP);
    expect(query.getAll("logged_in_customer_id")).toEqual([String(customerId)]);
    expect(query.get("path_prefix")).toBe("/apps/loyalty");
    expect(query.getAll("tag")).toEqual(["a", "b"]);
    expect(query.get("signature")).toBe(expectedSignature(query));

    const shopify = shopifyApi({
      apiKey: TEST_API_KEY,
      apiSecretKey: TEST_API_SECRET,
      apiVersion: ApiVersion.July26,
      hostName: "localhost",
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error, log: async () => {} },
    });
    // The shape the library reads a query in: repeated keys as arrays.
    const asObject: Record<string, string | string[]> & { signature?: string } =
      {};
    for (const key of new Set(query.keys())) {
      const values = query.getAll(key);
      asObject[key] = values.length > 1 ? values : values[0];
    }
    const validate = (query: Record<string, string | string[]>) =>
      shopify.utils.validateHmac(
        query as Parameters<typeof shopify.utils.validateHmac>[0],
        { signator: "appProxy" },
      );
    expect(await validate(asObject)).toBe(true);
    expect(await validate({ ...asObject, logged_in_customer_id: "999" })).toBe(
      false,
    );
  });

  it("forwards a guest's POST with its body, logged_in_customer_id empty", async () => {
    app.respond = () => ({ status: 401, body: "sign in" });
    const response = await fetch(
      `${emulator.url}/storefront/${TEST_SHOP}/apps/loyalty/api/redemptions`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rewardId: "r1", idempotencyKey: "k1" }),
      },
    );
    expect(response.status).toBe(401);
    const [forwarded] = app.received;
    expect(forwarded.method).toBe("POST");
    expect(forwarded.path).toBe("/proxy/api/redemptions");
    expect(JSON.parse(forwarded.body)).toEqual({
      rewardId: "r1",
      idempotencyKey: "k1",
    });
    expect(forwarded.headers["content-type"]).toBe("application/json");
    expect(forwarded.url.searchParams.get("logged_in_customer_id")).toBe("");
    expect(forwarded.url.searchParams.get("signature")).toBe(
      expectedSignature(forwarded.url.searchParams),
    );
  });

  it("needs to know the shop", async () => {
    const response = await fetch(`${emulator.url}/apps/loyalty/api/me`);
    expect(response.status).toBe(400);
    expect(app.received).toHaveLength(0);
  });
});
