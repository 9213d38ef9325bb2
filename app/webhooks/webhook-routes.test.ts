import { type ActionFunctionArgs } from "@remix-run/node";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { storeOfflineSession } from "~/../test/fake-admin-api";
import { expectLedgerConsistent } from "~/../test/ledger-invariants";
import { signedWebhookRequest, webhookFixture } from "~/../test/webhooks";
import prisma from "~/db.server";
import { action as appUninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as customersDataRequest } from "~/routes/webhooks.customers.data_request";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as customersUpdate } from "~/routes/webhooks.customers.update";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as ordersFulfilled } from "~/routes/webhooks.orders.fulfilled";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { installShop } from "~/services/install.server";

/**
 * The webhook routes end to end: signed requests through the real authenticate.webhook, the
 * real services and the real (per-file) SQLite database.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are edited freely
type Action = (args: ActionFunctionArgs) => Promise<Response>;

const SHOP = "maison-lumiere.myshopify.com";
const CUSTOMER_ID = "7390012345678";
const ORDER_ID = "5820011122233";
/** Fixture: (2 × 49.90 − 9.98) + (24.50 − 2.45) = 111.87 EUR eligible; the gift card, tip, shipping and tax do not earn. */
const ORDER_POINTS = 111;

let counter = 0;

async function deliver(
  action: Action,
  topic: string,
  body: unknown,
  options: { shop?: string; eventId?: string; webhookId?: string } = {},
) {
  counter += 1;
  const request = signedWebhookRequest({
    topic,
    shop: options.shop ?? SHOP,
    body,
    eventId: options.eventId ?? `event-${counter}`,
    webhookId: options.webhookId ?? `webhook-${counter}`,
  });
  return action({ request, params: {}, context: {} });
}

function order(orderId: string, changes: Json = {}): Json {
  const payload = webhookFixture<Json>("orders-paid");
  return {
    ...payload,
    id: Number(orderId),
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#${orderId.slice(-4)}`,
    ...changes,
  };
}

async function member(customerId = CUSTOMER_ID) {
  return prisma.member.findUnique({
    where: { shopCustomer: { shopDomain: SHOP, customerId } },
  });
}

async function ledgerFor(orderId: string) {
  return prisma.ledgerEntry.findMany({
    where: { shopDomain: SHOP, sourceId: { contains: orderId } },
    orderBy: { createdAt: "asc" },
  });
}

async function memberEntries(customerId = CUSTOMER_ID) {
  const m = await member(customerId);
  return prisma.ledgerEntry.findMany({
    where: { memberId: m?.id ?? "none" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

function warnings() {
  return vi.spyOn(console, "warn").mockImplementation(() => {});
}

beforeAll(async () => {
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await expectLedgerConsistent(prisma);
});

describe("authentication", () => {
  it.each([
    [
      "forged",
      "forged-secret" as string | undefined,
      undefined as string | null | undefined,
    ],
    ["missing", undefined, null],
  ])(
    "answers 401 to a %s signature and changes nothing",
    async (_label, secret, hmac) => {
      const request = signedWebhookRequest({
        topic: "orders/paid",
        shop: SHOP,
        body: order("5820000000001"),
        secret,
        hmac,
      });
      const response = await ordersPaid({ request, params: {}, context: {} });
      expect(response.status).toBe(401);
      expect(await ledgerFor("5820000000001")).toEqual([]);
      expect(
        await prisma.orderRecord.count({ where: { orderId: "5820000000001" } }),
      ).toBe(0);
    },
  );
});

describe("orders/paid", () => {
  it("awards points on the shop-money subtotal after discounts", async () => {
    const response = await deliver(
      ordersPaid,
      "orders/paid",
      webhookFixture("orders-paid"),
      { eventId: "paid-1042" },
    );

    expect(response.status).toBe(200);
    const entries = await ledgerFor(ORDER_ID);
    expect(entries).toHaveLength(1);
    expect(entries[0].points).toBe(ORDER_POINTS);
    expect((await member())?.balance).toBe(ORDER_POINTS);
    expect(
      await prisma.outboxJob.count({
        where: { shopDomain: SHOP, kind: "mirror_member" },
      }),
    ).toBeGreaterThan(0);
  });

  it("processes the same event id once", async () => {
    const response = await deliver(
      ordersPaid,
      "orders/paid",
      webhookFixture("orders-paid"),
      { eventId: "paid-1042" },
    );
    expect(response.status).toBe(200);
    expect(await ledgerFor(ORDER_ID)).toHaveLength(1);
    expect(
      await prisma.webhookDelivery.count({
        where: { shopDomain: SHOP, eventId: "paid-1042" },
      }),
    ).toBe(1);
  });

  it("earns once when the same order comes under another webhook and event id", async () => {
    const response = await deliver(
      ordersPaid,
      "orders/paid",
      webhookFixture("orders-paid"),
      { eventId: "paid-1042-again" },
    );
    expect(response.status).toBe(200);
    expect(await ledgerFor(ORDER_ID)).toHaveLength(1);
    expect((await member())?.balance).toBe(ORDER_POINTS);
  });

  it("answers 200 to a body that is not JSON, logs the webhook id, changes no ledger row", async () => {
    const warn = warnings();
    const before = await prisma.ledgerEntry.count();
    const response = await deliver(
      ordersPaid,
      "orders/paid",
      '{"id": 5820000000002, "line_items": [',
      { webhookId: "wh-not-json" },
    );

    expect(response.status).toBe(200);
    expect(await prisma.ledgerEntry.count()).toBe(before);
    expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(
      /webhookId=wh-not-json.*reason=invalid_json/,
    );
  });

  it("answers 200 to a payload missing a field, logs the webhook id, changes no ledger row", async () => {
    const warn = warnings();
    const payload = order("5820000000003");
    delete payload.line_items;
    const response = await deliver(ordersPaid, "orders/paid", payload, {
      webhookId: "wh-missing-field",
    });

    expect(response.status).toBe(200);
    expect(await ledgerFor("5820000000003")).toEqual([]);
    expect(
      await prisma.orderRecord.count({ where: { orderId: "5820000000003" } }),
    ).toBe(0);
    expect(String(warn.mock.calls[0][0])).toMatch(
      /webhookId=wh-missing-field.*reason=invalid_payload.*line_items/,
    );
  });

  it("answers 200 to an unknown shop, logs the webhook id, writes nothing", async () => {
    const warn = warnings();
    const before = await prisma.ledgerEntry.count();
    const response = await deliver(
      ordersPaid,
      "orders/paid",
      order("5820000000004"),
      { shop: "stranger.myshopify.com", webhookId: "wh-stranger" },
    );

    expect(response.status).toBe(200);
    expect(await prisma.ledgerEntry.count()).toBe(before);
    expect(
      await prisma.shop.count({ where: { domain: "stranger.myshopify.com" } }),
    ).toBe(0);
    expect(String(warn.mock.calls[0][0])).toMatch(
      /shop=stranger\.myshopify\.com webhookId=wh-stranger.*reason=unknown_shop/,
    );
  });

  it("records a guest order without awarding points", async () => {
    const response = await deliver(
      ordersPaid,
      "orders/paid",
      order("5820000000005", { customer: null }),
    );
    expect(response.status).toBe(200);
    expect(await ledgerFor("5820000000005")).toEqual([]);
    expect(
      await prisma.orderRecord.findFirst({
        where: { orderId: "5820000000005" },
      }),
    ).toMatchObject({ status: "skipped_guest" });
  });
});

describe("refunds/create and orders/cancelled", () => {
  it("reverses a partial refund in proportion, then the rest on cancellation", async () => {
    expect(
      (
        await deliver(
          refundsCreate,
          "refunds/create",
          webhookFixture("refunds-create"),
        )
      ).status,
    ).toBe(200);
    // One of two shirts: 44.91 of 111.87 eligible → floor(111 × 44.91 / 111.87) = 44 points back.
    expect((await member())?.balance).toBe(ORDER_POINTS - 44);

    expect(
      (
        await deliver(
          ordersCancelled,
          "orders/cancelled",
          webhookFixture("orders-cancelled"),
        )
      ).status,
    ).toBe(200);
    expect((await member())?.balance).toBe(0);
    const entries = await memberEntries();
    expect(entries.map((e) => e.points).sort((a, b) => a - b)).toEqual([
      -(ORDER_POINTS - 44),
      -44,
      ORDER_POINTS,
    ]);

    // A replayed refund under a new event id reverses nothing more.
    expect(
      (
        await deliver(
          refundsCreate,
          "refunds/create",
          webhookFixture("refunds-create"),
        )
      ).status,
    ).toBe(200);
    expect(await memberEntries()).toHaveLength(entries.length);
  });

  it("ends in the same balance when the refund arrives before orders/paid", async () => {
    const customerId = "7390012345690";
    const orderId = "5820000000006";
    const customer = {
      ...webhookFixture<Json>("orders-paid").customer,
      id: Number(customerId),
      admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
    };
    const refund = {
      ...webhookFixture<Json>("refunds-create"),
      id: 9120000000006,
      admin_graphql_api_id: "gid://shopify/Refund/9120000000006",
      order_id: Number(orderId),
    };

    expect(
      (await deliver(refundsCreate, "refunds/create", refund)).status,
    ).toBe(200);
    expect(
      (await deliver(ordersPaid, "orders/paid", order(orderId, { customer })))
        .status,
    ).toBe(200);

    expect((await member(customerId))?.balance).toBe(ORDER_POINTS - 44);
  });
});

describe("orders/fulfilled", () => {
  it("records the fulfilment without changing points", async () => {
    const before = (await member())?.balance;
    expect(
      (
        await deliver(
          ordersFulfilled,
          "orders/fulfilled",
          webhookFixture("orders-fulfilled"),
        )
      ).status,
    ).toBe(200);
    expect((await member())?.balance).toBe(before);
    expect(
      await prisma.orderRecord.findFirst({
        where: { shopDomain: SHOP, orderId: ORDER_ID },
      }),
    ).toMatchObject({
      fulfilledAt: new Date("2026-11-21T08:30:00Z"),
    });
  });
});

describe("customers", () => {
  it("enrols a new customer and keeps their details up to date", async () => {
    // Email not verified yet: a verified one would claim the guest order placed with it earlier in this file.
    const created = {
      ...webhookFixture<Json>("customers-create"),
      id: 7390012345700,
      admin_graphql_api_id: "gid://shopify/Customer/7390012345700",
      verified_email: false,
    };
    expect(
      (await deliver(customersCreate, "customers/create", created)).status,
    ).toBe(200);
    expect(await member("7390012345700")).toMatchObject({
      email: "camille.martin@example.com",
      firstName: "Camille",
      lastName: "Martin",
      balance: 0,
    });

    const updated = {
      ...webhookFixture<Json>("customers-update"),
      id: 7390012345700,
      admin_graphql_api_id: "gid://shopify/Customer/7390012345700",
    };
    expect(
      (await deliver(customersUpdate, "customers/update", updated)).status,
    ).toBe(200);
    expect(await member("7390012345700")).toMatchObject({
      lastName: "Martin-Dubois",
    });
  });

  it("answers 200 to a customer without an id, and enrols nobody", async () => {
    const warn = warnings();
    const before = await prisma.member.count();
    const payload = webhookFixture<Json>("customers-create");
    delete payload.id;
    delete payload.admin_graphql_api_id;
    expect(
      (
        await deliver(customersCreate, "customers/create", payload, {
          webhookId: "wh-no-id",
        })
      ).status,
    ).toBe(200);
    expect(await prisma.member.count()).toBe(before);
    expect(String(warn.mock.calls[0][0])).toContain("webhookId=wh-no-id");
  });
});

describe("compliance", () => {
  it("assembles a customer's data for the merchant", async () => {
    expect(
      (
        await deliver(
          customersDataRequest,
          "customers/data_request",
          webhookFixture("customers-data_request"),
        )
      ).status,
    ).toBe(200);
    const request = await prisma.complianceRequest.findFirst({
      where: { shopDomain: SHOP, topic: "customers/data_request" },
    });
    expect(request?.customerId).toBe(CUSTOMER_ID);
    expect(request?.report).toContain(ORDER_ID);
  });

  it("erases a customer's personal data and keeps the anonymous ledger amounts", async () => {
    const entriesBefore = await prisma.ledgerEntry.count({
      where: { shopDomain: SHOP },
    });
    expect(
      (
        await deliver(
          customersRedact,
          "customers/redact",
          webhookFixture("customers-redact"),
        )
      ).status,
    ).toBe(200);

    const redacted = await member();
    expect(redacted?.redactedAt).not.toBeNull();
    expect(redacted).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
    });
    expect(
      await prisma.ledgerEntry.count({ where: { shopDomain: SHOP } }),
    ).toBe(entriesBefore);
  });

  it("app/uninstalled removes the sessions and keeps the data; later order webhooks are refused with 200", async () => {
    expect(
      (
        await deliver(
          appUninstalled,
          "app/uninstalled",
          webhookFixture("app-uninstalled"),
        )
      ).status,
    ).toBe(200);
    expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(
      (await prisma.shop.findUnique({ where: { domain: SHOP } }))
        ?.uninstalledAt,
    ).not.toBeNull();
    expect(
      await prisma.member.count({ where: { shopDomain: SHOP } }),
    ).toBeGreaterThan(0);

    const warn = warnings();
    const before = await prisma.ledgerEntry.count();
    expect(
      (await deliver(ordersPaid, "orders/paid", order("5820000000007"))).status,
    ).toBe(200);
    expect(await prisma.ledgerEntry.count()).toBe(before);
    expect(String(warn.mock.calls[0][0])).toContain("reason=uninstalled_shop");

    // A repeated uninstall (new event id) is fine.
    expect(
      (
        await deliver(
          appUninstalled,
          "app/uninstalled",
          webhookFixture("app-uninstalled"),
        )
      ).status,
    ).toBe(200);
  });

  it("shop/redact deletes everything the app holds for the shop", async () => {
    expect(
      (await deliver(shopRedact, "shop/redact", webhookFixture("shop-redact")))
        .status,
    ).toBe(200);
    expect(await prisma.shop.count({ where: { domain: SHOP } })).toBe(0);
    expect(await prisma.member.count({ where: { shopDomain: SHOP } })).toBe(0);
    expect(
      await prisma.ledgerEntry.count({ where: { shopDomain: SHOP } }),
    ).toBe(0);
    expect(
      await prisma.webhookDelivery.count({ where: { shopDomain: SHOP } }),
    ).toBe(0);

    // Shopify may send it again: nothing left to delete, still 200.
    expect(
      (await deliver(shopRedact, "shop/redact", webhookFixture("shop-redact")))
        .status,
    ).toBe(200);
  });
});
