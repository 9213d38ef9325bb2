import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { cancelRedemption } from "~/services/redemptions/cancel.server";
import { markRedemptionCodesUsed } from "~/services/redemptions/codes-used.server";
import { giftRewardToMember } from "~/services/redemptions/gift.server";
import { MINT_MAX_ATTEMPTS } from "~/services/redemptions/mint-job.server";
import { redeemReward } from "~/services/redemptions/redeem.server";
import { sweepRedemptions } from "~/services/redemptions/sweep.server";
import { listMemberRedemptions } from "~/services/redemptions/views.server";
import { importCodePool, listCodePoolFiles } from "~/services/rewards.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { storeOfflineSession } from "test/fake-admin-api";
import { buildCustomerFacts } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";
import {
  addReward,
  balanceOf,
  createFakeShopify,
  drainRedemptionJobs,
  givePoints,
  newKey,
} from "test/redemption-support";

const SHOP = "redeem-test.myshopify.com";
const OTHER_SHOP = "other-redeem.myshopify.com";
const CUSTOMER = "7001";
const NOW = new Date("2026-11-23T10:00:00Z");
let memberId = "";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await installShop(OTHER_SHOP);
  await storeOfflineSession(SHOP);
  memberId = (await enrollCustomer(
    SHOP,
    buildCustomerFacts({ customerId: CUSTOMER }),
  ))!.memberId!;
  await givePoints(SHOP, memberId, 1000, NOW);
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
  vi.restoreAllMocks();
});

const redeem = (
  rewardId: string,
  extra: { points?: number; idempotencyKey?: string; now?: Date } = {},
) =>
  redeemReward({
    shop: SHOP,
    customerId: CUSTOMER,
    rewardId,
    idempotencyKey: extra.idempotencyKey ?? newKey(),
    points: extra.points,
    now: extra.now ?? NOW,
  });

describe("redeemReward: the reservation", () => {
  it("debits the points, stores the derived code and queues its minting, in one go", async () => {
    const reward = await addReward(SHOP);
    const result = await redeem(reward.id);
    expect(result).toMatchObject({
      status: 201,
      replay: false,
      balance: 500,
      redemption: { status: "pending", points: 500, rewardName: "$5 off" },
    });
    if (result.status !== 201) throw new Error("expected 201");
    expect(result.redemption.code).toMatch(
      /^LOYAL-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/,
    );
    const redemption = await prisma.redemption.findUniqueOrThrow({
      where: { id: result.redemption.id },
    });
    expect(redemption).toMatchObject({
      state: "reserved",
      code: result.redemption.code,
      points: 500,
    });
    const debit = await prisma.ledgerEntry.findFirstOrThrow({
      where: { kind: "redemption" },
    });
    expect(debit).toMatchObject({
      points: -500,
      sourceId: redemption.id,
      id: redemption.debitEntryId,
    });
    expect(
      await prisma.outboxJob.count({ where: { kind: "mint_discount_code" } }),
    ).toBe(1);
  });

  it("mints the code restricted to the customer, usable once, then shows it active", async () => {
    const reward = await addReward(SHOP);
    const shopify = createFakeShopify();
    const result = await redeem(reward.id);
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    const names = shopify.calls
      .map((c) => c.operationName)
      .filter((n) => n !== "MetafieldsSet");
    expect(names).toEqual([
      "CodeDiscountNodeByCode",
      "DiscountCodeBasicCreate",
    ]);
    const input = shopify.calls[1].variables.basicCodeDiscount as Record<
      string,
      unknown
    >;
    expect(input).toMatchObject({
      code: result.status === 201 ? result.redemption.code : "",
      usageLimit: 1,
      context: { customers: { add: [`gid://shopify/Customer/${CUSTOMER}`] } },
    });
    const [view] = await listMemberRedemptions(memberId, "en");
    expect(view).toMatchObject({ status: "active", points: 500 });
    expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({
      state: "confirmed",
      shopifyId: "gid://shopify/DiscountCodeNode/1",
    });
  });

  it("answers the same key with the same result and no second debit; another body gets 422", async () => {
    const reward = await addReward(SHOP);
    const slider = await addReward(SHOP, {
      type: "points_slider",
      pointsStep: 100,
      valuePerStep: 1000,
      minPoints: 100,
      maxPoints: 500,
      pointsCost: undefined,
      amount: undefined,
    });
    const key = newKey();
    const first = await redeem(reward.id, { idempotencyKey: key });
    const again = await redeem(reward.id, { idempotencyKey: key });
    expect(again).toEqual({ ...first, replay: true });
    expect(await balanceOf(memberId)).toBe(500);
    expect(
      await redeem(slider.id, { idempotencyKey: key, points: 200 }),
    ).toMatchObject({ status: 422, outcome: "idempotency_key_reused" });
    expect(await prisma.redemption.count()).toBe(1);
    expect(await balanceOf(memberId)).toBe(500);
  });

  it("refuses more points than the balance with 409 and changes nothing", async () => {
    const reward = await addReward(SHOP, { pointsCost: 1001 });
    expect(await redeem(reward.id)).toMatchObject({
      status: 409,
      outcome: "insufficient_points",
      points: 1001,
      balance: 1000,
      missing: 1,
    });
    expect(await prisma.redemption.count()).toBe(0);
    expect(await balanceOf(memberId)).toBe(1000);
  });

  it("does not know another shop's reward, an archived one or a made-up id (404)", async () => {
    const foreign = await addReward(OTHER_SHOP);
    const archived = await addReward(SHOP);
    await prisma.reward.update({
      where: { id: archived.id },
      data: { archivedAt: NOW },
    });
    for (const id of [foreign.id, archived.id, "nope"])
      expect(await redeem(id)).toMatchObject({
        status: 404,
        outcome: "unknown_reward",
      });
    expect(await prisma.redemption.count()).toBe(0);
    expect(await balanceOf(memberId)).toBe(1000);
  });

  it("takes a slider amount within range, rounded down to whole steps, and refuses one outside with 422", async () => {
    const slider = await addReward(SHOP, {
      type: "points_slider",
      pointsStep: 100,
      valuePerStep: 1000,
      minPoints: 200,
      maxPoints: 800,
      pointsCost: undefined,
      amount: undefined,
    });
    for (const points of [100, 900, 1.5, undefined]) {
      expect(await redeem(slider.id, { points })).toMatchObject({
        status: 422,
        outcome: "invalid_points",
      });
    }
    expect(await balanceOf(memberId)).toBe(1000);
    const ok = await redeem(slider.id, { points: 350 });
    expect(ok).toMatchObject({
      status: 201,
      redemption: { points: 300 },
      balance: 700,
    });
    const snapshot = JSON.parse(
      (await prisma.redemption.findFirstOrThrow()).rewardSnapshot,
    );
    expect(snapshot.discount.benefit).toEqual({
      kind: "amount_off",
      amount: 3000,
    });
  });

  it("sells the last unit of a stock once (410 after), and keeps a per-customer limit (422)", async () => {
    const stocked = await addReward(SHOP, { pointsCost: 100, stock: 1 });
    expect(await redeem(stocked.id)).toMatchObject({ status: 201 });
    expect(await redeem(stocked.id)).toMatchObject({
      status: 410,
      outcome: "sold_out",
    });
    const limited = await addReward(SHOP, {
      pointsCost: 100,
      limitPerCustomer: 1,
    });
    expect(await redeem(limited.id)).toMatchObject({ status: 201 });
    expect(await redeem(limited.id)).toMatchObject({
      status: 422,
      outcome: "limit_reached",
    });
    expect(await balanceOf(memberId)).toBe(800);
  });

  it("rate-limits a customer after 5 attempts a minute (429 with a retry time), replays excepted", async () => {
    const reward = await addReward(SHOP, { pointsCost: 10 });
    const key = newKey();
    for (let i = 0; i < 5; i += 1)
      expect(
        await redeem(reward.id, i === 0 ? { idempotencyKey: key } : {}),
      ).toMatchObject({ status: 201 });
    expect(await redeem(reward.id, { idempotencyKey: key })).toMatchObject({
      status: 201,
      replay: true,
    });
    expect(await redeem(reward.id)).toMatchObject({
      status: 429,
      outcome: "rate_limited",
      retryAfterSeconds: 60,
    });
    expect(
      await redeem(reward.id, { now: new Date(NOW.getTime() + 60_000) }),
    ).toMatchObject({ status: 201 });
    expect(await balanceOf(memberId)).toBe(940);
  });

  it("edits to a reward never change a redemption already made", async () => {
    const reward = await addReward(SHOP);
    await redeem(reward.id);
    await prisma.reward.update({
      where: { id: reward.id },
      data: {
        config: JSON.stringify({
          ...JSON.parse(reward.config),
          amount: 9000,
          name: { en: "Changed" },
        }),
      },
    });
    const shopify = createFakeShopify();
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    const input = shopify.calls.find(
      (c) => c.operationName === "DiscountCodeBasicCreate",
    )!.variables.basicCodeDiscount as { customerGets: { value: unknown } };
    expect(input.customerGets.value).toEqual({
      discountAmount: { amount: "5.00", appliesOnEachItem: false },
    });
    expect((await listMemberRedemptions(memberId, "en"))[0].rewardName).toBe(
      "$5 off",
    );
  });
});

describe("the mint job", () => {
  it("adopts a code an earlier attempt created (lost answer) instead of minting a second", async () => {
    const reward = await addReward(SHOP);
    const result = await redeem(reward.id);
    const shopify = createFakeShopify();
    shopify.codes.set(
      result.status === 201 ? result.redemption.code! : "",
      "gid://shopify/DiscountCodeNode/77",
    );
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    expect(
      shopify.calls.filter((c) => c.operationName?.endsWith("Create")),
    ).toHaveLength(0);
    expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({
      state: "confirmed",
      shopifyId: "gid://shopify/DiscountCodeNode/77",
    });
  });

  it("a refusal for good fails the redemption and gives the points and the stock unit back, once", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const reward = await addReward(SHOP, { stock: 1 });
    await redeem(reward.id);
    const shopify = createFakeShopify((call) =>
      call.operationName === "DiscountCodeBasicCreate"
        ? {
            body: {
              data: {
                discountCodeBasicCreate: {
                  codeDiscountNode: null,
                  userErrors: [
                    { field: ["x"], message: "No", code: "INVALID" },
                  ],
                },
              },
            },
          }
        : null,
    );
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    const redemption = await prisma.redemption.findFirstOrThrow();
    expect(redemption).toMatchObject({
      state: "refunded",
      failedAt: expect.any(Date),
    });
    expect(await balanceOf(memberId)).toBe(1000);
    const refund = await prisma.ledgerEntry.findFirstOrThrow({
      where: { kind: "redemption_refund" },
    });
    expect(refund).toMatchObject({
      points: 500,
      correctsEntryId: redemption.debitEntryId,
    });
    expect(
      (await prisma.reward.findUniqueOrThrow({ where: { id: reward.id } }))
        .redeemedCount,
    ).toBe(0);
    expect(await listMemberRedemptions(memberId, "en")).toEqual([]);
  });

  it("a redemption that cannot become a valid mutation (a customer id Shopify would not accept) fails at once with its points back", async () => {
    await enrollCustomer(
      SHOP,
      buildCustomerFacts({
        customerId: "not-a-number",
        email: "x@example.com",
      }),
    );
    const odd = await prisma.member.findFirstOrThrow({
      where: { customerId: "not-a-number" },
    });
    await givePoints(SHOP, odd.id, 500, NOW);
    const reward = await addReward(SHOP);
    expect(
      await redeemReward({
        shop: SHOP,
        customerId: "not-a-number",
        rewardId: reward.id,
        idempotencyKey: newKey(),
        now: NOW,
      }),
    ).toMatchObject({ status: 201 });
    const shopify = createFakeShopify();
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({
      state: "refunded",
      attempts: 1,
    });
    expect(await balanceOf(odd.id)).toBe(500);
    expect(
      shopify.calls.filter((c) => c.operationName !== "MetafieldsSet"),
    ).toEqual([]);
  });

  it("retries outages, then after the last attempt fails and refunds", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const reward = await addReward(SHOP);
    await redeem(reward.id);
    const shopify = createFakeShopify((call) =>
      call.operationName === "MetafieldsSet"
        ? null
        : { status: 503, body: "down" },
    );
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    const redemption = await prisma.redemption.findFirstOrThrow();
    expect(redemption).toMatchObject({
      state: "refunded",
      attempts: MINT_MAX_ATTEMPTS,
    });
    expect(await balanceOf(memberId)).toBe(1000);
  });

  it("survives one transient failure and mints exactly one code", async () => {
    const reward = await addReward(SHOP);
    await redeem(reward.id);
    let failed = false;
    const shopify = createFakeShopify((call) => {
      if (call.operationName === "DiscountCodeBasicCreate" && !failed) {
        failed = true;
        return { status: 502, body: "bad gateway" };
      }
      return null;
    });
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    expect(shopify.codes.size).toBe(1);
    expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({
      state: "confirmed",
      attempts: 2,
    });
  });

  it("mints every reward type with its own mutation", async () => {
    const rewards = [
      await addReward(SHOP, {
        type: "percentage_off",
        percentage: 10,
        amount: undefined,
        pointsCost: 10,
      }),
      await addReward(SHOP, {
        type: "free_shipping",
        amount: undefined,
        pointsCost: 10,
      }),
      await addReward(SHOP, {
        type: "free_product",
        productId: "gid://shopify/Product/1",
        amount: undefined,
        pointsCost: 10,
      }),
      await addReward(SHOP, {
        type: "buy_x_get_y",
        amount: undefined,
        pointsCost: 10,
        buys: {
          items: { kind: "products", productIds: ["gid://shopify/Product/1"] },
          quantity: 1,
        },
        gets: {
          items: { kind: "products", productIds: ["gid://shopify/Product/2"] },
          quantity: 1,
          percentage: 100,
        },
      }),
      await addReward(SHOP, {
        type: "gift_card",
        amount: 10000,
        pointsCost: 10,
      }),
    ];
    for (const reward of rewards)
      expect(await redeem(reward.id)).toMatchObject({ status: 201 });
    const shopify = createFakeShopify();
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    const creates = shopify.calls
      .map((c) => c.operationName)
      .filter((n) => n?.endsWith("Create"));
    expect(creates.sort()).toEqual([
      "DiscountCodeBasicCreate",
      "DiscountCodeBasicCreate",
      "DiscountCodeBxgyCreate",
      "DiscountCodeFreeShippingCreate",
      "GiftCardCreate",
    ]);
    expect(
      await prisma.redemption.count({ where: { state: "confirmed" } }),
    ).toBe(5);
    const giftCard = await prisma.redemption.findFirstOrThrow({
      where: { rewardType: "gift_card" },
    });
    expect(giftCard.code).toMatch(/^LOYAL[2-9A-HJ-NP-Z]{12}$/);
  });
});

describe("code pools", () => {
  it("hands out imported codes one per redemption, and is sold out when none is left", async () => {
    const imported = await importCodePool(SHOP, {
      poolId: "pool-1",
      filename: "codes.csv",
      text: "Code\r\nAAA111 | |||\nBBB222\n\n",
    });
    expect(imported).toMatchObject({ outcome: "imported", imported: 2 });
    const reward = await addReward(SHOP, {
      type: "code_pool",
      poolId: "pool-1",
      amount: undefined,
      pointsCost: 100,
    });
    const first = await redeem(reward.id);
    const second = await redeem(reward.id);
    expect(first).toMatchObject({
      status: 201,
      redemption: { code: "AAA111", status: "active" },
    });
    expect(second).toMatchObject({
      status: 201,
      redemption: { code: "BBB222" },
    });
    expect(await redeem(reward.id)).toMatchObject({
      status: 410,
      outcome: "sold_out",
    });
    expect(await balanceOf(memberId)).toBe(800);
    expect(await listCodePoolFiles(SHOP, "pool-1")).toMatchObject([
      { total: 2, assigned: 2, remaining: 0 },
    ]);
    expect(
      await prisma.outboxJob.count({ where: { kind: "mint_discount_code" } }),
    ).toBe(0);
  });

  it("refuses a file with duplicates, with their line numbers, and imports nothing", async () => {
    const result = await importCodePool(SHOP, {
      poolId: "pool-1",
      filename: "dup.csv",
      text: "AAA\nBBB\naaa\n",
    });
    expect(result).toMatchObject({
      outcome: "invalid",
      errors: [{ line: 3, reason: "duplicate_in_file", firstLine: 1 }],
    });
    expect(await prisma.poolCode.count()).toBe(0);
  });
});

describe("cancel, use, expire", () => {
  async function activeRedemption(overrides: Record<string, unknown> = {}) {
    const reward = await addReward(SHOP, overrides);
    const result = await redeem(reward.id);
    const shopify = createFakeShopify();
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    if (result.status !== 201) throw new Error("expected 201");
    return { shopify, id: result.redemption.id, code: result.redemption.code! };
  }

  it("a shopper's cancellation deactivates the code, then gives the points back", async () => {
    const { shopify, id } = await activeRedemption();
    expect(await balanceOf(memberId)).toBe(500);
    const result = await cancelRedemption({
      shop: SHOP,
      customerId: CUSTOMER,
      redemptionId: id,
      now: NOW,
    });
    expect(result).toMatchObject({
      status: 200,
      redemption: { status: "cancelled" },
    });
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    expect(shopify.deactivated).toEqual(["gid://shopify/DiscountCodeNode/1"]);
    expect(await balanceOf(memberId)).toBe(1000);
    expect(
      await prisma.redemption.findUniqueOrThrow({ where: { id } }),
    ).toMatchObject({ state: "refunded" });
    // Twice is the same answer, no second refund.
    expect(
      await cancelRedemption({
        shop: SHOP,
        customerId: CUSTOMER,
        redemptionId: id,
      }),
    ).toMatchObject({ status: 200 });
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    expect(await balanceOf(memberId)).toBe(1000);
  });

  it("another customer cannot cancel it (404); a used code cannot be cancelled (409)", async () => {
    const { id, code } = await activeRedemption();
    await enrollCustomer(
      SHOP,
      buildCustomerFacts({ customerId: "7002", email: "b@example.com" }),
    );
    expect(
      await cancelRedemption({
        shop: SHOP,
        customerId: "7002",
        redemptionId: id,
      }),
    ).toMatchObject({ status: 404 });
    expect(
      await markRedemptionCodesUsed({
        shop: SHOP,
        orderId: "9001",
        discountCodes: [code.toLowerCase()],
      }),
    ).toEqual({ used: 1 });
    expect(
      await cancelRedemption({
        shop: SHOP,
        customerId: CUSTOMER,
        redemptionId: id,
      }),
    ).toMatchObject({ status: 409 });
    expect(
      await prisma.redemption.findUniqueOrThrow({ where: { id } }),
    ).toMatchObject({ state: "used", usedOrderId: "9001" });
    expect(await balanceOf(memberId)).toBe(500);
  });

  it("an order with the code after a cancellation, before the refund: used, no points back", async () => {
    const { shopify, id, code } = await activeRedemption();
    await cancelRedemption({
      shop: SHOP,
      customerId: CUSTOMER,
      redemptionId: id,
    });
    await markRedemptionCodesUsed({
      shop: SHOP,
      orderId: "9002",
      discountCodes: [code],
    });
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    expect(
      await prisma.redemption.findUniqueOrThrow({ where: { id } }),
    ).toMatchObject({ state: "used" });
    expect(await balanceOf(memberId)).toBe(500);
  });

  it("unused codes expire after the validity: deactivated, points back only when the reward says so", async () => {
    const refunding = await activeRedemption({
      codeValidityDays: 1,
      refundPointsOnExpiry: true,
    });
    const keeping = await activeRedemption({ codeValidityDays: 2 });
    expect(await balanceOf(memberId)).toBe(0);
    expect(
      await sweepRedemptions(SHOP, new Date(NOW.getTime() + 36 * 3600_000)),
    ).toEqual({ expired: 1, requeued: 0 });
    await drainRedemptionJobs(refunding.shopify.admin, {
      now: () => new Date(NOW.getTime() + 36 * 3600_000),
    });
    expect(await balanceOf(memberId)).toBe(500);
    expect(
      await sweepRedemptions(SHOP, new Date(NOW.getTime() + 72 * 3600_000)),
    ).toEqual({ expired: 1, requeued: 0 });
    await drainRedemptionJobs(keeping.shopify.admin, {
      now: () => new Date(NOW.getTime() + 72 * 3600_000),
    });
    expect(await balanceOf(memberId)).toBe(500);
    expect(
      refunding.shopify.deactivated.length + keeping.shopify.deactivated.length,
    ).toBe(2);
    const views = await listMemberRedemptions(memberId, "en");
    expect(views.map((v) => v.status)).toEqual(["expired", "expired"]);
  });

  it("a gift card or an imported pool code cannot be cancelled for points (409), since neither can be switched off", async () => {
    const giftCard = await activeRedemption({
      type: "gift_card",
      amount: 10000,
      pointsCost: 100,
    });
    await importCodePool(SHOP, {
      poolId: "p",
      filename: "p.csv",
      text: "POOL0001\n",
    });
    const pool = await activeRedemption({
      type: "code_pool",
      poolId: "p",
      amount: undefined,
      pointsCost: 100,
    });
    for (const { id } of [giftCard, pool]) {
      expect(
        await cancelRedemption({
          shop: SHOP,
          customerId: CUSTOMER,
          redemptionId: id,
        }),
      ).toMatchObject({ status: 409, outcome: "not_cancellable" });
    }
    expect(await balanceOf(memberId)).toBe(800);
  });

  it("a worker that died mid-mint (job left running, code already at Shopify) is repaired on restart: one code, confirmed", async () => {
    const reward = await addReward(SHOP);
    const result = await redeem(reward.id);
    if (result.status !== 201) throw new Error("expected 201");
    // The dead worker's state: the job claimed with a lease now past, the code created at Shopify, nothing recorded.
    await prisma.outboxJob.updateMany({
      where: { kind: "mint_discount_code" },
      data: { status: "running", lockedUntil: new Date(NOW.getTime() - 1000) },
    });
    const shopify = createFakeShopify();
    shopify.codes.set(
      result.redemption.code!,
      "gid://shopify/DiscountCodeNode/5",
    );
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({
      state: "confirmed",
      shopifyId: "gid://shopify/DiscountCodeNode/5",
    });
    expect(
      shopify.calls.filter((c) => c.operationName?.endsWith("Create")),
    ).toHaveLength(0);
  });

  it("the sweep forgets rate-limit attempts older than a day", async () => {
    const reward = await addReward(SHOP, { pointsCost: 10 });
    await redeem(reward.id);
    expect(await prisma.redemptionAttempt.count()).toBe(1);
    await sweepRedemptions(SHOP, new Date(NOW.getTime() + 23 * 3600_000));
    expect(await prisma.redemptionAttempt.count()).toBe(1);
    await sweepRedemptions(SHOP, new Date(NOW.getTime() + 25 * 3600_000));
    expect(await prisma.redemptionAttempt.count()).toBe(0);
  });

  it("the sweep re-queues a reservation whose mint job was lost", async () => {
    const reward = await addReward(SHOP);
    await redeem(reward.id);
    await prisma.outboxJob.deleteMany({
      where: { kind: "mint_discount_code" },
    });
    expect(
      await sweepRedemptions(SHOP, new Date(NOW.getTime() + 10 * 60_000)),
    ).toEqual({ expired: 0, requeued: 1 });
    const shopify = createFakeShopify();
    await drainRedemptionJobs(shopify.admin, {
      now: () => new Date(NOW.getTime() + 10 * 60_000),
    });
    expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({
      state: "confirmed",
    });
    expect(shopify.codes.size).toBe(1);
  });
});

describe("giftRewardToMember", () => {
  it("gives an existing reward without points or ledger entry, shown as a gift", async () => {
    const reward = await addReward(SHOP);
    const result = await giftRewardToMember({
      shop: SHOP,
      memberId,
      rewardId: reward.id,
      by: "staff@example.com",
      now: NOW,
    });
    expect(result).toMatchObject({
      outcome: "gifted",
      redemption: { gift: true, points: 0, giftedBy: "staff@example.com" },
    });
    expect(
      await prisma.ledgerEntry.count({ where: { kind: "redemption" } }),
    ).toBe(0);
    const shopify = createFakeShopify();
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    expect(await listMemberRedemptions(memberId, "en")).toMatchObject([
      { gift: true, status: "active", points: 0 },
    ]);
    expect(await balanceOf(memberId)).toBe(1000);
  });

  it("gives a points slider worth the chosen amount, deducting nothing; refuses an amount off the slider and changes nothing", async () => {
    const slider = await addReward(SHOP, {
      type: "points_slider",
      pointsStep: 100,
      valuePerStep: 1000,
      minPoints: 200,
      maxPoints: 800,
      pointsCost: undefined,
      amount: undefined,
    });
    for (const [points, reason] of [
      [100, "below_minimum"],
      [900, "above_maximum"],
      [1.5, "not_a_whole_number"],
      [undefined, "missing"],
    ] as const) {
      expect(
        await giftRewardToMember({
          shop: SHOP,
          memberId,
          rewardId: slider.id,
          points,
          by: "staff",
          now: NOW,
        }),
      ).toEqual({
        outcome: "invalid_amount",
        reason,
        minPoints: 200,
        maxPoints: 800,
        step: 100,
      });
    }
    expect(await prisma.redemption.count()).toBe(0);
    expect(
      await prisma.reward.findUniqueOrThrow({ where: { id: slider.id } }),
    ).toMatchObject({ redeemedCount: 0 });

    const result = await giftRewardToMember({
      shop: SHOP,
      memberId,
      rewardId: slider.id,
      points: 500,
      by: "staff",
      now: NOW,
    });
    expect(result).toMatchObject({
      outcome: "gifted",
      redemption: { gift: true, points: 0 },
    });
    const shopify = createFakeShopify();
    await drainRedemptionJobs(shopify.admin, { now: () => NOW });
    const mint = shopify.calls.find(
      (call) => call.operationName === "DiscountCodeBasicCreate",
    );
    expect(JSON.stringify(mint?.variables)).toContain(
      '"discountAmount":{"amount":"5.00"',
    );
    expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({
      state: "confirmed",
      points: 0,
    });
    expect(await balanceOf(memberId)).toBe(1000);
    expect(
      await prisma.ledgerEntry.count({ where: { kind: "redemption" } }),
    ).toBe(0);
  });

  it("gives a one-off points slider at the chosen amount; an amount off its range leaves no one-off reward behind", async () => {
    const oneOff = {
      type: "points_slider",
      name: { en: "Make it right" },
      pointsStep: 50,
      valuePerStep: 500,
      minPoints: 50,
      maxPoints: 1000,
    };
    expect(
      await giftRewardToMember({
        shop: SHOP,
        memberId,
        oneOffReward: oneOff,
        points: 2000,
        by: "staff",
      }),
    ).toMatchObject({
      outcome: "invalid_amount",
      reason: "above_maximum",
    });
    expect(await prisma.reward.count({ where: { oneOff: true } })).toBe(0);
    expect(
      await giftRewardToMember({
        shop: SHOP,
        memberId,
        oneOffReward: oneOff,
        points: 250,
        by: "staff",
      }),
    ).toMatchObject({ outcome: "gifted" });
    const redemption = await prisma.redemption.findFirstOrThrow();
    expect(JSON.parse(redemption.rewardSnapshot).discount.benefit).toEqual({
      kind: "amount_off",
      amount: 2500,
    });
    expect(await balanceOf(memberId)).toBe(1000);
  });

  it("reports an empty shelf as sold out and an archived reward as unknown", async () => {
    const stocked = await addReward(SHOP, { stock: 1 });
    expect(
      await giftRewardToMember({
        shop: SHOP,
        memberId,
        rewardId: stocked.id,
        by: "staff",
      }),
    ).toMatchObject({ outcome: "gifted" });
    expect(
      await giftRewardToMember({
        shop: SHOP,
        memberId,
        rewardId: stocked.id,
        by: "staff",
      }),
    ).toEqual({ outcome: "sold_out" });
    await prisma.reward.update({
      where: { id: stocked.id },
      data: { archivedAt: NOW },
    });
    expect(
      await giftRewardToMember({
        shop: SHOP,
        memberId,
        rewardId: stocked.id,
        by: "staff",
      }),
    ).toEqual({ outcome: "unknown_reward" });
  });

  it("gives a new one-off reward, kept out of the catalogue; refuses an invalid one and another shop's member", async () => {
    const oneOff = {
      type: "percentage_off",
      name: { en: "Sorry" },
      pointsCost: 1,
      percentage: 15,
    };
    expect(
      await giftRewardToMember({
        shop: SHOP,
        memberId,
        oneOffReward: oneOff,
        by: "staff",
      }),
    ).toMatchObject({ outcome: "gifted" });
    expect(
      await prisma.reward.findFirstOrThrow({ where: { oneOff: true } }),
    ).toBeTruthy();
    expect(
      await giftRewardToMember({
        shop: SHOP,
        memberId,
        oneOffReward: { ...oneOff, percentage: 0 },
        by: "staff",
      }),
    ).toMatchObject({ outcome: "invalid" });
    expect(
      await giftRewardToMember({
        shop: OTHER_SHOP,
        memberId,
        oneOffReward: oneOff,
        by: "staff",
      }),
    ).toEqual({ outcome: "unknown_member" });
  });
});
