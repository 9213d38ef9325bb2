import { type ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { getEnv } from "~/env.server";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { installShop } from "~/services/install.server";
import {
  reconcileShop,
  requestRetroactiveAward,
  runPendingRetroactiveRuns,
} from "~/services/reconciliation.server";
import { applyTierSettings } from "~/services/tiers.server";
import { drainOutboxUntilIdle } from "~/services/worker.server";
import {
  createShopifyFetch,
  type FetchLike,
} from "~/shopify/shopify-fetch.server";
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
 * Never miss, never double, against the real emulator in-process: orders are placed with the
 * store actions, their webhooks held; the test delivers most of them through the real webhook
 * routes, drops some, delivers some after reconciliation; one reconciliation pass through the
 * Admin API (over HTTP, paginated, throttle-aware) must leave every order credited exactly once.
 */

type Action = (args: ActionFunctionArgs) => Promise<Response>;
const ROUTES: Record<string, Action> = {
  "orders/paid": ordersPaid,
  "refunds/create": refundsCreate,
  "customers/create": customersCreate,
};

let emulator: RunningEmulator;
let fetch: FetchLike;
let shopCounter = 0;
let SHOP = "";

async function deliver(delivery: WebhookDelivery) {
  const action = ROUTES[delivery.topic];
  if (!action) return;
  const request = signedWebhookRequest({
    topic: delivery.topic,
    shop: delivery.shop,
    body: delivery.body,
    eventId: delivery.eventId,
    webhookId: delivery.webhookId,
  });
  const response = await action({ request, params: {}, context: {} });
  expect(response.status).toBe(200);
}

function heldFor(filter: (d: WebhookDelivery) => boolean) {
  return listDeliveries(emulator.ctx).filter(
    (d) => d.shop === SHOP && d.status === "held" && filter(d),
  );
}

const HOLD = { hold: true, wait: false } as const;

beforeAll(async () => {
  emulator = await startEmulator({
    config: {
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      // Deliveries are held and handed to the routes by the test; nothing is sent here.
      appUrl: "http://127.0.0.1:9",
      apiVersion: "2026-07",
      appTomlPath: "shopify.app.toml",
      throttle: { maximumAvailable: 2000, restoreRate: 100 },
    },
  });
  fetch = createShopifyFetch(emulator.url);
  // The worker's handlers reach Shopify through the env's emulator URL (read once, cached).
  (getEnv() as { SHOPIFY_EMULATOR_URL?: string }).SHOPIFY_EMULATOR_URL =
    emulator.url;
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  shopCounter += 1;
  SHOP = `reconcile-${shopCounter}.myshopify.com`;
  const shop = storeShop(emulator.ctx, SHOP, { currency: "EUR" } as never);
  shop.shop.installed = true;
  const { accessToken } = issueAccessToken(shop, {
    accessMode: "offline",
    now: emulator.ctx.state.now(),
    lifetimeSeconds: null,
  });
  await storeOfflineSession(SHOP, accessToken);
  // Installed a minute ago, so orders placed now are after the first cursor.
  await installShop(SHOP);
  await prisma.shop.update({
    where: { domain: SHOP },
    data: { installedAt: new Date(Date.now() - 60_000) },
  });
});

async function customers(n: number) {
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const { customer } = await createCustomer(
      emulator.ctx,
      { shop: SHOP, email: `shopper${i}@example.com`, verifiedEmail: true },
      HOLD,
    );
    ids.push(customer.id);
  }
  for (const d of heldFor((d) => d.topic === "customers/create"))
    await deliver(d);
  return ids;
}

async function awardsByOrder() {
  const entries = await prisma.ledgerEntry.findMany({
    where: { shopDomain: SHOP, kind: "order_award" },
  });
  const counts = new Map<string, number>();
  for (const entry of entries)
    counts.set(entry.sourceId, (counts.get(entry.sourceId) ?? 0) + 1);
  return { entries, counts };
}

describe("reconciliation with the Admin API", () => {
  it(
    "with 5% of webhooks dropped and 1% late, one pass credits every order exactly once",
    { timeout: 120_000 },
    async () => {
      const shoppers = await customers(5);
      const orders: {
        id: number;
        points: number;
        customerId: number;
        refundedPoints: number;
      }[] = [];
      for (let i = 0; i < 100; i += 1) {
        const quantity = 1 + (i % 3);
        const customerId = shoppers[i % shoppers.length];
        const { order } = await placeOrder(
          emulator.ctx,
          {
            shop: SHOP,
            customerId,
            lines: [{ title: "Candle", price: "10.00", quantity }],
          },
          HOLD,
        );
        let refundedPoints = 0;
        if (i % 10 === 3 && quantity > 1) {
          await refundOrder(
            emulator.ctx,
            {
              shop: SHOP,
              orderId: order.id,
              lines: [{ lineItemId: order.lineItems[0].id, quantity: 1 }],
            },
            HOLD,
          );
          refundedPoints = 10;
        }
        orders.push({
          id: order.id,
          points: 10 * quantity,
          customerId,
          refundedPoints,
        });
      }
      // Orders 0, 20, 40, 60, 80 lose every webhook (5%); order 7 gets its webhooks only after the pass (1%).
      const dropped = new Set(
        orders.filter((_, i) => i % 20 === 0).map((o) => o.id),
      );
      const late = new Set([orders[7].id]);
      const held = heldFor(() => true);
      for (const d of held) {
        const orderId = d.resource.orderId;
        if (dropped.has(orderId) || late.has(orderId)) continue;
        await deliver(d);
      }
      const before = await awardsByOrder();
      expect(before.entries).toHaveLength(94);

      const pass = await reconcileShop(SHOP, { request: { fetch } });
      expect(pass.outcome).toBe("done");
      expect(pass.ordersSeen).toBe(100);
      expect(pass.ordersChanged).toBe(6);

      for (const d of held.filter((d) => late.has(d.resource.orderId)))
        await deliver(d);
      // A second pass finds nothing left to do.
      expect(
        (await reconcileShop(SHOP, { request: { fetch } })).ordersChanged,
      ).toBe(0);

      const after = await awardsByOrder();
      expect(after.entries).toHaveLength(100);
      expect([...after.counts.values()].every((n) => n === 1)).toBe(true);
      const reversals = await prisma.ledgerEntry.findMany({
        where: { shopDomain: SHOP, kind: "refund_reversal" },
      });
      expect(reversals.reduce((sum, r) => sum - r.points, 0)).toBe(
        orders.reduce((sum, o) => sum + o.refundedPoints, 0),
      );
      for (const customerId of shoppers) {
        const member = await prisma.member.findUniqueOrThrow({
          where: {
            shopCustomer: { shopDomain: SHOP, customerId: String(customerId) },
          },
        });
        const expected = orders
          .filter((o) => o.customerId === customerId)
          .reduce((sum, o) => sum + o.points - o.refundedPoints, 0);
        expect(member.balance).toBe(expected);
      }
      const cursor = await prisma.reconciliationCursor.findUniqueOrThrow({
        where: { shopDomain: SHOP },
      });
      expect(cursor.updatedSince).not.toBeNull();
      await expectLedgerConsistent(prisma);
    },
  );

  it("retries THROTTLED answers with backoff and still settles the page", async () => {
    const [shopper] = await customers(1);
    await placeOrder(
      emulator.ctx,
      {
        shop: SHOP,
        customerId: shopper,
        lines: [{ title: "Lamp", price: "42.00", quantity: 1 }],
      },
      HOLD,
    );
    let throttled = 0;
    const throttling: FetchLike = async (input, init) => {
      if (throttled < 2) {
        throttled += 1;
        const body = {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
          extensions: {
            cost: {
              requestedQueryCost: 850,
              actualQueryCost: null,
              throttleStatus: {
                maximumAvailable: 2000,
                currentlyAvailable: 840,
                restoreRate: 100,
              },
            },
          },
        };
        return new Response(JSON.stringify(body), {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      }
      return fetch(input, init);
    };
    const waits: number[] = [];
    const pass = await reconcileShop(SHOP, {
      request: { fetch: throttling, sleep: async (ms) => void waits.push(ms) },
    });
    expect(waits).toEqual([100, 100]);
    expect(pass).toMatchObject({
      outcome: "done",
      ordersSeen: 1,
      pointsAwarded: 42,
    });
    await expectLedgerConsistent(prisma);
  });

  it("waits out the emulator's own THROTTLED answers (cost bucket) and settles every page", async () => {
    const [shopper] = await customers(1);
    for (let i = 0; i < 4; i += 1) {
      await placeOrder(
        emulator.ctx,
        {
          shop: SHOP,
          customerId: shopper,
          lines: [{ title: "Soap", price: "5.00", quantity: 1 }],
        },
        HOLD,
      );
    }
    // A bucket just big enough for one page (≈850 requested): the next page is refused until it refills.
    const saved = emulator.ctx.config.throttle;
    emulator.ctx.config.throttle = { maximumAvailable: 860, restoreRate: 50 };
    try {
      const waits: number[] = [];
      const pass = await reconcileShop(SHOP, {
        request: {
          fetch,
          sleep: async (ms) => {
            waits.push(ms);
            await new Promise((resolve) => setTimeout(resolve, ms));
          },
        },
      });
      expect(pass).toMatchObject({
        outcome: "done",
        ordersSeen: 4,
        pointsAwarded: 20,
      });
      expect(waits.length).toBeGreaterThan(0);
      const throttled = emulator.ctx.adminCalls.filter(
        (c) => c.shop === SHOP && JSON.stringify(c).includes("THROTTLED"),
      );
      expect(throttled.length).toBe(waits.length);
    } finally {
      emulator.ctx.config.throttle = saved;
    }
    await expectLedgerConsistent(prisma);
  });

  it("awards past orders retroactively once, and claims a guest order when the verified customer appears", async () => {
    const [shopper] = await customers(1);
    await placeOrder(
      emulator.ctx,
      {
        shop: SHOP,
        customerId: shopper,
        lines: [{ title: "Vase", price: "30.00", quantity: 1 }],
      },
      HOLD,
    );
    await placeOrder(
      emulator.ctx,
      {
        shop: SHOP,
        email: "guest@example.com",
        lines: [{ title: "Mug", price: "12.00", quantity: 1 }],
      },
      HOLD,
    );
    // Nothing delivered: as if these orders were placed before the app was installed.
    await requestRetroactiveAward(SHOP, 30);
    const [run] = await runPendingRetroactiveRuns(SHOP, { request: { fetch } });
    expect(run).toMatchObject({
      status: "done",
      ordersSeen: 2,
      ordersAwarded: 1,
      pointsAwarded: 30,
    });
    await requestRetroactiveAward(SHOP, 30);
    const [again] = await runPendingRetroactiveRuns(SHOP, {
      request: { fetch },
    });
    expect(again).toMatchObject({
      status: "done",
      ordersAwarded: 0,
      pointsAwarded: 0,
    });

    await createCustomer(
      emulator.ctx,
      { shop: SHOP, email: "guest@example.com", verifiedEmail: true },
      HOLD,
    );
    for (const d of heldFor((d) => d.topic === "customers/create"))
      await deliver(d);
    const guest = await prisma.member.findFirstOrThrow({
      where: { shopDomain: SHOP, email: "guest@example.com" },
    });
    expect(guest.balance).toBe(12);
    await expectLedgerConsistent(prisma);
  });

  it("mirrors the tier to the customer metafield and tag at the emulator, and moves the tag on a change", async () => {
    const [shopper] = await customers(1);
    await applyTierSettings(
      SHOP,
      {
        basis: "points_earned",
        window: "lifetime",
        tiers: [
          { nameEn: "Silver", threshold: 10 },
          { nameEn: "Gold", threshold: 50 },
        ],
      },
      new Date(),
    );
    await placeOrder(
      emulator.ctx,
      {
        shop: SHOP,
        customerId: shopper,
        lines: [{ title: "Candle", price: "20.00", quantity: 1 }],
      },
      HOLD,
    );
    await reconcileShop(SHOP, { request: { fetch } });
    await drainOutboxUntilIdle();
    const customer = () =>
      emulator.ctx.state.shops.get(SHOP)!.customers.get(shopper)!;
    expect(customer().tags).toContain("loyalty-tier-silver");

    await placeOrder(
      emulator.ctx,
      {
        shop: SHOP,
        customerId: shopper,
        lines: [{ title: "Lamp", price: "40.00", quantity: 1 }],
      },
      HOLD,
    );
    await reconcileShop(SHOP, { request: { fetch } });
    await drainOutboxUntilIdle();
    expect(customer().tags).toContain("loyalty-tier-gold");
    expect(customer().tags).not.toContain("loyalty-tier-silver");
    const metafields = [
      ...emulator.ctx.state.shops.get(SHOP)!.metafields.values(),
    ].filter((m) => m.key === "tier");
    expect(metafields.map((m) => m.value)).toEqual(["Gold"]);
    // The shop profile job started the periodic jobs, each waiting once.
    const periodic = await prisma.outboxJob.findMany({
      where: { shopDomain: SHOP, status: "pending" },
    });
    expect(
      periodic
        .map((j) => j.kind)
        .filter((k) =>
          ["reconcile_orders", "sweep_expiry", "review_tiers"].includes(k),
        )
        .sort(),
    ).toEqual(["reconcile_orders", "review_tiers", "sweep_expiry"]);
  });

  it("a periodic job runs and queues its next run", async () => {
    const { startPeriodicJobs } =
      await import("~/services/periodic-jobs.server");
    const { createOutboxWorker } = await import("~/services/worker.server");
    const now = new Date();
    await prisma.outboxJob.deleteMany({ where: { shopDomain: SHOP } });
    await startPeriodicJobs(SHOP, new Date(now.getTime() - 60_000));
    await prisma.outboxJob.deleteMany({
      where: { shopDomain: SHOP, kind: { not: "review_tiers" } },
    });
    expect(
      await createOutboxWorker({ now: () => now }).drainOnce(),
    ).toMatchObject({ claimed: 1, done: 1 });
    const run = await prisma.periodicRun.findUniqueOrThrow({
      where: { shopDomain_job: { shopDomain: SHOP, job: "review_tiers" } },
    });
    expect(run.nextRunAt.getTime() - run.lastRunAt.getTime()).toBe(3_600_000);
    const next = await prisma.outboxJob.findMany({
      where: { shopDomain: SHOP, kind: "review_tiers", status: "pending" },
    });
    expect(next.map((job) => job.runAfter)).toEqual([
      new Date(now.getTime() + 3_600_000),
    ]);
  });
});
