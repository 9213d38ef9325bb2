import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { saveEarningRule } from "~/services/earning-rules.server";
import { claimSocialAction } from "~/services/earn-actions.server";
import { enrollCustomer } from "~/services/members.server";
import { installShop } from "~/services/install.server";
import { awardPointsForOrder } from "~/services/orders.server";
import {
  getProgramIdentity,
  saveProgramIdentity,
  storefrontProgram,
  switchProgram,
} from "~/services/program-identity.server";
import { redeemReward } from "~/services/redemptions/redeem.server";
import {
  buildCustomerFacts,
  buildOrderFacts,
  buildOrderLine,
  FIXED_NOW,
} from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";
import { addReward, givePoints, newKey } from "test/redemption-support";

const SHOP = "switch-test.myshopify.com";
const ACTOR = { id: "staff-42", name: "Camille Martin" };
const later = (minutes: number) =>
  new Date(FIXED_NOW.getTime() + minutes * 60_000);

async function member(customerId: string) {
  return prisma.member.findUniqueOrThrow({
    where: { shopCustomer: { shopDomain: SHOP, customerId } },
  });
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("the program switch", () => {
  it("off: an order earns nothing and is recorded as skipped; on again, only the retroactive run awards it", async () => {
    // 100.00 spent: 100 points when the program is on.
    const order = (orderId: string) =>
      buildOrderFacts({
        orderId,
        customerId: "c-1",
        lines: [buildOrderLine({ unitPrice: 100_000 })],
      });
    await awardPointsForOrder(SHOP, order("o-before"), { now: FIXED_NOW });
    expect((await member("c-1")).balance).toBe(100);

    expect(await switchProgram(SHOP, false, ACTOR, later(1))).toEqual({
      outcome: "switched",
      active: false,
    });
    const off = await awardPointsForOrder(SHOP, order("o-off"), {
      now: later(2),
    });
    expect(off).toMatchObject({
      outcome: "skipped_inactive",
      pointsAwarded: 0,
    });
    expect(
      await prisma.orderRecord.findFirst({ where: { orderId: "o-off" } }),
    ).toMatchObject({ status: "skipped_inactive" });
    // Existing balances untouched.
    expect((await member("c-1")).balance).toBe(100);

    await switchProgram(SHOP, true, ACTOR, later(3));
    // The same order delivered again (webhook retry, reconciliation) does not award the gap...
    expect(
      await awardPointsForOrder(SHOP, order("o-off"), { now: later(4) }),
    ).toMatchObject({ pointsAwarded: 0 });
    expect((await member("c-1")).balance).toBe(100);
    // ...the merchant's retroactive run does, once.
    expect(
      await awardPointsForOrder(SHOP, order("o-off"), {
        now: later(5),
        awardSkippedWhileOff: true,
      }),
    ).toMatchObject({ outcome: "awarded", pointsAwarded: 100 });
    expect(
      await awardPointsForOrder(SHOP, order("o-off"), {
        now: later(6),
        awardSkippedWhileOff: true,
      }),
    ).toMatchObject({ pointsAwarded: 0 });
    expect((await member("c-1")).balance).toBe(200);
  });

  it("off: ways to earn award nothing and redemptions are refused with program_inactive", async () => {
    await enrollCustomer(SHOP, buildCustomerFacts({ customerId: "c-2" }));
    const joined = await member("c-2");
    await givePoints(SHOP, joined.id, 1000, FIXED_NOW);
    const reward = await addReward(SHOP, { pointsCost: 500 });
    const saved = await saveEarningRule(SHOP, null, {
      name: "Follow us",
      type: "social",
      points: 25,
      network: "instagram",
      action: "follow",
      url: "https://instagram.com/shop",
    });
    if (!saved.ok) throw new Error("rule not saved");

    await switchProgram(SHOP, false, ACTOR, FIXED_NOW);
    expect(
      await claimSocialAction(SHOP, "c-2", saved.value.id, FIXED_NOW),
    ).toMatchObject({ outcome: "program_inactive", points: 0 });
    expect(
      await redeemReward({
        shop: SHOP,
        customerId: "c-2",
        rewardId: reward.id,
        idempotencyKey: newKey(),
        now: FIXED_NOW,
        rateLimits: [],
      }),
    ).toEqual({ status: 403, outcome: "program_inactive" });
    expect((await member("c-2")).balance).toBe(1000);
    expect(await prisma.redemption.count()).toBe(0);

    await switchProgram(SHOP, true, ACTOR, later(1));
    expect(
      await claimSocialAction(SHOP, "c-2", saved.value.id, later(2)),
    ).toMatchObject({ outcome: "awarded", points: 25 });
  });

  it("records who switched and what the storefront is told, in its language", async () => {
    await saveProgramIdentity(
      SHOP,
      {
        name: "Club Étoile",
        pointsNames: { fr: { one: "étoile", other: "étoiles" } },
        pointsIcon: "star",
        comingSoonText: { fr: "Notre programme revient bientôt." },
      },
      ACTOR,
      FIXED_NOW,
    );
    await switchProgram(SHOP, false, ACTOR, later(1));
    expect(await switchProgram(SHOP, false, ACTOR, later(2))).toMatchObject({
      outcome: "unchanged",
    });
    const identity = await getProgramIdentity(SHOP);
    expect(storefrontProgram(identity, "fr")).toEqual({
      name: "Club Étoile",
      pointsName: { one: "étoile", other: "étoiles" },
      iconUrl: expect.stringMatching(/\/program-icons\/star\.svg$/),
      active: false,
      comingSoon: "Notre programme revient bientôt.",
    });
    expect(storefrontProgram(identity, "en")).toMatchObject({
      pointsName: { one: "point", other: "points" },
      comingSoon: "Notre programme revient bientôt.",
    });
    const audit = await prisma.auditEvent.findMany({
      where: { shopDomain: SHOP },
      orderBy: { createdAt: "asc" },
    });
    expect(
      audit.map((event) => [event.action, event.actorId, event.actorName]),
    ).toEqual([
      ["program.identity_saved", "staff-42", "Camille Martin"],
      ["program.switched_off", "staff-42", "Camille Martin"],
    ]);
    expect(
      await prisma.outboxJob.count({
        where: { shopDomain: SHOP, kind: "mirror_program", status: "pending" },
      }),
    ).toBe(1);
  });
});
