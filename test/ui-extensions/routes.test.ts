import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { loader as thankYouLoader } from "~/routes/checkout.thank-you";
import { loader as orderLoader } from "~/routes/customer-account.orders.$orderId";
import { action as redeemAction } from "~/routes/customer-account.redemptions";
import {
  action as rewardsPreflight,
  loader as rewardsLoader,
} from "~/routes/customer-account.rewards";
import { awardPointsForOrder } from "~/services/orders.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { switchProgram } from "~/services/program-identity.server";
import { signExtensionToken } from "../../emulator/session-token";
import { buildCustomerFacts, buildOrderFacts } from "test/factories";
import { storeOfflineSession } from "test/fake-admin-api";
import { expectLedgerConsistent } from "test/ledger-invariants";
import {
  addReward,
  balanceOf,
  givePoints,
  newKey,
} from "test/redemption-support";

const SHOP = "ui-extensions.myshopify.com";
const CUSTOMER = "7301";
const APP = "http://localhost:3999";

function token(
  surface: "customer-account" | "checkout",
  customerId: string | null = CUSTOMER,
  options: { secret?: string; claims?: Record<string, unknown> } = {},
) {
  return signExtensionToken({
    apiKey: "test-api-key",
    apiSecret: options.secret ?? "test-api-secret",
    shop: SHOP,
    surface,
    customerId,
    claims: options.claims,
  });
}

function request(
  path: string,
  bearer: string | null,
  init: { method?: string; body?: unknown } = {},
) {
  const headers: Record<string, string> = {
    Origin: "https://extensions.shopifycdn.com",
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/141.0",
  };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  return new Request(`${APP}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const args = (req: Request, params: Record<string, string> = {}) => ({
  request: req,
  params,
  context: {},
});

let memberId = "";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
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

describe("customer-account and checkout extension routes", () => {
  it("answers the CORS preflight and refuses a missing or foreign token, with CORS headers", async () => {
    const preflight = await rewardsPreflight(
      args(
        new Request(`${APP}/customer-account/rewards`, {
          method: "OPTIONS",
          headers: {
            Origin: "https://extensions.shopifycdn.com",
            "Access-Control-Request-Headers": "authorization",
          },
        }),
      ),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toMatch(
      /Authorization/,
    );

    const none = await rewardsLoader(
      args(request("/customer-account/rewards", null)),
    );
    expect(none.status).toBe(401);
    expect(none.headers.get("Access-Control-Allow-Origin")).toBe("*");

    const forged = await rewardsLoader(
      args(
        request(
          "/customer-account/rewards",
          token("customer-account", CUSTOMER, { secret: "not-the-secret" }),
        ),
      ),
    );
    expect(forged.status).toBe(401);

    const expired = await rewardsLoader(
      args(
        request(
          "/customer-account/rewards",
          token("customer-account", CUSTOMER, {
            claims: { exp: Math.floor(Date.now() / 1000) - 3600 },
          }),
        ),
      ),
    );
    expect(expired.status).toBe(401);

    const signedOut = await rewardsLoader(
      args(
        request("/customer-account/rewards", token("customer-account", null)),
      ),
    );
    expect(signedOut.status).toBe(401);
    expect(
      ((await signedOut.json()) as { error: { code: string } }).error.code,
    ).toBe("not_logged_in");
  });

  it("gives the Rewards page the customer's balance, history and catalogue, and redeems with the token's customer", async () => {
    const reward = await addReward(SHOP, {
      name: { en: "$5 off", fr: "5 $ de remise" },
      pointsCost: 500,
    });
    const page = await rewardsLoader(
      args(
        request(
          "/customer-account/rewards?locale=fr",
          token("customer-account"),
        ),
      ),
    );
    expect(page.status).toBe(200);
    expect(page.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    const body = (await page.json()) as {
      program: { active: boolean };
      me: { balance: number; history: unknown[] };
      rewards: { id: string; name: string; available: boolean }[];
    };
    expect(body.program.active).toBe(true);
    expect(body.me.balance).toBe(1000);
    expect(body.me.history).toHaveLength(1);
    expect(body.rewards).toEqual([
      expect.objectContaining({
        id: reward.id,
        name: "5 $ de remise",
        available: true,
      }),
    ]);

    const key = newKey();
    const redeem = () =>
      redeemAction(
        args(
          request("/customer-account/redemptions", token("customer-account"), {
            method: "POST",
            body: { rewardId: reward.id, idempotencyKey: key },
          }),
        ),
      );
    const first = await redeem();
    expect(first.status).toBe(201);
    const answer = (await first.json()) as {
      redemption: { code: string };
      balance: number;
    };
    expect(answer.redemption.code).toMatch(/^LOYAL-/);
    expect(answer.balance).toBe(500);
    const replay = await redeem();
    expect([200, 201]).toContain(replay.status);
    expect(await balanceOf(memberId)).toBe(500);

    const bad = await redeemAction(
      args(
        request("/customer-account/redemptions", token("customer-account"), {
          method: "POST",
          body: { rewardId: reward.id },
        }),
      ),
    );
    expect(bad.status).toBe(422);
    expect(await balanceOf(memberId)).toBe(500);
  });

  it("redeems a points slider at the amount the customer chose, and refuses one off the slider in their language with no change", async () => {
    const slider = await addReward(SHOP, {
      type: "points_slider",
      pointsStep: 100,
      valuePerStep: 1000,
      minPoints: 200,
      maxPoints: 800,
      pointsCost: undefined,
      amount: undefined,
    });
    const page = (await (
      await rewardsLoader(
        args(request("/customer-account/rewards", token("customer-account"))),
      )
    ).json()) as {
      rewards: { id: string; slider: { min: number; max: number } | null }[];
    };
    expect(page.rewards.find((r) => r.id === slider.id)?.slider).toMatchObject({
      min: 200,
      max: 800,
    });
    const redeem = (points: unknown, locale = "en") =>
      redeemAction(
        args(
          request(
            `/customer-account/redemptions?locale=${locale}`,
            token("customer-account"),
            {
              method: "POST",
              body: { rewardId: slider.id, idempotencyKey: newKey(), points },
            },
          ),
        ),
      );

    for (const points of [100, 900]) {
      const refused = await redeem(points, "fr");
      expect(refused.status).toBe(422);
      expect(refused.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(await refused.json()).toEqual({
        error: {
          code: "invalid_points",
          message:
            "Ce nombre de points n’est pas valable pour cette récompense.",
        },
      });
    }
    expect(await balanceOf(memberId)).toBe(1000);
    expect(await prisma.redemption.count()).toBe(0);

    const done = await redeem(600);
    expect(done.status).toBe(201);
    expect(await done.json()).toMatchObject({
      redemption: { points: 600 },
      balance: 400,
    });
    expect(await balanceOf(memberId)).toBe(400);
    const entry = await prisma.ledgerEntry.findFirstOrThrow({
      where: { memberId, kind: "redemption" },
    });
    expect(entry.points).toBe(-600);
  });

  it("tells the order-status block what the customer's order earned, and nothing about another's", async () => {
    await awardPointsForOrder(
      SHOP,
      buildOrderFacts({
        orderId: "5501",
        customerId: CUSTOMER,
        paidAt: new Date(),
      }),
      { now: new Date(), products: {} },
    );
    const mine = await orderLoader(
      args(
        request(
          "/customer-account/orders/gid%3A%2F%2Fshopify%2FOrder%2F5501",
          token("customer-account"),
        ),
        { orderId: "gid://shopify/Order/5501" },
      ),
    );
    expect(mine.status).toBe(200);
    const earned = (await mine.json()) as { state: string; points: number };
    expect(earned.state).toBe("posted");
    expect(earned.points).toBeGreaterThan(0);

    const other = await orderLoader(
      args(
        request(
          "/customer-account/orders/5501",
          token("customer-account", "999"),
        ),
        {
          orderId: "5501",
        },
      ),
    );
    expect(await other.json()).toMatchObject({ state: "none", points: 0 });

    const unknown = await orderLoader(
      args(
        request("/customer-account/orders/6000", token("customer-account")),
        {
          orderId: "6000",
        },
      ),
    );
    expect(await unknown.json()).toMatchObject({ state: "processing" });

    const junk = await orderLoader(
      args(request("/customer-account/orders/x", token("customer-account")), {
        orderId: "drop table",
      }),
    );
    expect(junk.status).toBe(422);
  });

  it("estimates the thank-you page's points for a member and a guest, and says nothing while the program is off", async () => {
    const member = await thankYouLoader(
      args(
        request(
          "/checkout/thank-you?orderId=gid%3A%2F%2Fshopify%2FOrderIdentity%2F7001&subtotal=42.50",
          token("checkout"),
        ),
      ),
    );
    expect(member.status).toBe(200);
    expect(member.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await member.json()).toMatchObject({
      customer: "member",
      state: "estimate",
      points: 42,
      balance: 1000,
    });

    const guest = await thankYouLoader(
      args(
        request("/checkout/thank-you?subtotal=10.00", token("checkout", null)),
      ),
    );
    expect(await guest.json()).toMatchObject({
      customer: "guest",
      state: "estimate",
      points: 10,
      balance: null,
    });

    const junk = await thankYouLoader(
      args(
        request("/checkout/thank-you?subtotal=1e9", token("checkout", null)),
      ),
    );
    expect(junk.status).toBe(422);

    await switchProgram(
      SHOP,
      false,
      { id: "staff-1", name: "Camille" },
      new Date(),
    );
    const off = await thankYouLoader(
      args(request("/checkout/thank-you?subtotal=10.00", token("checkout"))),
    );
    expect(await off.json()).toMatchObject({
      program: { active: false },
      state: "none",
      points: 0,
    });
  });
});
