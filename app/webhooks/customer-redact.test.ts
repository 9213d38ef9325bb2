import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { storeOfflineSession } from "~/../test/fake-admin-api";
import { expectLedgerConsistent } from "~/../test/ledger-invariants";
import { signedWebhookRequest, webhookFixture } from "~/../test/webhooks";
import prisma from "~/db.server";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { installShop } from "~/services/install.server";
import { webhookHandlerFor } from "~/webhooks/handlers/index.server";
import {
  acceptWebhook,
  drainWebhookInbox,
  type HandleRequest,
} from "~/webhooks/inbox.server";
import { type AnyWebhookHandler } from "~/webhooks/receive-webhook.server";

/**
 * customers/redact reaches every copy of the customer's data (issue 7, section 4), the raw
 * webhook bodies in the inbox included, whatever their state; the inbox keeps a body only until
 * it is processed.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are edited freely
const SHOP = "redact-inbox.myshopify.com";

/** The door's fallback for what it cannot store: never called for these signed JSON bodies. */
const routeNotCalled: HandleRequest = () => {
  throw new Error("the door handed a verified webhook to a route");
};

/**
 * The app's handlers, as the drain dispatches to them; `override` makes some topics fail: "gone"
 * (no handler: failed for good, as a topic the app no longer handles) or "outage" (the handler
 * throws: retried later).
 */
function appHandlers(override: Record<string, "gone" | "outage"> = {}) {
  return (topic: string): AnyWebhookHandler | null => {
    if (override[topic] === "gone") return null;
    const handler = webhookHandlerFor(topic);
    if (override[topic] === "outage" && handler)
      return {
        ...handler,
        process: () => Promise.reject(new Error("database is down")),
      };
    return handler;
  };
}

let counter = 0;
function signed(topic: string, body: unknown) {
  counter += 1;
  return signedWebhookRequest({
    topic,
    shop: SHOP,
    body,
    eventId: `redact-${counter}`,
    webhookId: `redact-webhook-${counter}`,
  });
}

const CAMILLE = /camille|martin|\+447700900123/i;

beforeAll(async () => {
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await expectLedgerConsistent(prisma);
});

describe("customers/redact and the webhook inbox", () => {
  it("drops a body once processed", async () => {
    const request = signed("customers/create", {
      ...webhookFixture<Json>("customers-create"),
      verified_email: false,
    });
    expect((await acceptWebhook(request, routeNotCalled)).status).toBe(200);
    await drainWebhookInbox({ handlers: appHandlers() });

    const rows = await prisma.webhookInbox.findMany({
      where: { shopDomain: SHOP, topic: "customers/create" },
    });
    expect(rows.map((row) => [row.status, row.body])).toEqual([
      ["processed", ""],
    ]);
  });

  it("erases the customer from waiting and failed bodies, and leaves other customers' alone", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const failed = vi.spyOn(console, "error").mockImplementation(() => {});
    // Failed for good (no handler for its topic any more).
    await acceptWebhook(
      signed("customers/update", webhookFixture("customers-update")),
      routeNotCalled,
    );
    // Waiting for a retry (its handler failed: the database was down).
    await acceptWebhook(
      signed("orders/paid", webhookFixture("orders-paid")),
      routeNotCalled,
    );
    // Another customer's update, failed too.
    const other = {
      ...webhookFixture<Json>("customers-update"),
      id: 7390099999999,
      admin_graphql_api_id: "gid://shopify/Customer/7390099999999",
      email: "noa.levy@example.com",
      first_name: "Noa",
      last_name: "Levy",
      phone: null,
      default_address: null,
      addresses: [],
    };
    await acceptWebhook(signed("customers/update", other), routeNotCalled);
    await drainWebhookInbox({
      handlers: appHandlers({
        "customers/update": "gone",
        "orders/paid": "outage",
      }),
    });
    expect(failed).toHaveBeenCalled();

    const before = await prisma.webhookInbox.findMany({
      where: { shopDomain: SHOP, body: { not: "" } },
    });
    expect(before.map((row) => row.status).sort()).toEqual([
      "failed",
      "failed",
      "received",
    ]);
    expect(before.filter((row) => CAMILLE.test(row.body))).toHaveLength(2);

    const response = await customersRedact({
      request: signed("customers/redact", webhookFixture("customers-redact")),
      params: {},
      context: {},
    });
    expect(response.status).toBe(200);

    const after = await prisma.webhookInbox.findMany({
      where: { shopDomain: SHOP },
    });
    expect(after.filter((row) => CAMILLE.test(row.body))).toEqual([]);
    expect(after.filter((row) => CAMILLE.test(row.headers))).toEqual([]);
    // Noa's body is untouched.
    expect(after.filter((row) => row.body.includes("noa.levy"))).toHaveLength(
      1,
    );
    // The waiting one can no longer be processed from its body: failed, with the reason.
    const paid = after.find((row) => row.topic === "orders/paid");
    expect(paid).toMatchObject({ status: "failed", body: "" });
    expect(paid?.lastError).toMatch(/customers\/redact/);
  });

  it("redacts by email when the request carries no customer id", async () => {
    counter += 1;
    const customer = {
      ...webhookFixture<Json>("customers-create"),
      id: 7390012340001,
      admin_graphql_api_id: "gid://shopify/Customer/7390012340001",
      email: "Lea.Roux@example.com",
      first_name: "Léa",
      last_name: "Roux",
      verified_email: false,
    };
    expect(
      (
        await customersCreate({
          request: signed("customers/create", customer),
          params: {},
          context: {},
        })
      ).status,
    ).toBe(200);
    const response = await customersRedact({
      request: signed("customers/redact", {
        shop_id: 1,
        shop_domain: SHOP,
        customer: { email: "lea.roux@example.com" },
        orders_to_redact: [],
      }),
      params: {},
      context: {},
    });
    expect(response.status).toBe(200);
    expect(
      await prisma.member.findUnique({
        where: {
          shopCustomer: { shopDomain: SHOP, customerId: "7390012340001" },
        },
      }),
    ).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
      redactedAt: expect.any(Date),
    });
  });

  it("refuses a request naming the customer by neither id nor email, and redacts nobody", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const redacted = await prisma.member.count({
      where: { redactedAt: { not: null } },
    });
    const response = await customersRedact({
      request: signed("customers/redact", {
        shop_id: 1,
        shop_domain: SHOP,
        customer: { phone: "+33600000000" },
        orders_to_redact: [],
      }),
      params: {},
      context: {},
    });
    expect(response.status).toBe(200);
    expect(
      await prisma.member.count({ where: { redactedAt: { not: null } } }),
    ).toBe(redacted);
    expect(String(warn.mock.calls[0][0])).toMatch(/reason=invalid_payload/);
  });
});
