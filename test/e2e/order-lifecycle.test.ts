import { afterAll, beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { createCustomer } from "../../emulator/store/customers";
import { cancelOrder, placeOrder } from "../../emulator/store/orders";
import { refundOrder } from "../../emulator/store/refunds";
import { storeShop } from "../../emulator/store/shop";
import type { Stack } from "../../scripts/stack";
import { expectLedgerConsistent } from "../ledger-invariants";
import {
  eventually,
  expectEveryAdminCallAccepted,
  mirroredPoints,
  startTestStack,
} from "./harness";

const SHOP = "lifecycle.myshopify.com";

// Install → order → points → partial refund → cancellation, over HTTP, through the built app,
// its in-process worker and the emulator (which checks every Admin call against the schema).
describe("an order's points from install to cancellation", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startTestStack();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("installs the shop through token exchange and creates the metafield definitions", async () => {
    storeShop(stack.emulator.ctx, SHOP, {
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    });
    await stack.installShop(SHOP);

    const shop = await prisma.shop.findUnique({
      where: { domain: SHOP },
      include: { program: true },
    });
    expect(shop?.program?.active).toBe(true);
    expect(
      await prisma.session.count({ where: { shop: SHOP } }),
    ).toBeGreaterThan(0);

    await eventually(() => {
      const definitions = [
        ...stack.emulator.ctx.state.shops
          .get(SHOP)!
          .metafieldDefinitions.values(),
      ];
      expect(
        definitions.map((d) => `${d.ownerType}:${d.key}:${d.type}`).sort(),
      ).toEqual([
        "CUSTOMER:points:number_integer",
        "CUSTOMER:tier:single_line_text_field",
      ]);
    });
  });

  it("awards, reverses in proportion, cancels the rest, and mirrors every balance", async () => {
    const ctx = stack.emulator.ctx;
    const { customer } = await createCustomer(ctx, {
      shop: SHOP,
      email: "ines@example.com",
      firstName: "Inès",
      lastName: "Durand",
    });
    const member = await eventually(async () => {
      const found = await prisma.member.findUnique({
        where: {
          shopCustomer: { shopDomain: SHOP, customerId: String(customer.id) },
        },
      });
      expect(found).not.toBeNull();
      return found!;
    });

    // Two coffee bags at 24.00 and a 12.50 mug, 5.00 off, 4.90 shipping, prices including 20 % VAT.
    // Eligible: 60.50 − 5.00 discount = 55.50 incl. VAT; VAT (7.34 + 1.91) out = 46.25 → 46 points.
    const shopState = ctx.state.shops.get(SHOP)!;
    const products = [...shopState.products.values()];
    const beans = products.find((p) => p.title === "Coffee beans")!.variants[0];
    const mug = products.find((p) => p.title === "Enamel mug")!.variants[0];
    const placed = await placeOrder(ctx, {
      shop: SHOP,
      customerId: customer.id,
      lines: [
        { variantId: beans.id, quantity: 2 },
        { variantId: mug.id, quantity: 1 },
      ],
      discount: { code: "MERCI5", type: "fixed_amount", value: "5.00" },
      shipping: { price: "4.90" },
      tax: { rate: 0.2, included: true },
    });
    expect(placed.deliveries.every((d) => d.status === "delivered")).toBe(true);

    await eventually(async () => {
      expect(
        (await prisma.member.findUniqueOrThrow({ where: { id: member.id } }))
          .balance,
      ).toBe(46);
    });
    await eventually(() =>
      expect(mirroredPoints(ctx, SHOP, customer.id)).toBe("46"),
    );

    // Refund one coffee bag: the reversal follows the share of the eligible amount refunded,
    // computed from what was stored at award time.
    const beansLine = placed.order.lineItems.find(
      (line) => line.variantId === beans.id,
    )!;
    const refund = await refundOrder(ctx, {
      shop: SHOP,
      orderId: placed.order.id,
      lines: [{ lineItemId: beansLine.id, quantity: 1 }],
    });
    const refundLine = refund.refund.refundLineItems[0];
    const refundedEligible =
      Number(refundLine.subtotal) - Number(refundLine.totalTax);
    const expectedReversal = Math.floor(
      (46 * Math.round(refundedEligible * 100)) / 4625,
    );
    expect(expectedReversal).toBe(18);

    await eventually(async () => {
      expect(
        (await prisma.member.findUniqueOrThrow({ where: { id: member.id } }))
          .balance,
      ).toBe(46 - expectedReversal);
    });
    await eventually(() =>
      expect(mirroredPoints(ctx, SHOP, customer.id)).toBe(
        String(46 - expectedReversal),
      ),
    );

    // Cancel without refunding the rest (the merchant keeps the money, e.g. a fraud cancel): the
    // cancellation itself takes back whatever remains of the award, never more. (A cancel with a
    // refund sends refunds/create first, and the refund reverses the rest.)
    await cancelOrder(ctx, {
      shop: SHOP,
      orderId: placed.order.id,
      refund: false,
    });
    await eventually(async () => {
      expect(
        (await prisma.member.findUniqueOrThrow({ where: { id: member.id } }))
          .balance,
      ).toBe(0);
    });
    await eventually(() =>
      expect(mirroredPoints(ctx, SHOP, customer.id)).toBe("0"),
    );

    const entries = await prisma.ledgerEntry.findMany({
      where: { memberId: member.id },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => [e.kind, e.points])).toEqual([
      ["order_award", 46],
      ["refund_reversal", -18],
      ["cancellation_reversal", -28],
    ]);
    await expectLedgerConsistent(prisma);
    expectEveryAdminCallAccepted(ctx);
  });

  it("answers a forged webhook with 401 and changes nothing", async () => {
    const ctx = stack.emulator.ctx;
    const before = await prisma.ledgerEntry.count();
    const { customer } = await createCustomer(ctx, {
      shop: SHOP,
      email: "forged@example.com",
    });
    const products = [...ctx.state.shops.get(SHOP)!.products.values()];
    const forged = await placeOrder(
      ctx,
      {
        shop: SHOP,
        customerId: customer.id,
        lines: [{ variantId: products[0].variants[0].id, quantity: 1 }],
      },
      { forgeHmac: true },
    );
    expect(forged.deliveries.map((d) => d.attempts.at(-1)?.status)).toEqual(
      forged.deliveries.map(() => 401),
    );
    expect(await prisma.ledgerEntry.count()).toBe(before);
    await expectLedgerConsistent(prisma);
  });
});
