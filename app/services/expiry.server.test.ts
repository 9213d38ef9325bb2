import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { inTransaction } from "~/models/transaction.server";
import { runExpirySweep, saveExpirySettings } from "~/services/expiry.server";
import { installShop } from "~/services/install.server";
import { awardPointsForOrder } from "~/services/orders.server";
import { buildOrderFacts, buildOrderLine } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

/** The test's clock: what vi.setSystemTime set (the services, given no `now`, read the same). */
const testNow = () => new Date(vi.getMockedSystemTime()!.getTime());

const SHOP = "expiry-test.myshopify.com";

const order = (orderId: string, amount: number) =>
  buildOrderFacts({
    orderId,
    paidAt: testNow(),
    lines: [buildOrderLine({ unitPrice: amount * 1000 })],
    shipping: 0,
  });

async function member() {
  return prisma.member.findUniqueOrThrow({
    where: { shopCustomer: { shopDomain: SHOP, customerId: "cust-1" } },
  });
}

async function redeem(points: number, id: string) {
  const { id: memberId } = await member();
  await inTransaction((tx) =>
    postLedgerEntry(tx, {
      shopDomain: SHOP,
      memberId,
      kind: "redemption",
      points: -points,
      sourceType: "redemption",
      sourceId: id,
      recordedAt: testNow(),
    }),
  );
}

const at = (iso: string) => vi.setSystemTime(new Date(iso));

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at("2026-01-15T12:00:00Z");
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

afterEach(async () => {
  vi.useRealTimers();
  await expectLedgerConsistent(prisma);
});

describe("expiry sweep", () => {
  it("does nothing under the 'none' policy", async () => {
    await awardPointsForOrder(SHOP, order("1", 100));
    at("2030-01-01T00:00:00Z");
    expect(await runExpirySweep(SHOP, testNow())).toMatchObject({
      expiredPoints: 0,
      entries: 0,
    });
    expect((await member()).balance).toBe(100);
  });

  it("per lot: expires what is left of each award N months later, never spent points, once", async () => {
    await saveExpirySettings(SHOP, {
      policy: "per_lot",
      months: 6,
      expiringSoonDays: 30,
    });
    await awardPointsForOrder(SHOP, order("1", 100));
    at("2026-03-01T12:00:00Z");
    await awardPointsForOrder(SHOP, order("2", 50));
    // Spent oldest first: 70 of the January lot.
    await redeem(70, "r1");

    at("2026-06-20T12:00:00Z");
    const early = await runExpirySweep(SHOP, testNow());
    expect(early.entries).toBe(0);
    // The January lot (30 left) is due on July 15: within 30 days, one notice.
    expect(early.notices).toBe(1);
    expect((await runExpirySweep(SHOP, testNow())).notices).toBe(0);
    const notice = await prisma.memberNotice.findFirstOrThrow({
      where: { shopDomain: SHOP },
    });
    expect(notice).toMatchObject({ kind: "expiring_soon", points: 30 });

    at("2026-07-15T12:00:00Z");
    const due = await runExpirySweep(SHOP, testNow());
    expect(due).toMatchObject({ expiredPoints: 30, entries: 1 });
    expect((await member()).balance).toBe(50);
    // Idempotent: the same sweep again posts nothing.
    expect((await runExpirySweep(SHOP, testNow())).entries).toBe(0);

    at("2026-09-02T00:00:00Z");
    expect(await runExpirySweep(SHOP, testNow())).toMatchObject({
      expiredPoints: 50,
      entries: 1,
    });
    expect((await member()).balance).toBe(0);
    const expiries = await prisma.ledgerEntry.findMany({
      where: { kind: "expiry" },
    });
    expect(expiries.map((e) => e.points)).toEqual([-30, -50]);
  });

  it("inactivity: the whole balance expires N months after the last earning or spending", async () => {
    await saveExpirySettings(SHOP, {
      policy: "inactivity",
      months: 12,
      expiringSoonDays: 0,
    });
    await awardPointsForOrder(SHOP, order("1", 100));
    at("2026-06-01T12:00:00Z");
    await redeem(40, "r1");
    at("2027-05-31T12:00:00Z");
    expect((await runExpirySweep(SHOP, testNow())).entries).toBe(0);
    at("2027-06-01T12:00:00Z");
    expect(await runExpirySweep(SHOP, testNow())).toMatchObject({
      expiredPoints: 60,
      entries: 1,
    });
    expect((await member()).balance).toBe(0);
    expect((await runExpirySweep(SHOP, testNow())).entries).toBe(0);
  });

  it("never takes points that are still pending", async () => {
    await saveExpirySettings(SHOP, {
      policy: "inactivity",
      months: 1,
      expiringSoonDays: 0,
    });
    await awardPointsForOrder(SHOP, order("1", 10));
    at("2026-02-10T12:00:00Z");
    const { id: memberId } = await member();
    await prisma.pendingAward.create({
      data: {
        shopDomain: SHOP,
        memberId,
        orderId: "p1",
        points: 500,
        postAt: null,
      },
    });
    // The pending purchase is activity: nothing expires a month after the January award.
    at("2026-02-20T12:00:00Z");
    expect((await runExpirySweep(SHOP, testNow())).entries).toBe(0);
    // A month after it, the posted 10 expire; the 500 pending are not touched.
    at("2026-03-11T12:00:00Z");
    expect(await runExpirySweep(SHOP, testNow())).toMatchObject({
      expiredPoints: 10,
      entries: 1,
    });
    expect((await member()).balance).toBe(0);
  });
});
