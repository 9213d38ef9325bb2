import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { listEarningRules } from "~/models/earning-rules.server";
import { saveCampaign, saveEarningRule } from "~/services/earning-rules.server";
import { installShop } from "~/services/install.server";
import {
  awardPointsForOrder,
  recordOrderFulfilled,
  reversePointsForCancellation,
  reversePointsForRefund,
} from "~/services/orders.server";
import {
  getPendingPoints,
  postDuePendingAwards,
} from "~/services/pending-awards.server";
import { applyTierSettings } from "~/services/tiers.server";
import {
  buildOrderFacts,
  buildOrderLine,
  buildRefundFacts,
  buildRefundLine,
  FIXED_NOW,
} from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "pending-awards.myshopify.com";
const hoursLater = (hours: number) =>
  new Date(FIXED_NOW.getTime() + hours * 3_600_000);

/** Replaces the default order rule's settings (the rule installShop created from the program). */
async function setOrderRule(
  settings: Record<string, unknown>,
): Promise<string> {
  const [stored] = await listEarningRules(prisma, SHOP);
  const saved = await saveEarningRule(SHOP, stored.rule.id, {
    type: "place_order",
    name: "Place an order",
    earnPoints: 1,
    earnPerAmount: 1,
    ...settings,
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  return stored.rule.id;
}

async function member() {
  return prisma.member.findUniqueOrThrow({
    where: { shopCustomer: { shopDomain: SHOP, customerId: "cust-1" } },
  });
}

// 60.00 for three mugs (20.00 each) and a 40.00 lamp: 100 points at 1 per 1.
const mugsAndLamp = (overrides = {}) =>
  buildOrderFacts({
    lines: [
      buildOrderLine({
        lineId: "mugs",
        productId: "gid://shopify/Product/1",
        quantity: 3,
        unitPrice: 20_000,
      }),
      buildOrderLine({
        lineId: "lamp",
        productId: "gid://shopify/Product/2",
        quantity: 1,
        unitPrice: 40_000,
      }),
    ],
    ...overrides,
  });

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("the default order rule", () => {
  it("is created from the program at install and earns what the program earned", async () => {
    const rules = await listEarningRules(prisma, SHOP);
    expect(rules.map((r) => r.rule)).toMatchObject([
      {
        type: "place_order",
        earnPoints: 1,
        earnPerAmount: 1,
        timing: { when: "paid" },
      },
    ]);
    await installShop(SHOP);
    expect(await listEarningRules(prisma, SHOP)).toHaveLength(1);
    expect(await awardPointsForOrder(SHOP, mugsAndLamp())).toMatchObject({
      outcome: "awarded",
      pointsAwarded: 100,
    });
  });
});

describe("award timing", () => {
  it("when fulfilled: pending (visible, not spendable) until orders/fulfilled posts it", async () => {
    await setOrderRule({ timing: { when: "fulfilled" } });
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp(), { now: FIXED_NOW }),
    ).toMatchObject({ outcome: "pending", pointsAwarded: 0 });
    expect((await member()).balance).toBe(0);
    expect(await getPendingPoints((await member()).id)).toBe(100);
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp(), { now: FIXED_NOW }),
    ).toMatchObject({ outcome: "duplicate" });

    const fulfilled = await recordOrderFulfilled(
      SHOP,
      mugsAndLamp({ fulfilledAt: hoursLater(24) }),
      { now: hoursLater(24) },
    );
    expect(fulfilled).toMatchObject({ outcome: "awarded", pointsAwarded: 100 });
    expect((await member()).balance).toBe(100);
    expect(await getPendingPoints((await member()).id)).toBe(0);
    expect(
      await recordOrderFulfilled(
        SHOP,
        mugsAndLamp({ fulfilledAt: hoursLater(24) }),
        { now: hoursLater(25) },
      ),
    ).toMatchObject({
      outcome: "duplicate",
    });
    await expectLedgerConsistent(prisma);
  });

  it("fulfilled before the paid webhook arrives: posted at once", async () => {
    await setOrderRule({ timing: { when: "fulfilled" } });
    await recordOrderFulfilled(
      SHOP,
      mugsAndLamp({ paidAt: null, fulfilledAt: FIXED_NOW }),
      { now: FIXED_NOW },
    );
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp(), { now: FIXED_NOW }),
    ).toMatchObject({ outcome: "awarded", pointsAwarded: 100 });
  });

  it("a delay after payment: posted by the sweep once due, not before", async () => {
    await setOrderRule({
      timing: { when: "after_payment", delay: 14, unit: "days" },
    });
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp(), { now: FIXED_NOW }),
    ).toMatchObject({ outcome: "pending" });
    const job = await prisma.outboxJob.findFirstOrThrow({
      where: { kind: "post_pending_award" },
    });
    expect(job.runAfter).toEqual(hoursLater(14 * 24));

    expect(await postDuePendingAwards(hoursLater(14 * 24 - 1))).toEqual({
      posted: 0,
      checked: 0,
    });
    expect((await member()).balance).toBe(0);
    expect(await postDuePendingAwards(hoursLater(14 * 24))).toEqual({
      posted: 1,
      checked: 1,
    });
    expect((await member()).balance).toBe(100);
    expect(await postDuePendingAwards(hoursLater(15 * 24))).toEqual({
      posted: 0,
      checked: 0,
    });
    await expectLedgerConsistent(prisma);
  });

  it("cancelled before posting: the pending points are cancelled and nothing reaches the ledger", async () => {
    await setOrderRule({
      timing: { when: "after_payment", delay: 48, unit: "hours" },
    });
    await awardPointsForOrder(SHOP, mugsAndLamp(), { now: FIXED_NOW });
    await reversePointsForCancellation(
      SHOP,
      mugsAndLamp({ cancelledAt: hoursLater(2) }),
      { now: hoursLater(2) },
    );
    expect(await getPendingPoints((await member()).id)).toBe(0);
    expect(await postDuePendingAwards(hoursLater(48))).toEqual({
      posted: 0,
      checked: 0,
    });
    expect(await prisma.ledgerEntry.count()).toBe(0);
    expect(await prisma.pendingAward.findFirstOrThrow()).toMatchObject({
      state: "cancelled",
    });
  });

  it("fully refunded before posting: cancelled; partly refunded: the pending amount shrinks by the same rule", async () => {
    await setOrderRule({
      timing: { when: "after_payment", delay: 48, unit: "hours" },
    });
    await awardPointsForOrder(SHOP, mugsAndLamp(), { now: FIXED_NOW });
    // The lamp (40 of 100) comes back.
    await reversePointsForRefund(
      SHOP,
      buildRefundFacts({ lines: [buildRefundLine({ lineId: "lamp" })] }),
      { now: hoursLater(1) },
    );
    expect(await getPendingPoints((await member()).id)).toBe(60);
    expect(await postDuePendingAwards(hoursLater(48))).toMatchObject({
      posted: 1,
    });
    // Posted whole, and the known refund reversed at once: 60 spendable.
    expect((await member()).balance).toBe(60);
    const kinds = await prisma.ledgerEntry.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(kinds.map((e) => [e.kind, e.points])).toEqual([
      ["order_award", 100],
      ["refund_reversal", -40],
    ]);
    await expectLedgerConsistent(prisma);

    // A second order, refunded entirely while pending.
    const second = mugsAndLamp({ orderId: "1002" });
    await awardPointsForOrder(SHOP, second, { now: FIXED_NOW });
    await reversePointsForRefund(
      SHOP,
      buildRefundFacts({
        refundId: "refund-2",
        orderId: "1002",
        lines: [
          buildRefundLine({ lineId: "mugs", quantity: 3 }),
          buildRefundLine({ lineId: "lamp" }),
        ],
      }),
      { now: hoursLater(1) },
    );
    expect(
      await prisma.pendingAward.findFirstOrThrow({
        where: { orderId: "1002" },
      }),
    ).toMatchObject({ state: "cancelled" });
  });
});

describe("order rules", () => {
  it("excludes by product tag and collection fetched before the award, adds bonuses per item, and applies the campaign", async () => {
    const ruleId = await setOrderRule({
      exclusions: { productTags: ["Gift-Wrap"] },
      bonuses: [
        { collectionIds: ["gid://shopify/Collection/9"], pointsPerItem: 5 },
      ],
    });
    await saveCampaign(SHOP, null, {
      name: "Weekend",
      multiplier: 2,
      startsAt: "2026-11-21T00:00:00Z",
      endsAt: "2026-11-24T00:00:00Z",
      appliesTo: { kind: "rules", ruleIds: [ruleId] },
    });
    const asked: string[][] = [];
    const fetchProducts = async (_shop: string, ids: string[]) => {
      asked.push(ids);
      return {
        "gid://shopify/Product/1": {
          tags: [],
          collectionIds: ["gid://shopify/Collection/9"],
        },
        "gid://shopify/Product/2": { tags: ["gift-wrap "], collectionIds: [] },
      };
    };
    // Mugs: 60 points + 3 × 5 bonus = 75; the lamp is excluded by its tag; ×2 campaign = 150.
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp(), {
        now: FIXED_NOW,
        fetchProducts,
      }),
    ).toMatchObject({ pointsAwarded: 150 });
    expect(asked).toEqual([
      ["gid://shopify/Product/1", "gid://shopify/Product/2"],
    ]);
    // A duplicate does not go back to Shopify.
    await awardPointsForOrder(SHOP, mugsAndLamp(), {
      now: FIXED_NOW,
      fetchProducts,
    });
    expect(asked).toHaveLength(1);
    // One mug back: 20 points and its 5 bonus, doubled.
    expect(
      await reversePointsForRefund(
        SHOP,
        buildRefundFacts({
          lines: [
            buildRefundLine({ lineId: "mugs", quantity: 1, subtotal: 20_000 }),
          ],
        }),
        { now: FIXED_NOW },
      ),
    ).toMatchObject({
      pointsReversed: 50,
    });
    expect((await member()).balance).toBe(100);
  });

  it("editing the rule after an award changes neither the award nor its reversal", async () => {
    await awardPointsForOrder(SHOP, mugsAndLamp(), { now: FIXED_NOW });
    await setOrderRule({ earnPoints: 10 });
    expect(
      (await prisma.program.findUniqueOrThrow({ where: { shopDomain: SHOP } }))
        .earnPoints,
    ).toBe(10);
    expect(
      await reversePointsForRefund(
        SHOP,
        buildRefundFacts({ lines: [buildRefundLine({ lineId: "lamp" })] }),
        { now: FIXED_NOW },
      ),
    ).toMatchObject({
      pointsReversed: 40,
    });
    expect((await member()).balance).toBe(60);
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp({ orderId: "1002" }), {
        now: FIXED_NOW,
      }),
    ).toMatchObject({ pointsAwarded: 1000 });
  });

  it("multiplies order points by the member's VIP tier, and reverses with the multiplier of award time", async () => {
    await applyTierSettings(
      SHOP,
      {
        basis: "points_earned",
        window: "lifetime",
        tiers: [
          {
            nameEn: "Silver",
            nameFr: "Argent",
            threshold: 100,
            earnMultiplier: 1.5,
            entryBonus: 0,
          },
        ],
      },
      FIXED_NOW,
    );
    await awardPointsForOrder(SHOP, mugsAndLamp(), { now: FIXED_NOW });
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp({ orderId: "1002" }), {
        now: FIXED_NOW,
      }),
    ).toMatchObject({ pointsAwarded: 150 });
    const lampBack = buildRefundFacts({
      refundId: "r-1002",
      orderId: "1002",
      lines: [buildRefundLine({ lineId: "lamp" })],
    });
    expect(
      await reversePointsForRefund(SHOP, lampBack, { now: FIXED_NOW }),
    ).toMatchObject({ pointsReversed: 60 });
  });

  it("a minimum subtotal and a lifetime limit", async () => {
    await setOrderRule({ minimumSubtotal: 150_000 });
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp(), { now: FIXED_NOW }),
    ).toMatchObject({ pointsAwarded: 0 });
    await setOrderRule({ limits: [{ per: "lifetime", maxPoints: 150 }] });
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp({ orderId: "2" }), {
        now: FIXED_NOW,
      }),
    ).toMatchObject({ pointsAwarded: 100 });
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp({ orderId: "3" }), {
        now: FIXED_NOW,
      }),
    ).toMatchObject({ pointsAwarded: 50 });
    expect(
      await awardPointsForOrder(SHOP, mugsAndLamp({ orderId: "4" }), {
        now: FIXED_NOW,
      }),
    ).toMatchObject({ pointsAwarded: 0 });
    expect((await member()).balance).toBe(150);
  });
});
