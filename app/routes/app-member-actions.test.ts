import { afterEach, beforeAll, describe, expect, it } from "vitest";

import * as clock from "~/clock.server";
import prisma from "~/db.server";
import {
  action as memberAction,
  loader as memberLoader,
} from "~/routes/app.members.$memberId";
import {
  action as giftAction,
  loader as giftLoader,
} from "~/routes/app.members.$memberId_.gift";
import { loader as rewardsLoader } from "~/routes/app.rewards._index";
import { createReward } from "~/services/rewards.server";
import {
  adminRequest,
  BROWSER_USER_AGENT,
  sessionToken,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import { seedMember, seedShop } from "~/../test/browser/seed-admin";
import { expectLedgerConsistent } from "test/ledger-invariants";

// The member page's "Adjust points" and "Add a reward", through the real authenticate.admin.
const SHOP = "member-actions.myshopify.com";
const OTHER_SHOP = "other-member-actions.myshopify.com";
const APP = "http://localhost:3999";
let memberId = "";
let rewardId = "";
const daysAgo = (days: number) =>
  new Date(clock.now().getTime() - days * 24 * 3_600_000);

beforeAll(async () => {
  await seedShop(prisma, SHOP, { currencyCode: "EUR" });
  await storeOfflineSession(prisma, SHOP);
  await seedShop(prisma, OTHER_SHOP);
  await storeOfflineSession(prisma, OTHER_SHOP);
  memberId = await seedMember(prisma, SHOP, {
    customerId: "801",
    firstName: "Jeanne",
    // Dated from the app's clock, which the routes read: the history stays in the past on any day.
    joinedAt: daysAgo(60),
    entries: [
      {
        kind: "order_award",
        points: 300,
        at: daysAgo(30),
      },
    ],
  });
  const saved = await createReward(SHOP, {
    type: "free_shipping",
    name: { fr: "Livraison offerte" },
    pointsCost: 400,
  });
  if (saved.outcome !== "saved") throw new Error("reward not created");
  rewardId = saved.reward.id;
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

async function adminPost(
  path: string,
  fields: Record<string, string>,
  shop = SHOP,
): Promise<Request> {
  return new Request(`${APP}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      Authorization: `Bearer ${await sessionToken(shop)}`,
      "User-Agent": BROWSER_USER_AGENT,
    },
  });
}

async function respond(promise: Promise<unknown>): Promise<Response> {
  const result = await promise.catch((thrown: unknown) => thrown);
  if (!(result instanceof Response))
    throw new Error(`expected a Response, got ${JSON.stringify(result)}`);
  return result;
}

const balance = async () =>
  (await prisma.member.findUniqueOrThrow({ where: { id: memberId } })).balance;
const memberPage = async () =>
  memberLoader(
    args(
      await adminRequest(`${APP}/app/members/${memberId}`, SHOP, {
        "Accept-Language": "fr",
      }),
      { memberId },
    ),
  );
const post = async (fields: Record<string, string>, shop = SHOP) =>
  respond(
    memberAction(
      args(await adminPost(`/app/members/${memberId}`, fields, shop), {
        memberId,
      }),
    ),
  );

describe("adjust points", () => {
  it("adds points once per form submission, with a fresh key on every page load", async () => {
    const page = await memberPage();
    expect(page.adjustmentKey).toMatch(/^[0-9a-f-]{36}$/);
    expect((await memberPage()).adjustmentKey).not.toBe(page.adjustmentKey);

    const form = {
      intent: "adjust",
      direction: "add",
      points: "50",
      description: "Geste commercial",
      idempotencyKey: page.adjustmentKey,
    };
    const first = await post(form);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ intent: "adjust", done: true });
    // The same submission again (a double click, a retried request) changes nothing.
    expect((await post(form)).status).toBe(200);
    expect(await balance()).toBe(350);
    const entries = await prisma.ledgerEntry.findMany({
      where: { memberId, kind: "manual_adjustment" },
    });
    expect(entries).toMatchObject([
      { points: 50, description: "Geste commercial" },
    ]);
    // The merchant sees the reason in the member's history, as the customer does.
    expect((await memberPage()).entries[0]).toMatchObject({
      kind: "manual_adjustment",
      points: 50,
      description: "Geste commercial",
    });
  });

  it("refuses a deduction below zero with the balance, and bad input field by field", async () => {
    const key = (await memberPage()).adjustmentKey;
    const tooMuch = await post({
      intent: "adjust",
      direction: "deduct",
      points: "1000",
      description: "Erreur",
      idempotencyKey: key,
    });
    expect(tooMuch.status).toBe(409);
    expect(await tooMuch.json()).toEqual({
      intent: "adjust",
      insufficientBalance: 350,
    });

    const bad = await post({
      intent: "adjust",
      direction: "deduct",
      points: "2.5",
      description: " ",
      idempotencyKey: key,
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      intent: "adjust",
      errors: {
        points: "adjustment.points.invalid",
        description: "adjustment.description.required",
      },
    });
    expect(await balance()).toBe(350);

    const deducted = await post({
      intent: "adjust",
      direction: "deduct",
      points: "350",
      description: "Commande annulée",
      idempotencyKey: key,
    });
    expect(deducted.status).toBe(200);
    expect(await balance()).toBe(0);
  });

  it("answers 404 for another shop's member and changes nothing", async () => {
    const response = await post(
      {
        intent: "adjust",
        direction: "add",
        points: "10",
        description: "x",
        idempotencyKey: "other-shop-key",
      },
      OTHER_SHOP,
    );
    expect(response.status).toBe(404);
    expect(await balance()).toBe(0);
  });
});

describe("add a reward", () => {
  it("gives a catalogue reward as a gift: no points taken, shown as a gift", async () => {
    const page = await memberPage();
    expect(page.giftableRewards).toEqual([
      { id: rewardId, name: "Livraison offerte", slider: null },
    ]);
    const before = await balance();
    const response = await post({ intent: "gift", rewardId });
    expect(await response.json()).toEqual({ intent: "gift", done: true });
    expect(await balance()).toBe(before);
    expect(
      await prisma.redemption.findMany({ where: { memberId } }),
    ).toMatchObject([{ rewardId, gift: true, points: 0 }]);
    // The reward's type comes along: a gift card's code is labelled as one, not as a discount code.
    expect((await memberPage()).redemptions).toMatchObject([
      {
        rewardName: "Livraison offerte",
        gift: true,
        points: 0,
        rewardType: "free_shipping",
      },
    ]);
    // The rewards list does not count the gift as an exchange.
    const list = await rewardsLoader(
      args(await adminRequest(`${APP}/app/rewards`, SHOP)),
    );
    expect(list.rewards.find((reward) => reward.id === rewardId)).toMatchObject(
      { redemptions: 1, gifts: 1 },
    );
  });

  it("gives a points slider worth the amount chosen, and refuses an amount off the slider with its range", async () => {
    const saved = await createReward(SHOP, {
      type: "points_slider",
      name: { fr: "Remise à la carte" },
      pointsStep: 100,
      valuePerStep: 1000,
      minPoints: 200,
      maxPoints: 800,
    });
    if (saved.outcome !== "saved") throw new Error("slider not created");
    const slider = saved.reward.id;
    expect((await memberPage()).giftableRewards).toContainEqual({
      id: slider,
      name: "Remise à la carte",
      slider: { minPoints: 200, maxPoints: 800, step: 100 },
    });
    const before = await balance();
    for (const points of ["900", "abc", ""]) {
      const refused = await post({ intent: "gift", rewardId: slider, points });
      expect(refused.status).toBe(422);
      expect(await refused.json()).toEqual({
        intent: "gift",
        failure: "invalid_amount",
        range: { minPoints: 200, maxPoints: 800, step: 100 },
      });
    }
    expect(await prisma.redemption.count({ where: { rewardId: slider } })).toBe(
      0,
    );

    const response = await post({
      intent: "gift",
      rewardId: slider,
      points: "300",
    });
    expect(await response.json()).toEqual({ intent: "gift", done: true });
    expect(await balance()).toBe(before);
    const redemption = await prisma.redemption.findFirstOrThrow({
      where: { rewardId: slider },
    });
    expect(redemption).toMatchObject({ gift: true, points: 0 });
    expect(JSON.parse(redemption.rewardSnapshot).discount.benefit).toEqual({
      kind: "amount_off",
      amount: 3000,
    });
  });

  it("refuses another shop's reward", async () => {
    const other = await createReward(OTHER_SHOP, {
      type: "gift_card",
      name: { en: "Theirs" },
      pointsCost: 1,
      amount: 5000,
    });
    if (other.outcome !== "saved") throw new Error("reward not created");
    const response = await post({ intent: "gift", rewardId: other.reward.id });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      intent: "gift",
      failure: "unknown_reward",
    });
  });

  it("gives a one-off reward made on the spot, kept out of the catalogue", async () => {
    const page = await giftLoader(
      args(await adminRequest(`${APP}/app/members/${memberId}/gift`, SHOP), {
        memberId,
      }),
    );
    expect(page.member.id).toBe(memberId);

    const refused = await respond(
      giftAction(
        args(
          await adminPost(`/app/members/${memberId}/gift`, {
            type: "percentage_off",
            nameFr: "Remise",
            percentage: "0",
          }),
          { memberId },
        ),
      ),
    );
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      errors: { percentage: "reward.percentage.outOfRange" },
    });

    const given = await respond(
      giftAction(
        args(
          await adminPost(`/app/members/${memberId}/gift`, {
            type: "percentage_off",
            nameFr: "Remise anniversaire",
            percentage: "20",
          }),
          { memberId },
        ),
      ),
    );
    expect(given.status).toBeGreaterThanOrEqual(300);
    expect(given.status).toBeLessThan(400);
    const redemptions = (await memberPage()).redemptions;
    expect(redemptions[0]).toMatchObject({
      rewardName: "Remise anniversaire",
      gift: true,
      points: 0,
    });
    const list = await rewardsLoader(
      args(await adminRequest(`${APP}/app/rewards`, SHOP)),
    );
    const listed = list.rewards.map((reward) => reward.id);
    expect(listed).toContain(rewardId);
    const oneOff = await prisma.reward.findFirstOrThrow({
      where: { shopDomain: SHOP, oneOff: true },
    });
    expect(listed).not.toContain(oneOff.id);
  });

  it("gives a one-off points slider worth the points typed, asking no range; an amount off the step is refused and creates nothing", async () => {
    // Only what a one-off needs: the step, its value and the points the gift is worth.
    const slider = {
      type: "points_slider",
      nameFr: "Geste",
      pointsStep: "100",
      valuePerStep: "1",
    };
    const gifts = () =>
      prisma.redemption.count({
        where: {
          memberId,
          rewardType: "points_slider",
          reward: { oneOff: true },
        },
      });
    const refused = await respond(
      giftAction(
        args(
          await adminPost(`/app/members/${memberId}/gift`, {
            ...slider,
            points: "450",
          }),
          { memberId },
        ),
      ),
    );
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ giftPoints: "450" });
    const missing = await respond(
      giftAction(
        args(await adminPost(`/app/members/${memberId}/gift`, slider), {
          memberId,
        }),
      ),
    );
    expect(missing.status).toBe(422);
    expect((await missing.json()).errors).toHaveProperty("minPoints");
    expect(
      await prisma.reward.count({
        where: { shopDomain: SHOP, oneOff: true, type: "points_slider" },
      }),
    ).toBe(0);
    expect(await gifts()).toBe(0);

    const before = await balance();
    const given = await respond(
      giftAction(
        args(
          await adminPost(`/app/members/${memberId}/gift`, {
            ...slider,
            points: "400",
          }),
          { memberId },
        ),
      ),
    );
    expect(given.status).toBeGreaterThanOrEqual(300);
    expect(given.status).toBeLessThan(400);
    const redemption = await prisma.redemption.findFirstOrThrow({
      where: {
        memberId,
        rewardType: "points_slider",
        gift: true,
        reward: { oneOff: true },
      },
    });
    expect(JSON.parse(redemption.rewardSnapshot).discount.benefit).toEqual({
      kind: "amount_off",
      amount: 4000,
    });
    expect(await balance()).toBe(before);
  });

  it("offers no imported-code reward as a one-off", async () => {
    const response = await respond(
      giftAction(
        args(
          await adminPost(`/app/members/${memberId}/gift`, {
            type: "code_pool",
            nameFr: "Code",
          }),
          { memberId },
        ),
      ),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      errors: { type: "reward.type.unknown" },
    });
  });
});
