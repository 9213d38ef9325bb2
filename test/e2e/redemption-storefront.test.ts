import { afterAll, beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { createCustomer } from "../../emulator/store/customers";
import { placeOrder } from "../../emulator/store/orders";
import { storeShop } from "../../emulator/store/shop";
import type { Stack } from "../../scripts/stack";
import { expectLedgerConsistent } from "../ledger-invariants";
import {
  eventually,
  expectEveryAdminCallAccepted,
  startTestStack,
} from "./harness";

const SHOP = "redeem-e2e.myshopify.com";

// A shopper earns points, then redeems them through the storefront (the emulator's app proxy signs
// and forwards to the built app), and the code appears at the emulator, checked against the schema.
describe("redeeming through the storefront", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startTestStack();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("earns, redeems with the code in the answer, mints it at Shopify once, and uses it on the next order", async () => {
    const ctx = stack.emulator.ctx;
    storeShop(ctx, SHOP, { currencyCode: "EUR" });
    await stack.installShop(SHOP);
    const { customer } = await createCustomer(ctx, {
      shop: SHOP,
      email: "zoe@example.com",
      firstName: "Zoé",
    });
    const variant = [...ctx.state.shops.get(SHOP)!.products.values()][0]
      .variants[0];
    await placeOrder(ctx, {
      shop: SHOP,
      customerId: customer.id,
      lines: [{ variantId: variant.id, quantity: 10 }],
    });
    const member = await eventually(async () => {
      const found = await prisma.member.findUnique({
        where: {
          shopCustomer: { shopDomain: SHOP, customerId: String(customer.id) },
        },
      });
      expect(found?.balance).toBeGreaterThanOrEqual(100);
      return found!;
    });
    await prisma.reward.create({
      data: {
        shopDomain: SHOP,
        type: "fixed_amount_off",
        name: JSON.stringify({ en: "5 € off" }),
        pointsCost: 100,
        config: JSON.stringify({
          type: "fixed_amount_off",
          pointsCost: 100,
          amount: 5000,
          name: { en: "5 € off" },
          description: {},
          image: {},
          appliesTo: { kind: "all" },
          minimumSubtotal: null,
          combinesWith: {
            orderDiscounts: false,
            productDiscounts: false,
            shippingDiscounts: false,
          },
          codeValidityDays: 30,
          refundPointsOnExpiry: false,
          limitPerCustomer: null,
          stock: null,
          active: true,
          visibleToTiers: null,
          tierCosts: [],
        }),
      },
    });
    const reward = await prisma.reward.findFirstOrThrow({
      where: { shopDomain: SHOP },
    });

    const storefront = (path: string, init: RequestInit = {}) =>
      fetch(`${stack.emulatorUrl}/storefront/${SHOP}/apps/loyalty${path}`, {
        ...init,
        headers: {
          Accept: "application/json",
          "Content-Type": "application/json",
          Cookie: `emulator_storefront_customer=${customer.id}`,
        },
      });
    const rewards = await storefront("/api/rewards");
    expect(rewards.status).toBe(200);
    expect(await rewards.json()).toMatchObject({
      rewards: [{ id: reward.id, available: true, pointsCost: 100 }],
    });

    const body = JSON.stringify({
      rewardId: reward.id,
      idempotencyKey: "e2e-key-0001",
    });
    const answer = await storefront("/api/redemptions", {
      method: "POST",
      body,
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const { redemption, balance } = (await answer.json()) as {
      redemption: { code: string; id: string };
      balance: number;
    };
    expect(balance).toBe(member.balance - 100);
    // The widget resends after a lost answer: same answer, nothing more.
    expect(
      (await storefront("/api/redemptions", { method: "POST", body })).status,
    ).toBe(201);

    await eventually(async () => {
      const me = (await (await storefront("/api/me")).json()) as {
        redemptions: { code: string; status: string }[];
      };
      expect(me.redemptions).toMatchObject([
        { code: redemption.code, status: "active" },
      ]);
    });
    const discounts = [...ctx.state.shops.get(SHOP)!.discounts.values()];
    expect(discounts.flatMap((d) => d.codes.map((c) => c.code))).toEqual([
      redemption.code,
    ]);
    expect(discounts[0].customerGids).toEqual([
      `gid://shopify/Customer/${customer.id}`,
    ]);

    await placeOrder(ctx, {
      shop: SHOP,
      customerId: customer.id,
      lines: [{ variantId: variant.id, quantity: 1 }],
      discount: { code: redemption.code, type: "fixed_amount", value: "5.00" },
    });
    await eventually(async () => {
      expect(
        await prisma.redemption.findUniqueOrThrow({
          where: { id: redemption.id },
        }),
      ).toMatchObject({ state: "used" });
    });
    expectEveryAdminCallAccepted(ctx);
    await expectLedgerConsistent(prisma);
  }, 120_000);
});
