import { afterEach, beforeEach, describe, expect, it } from "vitest";

import * as clock from "~/clock.server";
import prisma from "~/db.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { inTransaction } from "~/models/transaction.server";
import { installShop } from "~/services/install.server";
import {
  awardPointsForOrder,
  recordOrderFulfilled,
  reversePointsForCancellation,
  reversePointsForRefund,
} from "~/services/orders.server";
import {
  buildOrderFacts,
  buildOrderLine,
  buildRefundFacts,
  buildRefundLine,
  FIXED_NOW,
} from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "orders-test.myshopify.com";
const later = (minutes: number) =>
  new Date(FIXED_NOW.getTime() + minutes * 60_000);

// 60.00 for three mugs (20.00 each) and a 40.00 lamp: 100 points.
const mugsAndLamp = () =>
  buildOrderFacts({
    lines: [
      buildOrderLine({ lineId: "mugs", quantity: 3, unitPrice: 20_000 }),
      buildOrderLine({ lineId: "lamp", quantity: 1, unitPrice: 40_000 }),
    ],
  });

async function balanceOf(
  customerId: string,
  shop = SHOP,
): Promise<number | null> {
  const member = await prisma.member.findUnique({
    where: { shopCustomer: { shopDomain: shop, customerId } },
  });
  return member?.balance ?? null;
}

async function entryKinds(shop = SHOP) {
  const entries = await prisma.ledgerEntry.findMany({
    where: { shopDomain: shop },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return entries.map((entry) => [entry.kind, entry.points]);
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

// Every scenario ends with the ledger invariants holding.
afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("awardPointsForOrder", () => {
  it("awards points for a paid order, creating the member on the fly, and stores the snapshot", async () => {
    const summary = await awardPointsForOrder(SHOP, mugsAndLamp());

    expect(summary).toEqual({
      outcome: "awarded",
      orderId: "1001",
      pointsAwarded: 100,
      pointsReversed: 0,
      pointsOwed: 0,
    });
    expect(await balanceOf("cust-1")).toBe(100);
    const member = await prisma.member.findFirstOrThrow({
      where: { shopDomain: SHOP },
    });
    expect(member.email).toBe("ada@example.com");
    const record = await prisma.orderRecord.findFirstOrThrow({
      where: { shopDomain: SHOP },
    });
    expect(record).toMatchObject({
      status: "awarded",
      memberId: member.id,
      // The member has the email; the order does not keep a second copy (only guest orders do).
      email: null,
      points: 100,
      eligibleAmount: "100000",
      earnPoints: 1,
      earnPerAmount: 1,
    });
    expect(JSON.parse(record.snapshot!)).toMatchObject({
      eligibleAmount: 100_000,
      lines: [
        { lineId: "mugs", quantity: 3, eligibleAmount: 60_000 },
        { lineId: "lamp", quantity: 1, eligibleAmount: 40_000 },
      ],
    });
    const entry = await prisma.ledgerEntry.findFirstOrThrow({
      where: { shopDomain: SHOP },
    });
    expect(entry).toMatchObject({
      kind: "order_award",
      points: 100,
      balanceAfter: 100,
      sourceType: "order",
      sourceId: "1001",
    });
    await expectLedgerConsistent(prisma);
  });

  it("earns once when the same order arrives twice (a second webhook id, or a reconciliation)", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp());
    const second = await awardPointsForOrder(SHOP, mugsAndLamp());

    expect(second).toMatchObject({
      outcome: "duplicate",
      pointsAwarded: 0,
      pointsReversed: 0,
    });
    expect(await balanceOf("cust-1")).toBe(100);
    expect(await prisma.ledgerEntry.count()).toBe(1);
    await expectLedgerConsistent(prisma);
  });

  it("earns once when deliveries of the same order race each other", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => awardPointsForOrder(SHOP, mugsAndLamp())),
    );

    expect(results.filter((r) => r.outcome === "awarded")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(7);
    expect(await balanceOf("cust-1")).toBe(100);
    expect(await prisma.ledgerEntry.count()).toBe(1);
    await expectLedgerConsistent(prisma);
  });

  it("skips a guest order, keeping its email and what it would have earned", async () => {
    const summary = await awardPointsForOrder(
      SHOP,
      buildOrderFacts({ customerId: null, email: "guest@example.com" }),
    );

    expect(summary).toMatchObject({
      outcome: "skipped_guest",
      pointsAwarded: 0,
    });
    expect(await prisma.orderRecord.findFirstOrThrow()).toMatchObject({
      status: "skipped_guest",
      email: "guest@example.com",
      points: 100,
    });
    expect(await prisma.member.count()).toBe(0);
    expect(await prisma.ledgerEntry.count()).toBe(0);
    await expectLedgerConsistent(prisma);
  });

  it("ignores test orders by default, and counts them when the program says so", async () => {
    expect(
      await awardPointsForOrder(
        SHOP,
        buildOrderFacts({ orderId: "1", test: true }),
      ),
    ).toMatchObject({ outcome: "skipped_test" });
    await prisma.program.update({
      where: { shopDomain: SHOP },
      data: { includeTestOrders: true },
    });
    expect(
      await awardPointsForOrder(
        SHOP,
        buildOrderFacts({ orderId: "2", test: true }),
      ),
    ).toMatchObject({ outcome: "awarded", pointsAwarded: 100 });
    expect(await balanceOf("cust-1")).toBe(100);
    await expectLedgerConsistent(prisma);
  });

  it("earns nothing while the program is paused", async () => {
    await prisma.program.update({
      where: { shopDomain: SHOP },
      data: { active: false },
    });
    expect(await awardPointsForOrder(SHOP, buildOrderFacts())).toMatchObject({
      outcome: "skipped_inactive",
      pointsAwarded: 0,
    });
    expect(await prisma.ledgerEntry.count()).toBe(0);
    await expectLedgerConsistent(prisma);
  });

  it("waits for payment when the order is not paid yet", async () => {
    expect(
      await awardPointsForOrder(SHOP, buildOrderFacts({ paidAt: null })),
    ).toMatchObject({ outcome: "awaiting_payment" });
    expect(await awardPointsForOrder(SHOP, buildOrderFacts())).toMatchObject({
      outcome: "awarded",
      pointsAwarded: 100,
    });
    await expectLedgerConsistent(prisma);
  });

  it("keeps the award decision: a duplicate after the program changed earns nothing more", async () => {
    await awardPointsForOrder(SHOP, buildOrderFacts());
    await prisma.program.update({
      where: { shopDomain: SHOP },
      data: { earnPoints: 10 },
    });
    expect(await awardPointsForOrder(SHOP, buildOrderFacts())).toMatchObject({
      outcome: "duplicate",
      pointsAwarded: 0,
    });
    expect(await balanceOf("cust-1")).toBe(100);
    await expectLedgerConsistent(prisma);
  });

  it("changes nothing for an unknown or uninstalled shop", async () => {
    expect(
      await awardPointsForOrder("nobody.myshopify.com", buildOrderFacts()),
    ).toMatchObject({ outcome: "unknown_shop" });
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { uninstalledAt: FIXED_NOW },
    });
    expect(await awardPointsForOrder(SHOP, buildOrderFacts())).toMatchObject({
      outcome: "unknown_shop",
    });
    expect(
      await reversePointsForRefund(SHOP, buildRefundFacts()),
    ).toMatchObject({ outcome: "unknown_shop" });
    expect(await prisma.orderRecord.count()).toBe(0);
    expect(await prisma.refundRecord.count()).toBe(0);
    expect(await prisma.ledgerEntry.count()).toBe(0);
  });

  it("queues one balance mirror for the member, coalescing later changes while it waits", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp());
    await reversePointsForRefund(
      SHOP,
      buildRefundFacts({ lines: [buildRefundLine({ lineId: "lamp" })] }),
    );
    const member = await prisma.member.findFirstOrThrow();

    const jobs = await prisma.outboxJob.findMany({
      where: { kind: "mirror_member" },
    });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      status: "pending",
      coalesceKey: `mirror_member:${member.id}`,
    });
    expect(JSON.parse(jobs[0].payload)).toEqual({ memberId: member.id });
  });
});

describe("reversePointsForRefund", () => {
  it("reverses two partial refunds in proportion, never more than was awarded", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp());

    const first = await reversePointsForRefund(
      SHOP,
      buildRefundFacts({
        refundId: "r1",
        lines: [buildRefundLine({ lineId: "mugs", quantity: 1 })],
      }),
    );
    const second = await reversePointsForRefund(
      SHOP,
      buildRefundFacts({
        refundId: "r2",
        lines: [
          buildRefundLine({ lineId: "mugs", quantity: 2 }),
          buildRefundLine({ lineId: "lamp" }),
        ],
        createdAt: later(120),
      }),
    );
    // Refunding the same mugs again (a bad payload) cannot take back more.
    const third = await reversePointsForRefund(
      SHOP,
      buildRefundFacts({
        refundId: "r3",
        lines: [buildRefundLine({ lineId: "mugs", quantity: 3 })],
        createdAt: later(180),
      }),
    );

    expect(first).toMatchObject({ outcome: "reversed", pointsReversed: 20 });
    expect(second).toMatchObject({ outcome: "reversed", pointsReversed: 80 });
    expect(third).toMatchObject({ outcome: "recorded", pointsReversed: 0 });
    expect(await balanceOf("cust-1")).toBe(0);
    expect(await entryKinds()).toEqual([
      ["order_award", 100],
      ["refund_reversal", -20],
      ["refund_reversal", -80],
    ]);
    await expectLedgerConsistent(prisma);
  });

  it("treats a repeated refund as a duplicate", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp());
    const refund = buildRefundFacts({
      lines: [buildRefundLine({ lineId: "lamp" })],
    });
    await reversePointsForRefund(SHOP, refund);
    expect(await reversePointsForRefund(SHOP, refund)).toMatchObject({
      outcome: "duplicate",
      pointsReversed: 0,
    });
    expect(await balanceOf("cust-1")).toBe(60);
    await expectLedgerConsistent(prisma);
  });

  it("ignores refunds of lines that never earned (gift cards) and counts amounts refunded outside lines", async () => {
    await awardPointsForOrder(
      SHOP,
      buildOrderFacts({
        lines: [
          buildOrderLine(),
          buildOrderLine({ lineId: "gift", unitPrice: 50_000, giftCard: true }),
        ],
      }),
    );
    expect(
      await reversePointsForRefund(
        SHOP,
        buildRefundFacts({
          refundId: "r1",
          lines: [buildRefundLine({ lineId: "gift", giftCard: true })],
        }),
      ),
    ).toMatchObject({
      outcome: "recorded",
      pointsReversed: 0,
    });
    expect(
      await reversePointsForRefund(
        SHOP,
        buildRefundFacts({ refundId: "r2", lines: [], otherAmount: 12_500 }),
      ),
    ).toMatchObject({
      pointsReversed: 12,
    });
    expect(await balanceOf("cust-1")).toBe(88);
    await expectLedgerConsistent(prisma);
  });

  it("reverses by the rate in force at award time, not today's", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp());
    await prisma.program.update({
      where: { shopDomain: SHOP },
      data: { earnPoints: 5 },
    });
    expect(
      await reversePointsForRefund(
        SHOP,
        buildRefundFacts({ lines: [buildRefundLine({ lineId: "lamp" })] }),
      ),
    ).toMatchObject({
      pointsReversed: 40,
    });
    await expectLedgerConsistent(prisma);
  });

  it("clamps a reversal to what is left after points were spent, and collects the rest later", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp());
    const member = await prisma.member.findFirstOrThrow();
    // The shopper spends 80 of their 100 points.
    await inTransaction((tx) =>
      postLedgerEntry(tx, {
        shopDomain: SHOP,
        memberId: member.id,
        kind: "redemption",
        points: -80,
        // The service above wrote by the app's clock (no `now` given): the same clock here.
        recordedAt: clock.now(),
        sourceType: "redemption",
        sourceId: "red-1",
      }),
    );

    const refund = await reversePointsForRefund(
      SHOP,
      buildRefundFacts({
        refundId: "r1",
        lines: [buildRefundLine({ lineId: "mugs", quantity: 3 })],
      }),
    );
    expect(refund).toMatchObject({
      outcome: "reversed",
      pointsReversed: 20,
      pointsOwed: 40,
    });
    expect(await balanceOf("cust-1")).toBe(0);

    // A later order brings 30 points; cancelling the first order collects what it still owes, as far as the balance goes.
    await awardPointsForOrder(
      SHOP,
      buildOrderFacts({
        orderId: "1002",
        lines: [buildOrderLine({ unitPrice: 30_000 })],
      }),
    );
    const cancel = await reversePointsForCancellation(SHOP, {
      ...mugsAndLamp(),
      cancelledAt: later(60),
    });
    expect(cancel).toMatchObject({
      outcome: "reversed",
      pointsReversed: 30,
      pointsOwed: 50,
    });
    expect(await balanceOf("cust-1")).toBe(0);
    await expectLedgerConsistent(prisma);
  });
});

describe("reversePointsForCancellation", () => {
  it("after a refund, takes back what remains of the award", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp());
    await reversePointsForRefund(
      SHOP,
      buildRefundFacts({ lines: [buildRefundLine({ lineId: "lamp" })] }),
    );
    const cancel = await reversePointsForCancellation(SHOP, {
      ...mugsAndLamp(),
      cancelledAt: later(90),
    });

    expect(cancel).toMatchObject({ outcome: "reversed", pointsReversed: 60 });
    expect(await balanceOf("cust-1")).toBe(0);
    // Shopify's cancel-with-refund also sends refunds/create: nothing is left to take.
    expect(
      await reversePointsForRefund(
        SHOP,
        buildRefundFacts({
          refundId: "r-cancel",
          lines: [buildRefundLine({ lineId: "mugs", quantity: 3 })],
          createdAt: later(91),
        }),
      ),
    ).toMatchObject({ outcome: "recorded", pointsReversed: 0 });
    expect(
      await reversePointsForCancellation(SHOP, {
        ...mugsAndLamp(),
        cancelledAt: later(90),
      }),
    ).toMatchObject({ outcome: "duplicate" });
    await expectLedgerConsistent(prisma);
  });

  it("before orders/paid, ends at the same balance as in order", async () => {
    const cancelled = {
      ...mugsAndLamp(),
      paidAt: null,
      cancelledAt: later(30),
    };
    expect(await reversePointsForCancellation(SHOP, cancelled)).toMatchObject({
      outcome: "recorded",
      pointsReversed: 0,
    });
    const paid = await awardPointsForOrder(SHOP, mugsAndLamp());

    expect(paid).toMatchObject({
      outcome: "awarded",
      pointsAwarded: 100,
      pointsReversed: 100,
    });
    expect(await balanceOf("cust-1")).toBe(0);
    expect(await entryKinds()).toEqual([
      ["order_award", 100],
      ["cancellation_reversal", -100],
    ]);
    await expectLedgerConsistent(prisma);
  });

  it("awards from the cancellation payload when it shows the order was paid, then reverses it", async () => {
    const cancel = await reversePointsForCancellation(SHOP, {
      ...mugsAndLamp(),
      cancelledAt: later(30),
    });
    expect(cancel).toMatchObject({ pointsAwarded: 100, pointsReversed: 100 });
    expect(await awardPointsForOrder(SHOP, mugsAndLamp())).toMatchObject({
      outcome: "duplicate",
      pointsAwarded: 0,
      pointsReversed: 0,
    });
    expect(await balanceOf("cust-1")).toBe(0);
    await expectLedgerConsistent(prisma);
  });
});

describe("out-of-order delivery", () => {
  it("a refund before orders/paid ends at the same balance as in order", async () => {
    const refund = (shop: string) =>
      reversePointsForRefund(
        shop,
        buildRefundFacts({
          lines: [buildRefundLine({ lineId: "mugs", quantity: 2 })],
        }),
      );
    await installShop("in-order.myshopify.com");
    await awardPointsForOrder("in-order.myshopify.com", mugsAndLamp());
    await refund("in-order.myshopify.com");

    expect(await refund(SHOP)).toMatchObject({
      outcome: "recorded",
      pointsReversed: 0,
    });
    expect(await awardPointsForOrder(SHOP, mugsAndLamp())).toMatchObject({
      outcome: "awarded",
      pointsAwarded: 100,
      pointsReversed: 40,
    });

    expect(await balanceOf("cust-1")).toBe(60);
    expect(await balanceOf("cust-1", "in-order.myshopify.com")).toBe(60);
    await expectLedgerConsistent(prisma);
  });

  it("every order of paid, two refunds, a fulfilment and a cancellation ends at the same balance", async () => {
    const events = ["paid", "r1", "r2", "fulfilled", "cancelled"] as const;
    const permutations = (items: readonly string[]): string[][] =>
      items.length <= 1
        ? [[...items]]
        : items.flatMap((item, i) =>
            permutations(items.filter((_, j) => j !== i)).map((rest) => [
              item,
              ...rest,
            ]),
          );
    const orders = permutations(events);
    expect(orders).toHaveLength(120);

    for (const [index, sequence] of orders.entries()) {
      const orderId = `order-${index}`;
      const customerId = `cust-${index}`;
      const order = { ...mugsAndLamp(), orderId, customerId };
      for (const event of sequence) {
        if (event === "paid") await awardPointsForOrder(SHOP, order);
        if (event === "r1")
          await reversePointsForRefund(
            SHOP,
            buildRefundFacts({
              refundId: `${orderId}-r1`,
              orderId,
              lines: [buildRefundLine({ lineId: "mugs", quantity: 1 })],
            }),
          );
        if (event === "r2")
          await reversePointsForRefund(
            SHOP,
            buildRefundFacts({
              refundId: `${orderId}-r2`,
              orderId,
              lines: [],
              otherAmount: 15_500,
              createdAt: later(200),
            }),
          );
        if (event === "fulfilled")
          await recordOrderFulfilled(SHOP, {
            ...order,
            fulfilledAt: later(10),
          });
        if (event === "cancelled")
          await reversePointsForCancellation(SHOP, {
            ...order,
            paidAt: null,
            cancelledAt: later(300),
          });
      }
      expect({ sequence, balance: await balanceOf(customerId) }).toEqual({
        sequence,
        balance: 0,
      });
    }
    // Each order: one award of 100, and reversals adding up to exactly 100.
    const byOrder = await prisma.ledgerEntry.groupBy({
      by: ["kind"],
      _sum: { points: true },
      _count: true,
    });
    expect(
      Object.fromEntries(byOrder.map((row) => [row.kind, row._count])),
    ).toMatchObject({ order_award: 120 });
    await expectLedgerConsistent(prisma);
  });

  it("partial refunds in every order, without a cancellation, reverse the same total", async () => {
    const orders = [
      ["r1", "r2", "r3"],
      ["r3", "r2", "r1"],
      ["r2", "r3", "r1"],
    ];
    for (const [index, sequence] of orders.entries()) {
      const orderId = `partial-${index}`;
      const customerId = `partial-cust-${index}`;
      const spec: Record<string, Parameters<typeof buildRefundFacts>[0]> = {
        r1: {
          lines: [buildRefundLine({ lineId: "mugs", quantity: 1 })],
          createdAt: later(1),
        },
        r2: {
          lines: [buildRefundLine({ lineId: "mugs", quantity: 1 })],
          createdAt: later(2),
        },
        r3: { lines: [], otherAmount: 7_777, createdAt: later(3) },
      };
      await awardPointsForOrder(SHOP, {
        ...mugsAndLamp(),
        orderId,
        customerId,
      });
      for (const refundId of sequence) {
        await reversePointsForRefund(
          SHOP,
          buildRefundFacts({
            ...spec[refundId],
            refundId: `${orderId}-${refundId}`,
            orderId,
          }),
        );
      }
      // 20 + 20 + 7.777 = 47.777 of 100 eligible → 47 points back, 53 left.
      expect(await balanceOf(customerId)).toBe(53);
    }
    await expectLedgerConsistent(prisma);
  });
});

describe("recordOrderFulfilled", () => {
  it("records the fulfilment only", async () => {
    expect(
      await recordOrderFulfilled(SHOP, {
        ...buildOrderFacts(),
        fulfilledAt: later(5),
      }),
    ).toMatchObject({
      outcome: "recorded",
      pointsAwarded: 0,
    });
    expect(await prisma.orderRecord.findFirstOrThrow()).toMatchObject({
      status: "awaiting_payment",
      fulfilledAt: later(5),
    });
    expect(await prisma.ledgerEntry.count()).toBe(0);
    expect(
      await recordOrderFulfilled(SHOP, {
        ...buildOrderFacts(),
        fulfilledAt: later(5),
      }),
    ).toMatchObject({ outcome: "duplicate" });
  });
});
