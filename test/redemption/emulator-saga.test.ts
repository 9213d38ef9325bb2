import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from "vitest";

import prisma from "~/db.server";
import { runDeactivateJob } from "~/services/redemptions/deactivate-job.server";
import { runMintJob } from "~/services/redemptions/mint-job.server";
import { redeemReward } from "~/services/redemptions/redeem.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { createOutboxWorker } from "~/services/worker.server";
import { type AdminRequestOptions } from "~/shopify/admin-client.server";
import { createShopifyFetch } from "~/shopify/shopify-fetch.server";
import {
  grantOptionalScopes,
  revokeOptionalScopes,
} from "../../emulator/admin/access-scopes";
import { issueAccessToken } from "../../emulator/admin/access-tokens";
import { NO_FAULTS } from "../../emulator/context";
import { type RunningEmulator, startEmulator } from "../../emulator/server";
import { type ShopState } from "../../emulator/state";
import { storeShop } from "../../emulator/store/shop";
import {
  chargeRequestedCost,
  throttleStatus,
} from "../../emulator/admin/throttle";
import { buildCustomerFacts } from "test/factories";
import { storeOfflineSession } from "test/fake-admin-api";
import { expectLedgerConsistent } from "test/ledger-invariants";
import { addReward, givePoints, newKey } from "test/redemption-support";
import { slowTestTimeout } from "test/database";

/**
 * The saga against the real emulator over HTTP: its schema validation, its faults (5xx, answers
 * lost after the mutation ran) and its cost-based throttling.
 */

const SHOP = "saga-emulator.myshopify.com";
let emulator: RunningEmulator;
let emuShop: ShopState;
let admin: AdminRequestOptions;

beforeAll(async () => {
  emulator = await startEmulator({
    config: {
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      appUrl: "http://localhost:3999",
      apiVersion: "2026-07",
      appTomlPath: "shopify.app.toml",
      throttle: { maximumAvailable: 2000, restoreRate: 100 },
    },
  });
  // Fast in-process throttle retries: the test waits for Shopify's bucket, not for a fixed sleep.
  admin = { fetch: createShopifyFetch(emulator.url), timeoutMs: 5_000 };
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  await prisma.shop.deleteMany();
  emulator.ctx.state.shops.delete(SHOP);
  emulator.ctx.faults = { ...NO_FAULTS };
  emulator.ctx.config.throttle = { maximumAvailable: 2000, restoreRate: 100 };
  emuShop = storeShop(emulator.ctx, SHOP, { currencyCode: "USD" });
  emuShop.shop.installed = true;
  // Gift card rewards need the optional write_gift_cards scope, granted here as a merchant would.
  grantOptionalScopes(emulator.ctx.config, emuShop, ["write_gift_cards"]);
  const { accessToken } = issueAccessToken(emuShop, {
    accessMode: "offline",
    now: new Date(),
    lifetimeSeconds: null,
  });
  await installShop(SHOP);
  await storeOfflineSession(SHOP, accessToken);
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});

/** A customer at the emulator and the same customer as a member of the app, with `points`. */
async function addMember(
  points: number,
  options: { atShopify?: boolean } = {},
) {
  const id = emulator.ctx.state.nextId();
  if (options.atShopify ?? true) {
    const at = new Date().toISOString();
    emuShop.customers.set(id, {
      id,
      email: `c${id}@example.com`,
      firstName: "Ada",
      lastName: "Lovelace",
      phone: null,
      tags: [],
      verifiedEmail: true,
      emailMarketingState: "NOT_SUBSCRIBED",
      createdAt: at,
      updatedAt: at,
    });
  }
  const customerId = String(id);
  const memberId = (await enrollCustomer(
    SHOP,
    buildCustomerFacts({ customerId, email: `c${id}@example.com` }),
  ))!.memberId!;
  await givePoints(SHOP, memberId, points);
  return { customerId, memberId };
}

/** Runs the outbox like `workers` app instances at once until every redemption is settled. */
async function settle(workers = 1) {
  const worker = createOutboxWorker({
    baseDelayMs: 0,
    maxDelayMs: 0,
    random: () => 0,
    handlers: {
      mirror_member: async () => {},
      sync_shop_profile: async () => {},
      ensure_metafield_definitions: async () => {},
      sweep_redemptions: async () => {},
      mint_discount_code: (job) => runMintJob(job.payload, { admin }),
      deactivate_discount_code: (job) =>
        runDeactivateJob(job.payload, { admin }),
    },
  });
  for (let round = 0; round < 10_000; round += 1) {
    const summaries = await Promise.all(
      Array.from({ length: workers }, () => worker.drainOnce(25)),
    );
    if (summaries.every((s) => s.claimed === 0)) {
      if (
        (await prisma.redemption.count({ where: { state: "reserved" } })) === 0
      )
        return;
      // Only jobs waiting for Shopify's bucket to refill: give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error("the outbox did not settle");
}

/**
 * The first batch meets a drained bucket whatever the machine's speed: the emulator's clock
 * (which refills the bucket) stands still until a call has been throttled, then runs again.
 * A loaded machine otherwise refills the bucket between calls and never throttles.
 */
async function settleThrottledOnce() {
  const state = emulator.ctx.state;
  const runningNow = state.now;
  const standing = runningNow();
  let throttledYet = false;
  state.now = () => (throttledYet ? runningNow() : standing);
  chargeRequestedCost(
    emulator.ctx,
    SHOP,
    throttleStatus(emulator.ctx, SHOP).currentlyAvailable,
  );
  const watch = setInterval(() => {
    throttledYet ||= emulator.ctx.adminCalls.some((c) =>
      c.errors.some((e) => /throttled/i.test(e)),
    );
  }, 5);
  try {
    await settle(4);
  } finally {
    clearInterval(watch);
    state.now = runningNow;
  }
}

/** Codes at the emulator: discount codes and gift card codes, with how many objects carry each. */
function codesAtShopify(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const discount of emuShop.discounts.values()) {
    for (const { code } of discount.codes)
      counts.set(code.toUpperCase(), (counts.get(code.toUpperCase()) ?? 0) + 1);
  }
  for (const giftCard of emuShop.giftCards.values()) {
    counts.set(
      giftCard.code.toUpperCase(),
      (counts.get(giftCard.code.toUpperCase()) ?? 0) + 1,
    );
  }
  return counts;
}

describe("every reward type", () => {
  it("mints at the emulator with the schema-checked mutation, restricted to the customer, usable once", async () => {
    const [product, other] = [...emuShop.products.values()];
    const productGid = `gid://shopify/Product/${product.id}`;
    const variantGid = `gid://shopify/ProductVariant/${product.variants[0].id}`;
    const otherGid = `gid://shopify/Product/${other.id}`;
    const rewards = [
      await addReward(SHOP, {
        type: "percentage_off",
        percentage: 15,
        amount: undefined,
        pointsCost: 10,
        minimumSubtotal: 20000,
        codeValidityDays: 30,
      }),
      await addReward(SHOP, {
        pointsCost: 10,
        appliesTo: { kind: "products", productIds: [productGid] },
        combinesWith: { orderDiscounts: true },
      }),
      await addReward(SHOP, {
        type: "free_shipping",
        amount: undefined,
        pointsCost: 10,
        maxShippingRate: 10000,
      }),
      await addReward(SHOP, {
        type: "free_product",
        productId: productGid,
        variantId: variantGid,
        maxDiscountAmount: 25000,
        amount: undefined,
        pointsCost: 10,
      }),
      await addReward(SHOP, {
        type: "buy_x_get_y",
        amount: undefined,
        pointsCost: 10,
        buys: {
          items: { kind: "products", productIds: [productGid] },
          quantity: 2,
        },
        gets: {
          items: { kind: "products", productIds: [otherGid] },
          quantity: 1,
          percentage: 100,
        },
      }),
      await addReward(SHOP, {
        type: "gift_card",
        amount: 25000,
        pointsCost: 10,
        codeValidityDays: 365,
      }),
      await addReward(SHOP, {
        type: "points_slider",
        pointsStep: 10,
        valuePerStep: 1000,
        minPoints: 10,
        maxPoints: 100,
        amount: undefined,
        pointsCost: undefined,
      }),
    ];
    const { customerId } = await addMember(1000);
    for (const reward of rewards) {
      const result = await redeemReward({
        shop: SHOP,
        customerId,
        rewardId: reward.id,
        idempotencyKey: newKey(),
        points: 50,
        rateLimits: [],
      });
      expect(result.status).toBe(201);
    }
    await settle();
    expect(
      await prisma.redemption.count({ where: { state: "confirmed" } }),
    ).toBe(rewards.length);
    const creates = emulator.ctx.adminCalls.filter(
      (c) => c.operationType === "mutation",
    );
    expect(creates.map((c) => c.operationName).sort()).toEqual([
      "DiscountCodeBasicCreate",
      "DiscountCodeBasicCreate",
      "DiscountCodeBasicCreate",
      "DiscountCodeBasicCreate",
      "DiscountCodeBxgyCreate",
      "DiscountCodeFreeShippingCreate",
      "GiftCardCreate",
    ]);
    for (const call of creates) expect(call.errors).toEqual([]);
    for (const call of creates) expect(call.userErrors).toEqual([]);
    for (const discount of emuShop.discounts.values()) {
      expect(discount.customerGids).toEqual([
        `gid://shopify/Customer/${customerId}`,
      ]);
      expect(discount.usageLimit).toBe(1);
    }
    const giftCard = [...emuShop.giftCards.values()][0];
    expect(giftCard.customerId).toBe(Number(customerId));
    await expectLedgerConsistent(prisma);
  });
});

describe("a store that did not grant write_gift_cards", () => {
  it("sees the gift card refused with ACCESS_DENIED and gives the points back", async () => {
    revokeOptionalScopes(emulator.ctx.config, emuShop, ["write_gift_cards"]);
    const reward = await addReward(SHOP, {
      type: "gift_card",
      amount: 2500,
      pointsCost: 100,
    });
    const { customerId, memberId } = await addMember(100);
    const result = await redeemReward({
      shop: SHOP,
      customerId,
      rewardId: reward.id,
      idempotencyKey: newKey(),
      rateLimits: [],
    });
    expect(result.status).toBe(201);
    await settle();
    expect(emuShop.giftCards.size).toBe(0);
    const mint = emulator.ctx.adminCalls
      .filter((call) => call.operationName === "GiftCardCreate")
      .at(-1);
    expect(mint?.errors).toEqual(["ACCESS_DENIED"]);
    expect(
      await prisma.redemption.findFirstOrThrow({ where: { memberId } }),
    ).toMatchObject({ state: "refunded" });
    expect(
      (await prisma.member.findUniqueOrThrow({ where: { id: memberId } }))
        .balance,
    ).toBe(100);
    await expectLedgerConsistent(prisma);
  });
});

describe("concurrent redemptions on a balance that covers one", () => {
  it.each([2, 10, 50])(
    "M = %i, 100 rounds: exactly one success and one code each round",
    async (m) => {
      const reward = await addReward(SHOP, { pointsCost: 100 });
      const winners: string[] = [];
      for (let round = 0; round < 100; round += 1) {
        const { customerId, memberId } = await addMember(100);
        const results = await Promise.all(
          Array.from({ length: m }, () =>
            redeemReward({
              shop: SHOP,
              customerId,
              rewardId: reward.id,
              idempotencyKey: newKey(),
              rateLimits: [],
            }),
          ),
        );
        const statuses = results.map((r) => r.status).sort();
        expect(statuses).toEqual([
          201,
          ...Array.from({ length: m - 1 }, () => 409),
        ]);
        expect(
          (await prisma.member.findUniqueOrThrow({ where: { id: memberId } }))
            .balance,
        ).toBe(0);
        const won = results.find((r) => r.status === 201);
        if (won?.status === 201)
          winners.push(won.redemption.code!.toUpperCase());
      }
      await settle();
      const codes = codesAtShopify();
      expect(codes.size).toBe(100);
      for (const code of winners) expect(codes.get(code)).toBe(1);
      expect(
        await prisma.redemption.count({ where: { state: "confirmed" } }),
      ).toBe(100);
      await expectLedgerConsistent(prisma);
    },
    slowTestTimeout(120_000),
  );
});

describe("1,000 redemptions with emulator faults", () => {
  it(
    "every success has exactly one code, every failure its points back, no orphan codes",
    async () => {
      const rewards = [
        await addReward(SHOP, { pointsCost: 10 }),
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
          type: "gift_card",
          amount: 5000,
          pointsCost: 10,
        }),
      ];
      // 1% 5xx, 1% answers lost after the mutation ran, and a small cost bucket that four workers drain in bursts.
      emulator.ctx.faults = {
        ...NO_FAULTS,
        serverErrorRate: 0.01,
        timeoutAfterSuccessRate: 0.01,
        seed: 4242,
      };
      emulator.ctx.config.throttle = { maximumAvailable: 60, restoreRate: 400 };

      const members = [];
      for (let i = 0; i < 98; i += 1) members.push(await addMember(200));
      // Two customers Shopify does not know: their codes are refused for good.
      for (let i = 0; i < 2; i += 1)
        members.push(await addMember(200, { atShopify: false }));
      let redeemed = 0;
      for (let i = 0; i < 1000; i += 1) {
        const member = members[i % members.length];
        const result = await redeemReward({
          shop: SHOP,
          customerId: member.customerId,
          rewardId: rewards[i % rewards.length].id,
          idempotencyKey: newKey(),
          rateLimits: [],
        });
        expect(result.status).toBe(201);
        redeemed += 1;
        if (i === 99) await settleThrottledOnce();
        else if (i % 100 === 99) await settle(4);
      }
      await settle(4);
      expect(redeemed).toBe(1000);

      const redemptions = await prisma.redemption.findMany({
        include: { member: true },
      });
      const codes = codesAtShopify();
      const confirmed = redemptions.filter((r) => r.state === "confirmed");
      const refunded = redemptions.filter((r) => r.state === "refunded");
      expect(confirmed.length + refunded.length).toBe(1000);
      expect(refunded.length).toBe(20);
      for (const r of confirmed)
        expect(codes.get(r.code!.toUpperCase())).toBe(1);
      for (const r of refunded) {
        expect(codes.has(r.code!.toUpperCase())).toBe(false);
        expect(r.refundEntryId).not.toBeNull();
      }
      // No orphan: every code at Shopify belongs to a confirmed redemption.
      const confirmedCodes = new Set(
        confirmed.map((r) => r.code!.toUpperCase()),
      );
      for (const code of codes.keys())
        expect(confirmedCodes.has(code)).toBe(true);
      expect(codes.size).toBe(confirmed.length);
      // The faults did happen.
      const faults = emulator.ctx.adminCalls.filter(
        (c) =>
          c.fault === "timeout_after_success" ||
          c.fault === "502" ||
          c.fault === "503",
      );
      expect(faults.length).toBeGreaterThan(10);
      const throttled = emulator.ctx.adminCalls.filter((c) =>
        c.errors.some((e) => /throttled/i.test(e)),
      ).length;
      expect(throttled).toBeGreaterThan(0);
      console.info(
        `[faults] ${emulator.ctx.adminCalls.length} Admin calls, ${faults.length} faults (${faults.filter((c) => c.fault === "timeout_after_success").length} lost after success), ` +
          `${throttled} throttled, ${confirmed.length} minted, ${refunded.length} refused and refunded`,
      );
      // Failed redemptions gave their points back: 200 − 10 per success.
      for (const member of members) {
        const mine = confirmed.filter(
          (r) => r.memberId === member.memberId,
        ).length;
        expect(
          (
            await prisma.member.findUniqueOrThrow({
              where: { id: member.memberId },
            })
          ).balance,
        ).toBe(200 - 10 * mine);
      }
      await expectLedgerConsistent(prisma);
    },
    slowTestTimeout(120_000),
  );
});
