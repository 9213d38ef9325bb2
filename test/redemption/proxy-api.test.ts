import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { action as cancelAction } from "~/routes/proxy.api.redemptions.$id.cancel";
import { action as redeemAction } from "~/routes/proxy.api.redemptions._index";
import { loader as meLoader } from "~/routes/proxy.api.me";
import { loader as rewardsLoader } from "~/routes/proxy.api.rewards";
import { authenticateProxy, type ProxyContext } from "~/proxy/proxy.server";
import { giftRewardToMember } from "~/services/redemptions/gift.server";
import {
  saveEarningRule,
  switchEarningRule,
} from "~/services/earning-rules.server";
import { importCodePool } from "~/services/rewards.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { inTransaction } from "~/models/transaction.server";
import { appProxySignature } from "../../emulator/pages/app-proxy";
import { buildCustomerFacts } from "test/factories";
import { storeOfflineSession } from "test/fake-admin-api";
import { expectLedgerConsistent } from "test/ledger-invariants";
import {
  addReward,
  balanceOf,
  createFakeShopify,
  drainRedemptionJobs,
  givePoints,
  newKey,
} from "test/redemption-support";

const SHOP = "proxy-test.myshopify.com";
const OTHER_SHOP = "other-proxy.myshopify.com";
const CUSTOMER = "8001";
const SECRET = "test-api-secret";
let memberId = "";

/** A request as Shopify's app proxy forwards it: Shopify's parameters added and signed. */
function proxyRequest(
  path: string,
  options: {
    customer?: string | null;
    body?: string;
    secret?: string;
    timestamp?: number;
    locale?: string;
    shop?: string;
  } = {},
) {
  const params = new URLSearchParams();
  params.set("shop", options.shop ?? SHOP);
  params.set(
    "logged_in_customer_id",
    options.customer === undefined ? CUSTOMER : (options.customer ?? ""),
  );
  params.set("path_prefix", "/apps/loyalty");
  params.set(
    "timestamp",
    String(options.timestamp ?? Math.floor(Date.now() / 1000)),
  );
  if (options.locale) params.set("locale", options.locale);
  params.set("signature", appProxySignature(params, options.secret ?? SECRET));
  return new Request(`http://localhost:3999/proxy${path}?${params}`, {
    method: options.body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: options.body,
  });
}

const callArgs = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

async function read(response: Response) {
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & {
      error?: { code: string };
    },
  };
}

const redeem = async (
  body: unknown,
  options: Parameters<typeof proxyRequest>[1] = {},
) =>
  read(
    await redeemAction(
      callArgs(
        proxyRequest("/api/redemptions", {
          body: typeof body === "string" ? body : JSON.stringify(body),
          ...options,
        }),
      ),
    ),
  );

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await installShop(OTHER_SHOP);
  await storeOfflineSession(SHOP);
  memberId = (await enrollCustomer(
    SHOP,
    buildCustomerFacts({ customerId: CUSTOMER, firstName: "Ada" }),
  ))!.memberId!;
  await givePoints(SHOP, memberId, 1000);
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
  vi.restoreAllMocks();
});

describe("app proxy authentication", () => {
  it("refuses a forged signature, an old timestamp and a missing customer with 401, changing nothing", async () => {
    const reward = await addReward(SHOP);
    const body = { rewardId: reward.id, idempotencyKey: newKey() };
    expect(await redeem(body, { secret: "not-the-secret" })).toMatchObject({
      status: 401,
      body: { error: { code: "unauthorized" } },
    });
    expect(
      await redeem(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    ).toMatchObject({ status: 401 });
    expect(await redeem(body, { customer: null })).toMatchObject({
      status: 401,
      body: { error: { code: "not_logged_in" } },
    });
    expect(
      (
        await read(
          await meLoader(callArgs(proxyRequest("/api/me", { customer: null }))),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await read(
          await meLoader(
            callArgs(proxyRequest("/api/me", { secret: "forged" })),
          ),
        )
      ).status,
    ).toBe(401);
    expect(await prisma.redemption.count()).toBe(0);
    expect(await balanceOf(memberId)).toBe(1000);
  });

  it("takes the customer from the signed parameters, never from the body", async () => {
    const other = (await enrollCustomer(
      SHOP,
      buildCustomerFacts({ customerId: "8002", email: "b@example.com" }),
    ))!.memberId!;
    await givePoints(SHOP, other, 1000);
    const reward = await addReward(SHOP);
    const answer = await redeem({
      rewardId: reward.id,
      idempotencyKey: newKey(),
      customerId: "8002",
      logged_in_customer_id: "8002",
    });
    expect(answer.status).toBe(201);
    expect(await balanceOf(memberId)).toBe(500);
    expect(await balanceOf(other)).toBe(1000);
  });
});

describe("POST /proxy/api/redemptions", () => {
  it("answers 201 with the code at once, and the same body again for the same key", async () => {
    const reward = await addReward(SHOP);
    const body = { rewardId: reward.id, idempotencyKey: newKey() };
    const first = await redeem(body);
    expect(first).toMatchObject({
      status: 201,
      body: {
        balance: 500,
        redemption: {
          status: "pending",
          points: 500,
          rewardName: "$5 off",
          expiresAt: null,
        },
      },
    });
    expect(await redeem(body)).toEqual(first);
    expect(await balanceOf(memberId)).toBe(500);
  });

  it("409 without enough points, 404 for another shop's reward, 422 for a slider out of range or a reused key, 400 for bad JSON; nothing changes", async () => {
    const pricey = await addReward(SHOP, { pointsCost: 5000 });
    const foreign = await addReward(OTHER_SHOP);
    const slider = await addReward(SHOP, {
      type: "points_slider",
      pointsStep: 100,
      valuePerStep: 1000,
      minPoints: 100,
      maxPoints: 500,
      pointsCost: undefined,
      amount: undefined,
    });
    expect(
      await redeem({ rewardId: pricey.id, idempotencyKey: newKey() }),
    ).toMatchObject({
      status: 409,
      body: { error: { code: "insufficient_points" } },
    });
    expect(
      await redeem({ rewardId: foreign.id, idempotencyKey: newKey() }),
    ).toMatchObject({ status: 404 });
    expect(
      await redeem({
        rewardId: slider.id,
        idempotencyKey: newKey(),
        points: 600,
      }),
    ).toMatchObject({
      status: 422,
      body: { error: { code: "invalid_points" } },
    });
    expect(
      await redeem({
        rewardId: slider.id,
        idempotencyKey: newKey(),
        points: -100,
      }),
    ).toMatchObject({ status: 422 });
    expect(await redeem("{not json")).toMatchObject({
      status: 400,
      body: { error: { code: "malformed_json" } },
    });
    expect(await redeem({ idempotencyKey: newKey() })).toMatchObject({
      status: 422,
    });
    const key = newKey();
    expect(
      await redeem({ rewardId: slider.id, idempotencyKey: key, points: 200 }),
    ).toMatchObject({ status: 201 });
    expect(
      await redeem({ rewardId: slider.id, idempotencyKey: key, points: 300 }),
    ).toMatchObject({
      status: 422,
      body: { error: { code: "idempotency_key_reused" } },
    });
    expect(await prisma.redemption.count()).toBe(1);
    expect(await balanceOf(memberId)).toBe(800);
  });

  it("410 when sold out and 429 with Retry-After beyond the rate limit", async () => {
    const reward = await addReward(SHOP, { pointsCost: 10, stock: 1 });
    expect(
      (await redeem({ rewardId: reward.id, idempotencyKey: newKey() })).status,
    ).toBe(201);
    expect(
      await redeem({ rewardId: reward.id, idempotencyKey: newKey() }),
    ).toMatchObject({ status: 410, body: { error: { code: "sold_out" } } });
    for (let i = 0; i < 3; i += 1)
      await redeem({ rewardId: reward.id, idempotencyKey: newKey() });
    const response = await redeemAction(
      callArgs(
        proxyRequest("/api/redemptions", {
          body: JSON.stringify({
            rewardId: reward.id,
            idempotencyKey: newKey(),
          }),
        }),
      ),
    );
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThanOrEqual(
      1,
    );
  });
});

describe("GET /proxy/api/me and /proxy/api/rewards", () => {
  it("shows balance, history with gifts, and the codes newest first", async () => {
    const reward = await addReward(SHOP);
    await redeem({ rewardId: reward.id, idempotencyKey: newKey() });
    await giftRewardToMember({
      shop: SHOP,
      memberId,
      rewardId: reward.id,
      by: "staff",
    });
    const shopify = createFakeShopify();
    await drainRedemptionJobs(shopify.admin);
    const { status, body } = await read(
      await meLoader(callArgs(proxyRequest("/api/me", { locale: "fr" }))),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      customer: { id: `gid://shopify/Customer/${CUSTOMER}`, firstName: "Ada" },
      balance: 500,
      pending: 0,
      tier: null,
    });
    expect((body.history as { kind: string }[]).map((h) => h.kind)).toEqual([
      "gift",
      "redemption",
      "manual_adjustment",
    ]);
    expect(body.history).toMatchObject([
      { description: "Cadeau : 5 $ de remise", points: 0 },
      { description: "5 $ de remise", points: -500 },
      {},
    ]);
    expect(body.redemptions).toMatchObject([
      { status: "active", points: 0, rewardName: "5 $ de remise" },
      { status: "active", points: 500 },
    ]);
  });

  it("names points from a way to earn in the shopper's language unless the merchant renamed it", async () => {
    await inTransaction(async (tx) => {
      await postLedgerEntry(tx, {
        shopDomain: SHOP,
        memberId,
        kind: "earning_award",
        points: 50,
        sourceType: "account",
        sourceId: CUSTOMER,
        description: "Create an account",
        recordedAt: new Date(),
      });
      await postLedgerEntry(tx, {
        shopDomain: SHOP,
        memberId,
        kind: "earning_award",
        points: 20,
        sourceType: "review",
        sourceId: "p1",
        recordedAt: new Date(),
        description: "Avis sur nos cafés",
      });
    });
    const fr = await read(
      await meLoader(callArgs(proxyRequest("/api/me", { locale: "fr" }))),
    );
    const en = await read(
      await meLoader(callArgs(proxyRequest("/api/me", { locale: "en" }))),
    );
    const descriptions = (body: Record<string, unknown>) =>
      (body.history as { kind: string; description: string }[])
        .filter((h) => h.kind === "earning_award")
        .map((h) => h.description)
        .sort();
    expect(descriptions(fr.body)).toEqual([
      "Avis sur nos cafés",
      "Créer un compte",
    ]);
    expect(descriptions(en.body)).toEqual([
      "Avis sur nos cafés",
      "Create an account",
    ]);
    await expectLedgerConsistent(prisma);
  });

  it("lists the catalogue for guests (not redeemable) and with availability for a customer", async () => {
    await addReward(SHOP, { pointsCost: 500 });
    await addReward(SHOP, { pointsCost: 5000, name: { en: "Big" } });
    await addReward(SHOP, {
      type: "points_slider",
      pointsStep: 100,
      valuePerStep: 1000,
      minPoints: 150,
      maxPoints: 950,
      pointsCost: undefined,
      amount: undefined,
      name: { en: "Slider" },
    });
    await addReward(SHOP, { active: false, name: { en: "Hidden" } });
    await addReward(OTHER_SHOP, { name: { en: "Foreign" } });
    const guest = await read(
      await rewardsLoader(
        callArgs(proxyRequest("/api/rewards", { customer: null })),
      ),
    );
    expect(guest.status).toBe(200);
    expect(
      (
        guest.body.rewards as {
          name: string;
          available: boolean;
          reason: null;
        }[]
      ).map((r) => [r.name, r.available, r.reason]),
    ).toEqual([
      ["$5 off", false, null],
      ["Big", false, null],
      ["Slider", false, null],
    ]);
    const customer = await read(
      await rewardsLoader(callArgs(proxyRequest("/api/rewards"))),
    );
    expect(customer.body.rewards).toMatchObject([
      { available: true, reason: null, pointsCost: 500, slider: null },
      { available: false, reason: "insufficient_points" },
      {
        available: true,
        pointsCost: 200,
        slider: {
          min: 200,
          max: 900,
          step: 100,
          valuePerStep: "1.00",
          currencyCode: "USD",
        },
      },
    ]);
  });
});

describe("GET /proxy/api/rewards: ways to earn", () => {
  it("lists the shop's enabled ways to earn in the shopper's language, honour-based social rules included", async () => {
    const social = await saveEarningRule(SHOP, null, {
      type: "social",
      name: "Follow us on Instagram",
      points: 25,
      network: "instagram",
      action: "follow",
      url: "https://instagram.com/shop",
    });
    const mission = await saveEarningRule(SHOP, null, {
      type: "content_mission",
      name: "Show your setup",
      points: 40,
      instructions: "A photo",
      submission: "url",
    });
    const switchedOff = await saveEarningRule(SHOP, null, {
      type: "content_mission",
      name: "Old mission",
      points: 10,
      instructions: "x",
      submission: "url",
    });
    await saveEarningRule(OTHER_SHOP, null, {
      type: "social",
      name: "Theirs",
      points: 5,
      network: "tiktok",
      action: "share",
      url: "https://tiktok.com/x",
    });
    if (!social.ok || !mission.ok || !switchedOff.ok)
      throw new Error("rules not saved");
    expect(await switchEarningRule(SHOP, switchedOff.value.id, false)).toBe(
      true,
    );

    const ways = async (locale: string, customer?: string | null) =>
      (
        await read(
          await rewardsLoader(
            callArgs(proxyRequest("/api/rewards", { locale, customer })),
          ),
        )
      ).body.waysToEarn;
    const en = await ways("en");
    expect(en).toEqual([
      {
        name: "Place an order",
        points: "$1 = 1 point",
        description: "1 point per dollar spent",
      },
      {
        name: "Follow us on Instagram",
        points: 25,
        description: "Follow us on Instagram",
      },
      { name: "Show your setup", points: 40, description: "A photo" },
    ]);
    expect(await ways("fr")).toEqual([
      {
        name: "Passer une commande",
        points: "1\u00a0$ = 1 point",
        description: "1 point par dollar dépensé",
      },
      {
        name: "Follow us on Instagram",
        points: 25,
        description: "Suivez-nous sur Instagram",
      },
      { name: "Show your setup", points: 40, description: "A photo" },
    ]);
    // A guest sees the same list: it describes the program, not the customer.
    expect(await ways("en", null)).toEqual(en);
  });
});

describe("code pool rewards in the catalogue", () => {
  it("says sold out once the pool has no unused code left", async () => {
    await importCodePool(SHOP, {
      poolId: "pool",
      filename: "one.csv",
      text: "ONLY0001\n",
    });
    const pool = await addReward(SHOP, {
      type: "code_pool",
      poolId: "pool",
      amount: undefined,
      pointsCost: 100,
    });
    const list = async () =>
      (await read(await rewardsLoader(callArgs(proxyRequest("/api/rewards")))))
        .body.rewards;
    expect(await list()).toMatchObject([{ id: pool.id, available: true }]);
    expect(
      await redeem({ rewardId: pool.id, idempotencyKey: newKey() }),
    ).toMatchObject({
      status: 201,
      body: { redemption: { code: "ONLY0001", status: "active" } },
    });
    expect(await list()).toMatchObject([
      { id: pool.id, available: false, reason: "sold_out" },
    ]);
    expect(
      await redeem({ rewardId: pool.id, idempotencyKey: newKey() }),
    ).toMatchObject({ status: 410 });
  });
});

describe("POST /proxy/api/redemptions/:id/cancel", () => {
  it("cancels the shopper's own unused code and gives the points back once deactivated", async () => {
    const reward = await addReward(SHOP);
    const { body } = await redeem({
      rewardId: reward.id,
      idempotencyKey: newKey(),
    });
    const shopify = createFakeShopify();
    await drainRedemptionJobs(shopify.admin);
    const id = (body.redemption as { id: string }).id;
    const stranger = await read(
      await cancelAction(
        callArgs(
          proxyRequest(`/api/redemptions/${id}/cancel`, {
            body: "{}",
            customer: "8009",
          }),
          { id },
        ),
      ),
    );
    expect(stranger.status).toBe(404);
    const answer = await read(
      await cancelAction(
        callArgs(
          proxyRequest(`/api/redemptions/${id}/cancel`, { body: "{}" }),
          { id },
        ),
      ),
    );
    expect(answer).toMatchObject({
      status: 200,
      body: { redemption: { status: "cancelled" } },
    });
    await drainRedemptionJobs(shopify.admin);
    expect(await balanceOf(memberId)).toBe(1000);
  });
});

describe("what a storefront caller may cost", () => {
  it("answers 413 to a body beyond 16 KB, and changes nothing", async () => {
    const before = await balanceOf(memberId);
    const response = await redeemAction(
      callArgs(
        proxyRequest("/api/redemptions", {
          body: JSON.stringify({
            rewardId: "r",
            idempotencyKey: newKey(),
            padding: "x".repeat(20 * 1024),
          }),
        }),
      ),
    );
    const { status, body } = await read(response);
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: "body_too_large" });
    expect(await balanceOf(memberId)).toBe(before);
  });

  it("answers 429 with Retry-After once a shopper's bucket is empty", async () => {
    // One instant for every call: the bucket (60, then 2 a second) cannot refill in between.
    const now = new Date("2030-01-01T00:00:00Z");
    const answers: (ProxyContext | Response)[] = [];
    for (let i = 0; i < 61; i += 1)
      answers.push(
        await authenticateProxy(
          proxyRequest("/api/me", { customer: "8999" }),
          now,
        ),
      );
    expect(answers.slice(0, 60).every((a) => !(a instanceof Response))).toBe(
      true,
    );
    const limited = answers[60] as Response;
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("1");
    // Another shopper of the same shop is not held back.
    expect(
      await authenticateProxy(
        proxyRequest("/api/me", { customer: "8998" }),
        now,
      ),
    ).not.toBeInstanceOf(Response);
  });
});
