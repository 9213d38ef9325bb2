import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { createCustomer } from "../../emulator/store/customers";
import { listDeliveries } from "../../emulator/store/deliver";
import { placeOrder } from "../../emulator/store/orders";
import { refundOrder } from "../../emulator/store/refunds";
import { storeShop } from "../../emulator/store/shop";
import type { Stack } from "../../scripts/stack";
import { slowTestTimeout } from "../database";
import { expectLedgerConsistent } from "../ledger-invariants";
import { eventually, startTestStack } from "./harness";

const SHOP = "storm.myshopify.com";
const ORDERS = 1000;
const COPIES = 5;
const CUSTOMERS = 40;
const BATCH = 25;
// Limits against a hang, not thresholds: longer on PostgreSQL, like the other long concurrency tests.
const DELIVERY_MS = slowTestTimeout(120_000);
const DRAIN_MS = slowTestTimeout(240_000);
vi.setConfig({ testTimeout: slowTestTimeout(420_000) });

// 1,000 paid orders, each delivered 5 times (half as retries of one event, half as five distinct
// events with their own webhook and event ids, as when two subscriptions overlap or Shopify
// re-emits), batches sent concurrently, one order in ten held back and released shuffled after
// later orders, and one in fifty refunded BEFORE its orders/paid arrives. Exactly 1,000 awards.
describe("a storm of duplicate and out-of-order webhooks", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startTestStack();
    storeShop(stack.emulator.ctx, SHOP, { currencyCode: "EUR" });
    await stack.installShop(SHOP);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("awards every order exactly once and settles refunds whatever the arrival order", async () => {
    const ctx = stack.emulator.ctx;
    const customerIds: number[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const { customer } = await createCustomer(ctx, {
        shop: SHOP,
        email: `storm-${i}@example.com`,
        firstName: `Client ${i}`,
      });
      customerIds.push(customer.id);
    }
    const variants = [...ctx.state.shops.get(SHOP)!.products.values()]
      .filter((p) => !p.giftCard)
      .flatMap((p) => p.variants);

    const refundedEarly: number[] = [];
    for (let start = 0; start < ORDERS; start += BATCH) {
      await Promise.all(
        Array.from(
          { length: Math.min(BATCH, ORDERS - start) },
          async (_, offset) => {
            const i = start + offset;
            const held = i % 10 === 0;
            const placed = await placeOrder(
              ctx,
              {
                shop: SHOP,
                customerId: customerIds[i % CUSTOMERS],
                lines: [
                  {
                    variantId: variants[i % variants.length].id,
                    quantity: 1 + (i % 3),
                  },
                ],
              },
              {
                duplicates: COPIES - 1,
                sameEventId: i % 2 === 0,
                concurrent: true,
                hold: held,
                reorder: "random",
                seed: i,
              },
            );
            if (held && i % 50 === 0) {
              // Refunded while its orders/paid is still held: the refund arrives first.
              const line = placed.order.lineItems[0];
              await refundOrder(ctx, {
                shop: SHOP,
                orderId: placed.order.id,
                lines: [{ lineItemId: line.id, quantity: 1 }],
              });
              refundedEarly.push(placed.order.id);
            }
          },
        ),
      );
    }

    const release = await fetch(
      `${stack.emulatorUrl}/_emulator/deliveries/release`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ order: "random", seed: 7 }),
      },
    );
    expect(release.ok).toBe(true);

    // Every delivery reached the app and was answered 200 (duplicates included: never a 5xx loop).
    const deadline = Date.now() + DELIVERY_MS;
    let deliveries = listDeliveries(ctx).filter(
      (d) => d.topic === "orders/paid",
    );
    while (
      deliveries.some(
        (d) => d.status !== "delivered" && d.status !== "failed",
      ) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      deliveries = listDeliveries(ctx).filter((d) => d.topic === "orders/paid");
    }
    expect(deliveries).toHaveLength(ORDERS * COPIES);
    expect(
      deliveries.filter(
        (d) => d.status !== "delivered" || d.attempts.at(-1)?.status !== 200,
      ),
    ).toEqual([]);

    // Acknowledged means stored: the inbox drains behind the door. Wait until nothing is left in it.
    await eventually(async () => {
      const byStatus = await prisma.webhookInbox.groupBy({
        by: ["status"],
        where: { shopDomain: SHOP },
        _count: true,
      });
      expect(byStatus.filter((row) => row.status !== "processed")).toEqual([]);
    }, DRAIN_MS);
    // One inbox row per distinct event: retries of one event were stored once.
    const events = new Set(deliveries.map((d) => d.eventId));
    expect(
      await prisma.webhookInbox.count({
        where: { shopDomain: SHOP, topic: "orders/paid" },
      }),
    ).toBe(events.size);

    const awards = await prisma.ledgerEntry.findMany({
      where: { shopDomain: SHOP, kind: "order_award" },
    });
    expect(awards).toHaveLength(ORDERS);
    expect(new Set(awards.map((a) => a.sourceId)).size).toBe(ORDERS);

    // Refunds that arrived before their order was paid were settled once the award existed:
    // one reversal each, pointing at the award, taking back part of it and never more.
    expect(refundedEarly).toHaveLength(ORDERS / 50);
    const awardByOrder = new Map(
      awards.map((award) => [award.sourceId, award]),
    );
    for (const orderId of refundedEarly) {
      const award = awardByOrder.get(String(orderId))!;
      const reversals = await prisma.ledgerEntry.findMany({
        where: { correctsEntryId: award.id },
      });
      expect(reversals.map((r) => r.kind)).toEqual(["refund_reversal"]);
      expect(-reversals[0].points).toBeGreaterThan(0);
      expect(-reversals[0].points).toBeLessThanOrEqual(award.points);
    }
    expect(
      await prisma.ledgerEntry.count({
        where: { shopDomain: SHOP, kind: "refund_reversal" },
      }),
    ).toBe(refundedEarly.length);

    await expectLedgerConsistent(prisma);
  });
});
