import { beforeAll, describe, expect, it } from "vitest";

import * as clock from "~/clock.server";
import prisma from "~/db.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { createPendingAward } from "~/models/pending-awards.server";
import { inTransaction } from "~/models/transaction.server";
import { loader as memberLoader } from "~/routes/app.members.$memberId";
import { loader as membersLoader } from "~/routes/app.members._index";
import {
  awardPointsForOrder,
  reversePointsForRefund,
} from "~/services/orders.server";
import {
  adminRequest,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import { seedShop } from "~/../test/browser/seed-admin";
import {
  buildOrderFacts,
  buildOrderLine,
  buildRefundFacts,
  buildRefundLine,
} from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

// The member page and members list show pending points and reversals clamped to the balance.
const SHOP = "member-points.myshopify.com";
const APP = "http://localhost:3999";
let memberId = "";
let dueAt = new Date(0);

beforeAll(async () => {
  await seedShop(prisma, SHOP, { ianaTimezone: "Europe/Paris" });
  await storeOfflineSession(prisma, SHOP);
  await awardPointsForOrder(
    SHOP,
    buildOrderFacts({
      orderName: "#1001",
      lines: [buildOrderLine({ lineId: "lamp", unitPrice: 100_000 })],
    }),
  );
  const member = await prisma.member.findFirstOrThrow({
    where: { shopDomain: SHOP },
  });
  memberId = member.id;
  const now = clock.now();
  await inTransaction((tx) =>
    postLedgerEntry(tx, {
      shopDomain: SHOP,
      memberId,
      kind: "redemption",
      points: -75,
      recordedAt: now,
      sourceType: "redemption",
      sourceId: "red-1",
    }),
  );
  // The whole order refunded: 100 wanted, 25 left to take.
  await reversePointsForRefund(
    SHOP,
    buildRefundFacts({
      refundId: "r1",
      lines: [buildRefundLine({ lineId: "lamp", quantity: 1 })],
    }),
  );
  dueAt = new Date(now.getTime() + 14 * 24 * 60 * 60 * 1000);
  await inTransaction(async (tx) => {
    await createPendingAward(
      tx,
      {
        shopDomain: SHOP,
        memberId,
        orderId: "2001",
        points: 48,
        postAt: dueAt,
      },
      now,
    );
    await createPendingAward(
      tx,
      { shopDomain: SHOP, memberId, orderId: "2002", points: 12, postAt: null },
      now,
    );
  });
  await expectLedgerConsistent(prisma);
});

const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

describe("member page", () => {
  it("says how many points a clamped refund could not take back and what the order still owes", async () => {
    const page = await memberLoader(
      args(await adminRequest(`${APP}/app/members/${memberId}`, SHOP), {
        memberId,
      }),
    );
    expect(page.member.balance).toBe(0);
    const reversal = page.entries.find((e) => e.kind === "refund_reversal");
    expect(reversal).toMatchObject({
      points: -25,
      shortfall: { notTaken: 75, owedAfter: 75, order: "#1001" },
    });
    expect(
      page.entries
        .filter((e) => e.kind !== "refund_reversal")
        .map((e) => e.shortfall),
    ).toEqual([null, null]);
    expect(page.pointsOwed).toEqual([{ order: "#1001", points: 75 }]);
  });

  it("lists pending points with when they become spendable", async () => {
    const page = await memberLoader(
      args(await adminRequest(`${APP}/app/members/${memberId}`, SHOP), {
        memberId,
      }),
    );
    expect(page.pending).toEqual([
      { orderId: "2001", orderName: null, points: 48, postAt: dueAt },
      { orderId: "2002", orderName: null, points: 12, postAt: null },
    ]);
  });
});

describe("members list", () => {
  it("has each member's pending points", async () => {
    const list = await membersLoader(
      args(await adminRequest(`${APP}/app/members`, SHOP)),
    );
    expect(list.members).toEqual([
      expect.objectContaining({ id: memberId, balance: 0, pending: 60 }),
    ]);
  });
});
