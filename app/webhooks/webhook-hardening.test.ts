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
import { acceptWebhook } from "~/webhooks/inbox.server";

/**
 * Bad input from a correctly signed sender (issue 7, section 4): never a 5xx (Shopify would retry
 * it for hours), never a ledger change, and a clear record of why it was refused.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are edited freely
type Action = (args: ActionFunctionArgs) => Promise<Response>;

const SHOP = "hardening-shop.myshopify.com";

const ROUTES: [string, Action, string][] = [
  ["orders/paid", ordersPaid, "orders-paid"],
  ["orders/cancelled", ordersCancelled, "orders-cancelled"],
  ["orders/fulfilled", ordersFulfilled, "orders-fulfilled"],
  ["refunds/create", refundsCreate, "refunds-create"],
  ["customers/create", customersCreate, "customers-create"],
  ["customers/update", customersUpdate, "customers-update"],
  ["customers/data_request", customersDataRequest, "customers-data_request"],
  ["customers/redact", customersRedact, "customers-redact"],
  ["shop/redact", shopRedact, "shop-redact"],
  ["app/uninstalled", appUninstalled, "app-uninstalled"],
];

let counter = 0;
function deliver(action: Action, topic: string, body: unknown, shop = SHOP) {
  counter += 1;
  const request = signedWebhookRequest({
    topic,
    shop,
    body,
    eventId: `hardening-${counter}`,
    webhookId: `hardening-webhook-${counter}`,
  });
  return action({ request, params: {}, context: {} });
}

function orderWithLine(orderId: string, line: Json): Json {
  const payload = webhookFixture<Json>("orders-paid");
  return {
    ...payload,
    id: Number(orderId),
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    line_items: [{ ...payload.line_items[0], ...line }],
  };
}

beforeAll(async () => {
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await expectLedgerConsistent(prisma);
});

describe("a signed webhook with a malformed shop header", () => {
  const MALFORMED = [
    "not a shop",
    "evil.example.com",
    "../../etc/passwd",
    "<script>alert(1)</script>.myshopify.com",
    `${"a".repeat(5000)}.myshopify.com`,
  ];

  it.each(ROUTES)(
    "%s answers without a 5xx and changes nothing",
    async (topic, action, fixture) => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const ledger = await prisma.ledgerEntry.count();
      const members = await prisma.member.count();
      for (const shop of MALFORMED) {
        const response = await deliver(
          action,
          topic,
          webhookFixture(fixture),
          shop,
        );
        expect(response.status, `shop header ${shop.slice(0, 40)}`).toBe(200);
      }
      expect(await prisma.ledgerEntry.count()).toBe(ledger);
      expect(await prisma.member.count()).toBe(members);
      expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(
        /reason=invalid_shop/,
      );
    },
  );
});

describe("a malformed shop header at the inbox door", () => {
  it("is handed to the route, answered 200 and stored nowhere", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    counter += 1;
    const request = signedWebhookRequest({
      topic: "orders/paid",
      shop: "not a shop",
      body: webhookFixture("orders-paid"),
      eventId: `hardening-${counter}`,
    });
    const response = await acceptWebhook(request, (copy) =>
      ordersPaid({ request: copy, params: {}, context: {} }),
    );
    expect(response.status).toBe(200);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });
});

describe("order quantities and amounts are bounded at the payload", () => {
  it.each([
    ["a quantity of a billion", { quantity: 1e9 }],
    ["a quantity of 1e300", { quantity: 1e300 }],
    [
      "a unit price of 1e300",
      {
        price_set: {
          shop_money: { amount: "1e300", currency_code: "EUR" },
          presentment_money: { amount: "1e300", currency_code: "EUR" },
        },
      },
    ],
    [
      "a unit price of a trillion",
      {
        price_set: {
          shop_money: { amount: "1000000000000.00", currency_code: "EUR" },
          presentment_money: {
            amount: "1000000000000.00",
            currency_code: "EUR",
          },
        },
      },
    ],
  ])(
    "%s is rejected with a record, no ledger change and no 5xx",
    async (_label, line) => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const orderId = String(5990000000000 + counter);
      const ledger = await prisma.ledgerEntry.count();
      const body = orderWithLine(orderId, line);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await deliver(ordersPaid, "orders/paid", body);
        expect(response.status).toBe(200);
      }
      expect(await prisma.ledgerEntry.count()).toBe(ledger);
      expect(await prisma.orderRecord.count({ where: { orderId } })).toBe(0);
      const records = await prisma.webhookDelivery.findMany({
        where: { shopDomain: SHOP, outcome: "rejected" },
        orderBy: { receivedAt: "desc" },
        take: 1,
      });
      expect(records[0]?.detail).toMatch(/invalid_payload: line_items\.0\./);
      expect(warn).toHaveBeenCalled();
    },
  );

  it("an order totalling more than the bound across lines is rejected too", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const orderId = "5990000001000";
    const payload = webhookFixture<Json>("orders-paid");
    const line = {
      ...payload.line_items[0],
      quantity: 10_000,
      price_set: {
        shop_money: { amount: "99999.00", currency_code: "EUR" },
        presentment_money: { amount: "99999.00", currency_code: "EUR" },
      },
    };
    const body = {
      ...payload,
      id: Number(orderId),
      admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
      line_items: Array.from({ length: 20 }, (_, index) => ({
        ...line,
        id: 1000 + index,
        admin_graphql_api_id: `gid://shopify/LineItem/${1000 + index}`,
      })),
    };
    const ledger = await prisma.ledgerEntry.count();
    expect((await deliver(ordersPaid, "orders/paid", body)).status).toBe(200);
    expect(await prisma.ledgerEntry.count()).toBe(ledger);
    expect(await prisma.orderRecord.count({ where: { orderId } })).toBe(0);
  });

  it("a refund quantity of 1e300 is rejected without a 5xx", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const refund = webhookFixture<Json>("refunds-create");
    refund.refund_line_items[0].quantity = 1e300;
    const before = await prisma.refundRecord.count();
    expect(
      (await deliver(refundsCreate, "refunds/create", refund)).status,
    ).toBe(200);
    expect(await prisma.refundRecord.count()).toBe(before);
  });

  it("a realistic large order still earns", async () => {
    const orderId = "5990000002000";
    const body = orderWithLine(orderId, { quantity: 500 });
    expect((await deliver(ordersPaid, "orders/paid", body)).status).toBe(200);
    expect(
      await prisma.orderRecord.findFirst({ where: { orderId } }),
    ).toMatchObject({ status: "awarded" });
  });
});
