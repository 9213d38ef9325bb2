import { type ActionFunctionArgs } from "@remix-run/node";
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from "vitest";

import prisma from "~/db.server";
import { getEnv } from "~/env.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as customersUpdate } from "~/routes/webhooks.customers.update";
import { installShop } from "~/services/install.server";
import {
  dismissWebhookAttention,
  listWebhookAttention,
  retryWebhookAttention,
} from "~/services/webhook-attention.server";
import { drainOutboxUntilIdle } from "~/services/worker.server";
import { issueAccessToken } from "../emulator/admin/access-tokens";
import { startEmulator, type RunningEmulator } from "../emulator/server";
import { createCustomer } from "../emulator/store/customers";
import {
  listDeliveries,
  type WebhookDelivery,
} from "../emulator/store/deliver";
import { placeOrder } from "../emulator/store/orders";
import { refundOrder } from "../emulator/store/refunds";
import { storeShop } from "../emulator/store/shop";
import { storeOfflineSession } from "./fake-admin-api";
import { expectLedgerConsistent } from "./ledger-invariants";
import { signedWebhookRequest } from "./webhooks";

/**
 * A verified webhook the app cannot read is not dropped (issue 7, section 3): the order it names is
 * read again from the Admin API (the emulator, over HTTP, with Shopify's schema) and settled; what
 * still cannot be processed is listed for the merchant, who can retry it.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- bodies are broken on purpose
type Action = (args: ActionFunctionArgs) => Promise<Response>;

const HOLD = { hold: true, wait: false } as const;
let emulator: RunningEmulator;
let shopCounter = 0;
let SHOP = "";
let accessToken = "";
let counter = 0;

async function deliver(action: Action, topic: string, body: unknown) {
  counter += 1;
  const request = signedWebhookRequest({
    topic,
    shop: SHOP,
    body,
    eventId: `attention-${counter}`,
    webhookId: `attention-webhook-${counter}`,
  });
  return action({ request, params: {}, context: {} });
}

function held(topic: string): WebhookDelivery[] {
  return listDeliveries(emulator.ctx).filter(
    (d) => d.shop === SHOP && d.status === "held" && d.topic === topic,
  );
}

function heldBody(topic: string): Json {
  const { body } = held(topic)[0];
  return (typeof body === "string" ? JSON.parse(body) : body) as Json;
}

async function balanceOf(customerId: number) {
  const member = await prisma.member.findUnique({
    where: {
      shopCustomer: { shopDomain: SHOP, customerId: String(customerId) },
    },
  });
  return member?.balance ?? null;
}

beforeAll(async () => {
  emulator = await startEmulator({
    config: {
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      appUrl: "http://127.0.0.1:9",
      apiVersion: "2026-07",
      appTomlPath: "shopify.app.toml",
      throttle: { maximumAvailable: 2000, restoreRate: 100 },
    },
  });
  // The worker's handlers reach Shopify through the env's emulator URL (read once, cached).
  (getEnv() as { SHOPIFY_EMULATOR_URL?: string }).SHOPIFY_EMULATOR_URL =
    emulator.url;
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  vi.restoreAllMocks();
  shopCounter += 1;
  SHOP = `attention-${shopCounter}.myshopify.com`;
  const shop = storeShop(emulator.ctx, SHOP, { currency: "EUR" } as never);
  shop.shop.installed = true;
  ({ accessToken } = issueAccessToken(shop, {
    accessMode: "offline",
    now: emulator.ctx.state.now(),
    lifetimeSeconds: null,
  }));
  await storeOfflineSession(SHOP, accessToken);
  await installShop(SHOP);
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "info").mockImplementation(() => {});
});

async function orderWithWebhooksHeld(quantity: number) {
  const { customer } = await createCustomer(
    emulator.ctx,
    { shop: SHOP, email: `shopper${shopCounter}@example.com` },
    HOLD,
  );
  const { order } = await placeOrder(
    emulator.ctx,
    {
      shop: SHOP,
      customerId: customer.id,
      lines: [{ title: "Candle", price: "12.50", quantity }],
    },
    HOLD,
  );
  return { customerId: customer.id, order };
}

describe("a webhook the app cannot read", () => {
  it("is settled from the order as the Admin API gives it", async () => {
    const { customerId, order } = await orderWithWebhooksHeld(3);
    const body = heldBody("orders/paid");
    // A type changed: the quantity arrives as a string.
    body.line_items[0].quantity = "3";

    expect((await deliver(ordersPaid, "orders/paid", body)).status).toBe(200);
    expect(await balanceOf(customerId)).toBeNull();
    const listed = await listWebhookAttention(SHOP);
    expect(listed.items).toMatchObject([
      {
        topic: "orders/paid",
        orderId: String(order.id),
        retryable: true,
      },
    ]);
    expect(listed.items[0].problem).toMatch(/line_items\.0\.quantity/);

    await drainOutboxUntilIdle();

    // 3 × 12.50 = 37.50 → 37 points, read from Shopify, not from the body.
    expect(await balanceOf(customerId)).toBe(37);
    expect((await listWebhookAttention(SHOP)).total).toBe(0);
    // Validated by the emulator against Shopify's 2026-07 schema, and answered.
    const reads = emulator.ctx.adminCalls.filter(
      (call) => call.operationName === "OrderForSettlement",
    );
    expect(reads).toHaveLength(1);
    expect(reads[0].errors ?? []).toEqual([]);
    await expectLedgerConsistent(prisma);
  });

  it("a refund with a field missing re-reads its order, refunds included", async () => {
    const { customerId, order } = await orderWithWebhooksHeld(2);
    expect(
      (await deliver(ordersPaid, "orders/paid", held("orders/paid")[0].body))
        .status,
    ).toBe(200);
    expect(await balanceOf(customerId)).toBe(25);
    await refundOrder(
      emulator.ctx,
      {
        shop: SHOP,
        orderId: order.id,
        lines: [{ lineItemId: order.lineItems[0].id, quantity: 1 }],
      },
      HOLD,
    );
    const refund = heldBody("refunds/create");
    delete refund.refund_line_items[0].subtotal_set;

    expect(
      (await deliver(refundsCreate, "refunds/create", refund)).status,
    ).toBe(200);
    expect(await balanceOf(customerId)).toBe(25);
    await drainOutboxUntilIdle();
    // One of two candles back: floor(25 × 12.50 / 25.00) = 12 points reversed.
    expect(await balanceOf(customerId)).toBe(13);
    expect((await listWebhookAttention(SHOP)).total).toBe(0);
    await expectLedgerConsistent(prisma);
  });

  it("stays on the card while Shopify cannot be read, and the merchant's retry settles it", async () => {
    const { customerId } = await orderWithWebhooksHeld(2);
    const body = heldBody("orders/paid");
    delete body.line_items[0].price_set;
    expect((await deliver(ordersPaid, "orders/paid", body)).status).toBe(200);

    // Shopify is down for this read: 503 every time.
    emulator.ctx.faults = {
      ...emulator.ctx.faults,
      serverErrorRate: 1,
      operations: ["OrderForSettlement"],
    };
    await drainOutboxUntilIdle({ maxRounds: 3 });
    const stuck = await listWebhookAttention(SHOP);
    expect(stuck.total).toBe(1);
    expect(stuck.items[0].attempts).toBeGreaterThan(0);
    expect(stuck.items[0].lastError).toBeTruthy();
    expect(await balanceOf(customerId)).toBeNull();

    // Shopify is back; the merchant presses Retry.
    emulator.ctx.faults = { ...emulator.ctx.faults, serverErrorRate: 0 };
    expect(
      await retryWebhookAttention(SHOP, stuck.items[0].id, new Date()),
    ).toBe("queued");
    await drainOutboxUntilIdle();
    expect(await balanceOf(customerId)).toBe(25);
    expect((await listWebhookAttention(SHOP)).total).toBe(0);
    await expectLedgerConsistent(prisma);
  });

  it("a body naming no order is listed, and can be dismissed", async () => {
    const body = { id: "not-a-number", email: 42 };
    expect(
      (await deliver(customersUpdate, "customers/update", body)).status,
    ).toBe(200);
    const listed = await listWebhookAttention(SHOP);
    expect(listed.items).toMatchObject([
      { topic: "customers/update", orderId: null, retryable: false },
    ]);
    expect(
      await retryWebhookAttention(SHOP, listed.items[0].id, new Date()),
    ).toBe("not_found");
    expect(
      await dismissWebhookAttention(SHOP, listed.items[0].id, new Date()),
    ).toBe("dismissed");
    expect((await listWebhookAttention(SHOP)).total).toBe(0);
  });

  it("the same unreadable event delivered twice is listed once", async () => {
    await orderWithWebhooksHeld(1);
    const body = heldBody("orders/paid");
    body.line_items = "none";
    for (let i = 0; i < 2; i += 1) {
      const request = signedWebhookRequest({
        topic: "orders/paid",
        shop: SHOP,
        body,
        eventId: "same-event",
        webhookId: `same-event-${i}`,
      });
      expect(
        (await ordersPaid({ request, params: {}, context: {} })).status,
      ).toBe(200);
    }
    expect((await listWebhookAttention(SHOP)).total).toBe(1);
  });
});

describe("refund adjustments in the 2026-07 shape", () => {
  it("a goodwill amount named only by reason is reversed, a shipping refund is not", async () => {
    const { customerId, order } = await orderWithWebhooksHeld(4);
    await deliver(ordersPaid, "orders/paid", heldBody("orders/paid"));
    // 4 × 12.50 = 50.00 → 50 points.
    expect(await balanceOf(customerId)).toBe(50);
    // 10.00 given back without any line: a refund_discrepancy adjustment of −10.00.
    await refundOrder(
      emulator.ctx,
      { shop: SHOP, orderId: order.id, amount: "10.00" },
      HOLD,
    );
    const refund = heldBody("refunds/create");
    expect(refund.order_adjustments).toMatchObject([
      { reason: "refund_discrepancy", amount: "-10.00" },
    ]);
    expect(refund.order_adjustments[0]).not.toHaveProperty("kind");
    expect(
      (await deliver(refundsCreate, "refunds/create", refund)).status,
    ).toBe(200);
    // floor(50 × 10.00 / 50.00) = 10 points back.
    expect(await balanceOf(customerId)).toBe(40);
    await expectLedgerConsistent(prisma);
  });
});
