import { afterEach, beforeEach, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { action } from "~/routes/webhooks.orders.paid";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { redeemReward } from "~/services/redemptions/redeem.server";
import { buildCustomerFacts } from "test/factories";
import { storeOfflineSession } from "test/fake-admin-api";
import { expectLedgerConsistent } from "test/ledger-invariants";
import {
  addReward,
  createFakeShopify,
  drainRedemptionJobs,
  givePoints,
  newKey,
} from "test/redemption-support";
import { signedWebhookRequest, webhookFixture } from "test/webhooks";

const SHOP = "paid-codes.myshopify.com";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
  vi.restoreAllMocks();
});

it("orders/paid with a redemption's code marks it used, once, whatever the case of the code", async () => {
  const order = webhookFixture<{
    id: number;
    customer: { id: number };
    discount_codes: { code: string }[];
  }>("orders-paid");
  const customerId = String(order.customer.id);
  const memberId = (await enrollCustomer(
    SHOP,
    buildCustomerFacts({ customerId }),
  ))!.memberId!;
  await givePoints(SHOP, memberId, 1000);
  const reward = await addReward(SHOP);
  const result = await redeemReward({
    shop: SHOP,
    customerId,
    rewardId: reward.id,
    idempotencyKey: newKey(),
  });
  if (result.status !== 201) throw new Error("expected 201");
  await drainRedemptionJobs(createFakeShopify().admin);

  order.discount_codes = [
    { ...order.discount_codes[0], code: result.redemption.code!.toLowerCase() },
  ];
  for (let i = 0; i < 2; i += 1) {
    const response = await action({
      request: signedWebhookRequest({
        topic: "orders/paid",
        shop: SHOP,
        body: order,
      }),
      params: {},
      context: {},
    });
    expect(response.status).toBe(200);
  }
  expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({
    state: "used",
    usedOrderId: String(order.id),
  });
});
