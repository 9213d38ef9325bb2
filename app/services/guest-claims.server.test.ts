import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import {
  claimGuestOrders,
  heldGuestPoints,
  saveGuestClaimDays,
} from "~/services/guest-claims.server";
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

/** The test's clock: what vi.setSystemTime set (the services, given no `now`, read the same). */
const testNow = () => new Date(vi.getMockedSystemTime()!.getTime());

const SHOP = "guest-claims.myshopify.com";

const guestOrder = (
  orderId: string,
  email = "Guest@Example.com",
  amount = 80,
) =>
  buildOrderFacts({
    orderId,
    customerId: null,
    email,
    paidAt: testNow(),
    lines: [buildOrderLine({ unitPrice: amount * 1000 })],
    shipping: 0,
  });

const balanceOf = async (customerId: string) =>
  (
    await prisma.member.findUnique({
      where: { shopCustomer: { shopDomain: SHOP, customerId } },
    })
  )?.balance ?? null;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-05-01T10:00:00Z"));
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

afterEach(async () => {
  vi.useRealTimers();
  await expectLedgerConsistent(prisma);
});

describe("guest claims", () => {
  it("holds a guest order's points and awards them to the customer whose verified email matches, once", async () => {
    expect((await awardPointsForOrder(SHOP, guestOrder("g1"))).outcome).toBe(
      "skipped_guest",
    );
    expect(
      (await heldGuestPoints(SHOP, testNow())).map((h) => h.points),
    ).toEqual([80]);

    const claim = await claimGuestOrders(
      SHOP,
      { customerId: "c-9", email: "guest@example.com", verifiedEmail: true },
      testNow(),
    );
    expect(claim).toMatchObject({
      outcome: "claimed",
      orderIds: ["g1"],
      pointsAwarded: 80,
    });
    expect(await balanceOf("c-9")).toBe(80);

    const again = await claimGuestOrders(
      SHOP,
      { customerId: "c-9", email: "guest@example.com", verifiedEmail: true },
      testNow(),
    );
    expect(again.outcome).toBe("nothing_to_claim");
    // The order webhook replayed later finds the order settled: no second award.
    expect(
      (await awardPointsForOrder(SHOP, guestOrder("g1"))).pointsAwarded,
    ).toBe(0);
    expect(await balanceOf("c-9")).toBe(80);
    expect(await heldGuestPoints(SHOP, testNow())).toEqual([]);
  });

  it("claims nothing with an unverified email or another email", async () => {
    await awardPointsForOrder(SHOP, guestOrder("g1"));
    expect(
      (
        await claimGuestOrders(SHOP, {
          customerId: "c-1",
          email: "guest@example.com",
          verifiedEmail: false,
        })
      ).outcome,
    ).toBe("not_verified");
    expect(
      (
        await claimGuestOrders(SHOP, {
          customerId: "c-2",
          email: "other@example.com",
          verifiedEmail: true,
        })
      ).outcome,
    ).toBe("nothing_to_claim");
    expect(await balanceOf("c-1")).toBeNull();
  });

  it("only within the claim window", async () => {
    await saveGuestClaimDays(SHOP, 30);
    await awardPointsForOrder(SHOP, guestOrder("g1"));
    vi.setSystemTime(new Date("2026-06-05T10:00:00Z"));
    expect(
      (
        await claimGuestOrders(
          SHOP,
          {
            customerId: "c-1",
            email: "guest@example.com",
            verifiedEmail: true,
          },
          testNow(),
        )
      ).outcome,
    ).toBe("nothing_to_claim");
  });

  it("reverses refunds that came while the order waited", async () => {
    // Two units at 40.00; one is refunded before the shopper signs up.
    await awardPointsForOrder(SHOP, {
      ...guestOrder("g1"),
      lines: [buildOrderLine({ quantity: 2, unitPrice: 40_000 })],
    });
    await reversePointsForRefund(
      SHOP,
      buildRefundFacts({
        orderId: "g1",
        lines: [buildRefundLine({ subtotal: 40_000 })],
        createdAt: testNow(),
      }),
    );
    const claim = await claimGuestOrders(
      SHOP,
      { customerId: "c-1", email: "guest@example.com", verifiedEmail: true },
      testNow(),
    );
    expect({
      awarded: claim.pointsAwarded,
      reversed: claim.pointsReversed,
    }).toEqual({ awarded: 80, reversed: 40 });
    expect(await balanceOf("c-1")).toBe(40);
  });
});
