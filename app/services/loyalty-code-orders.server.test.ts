import { beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { getHomeFigures } from "~/models/dashboard-figures.server";
import { installShop } from "~/services/install.server";
import { recordOrderWithLoyaltyCode } from "~/services/loyalty-code-orders.server";
import { buildOrderFacts, buildOrderLine, FIXED_NOW } from "test/factories";

const SHOP = "code-orders.myshopify.com";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP, FIXED_NOW);
  const member = await prisma.member.create({
    data: { shopDomain: SHOP, customerId: "cust-1" },
  });
  await prisma.redemption.create({
    data: {
      shopDomain: SHOP,
      memberId: member.id,
      rewardType: "fixed_amount_off",
      rewardSnapshot: "{}",
      points: 100,
      state: "confirmed",
      code: "LOYAL-ABC123",
    },
  });
});

describe("orders that used a loyalty code", () => {
  it("records a paid order carrying a redemption's code once, with its subtotal", async () => {
    const order = buildOrderFacts({
      orderId: "7001",
      discountCodes: ["WELCOME10", "loyal-abc123"],
      lines: [
        buildOrderLine({ unitPrice: 50_000, quantity: 2, discount: 5_000 }),
      ],
      subtotal: 95_000,
    });
    expect(await recordOrderWithLoyaltyCode(SHOP, order, FIXED_NOW)).toBe(
      "recorded",
    );
    // The same order delivered again counts once.
    expect(await recordOrderWithLoyaltyCode(SHOP, order, FIXED_NOW)).toBe(
      "duplicate",
    );
    // A code that is not the app's is not a loyalty code.
    expect(
      await recordOrderWithLoyaltyCode(
        SHOP,
        buildOrderFacts({ orderId: "7002", discountCodes: ["WELCOME10"] }),
        FIXED_NOW,
      ),
    ).toBe("no_loyalty_code");

    const figures = await getHomeFigures(SHOP, {
      since: new Date(FIXED_NOW.getTime() - 86_400_000),
      until: new Date(FIXED_NOW.getTime() + 86_400_000),
      activeSince: FIXED_NOW,
    });
    expect(figures).toMatchObject({
      ordersWithLoyaltyCode: 1,
      revenueWithLoyaltyCode: 95_000,
    });
  });
});
