import { afterAll, beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { listEarningRules } from "~/models/earning-rules.server";
import { saveEarningRule } from "~/services/earning-rules.server";
import { createCustomer, updateCustomer } from "../../emulator/store/customers";
import { fulfilOrder, placeOrder } from "../../emulator/store/orders";
import { storeShop } from "../../emulator/store/shop";
import type { Stack } from "../../scripts/stack";
import { expectLedgerConsistent } from "../ledger-invariants";
import {
  eventually,
  expectEveryAdminCallAccepted,
  startTestStack,
} from "./harness";

const SHOP = "ways-to-earn.myshopify.com";

// Ways to earn over HTTP, through the built app and the emulator: the account and newsletter
// bonuses from customer webhooks, and an order rule that excludes a product tag (looked up through
// the Admin API, checked against the schema) and awards on fulfilment.
describe("ways to earn end to end", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startTestStack();
    storeShop(stack.emulator.ctx, SHOP, {
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    });
    await stack.installShop(SHOP);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("awards the account and newsletter bonuses, then order points on fulfilment without the excluded tag", async () => {
    const ctx = stack.emulator.ctx;
    await saveEarningRule(SHOP, null, {
      type: "create_account",
      name: "Welcome",
      points: 50,
    });
    await saveEarningRule(SHOP, null, {
      type: "newsletter_signup",
      name: "Newsletter",
      points: 20,
    });
    const [orderRule] = await listEarningRules(prisma, SHOP);
    const saved = await saveEarningRule(SHOP, orderRule.rule.id, {
      type: "place_order",
      name: "Orders",
      earnPoints: 1,
      earnPerAmount: 1,
      exclusions: { productTags: ["no-points"] },
      timing: { when: "fulfilled" },
    });
    expect(saved.ok).toBe(true);

    const { customer } = await createCustomer(ctx, {
      shop: SHOP,
      email: "lea@example.com",
      firstName: "Léa",
      lastName: "Moreau",
    });
    const memberOf = () =>
      prisma.member.findUniqueOrThrow({
        where: {
          shopCustomer: { shopDomain: SHOP, customerId: String(customer.id) },
        },
      });
    await eventually(async () => expect((await memberOf()).balance).toBe(50));
    await updateCustomer(ctx, {
      shop: SHOP,
      customerId: customer.id,
      emailMarketing: "SUBSCRIBED",
    });
    await eventually(async () => expect((await memberOf()).balance).toBe(70));

    const shopState = ctx.state.shops.get(SHOP)!;
    const products = [...shopState.products.values()];
    const beansProduct = products.find((p) => p.title === "Coffee beans")!;
    const mugProduct = products.find((p) => p.title === "Enamel mug")!;
    mugProduct.tags.push("No-Points");
    const placed = await placeOrder(ctx, {
      shop: SHOP,
      customerId: customer.id,
      lines: [
        { variantId: beansProduct.variants[0].id, quantity: 2 },
        { variantId: mugProduct.variants[0].id, quantity: 1 },
      ],
      shipping: { price: "4.90" },
    });
    expect(placed.deliveries.every((d) => d.status === "delivered")).toBe(true);
    const beansAmount = Math.floor(2 * Number(beansProduct.variants[0].price));

    // Pending until fulfilled: visible, not spendable.
    await eventually(async () => {
      const pending = await prisma.pendingAward.findFirstOrThrow({
        where: { shopDomain: SHOP, orderId: String(placed.order.id) },
      });
      expect(pending).toMatchObject({ state: "pending", points: beansAmount });
    });
    expect((await memberOf()).balance).toBe(70);

    await fulfilOrder(ctx, { shop: SHOP, orderId: placed.order.id });
    await eventually(async () =>
      expect((await memberOf()).balance).toBe(70 + beansAmount),
    );
    expect(
      ctx.adminCalls.some(
        (call) => call.operationName === "ProductEarningFacts",
      ),
    ).toBe(true);
    expectEveryAdminCallAccepted(ctx);
    await expectLedgerConsistent(prisma);
  });
});
