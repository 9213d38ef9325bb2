import { beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import {
  action as homeAction,
  loader as homeLoader,
} from "~/routes/app._index";
import { holdUnreadableWebhook } from "~/services/webhook-attention.server";
import {
  adminRequest,
  BROWSER_USER_AGENT,
  sessionToken,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import { seedShop } from "~/../test/browser/seed-admin";

// The home page's "Needs attention" card, through the real authenticate.admin: the loader lists
// what could not be processed, the action retries (a reread_order job) or dismisses.
const SHOP = "attention-home.myshopify.com";
const OTHER_SHOP = "other-attention-home.myshopify.com";
const APP = "http://localhost:3999";
const now = new Date("2026-11-23T10:00:00Z");

const args = (request: Request) => ({ request, params: {}, context: {} });

async function post(fields: Record<string, string>, shop = SHOP) {
  const request = new Request(`${APP}/app?index`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      Authorization: `Bearer ${await sessionToken(shop)}`,
      "User-Agent": BROWSER_USER_AGENT,
    },
  });
  const result = await homeAction(args(request)).catch((e: unknown) => e);
  if (!(result instanceof Response)) throw new Error("expected a Response");
  return result;
}

async function home() {
  return homeLoader(args(await adminRequest(`${APP}/app`, SHOP)));
}

beforeAll(async () => {
  for (const shop of [SHOP, OTHER_SHOP]) {
    await seedShop(prisma, shop);
    await storeOfflineSession(prisma, shop);
  }
  await holdUnreadableWebhook(
    SHOP,
    {
      topic: "orders/paid",
      eventId: "e-1",
      webhookId: "w-1",
      orderId: "5820000000001",
      problem: "line_items.0.quantity: Expected number, received string",
    },
    now,
  );
  await holdUnreadableWebhook(
    SHOP,
    {
      topic: "customers/update",
      eventId: "e-2",
      webhookId: "w-2",
      orderId: null,
      problem: "id: Required",
    },
    now,
  );
});

describe("the Needs attention card", () => {
  it("lists what could not be processed, oldest first", async () => {
    const page = await home();
    expect(page.attention.total).toBe(2);
    expect(page.attention.items).toMatchObject([
      { topic: "orders/paid", orderId: "5820000000001", retryable: true },
      { topic: "customers/update", orderId: null, retryable: false },
    ]);
  });

  it("retries an order: its re-read is queued to run now", async () => {
    const [item] = (await home()).attention.items;
    const before = await prisma.outboxJob.count({
      where: { shopDomain: SHOP, kind: "reread_order", status: "pending" },
    });
    const response = await post({ intent: "retry", id: item.id });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      intent: "retry",
      outcome: "queued",
    });
    expect(
      await prisma.outboxJob.count({
        where: { shopDomain: SHOP, kind: "reread_order", status: "pending" },
      }),
    ).toBe(before + 1);
  });

  it("refuses another shop's item and a malformed post without a 5xx or a change", async () => {
    const [item] = (await home()).attention.items;
    expect(
      (await post({ intent: "dismiss", id: item.id }, OTHER_SHOP)).status,
    ).toBe(404);
    expect((await post({ intent: "explode", id: item.id })).status).toBe(400);
    expect((await post({ intent: "retry", id: "x".repeat(500) })).status).toBe(
      400,
    );
    expect((await home()).attention.total).toBe(2);
  });

  it("dismisses an item for good", async () => {
    const items = (await home()).attention.items;
    const response = await post({ intent: "dismiss", id: items[1].id });
    expect(await response.json()).toEqual({
      intent: "dismiss",
      outcome: "dismissed",
    });
    expect((await home()).attention.items.map((i) => i.id)).toEqual([
      items[0].id,
    ]);
    expect((await post({ intent: "retry", id: items[1].id })).status).toBe(404);
  });
});
