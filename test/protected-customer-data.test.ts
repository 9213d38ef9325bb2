import { type ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { loader as membersLoader } from "~/routes/app.members._index";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { installShop } from "~/services/install.server";
import { runOperation } from "~/shopify/admin-client.server";
import { OrdersUpdatedSince } from "~/shopify/graphql/OrdersUpdatedSince";
import { createShopifyFetch } from "~/shopify/shopify-fetch.server";
import { issueAccessToken } from "../emulator/admin/access-tokens";
import { redactProtectedFields } from "../emulator/admin/protected-data";
import { createAdminHarness } from "../emulator/admin/testing";
import { type RunningEmulator, startEmulator } from "../emulator/server";
import { storeShop } from "../emulator/store/shop";
import { adminRequest } from "./browser/admin-auth";
import { storeOfflineSession } from "./fake-admin-api";
import { expectLedgerConsistent } from "./ledger-invariants";
import { signedWebhookRequest, webhookFixture } from "./webhooks";

/**
 * A store whose app was not approved for protected customer fields (names, emails, phones,
 * addresses): Shopify answers them with null. The app keeps awarding points and its admin works.
 */

type Json = Record<string, unknown>;
type Action = (args: ActionFunctionArgs) => Promise<Response>;
const SHOP = "no-pii.myshopify.com";
const CUSTOMER_ID = "7390012345678";

describe("the emulator without protected customer fields", () => {
  it("answers them with null and Shopify's error, and the rest of the customer as usual", async () => {
    const admin = createAdminHarness({
      config: { protectedCustomerData: "level1" },
    });
    const customer = admin.addCustomer();
    const answer = await admin.graphql(
      `query C($id: ID!) { customer(id: $id) { id email firstName numberOfOrders } }`,
      { id: `gid://shopify/Customer/${customer.id}` },
    );
    expect(answer.body.data.customer).toEqual({
      id: `gid://shopify/Customer/${customer.id}`,
      email: null,
      firstName: null,
      numberOfOrders: "0",
    });
    expect(answer.body.errors).toHaveLength(2);
    expect(answer.body.errors[0]).toMatchObject({
      message: expect.stringMatching(
        /^This app is not approved to access the Customer object\. See https:\/\/partners\.shopify\.com\/.+\/customer_data for more details\.$/,
      ),
      path: ["customer", "email"],
    });
  });

  it("sends webhook bodies with names and contact details as null", () => {
    const body = redactProtectedFields(
      webhookFixture<Json>("orders-paid"),
    ) as Json;
    expect(body.email).toBeNull();
    expect(body.contact_email).toBeNull();
    expect(body.customer).toMatchObject({
      id: Number(CUSTOMER_ID),
      email: null,
      first_name: null,
      last_name: null,
    });
    expect(body.line_items).toEqual(
      webhookFixture<Json>("orders-paid").line_items,
    );
  });
});

describe("the app on such a store", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      config: {
        apiKey: "test-api-key",
        apiSecret: "test-api-secret",
        appUrl: "http://localhost:3999",
        apiVersion: "2026-07",
        appTomlPath: "shopify.app.toml",
        throttle: { maximumAvailable: 2000, restoreRate: 100 },
        protectedCustomerData: "level1",
      },
    });
    const emuShop = storeShop(emulator.ctx, SHOP);
    emuShop.shop.installed = true;
    const { accessToken } = issueAccessToken(emuShop, {
      accessMode: "offline",
      now: emulator.ctx.state.now(),
      lifetimeSeconds: null,
    });
    await installShop(SHOP);
    await storeOfflineSession(SHOP, accessToken);
  });

  afterAll(async () => {
    await emulator?.close();
  });

  let counter = 0;
  async function deliver(action: Action, topic: string, fixture: string) {
    counter += 1;
    const request = signedWebhookRequest({
      topic,
      shop: SHOP,
      body: redactProtectedFields(webhookFixture<Json>(fixture)),
      eventId: `no-pii-${counter}`,
      webhookId: `no-pii-webhook-${counter}`,
    });
    return action({ request, params: {}, context: {} });
  }

  it("enrols the customer and awards the order from redacted webhooks", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(
      (await deliver(customersCreate, "customers/create", "customers-create"))
        .status,
    ).toBe(200);
    expect(
      (await deliver(ordersPaid, "orders/paid", "orders-paid")).status,
    ).toBe(200);
    const member = await prisma.member.findUniqueOrThrow({
      where: { shopCustomer: { shopDomain: SHOP, customerId: CUSTOMER_ID } },
    });
    expect(member).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
    });
    expect(member.balance).toBeGreaterThan(0);
    await expectLedgerConsistent(prisma);

    const page = await membersLoader({
      request: await adminRequest("http://localhost:3999/app/members", SHOP),
      params: {},
      context: {},
    });
    // Shown as "Customer #…" (member-name.tsx) since Shopify sent neither name nor email.
    expect(page.members).toMatchObject([
      { name: null, email: null, customerId: CUSTOMER_ID },
    ]);
  });

  it("reads orders through the Admin API with the protected fields left empty", async () => {
    const admin = createShopifyFetch(emulator.url);
    const emuShop = emulator.ctx.state.shops.get(SHOP)!;
    const harness = createAdminHarness();
    const order = harness.addOrder({
      email: "someone@example.com",
      createdAt: emulator.ctx.state.now().toISOString(),
      updatedAt: emulator.ctx.state.now().toISOString(),
    });
    emuShop.orders.set(order.id, order);
    const data = await runOperation(
      SHOP,
      OrdersUpdatedSince,
      { first: 2, query: "updated_at:>'2000-01-01T00:00:00Z'" },
      { fetch: admin },
    );
    expect(data.orders.nodes).toMatchObject([{ email: null }]);
  });
});
