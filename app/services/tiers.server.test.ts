import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { findMemberTierFacts } from "~/models/tier.server";
import { installShop } from "~/services/install.server";
import {
  awardPointsForOrder,
  reversePointsForCancellation,
} from "~/services/orders.server";
import {
  applyTierSettings,
  listTiersWithCounts,
  memberTierName,
  memberTierTag,
  previewTierSettings,
  reviewTiers,
} from "~/services/tiers.server";
import { buildOrderFacts, buildOrderLine } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

/** The test's clock: what vi.setSystemTime set (the services, given no `now`, read the same). */
const testNow = () => new Date(vi.getMockedSystemTime()!.getTime());

const SHOP = "tiers-test.myshopify.com";

// 1 point per 1.00: an order of `amount` units earns `amount` points.
const order = (
  orderId: string,
  amount: number,
  customerId = "cust-1",
  paidAt = testNow(),
) =>
  buildOrderFacts({
    orderId,
    customerId,
    paidAt,
    lines: [buildOrderLine({ unitPrice: amount * 1000 })],
    shipping: 0,
  });

const SILVER = {
  nameEn: "Silver",
  nameFr: "Argent",
  threshold: 100,
  earnMultiplier: 1.5,
  entryBonus: 25,
};
const GOLD = {
  nameEn: "Gold",
  nameFr: "Or",
  threshold: 500,
  earnMultiplier: 2,
  entryBonus: 0,
};

async function member(customerId = "cust-1") {
  return prisma.member.findUniqueOrThrow({
    where: { shopCustomer: { shopDomain: SHOP, customerId } },
  });
}

async function tierOf(customerId = "cust-1") {
  return memberTierName(prisma, (await member(customerId)).id);
}

async function bonusEntries() {
  return prisma.ledgerEntry.findMany({
    where: { shopDomain: SHOP, kind: "tier_bonus" },
  });
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-03-10T12:00:00Z"));
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

afterEach(async () => {
  vi.useRealTimers();
  await expectLedgerConsistent(prisma);
});

describe("VIP tiers", () => {
  it("upgrades at once when an award reaches a threshold, posts the entry bonus once, and mirrors the tier", async () => {
    await applyTierSettings(
      SHOP,
      { basis: "points_earned", window: "lifetime", tiers: [SILVER, GOLD] },
      testNow(),
    );
    await awardPointsForOrder(SHOP, order("1", 60));
    expect(await tierOf()).toBeNull();

    await awardPointsForOrder(SHOP, order("2", 50));
    expect(await tierOf()).toBe("Silver");
    expect((await bonusEntries()).map((e) => e.points)).toEqual([25]);
    expect((await member()).balance).toBe(60 + 50 + 25);
    // What the next order's award reads of tiers, in one statement.
    expect(
      await findMemberTierFacts(prisma, SHOP, (await member()).id),
    ).toEqual({ shopHasTiers: true, earnMultiplier: 1.5 });
    expect(await memberTierName(prisma, (await member()).id, "fr")).toBe(
      "Argent",
    );

    // The tier mirror is queued: metafield (mirror_member) and tag.
    const jobs = await prisma.outboxJob.findMany({
      where: {
        shopDomain: SHOP,
        kind: { in: ["mirror_member", "sync_member_tier_tag"] },
      },
    });
    expect(new Set(jobs.map((j) => j.kind))).toEqual(
      new Set(["mirror_member", "sync_member_tier_tag"]),
    );
    expect((await memberTierTag(prisma, (await member()).id)).tag).toBe(
      "loyalty-tier-silver",
    );

    // Another award inside Silver earns with the tier's multiplier (10 × 1.5), and no second bonus.
    const third = await awardPointsForOrder(SHOP, order("3", 10));
    expect(third.pointsAwarded).toBe(15);
    expect(await bonusEntries()).toHaveLength(1);
  });

  it("a member without a tier earns with multiplier 1, in a shop without tiers", async () => {
    await awardPointsForOrder(SHOP, order("1", 10));
    expect(
      await findMemberTierFacts(prisma, SHOP, (await member()).id),
    ).toEqual({ shopHasTiers: false, earnMultiplier: 1 });
  });

  it("keeps a calendar-year tier until the year ends in the shop's zone, then downgrades at review", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { ianaTimezone: "Europe/Paris" },
    });
    await applyTierSettings(
      SHOP,
      { basis: "points_earned", window: "calendar_year", tiers: [SILVER] },
      testNow(),
    );
    await awardPointsForOrder(SHOP, order("1", 150));
    expect(await tierOf()).toBe("Silver");

    // 23:30 UTC on Dec 31 is already 2027 in Paris: the year has ended there.
    vi.setSystemTime(new Date("2026-12-31T22:59:00Z"));
    expect((await reviewTiers(SHOP, testNow())).down).toBe(0);
    expect(await tierOf()).toBe("Silver");

    vi.setSystemTime(new Date("2026-12-31T23:00:01Z"));
    const review = await reviewTiers(SHOP, testNow());
    expect(review.down).toBe(1);
    expect(await tierOf()).toBeNull();
    expect(
      await findMemberTierFacts(prisma, SHOP, (await member()).id),
    ).toEqual({ shopHasTiers: true, earnMultiplier: 1 });
    // The tag job is queued again to remove the old tag.
    expect((await memberTierTag(prisma, (await member()).id)).tag).toBeNull();
  });

  it("a cancelled order that lifted the member takes the tier back (no tier bought and returned)", async () => {
    await applyTierSettings(
      SHOP,
      {
        basis: "points_earned",
        window: "lifetime",
        tiers: [{ ...SILVER, entryBonus: 0 }],
      },
      testNow(),
    );
    await awardPointsForOrder(SHOP, order("1", 150));
    expect(await tierOf()).toBe("Silver");
    await reversePointsForCancellation(SHOP, {
      ...order("1", 150),
      cancelledAt: testNow(),
    });
    expect(await tierOf()).toBeNull();
  });

  it("counts money spent in the shop currency when the program says so", async () => {
    await applyTierSettings(
      SHOP,
      {
        basis: "money_spent",
        window: "rolling_12_months",
        tiers: [{ ...SILVER, threshold: 200_000 }],
      },
      testNow(),
    );
    await awardPointsForOrder(SHOP, order("1", 150));
    expect(await tierOf()).toBeNull();
    await awardPointsForOrder(SHOP, order("2", 60));
    expect(await tierOf()).toBe("Silver");
  });

  it("previews how many members a threshold change moves, and applying it never demotes before the window ends", async () => {
    await applyTierSettings(
      SHOP,
      { basis: "points_earned", window: "lifetime", tiers: [SILVER, GOLD] },
      testNow(),
    );
    await awardPointsForOrder(SHOP, order("1", 120, "a"));
    await awardPointsForOrder(SHOP, order("2", 600, "b"));
    await awardPointsForOrder(SHOP, order("3", 20, "c"));
    const current = await listTiersWithCounts(SHOP);
    const [silver, gold] = current.tiers;
    expect(current.tiers.map((t) => [t.nameEn, t.members])).toEqual([
      ["Silver", 1],
      ["Gold", 1],
    ]);

    const change = {
      basis: "points_earned",
      window: "lifetime",
      tiers: [
        { ...SILVER, id: silver.id, threshold: 10 },
        { ...GOLD, id: gold.id, threshold: 700 },
      ],
    };
    const preview = await previewTierSettings(SHOP, change, testNow());
    expect({ up: preview.up, down: preview.down, same: preview.same }).toEqual({
      up: 1,
      down: 1,
      same: 1,
    });

    await applyTierSettings(SHOP, change, testNow());
    expect(await tierOf("c")).toBe("Silver");
    // Lifetime Gold was earned for good: raising the threshold does not take it away.
    expect(await tierOf("b")).toBe("Gold");
    // Applying twice posts no second entry bonus.
    await applyTierSettings(SHOP, change, testNow());
    expect(await bonusEntries()).toHaveLength(2);
  });

  it("refuses two tiers with the same threshold", async () => {
    await expect(
      applyTierSettings(
        SHOP,
        {
          basis: "points_earned",
          window: "lifetime",
          tiers: [SILVER, { ...GOLD, threshold: 100 }],
        },
        testNow(),
      ),
    ).rejects.toThrow();
  });
});
