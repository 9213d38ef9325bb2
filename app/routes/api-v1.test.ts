import { type ActionFunctionArgs } from "@remix-run/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { expectLedgerConsistent } from "~/../test/ledger-invariants";
import prisma from "~/db.server";
import {
  action as actionsAction,
  loader as actionsLoader,
} from "~/routes/api.v1.actions";
import { action as reviewsAction } from "~/routes/api.v1.reviews";
import { rotateShopApiKey } from "~/services/earning-api.server";
import { saveEarningRule } from "~/services/earning-rules.server";
import { installShop } from "~/services/install.server";

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
