import { type ActionFunctionArgs } from "@remix-run/node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { expectLedgerConsistent } from "~/../test/ledger-invariants";
import prisma from "~/db.server";
import {
  action as actionsAction,
  loader as actionsLoader,
} from "~/routes/api.v1.actions";
import { action as reviewsAction } from "~/routes/api.v1.reviews";
import {
  handleEarningApiRequest,
  rotateShopApiKey,
} from "~/services/earning-api.server";
import { saveEarningRule } from "~/services/earning-rules.server";
import { installShop } from "~/services/install.server";

// The shop's customers at Shopify: every id but 404 exists, and 503 cannot be checked right now.
const customerExistsAtShopify = vi.hoisted(() =>
  vi.fn(async (_shop: string, customerId: string) => {
    if (customerId === "503") throw new Error("Shopify is unavailable");
    return customerId !== "404";
  }),
);
vi.mock("~/shopify/customers.server", () => ({ customerExistsAtShopify }));

type Action = (args: ActionFunctionArgs) => Promise<Response>;
const SHOP = "api-v1.myshopify.com";
let key = "";

function call(
  action: Action,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const request = new Request(`http://localhost:3999/api/v1/${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${key}`,
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return action({ request, params: {}, context: {} });
}

async function balance(customerId: string) {
  return (
    (
      await prisma.member.findUnique({
        where: { shopCustomer: { shopDomain: SHOP, customerId } },
      })
    )?.balance ?? null
  );
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await saveEarningRule(SHOP, null, {
    type: "product_review",
    name: "Review",
    points: 10,
  });
  await saveEarningRule(SHOP, null, {
    type: "custom_action",
    name: "Workshop",
    points: 30,
    actionKey: "workshop",
  });
  key = (await rotateShopApiKey(SHOP)).key;
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("authentication", () => {
  it("answers 401 in JSON to a missing or bad key, and after rotation to the old key", async () => {
    const body = { customerId: "1", productId: "2" };
    const bad = await call(reviewsAction, "reviews", body, {
      Authorization: "Bearer lyk_nope",
      "Idempotency-Key": "a",
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("content-type")).toContain("application/json");
    expect(await bad.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect(
      (
        await call(reviewsAction, "reviews", body, {
          Authorization: "",
          "Idempotency-Key": "a",
        })
      ).status,
    ).toBe(401);

    const old = key;
    key = (await rotateShopApiKey(SHOP)).key;
    expect(
      (
        await call(reviewsAction, "reviews", body, {
          Authorization: `Bearer ${old}`,
          "Idempotency-Key": "a",
        })
      ).status,
    ).toBe(401);
    expect(
      (await call(reviewsAction, "reviews", body, { "Idempotency-Key": "a" }))
        .status,
    ).toBe(201);
    expect(await prisma.ledgerEntry.count()).toBe(1);
  });

  it("requires an Idempotency-Key (400) and valid JSON (400), and only POST (405)", async () => {
    const missing = await call(reviewsAction, "reviews", {
      customerId: "1",
      productId: "2",
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { code: "idempotency_key_required" },
    });
    expect(
      (
        await call(reviewsAction, "reviews", "{not json", {
          "Idempotency-Key": "b",
        })
      ).status,
    ).toBe(400);
    expect((await actionsLoader()).status).toBe(405);
    expect(await prisma.ledgerEntry.count()).toBe(0);
  });
});

describe("reviews", () => {
  it("awards once per product per customer; a replay with the same key returns the same answer", async () => {
    const first = await call(
      reviewsAction,
      "reviews",
      { customerId: "gid://shopify/Customer/5", productId: "9" },
      { "Idempotency-Key": "r1" },
    );
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    expect(firstBody).toEqual({ outcome: "awarded", points: 10, balance: 10 });

    const replay = await call(
      reviewsAction,
      "reviews",
      { customerId: "gid://shopify/Customer/5", productId: "9" },
      { "Idempotency-Key": "r1" },
    );
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(firstBody);

    const again = await call(
      reviewsAction,
      "reviews",
      { customerId: "5", productId: "9" },
      { "Idempotency-Key": "r2" },
    );
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      outcome: "duplicate",
      points: 0,
    });

    const reused = await call(
      reviewsAction,
      "reviews",
      { customerId: "5", productId: "10" },
      { "Idempotency-Key": "r1" },
    );
    expect(reused.status).toBe(422);
    expect(await balance("5")).toBe(10);
  });

  it("answers 422 with the fields for an invalid body", async () => {
    const response = await call(
      reviewsAction,
      "reviews",
      { productId: "9" },
      { "Idempotency-Key": "r3" },
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: {
        code: "invalid_request",
        fields: { customerId: expect.any(String) },
      },
    });
  });
});

describe("custom actions", () => {
  it("awards once per Idempotency-Key, 404 for an unknown action", async () => {
    const request = { actionKey: "workshop", customerId: "8" };
    expect(
      (
        await call(actionsAction, "actions", request, {
          "Idempotency-Key": "w1",
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(actionsAction, "actions", request, {
          "Idempotency-Key": "w1",
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(actionsAction, "actions", request, {
          "Idempotency-Key": "w2",
        })
      ).status,
    ).toBe(201);
    expect(await balance("8")).toBe(60);
    const unknown = await call(
      actionsAction,
      "actions",
      { actionKey: "nope", customerId: "8" },
      { "Idempotency-Key": "w3" },
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { code: "no_active_rule" },
    });
  });
});

describe("who can be credited", () => {
  it.each([
    ["negative", "-5"],
    ["400 digits", "9".repeat(400)],
    ["beyond 64 bits", "9223372036854775808"],
    ["markup", "<img src=x onerror=alert(1)>"],
    ["another object's GID", "gid://shopify/Product/5"],
  ])("refuses a customer id that is %s, creating no member", async (_, id) => {
    const response = await call(
      reviewsAction,
      "reviews",
      { customerId: id, productId: "9" },
      { "Idempotency-Key": `shape-${id.length}` },
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: {
        code: "invalid_request",
        fields: { customerId: expect.any(String) },
      },
    });
    expect(await prisma.member.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("refuses an id the shop has no customer for, and asks again later when Shopify cannot say", async () => {
    const unknown = await call(
      actionsAction,
      "actions",
      { actionKey: "workshop", customerId: "404" },
      { "Idempotency-Key": "who-1" },
    );
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({
      error: { fields: { customerId: "Not a customer of this shop" } },
    });
    const unavailable = await call(
      actionsAction,
      "actions",
      { actionKey: "workshop", customerId: "503" },
      { "Idempotency-Key": "who-2" },
    );
    expect(unavailable.status).toBe(503);
    expect(await prisma.member.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("credits a member it already knows without asking Shopify", async () => {
    await call(
      actionsAction,
      "actions",
      { actionKey: "workshop", customerId: "77" },
      { "Idempotency-Key": "who-3" },
    );
    customerExistsAtShopify.mockClear();
    const again = await call(
      actionsAction,
      "actions",
      { actionKey: "workshop", customerId: "gid://shopify/Customer/77" },
      { "Idempotency-Key": "who-4" },
    );
    expect(again.status).toBe(201);
    expect(customerExistsAtShopify).not.toHaveBeenCalled();
    expect(await balance("77")).toBe(60);
  });
});

describe("what a caller may cost", () => {
  it("answers 413 to a body beyond 64 KB, declared or not", async () => {
    const huge = JSON.stringify({
      customerId: "1",
      productId: "2",
      padding: "x".repeat(70 * 1024),
    });
    const declared = await call(reviewsAction, "reviews", huge, {
      "Idempotency-Key": "big-1",
    });
    expect(declared.status).toBe(413);
    const streamed = await reviewsAction({
      request: new Request("http://localhost:3999/api/v1/reviews", {
        method: "POST",
        headers: {
          Authorization: `Bearer ${key}`,
          "Idempotency-Key": "big-2",
        },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(huge));
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit),
      params: {},
      context: {},
    });
    expect(streamed.status).toBe(413);
    expect(await prisma.member.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("answers 429 with Retry-After once a shop's bucket is empty", async () => {
    // One instant for every call: the bucket (60, then 5 a second) cannot refill in between.
    const now = new Date("2030-01-01T00:00:00Z");
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < 61; i += 1) {
      const response = await handleEarningApiRequest(
        new Request("http://localhost:3999/api/v1/actions", {
          method: "POST",
          headers: {
            Authorization: `Bearer ${key}`,
            "Idempotency-Key": `burst-${i}`,
          },
          body: JSON.stringify({ actionKey: "workshop", customerId: "9" }),
        }),
        "actions",
        now,
      );
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(
      0,
    );
    expect(limited?.headers.get("Retry-After")).toBe("1");
    expect(await limited?.json()).toMatchObject({
      error: { code: "rate_limited" },
    });
  });
});
