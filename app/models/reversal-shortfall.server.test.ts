import { afterEach, beforeEach, describe, expect, it } from "vitest";

import * as clock from "~/clock.server";
import prisma from "~/db.server";
import { postLedgerEntry } from "~/models/ledger.server";
import {
  listClampedReversals,
  listOrdersOwingPoints,
} from "~/models/reversal-shortfall.server";
import { inTransaction } from "~/models/transaction.server";
import { installShop } from "~/services/install.server";
import {
  awardPointsForOrder,
  reversePointsForRefund,
} from "~/services/orders.server";
import {
  buildOrderFacts,
  buildOrderLine,
  buildRefundFacts,
  buildRefundLine,
} from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "shortfall-test.myshopify.com";

// 60.00 for three mugs and a 40.00 lamp: 100 points.
const mugsAndLamp = () =>
  buildOrderFacts({
    lines: [
      buildOrderLine({ lineId: "mugs", quantity: 3, unitPrice: 20_000 }),
      buildOrderLine({ lineId: "lamp", quantity: 1, unitPrice: 40_000 }),
    ],
  });

async function spend(points: number, id: string) {
  const member = await prisma.member.findFirstOrThrow({
    where: { shopDomain: SHOP },
  });
  await inTransaction((tx) =>
    postLedgerEntry(tx, {
      shopDomain: SHOP,
      memberId: member.id,
      kind: "redemption",
      points: -points,
      recordedAt: clock.now(),
      sourceType: "redemption",
      sourceId: id,
    }),
  );
  return member.id;
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("reversals clamped to the balance", () => {
  it("records what a refund could not take back and what the order still owes, until a later refund collects it", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp());
    const memberId = await spend(80, "red-1");
    const mugsRefund = buildRefundFacts({
      refundId: "r1",
      lines: [buildRefundLine({ lineId: "mugs", quantity: 3 })],
    });
    await reversePointsForRefund(SHOP, mugsRefund);
    // The same refund delivered again writes no second trace.
    await reversePointsForRefund(SHOP, mugsRefund);

    const reversal = await prisma.ledgerEntry.findFirstOrThrow({
      where: { shopDomain: SHOP, kind: "refund_reversal" },
    });
    expect(reversal.points).toBe(-20);
    const clamped = await listClampedReversals(SHOP, { memberId });
    expect(clamped).toEqual([
      expect.objectContaining({
        ledgerEntryId: reversal.id,
        orderId: "1001",
        kind: "refund_reversal",
        wantedPoints: 60,
        takenPoints: 20,
        notTakenPoints: 40,
        owedAfter: 40,
      }),
    ]);
    expect(await listOrdersOwingPoints(SHOP, { memberId })).toMatchObject({
      orders: [{ orderId: "1001", pointsOwed: 40 }],
      total: 40,
    });

    // Another order brings 100 points; refunding the lamp takes its 40 and the 40 still owed.
    await awardPointsForOrder(
      SHOP,
      buildOrderFacts({
        orderId: "1002",
        lines: [buildOrderLine({ unitPrice: 100_000 })],
      }),
    );
    await reversePointsForRefund(
      SHOP,
      buildRefundFacts({
        refundId: "r2",
        createdAt: new Date(mugsRefund.createdAt.getTime() + 60_000),
        lines: [buildRefundLine({ lineId: "lamp", quantity: 1 })],
      }),
    );
    const member = await prisma.member.findUniqueOrThrow({
      where: { id: memberId },
    });
    expect(member.balance).toBe(20);
    expect(await listOrdersOwingPoints(SHOP, { memberId })).toEqual({
      orders: [],
      total: 0,
    });
    // The collecting reversal is no clamp: the list still shows only the first one.
    expect(
      (await listClampedReversals(SHOP)).map((row) => row.notTakenPoints),
    ).toEqual([40]);
  });

  it("keeps a trace of a refund that could take nothing", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp());
    await spend(100, "red-1");
    await reversePointsForRefund(
      SHOP,
      buildRefundFacts({
        refundId: "r1",
        lines: [buildRefundLine({ lineId: "lamp", quantity: 1 })],
      }),
    );
    expect(
      await prisma.ledgerEntry.count({ where: { kind: "refund_reversal" } }),
    ).toBe(0);
    expect(await listClampedReversals(SHOP)).toEqual([
      expect.objectContaining({
        ledgerEntryId: null,
        notTakenPoints: 40,
        owedAfter: 40,
      }),
    ]);
    expect((await listOrdersOwingPoints(SHOP)).total).toBe(40);
  });
});
