import { beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import {
  loader as rewardLoader,
  action as rewardAction,
} from "~/routes/app.rewards.$rewardId";
import {
  loader as codesLoader,
  action as codesAction,
} from "~/routes/app.rewards.$rewardId_.codes";
import { loader as rewardsLoader } from "~/routes/app.rewards._index";
import {
  action as newRewardAction,
  loader as newRewardLoader,
} from "~/routes/app.rewards.new";
import {
  adminRequest,
  BROWSER_USER_AGENT,
  sessionToken,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import { seedShop } from "~/../test/browser/seed-admin";
import {
  loadGrantedScopes,
  recordGrantedScopes,
} from "~/shopify/granted-scopes.server";
import { expectLedgerConsistent } from "test/ledger-invariants";

// The rewards pages' loaders and actions as Remix calls them, through the real authenticate.admin.
const SHOP = "rewards-routes.myshopify.com";
const OTHER_SHOP = "other-rewards.myshopify.com";
const APP = "http://localhost:3999";

beforeAll(async () => {
  await seedShop(prisma, SHOP, { currencyCode: "EUR" });
  await storeOfflineSession(prisma, SHOP);
  await seedShop(prisma, OTHER_SHOP);
  await storeOfflineSession(prisma, OTHER_SHOP);
});

const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

/** A form post from the embedded admin (session token in the header, as App Bridge sends it). */
async function adminPost(
  path: string,
  fields: Record<string, string | File | File[]>,
  shop = SHOP,
): Promise<Request> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value])
      body.append(name, item);
  }
  return new Request(`${APP}${path}`, {
    method: "POST",
    body,
    headers: {
      Authorization: `Bearer ${await sessionToken(shop)}`,
      "User-Agent": BROWSER_USER_AGENT,
      "Accept-Language": "fr-FR",
    },
  });
}

async function outcome(promise: Promise<unknown>): Promise<Response> {
  const result = await promise.catch((thrown: unknown) => thrown);
  if (!(result instanceof Response))
    throw new Error(`expected a Response, got ${JSON.stringify(result)}`);
  return result;
}

const validReward = {
  type: "fixed_amount_off",
  nameFr: "Bon de 5 €",
  nameEn: "€5 voucher",
  pointsCost: "500",
  amount: "5,00",
  active: "on",
};

describe("creating a reward", () => {
  it("offers an empty form of the asked type", async () => {
    const data = await newRewardLoader(
      args(
        await adminRequest(`${APP}/app/rewards/new?type=free_shipping`, SHOP),
      ),
    );
    expect(data).toMatchObject({
      currencyCode: "EUR",
      values: { type: "free_shipping", active: true, tiers: [] },
    });
  });

  it("offers gift cards only once Shopify granted write_gift_cards, and refuses them before", async () => {
    const before = await newRewardLoader(
      args(await adminRequest(`${APP}/app/rewards/new?type=gift_card`, SHOP)),
    );
    expect(before.giftCards).toBe(false);
    expect(before.types).not.toContain("gift_card");
    expect(before.values.type).not.toBe("gift_card");
    const giftCard = {
      ...validReward,
      type: "gift_card",
      nameEn: "€25 gift card",
      amount: "25",
    };
    const refused = await outcome(
      newRewardAction(args(await adminPost("/app/rewards/new", giftCard))),
    );
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      errors: { type: "reward.type.giftCardsNotGranted" },
    });
    expect(
      await prisma.reward.count({
        where: { shopDomain: SHOP, type: "gift_card" },
      }),
    ).toBe(0);

    // The merchant accepted Shopify's grant screen; /app/scopes recorded Shopify's answer.
    const granted = await loadGrantedScopes(SHOP);
    await recordGrantedScopes(SHOP, [...granted, "write_gift_cards"]);
    try {
      const after = await newRewardLoader(
        args(await adminRequest(`${APP}/app/rewards/new?type=gift_card`, SHOP)),
      );
      expect(after).toMatchObject({
        giftCards: true,
        values: { type: "gift_card" },
      });
      const saved = await outcome(
        newRewardAction(args(await adminPost("/app/rewards/new", giftCard))),
      );
      expect(saved.status).toBeGreaterThanOrEqual(300);
      expect(saved.status).toBeLessThan(400);
      expect(
        await prisma.reward.count({
          where: { shopDomain: SHOP, type: "gift_card" },
        }),
      ).toBe(1);
    } finally {
      await recordGrantedScopes(SHOP, granted);
      await prisma.reward.deleteMany({
        where: { shopDomain: SHOP, type: "gift_card" },
      });
    }
  });

  it("refuses invalid fields with each error on its field and saves nothing", async () => {
    const response = await outcome(
      newRewardAction(
        args(
          await adminPost("/app/rewards/new", {
            ...validReward,
            nameFr: "",
            nameEn: "",
            pointsCost: "0",
            amount: "cinq",
          }),
        ),
      ),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      values: { pointsCost: "0", amount: "cinq" },
      errors: {
        nameEn: "reward.name.required",
        pointsCost: "reward.pointsCost.notPositive",
        amount: "reward.invalidValue",
      },
    });
    expect(await prisma.reward.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("saves a valid reward and lists it", async () => {
    const response = await outcome(
      newRewardAction(args(await adminPost("/app/rewards/new", validReward))),
    );
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(400);
    const list = await rewardsLoader(
      args(await adminRequest(`${APP}/app/rewards`, SHOP)),
    );
    expect(list.rewards).toMatchObject([
      {
        type: "fixed_amount_off",
        name: { fr: "Bon de 5 €" },
        pointsCost: 500,
        active: true,
        remaining: null,
      },
    ]);
    // Another shop sees none of it.
    const other = await rewardsLoader(
      args(await adminRequest(`${APP}/app/rewards`, OTHER_SHOP)),
    );
    expect(other.rewards).toEqual([]);
  });
});

describe("editing a reward", () => {
  async function createdReward(fields: Record<string, string> = {}) {
    await outcome(
      newRewardAction(
        args(
          await adminPost("/app/rewards/new", { ...validReward, ...fields }),
        ),
      ),
    );
    return prisma.reward.findFirstOrThrow({
      where: { shopDomain: SHOP },
      orderBy: { createdAt: "desc" },
    });
  }

  it("shows the saved values and saves changes for future redemptions", async () => {
    const reward = await createdReward({ nameFr: "À modifier" });
    const data = await rewardLoader(
      args(await adminRequest(`${APP}/app/rewards/${reward.id}`, SHOP), {
        rewardId: reward.id,
      }),
    );
    expect(data.values).toMatchObject({
      type: "fixed_amount_off",
      nameFr: "À modifier",
      amount: "5.00",
      pointsCost: "500",
    });

    const refused = await outcome(
      rewardAction(
        args(
          await adminPost(`/app/rewards/${reward.id}`, {
            ...validReward,
            pointsCost: "-3",
          }),
          { rewardId: reward.id },
        ),
      ),
    );
    expect(refused.status).toBe(422);
    await outcome(
      rewardAction(
        args(
          await adminPost(`/app/rewards/${reward.id}`, {
            ...validReward,
            type: "gift_card",
            pointsCost: "750",
          }),
          { rewardId: reward.id },
        ),
      ),
    );
    // The type of an existing reward never changes, whatever is posted.
    expect(
      await prisma.reward.findUniqueOrThrow({ where: { id: reward.id } }),
    ).toMatchObject({ pointsCost: 750, type: "fixed_amount_off" });
  });

  it("answers 404 for another shop's reward", async () => {
    const reward = await createdReward();
    const request = await adminRequest(
      `${APP}/app/rewards/${reward.id}`,
      OTHER_SHOP,
    );
    expect(
      (await outcome(rewardLoader(args(request, { rewardId: reward.id }))))
        .status,
    ).toBe(404);
    const post = await adminPost(
      `/app/rewards/${reward.id}`,
      { intent: "delete" },
      OTHER_SHOP,
    );
    expect(
      (await outcome(rewardAction(args(post, { rewardId: reward.id })))).status,
    ).toBe(404);
    expect(await prisma.reward.count({ where: { id: reward.id } })).toBe(1);
  });

  it("archives a redeemed reward instead of deleting it, and deletes an unused one", async () => {
    const redeemed = await createdReward();
    const member = await prisma.member.create({
      data: { shopDomain: SHOP, customerId: "900" },
    });
    await prisma.redemption.create({
      data: {
        shopDomain: SHOP,
        memberId: member.id,
        rewardId: redeemed.id,
        rewardType: "fixed_amount_off",
        rewardSnapshot: "{}",
        points: 0,
        gift: true,
      },
    });
    await outcome(
      rewardAction(
        args(
          await adminPost(`/app/rewards/${redeemed.id}`, { intent: "delete" }),
          { rewardId: redeemed.id },
        ),
      ),
    );
    expect(
      await prisma.reward.findUniqueOrThrow({ where: { id: redeemed.id } }),
    ).toMatchObject({ active: false, archivedAt: expect.any(Date) });

    const unused = await createdReward();
    await outcome(
      rewardAction(
        args(
          await adminPost(`/app/rewards/${unused.id}`, { intent: "delete" }),
          { rewardId: unused.id },
        ),
      ),
    );
    expect(await prisma.reward.count({ where: { id: unused.id } })).toBe(0);
    await expectLedgerConsistent(prisma);
  });
});

describe("code pool uploads", () => {
  const csv = (name: string, text: string) =>
    new File([text], name, { type: "text/csv" });

  async function poolReward() {
    const response = await outcome(
      newRewardAction(
        args(
          await adminPost("/app/rewards/new", {
            type: "code_pool",
            nameEn: "Partner gift",
            pointsCost: "300",
            active: "on",
          }),
        ),
      ),
    );
    // A new pool reward goes straight to its codes page.
    const location = response.headers.get("Location") ?? "";
    const id = /\/app\/rewards\/([^/?]+)\/codes/.exec(location)?.[1];
    expect(id).toBeTruthy();
    return id!;
  }

  it("imports good files, refuses a malformed one whole with its line numbers, and deletes only unused codes", async () => {
    const id = await poolReward();
    const good = await outcome(
      codesAction(
        args(
          await adminPost(`/app/rewards/${id}/codes`, {
            intent: "upload",
            files: [
              csv("a.csv", "\uFEFFA-1\r\nA-2 | |||\r\n\r\n"),
              csv("b.csv", "B-1\n"),
            ],
          }),
          { rewardId: id },
        ),
      ),
    );
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({
      intent: "upload",
      outcomes: [
        { filename: "a.csv", outcome: "imported", imported: 2 },
        { filename: "b.csv", outcome: "imported", imported: 1 },
      ],
    });

    const bad = await outcome(
      codesAction(
        args(
          await adminPost(`/app/rewards/${id}/codes`, {
            intent: "upload",
            files: csv("bad.csv", "C-1\nC-1\na-1\nC 2\n"),
          }),
          { rewardId: id },
        ),
      ),
    );
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      outcomes: [
        {
          filename: "bad.csv",
          outcome: "invalid",
          errors: [
            { line: 2, reason: "duplicate_in_file", firstLine: 1 },
            { line: 3, reason: "already_imported" },
            { line: 4, reason: "contains_space" },
          ],
        },
      ],
    });

    const page = await codesLoader(
      args(await adminRequest(`${APP}/app/rewards/${id}/codes`, SHOP), {
        rewardId: id,
      }),
    );
    expect(page.totals).toEqual({ total: 3, assigned: 0, remaining: 3 });
    expect(
      page.files.map((file) => [file.filename, file.total, file.remaining]),
    ).toEqual([
      ["a.csv", 2, 2],
      ["b.csv", 1, 1],
    ]);

    const deleted = await outcome(
      codesAction(
        args(
          await adminPost(`/app/rewards/${id}/codes`, {
            intent: "deleteFile",
            fileId: page.files[0].id,
          }),
          { rewardId: id },
        ),
      ),
    );
    expect(await deleted.json()).toEqual({ intent: "delete", deleted: 2 });
    const all = await outcome(
      codesAction(
        args(
          await adminPost(`/app/rewards/${id}/codes`, { intent: "deleteAll" }),
          { rewardId: id },
        ),
      ),
    );
    expect(await all.json()).toEqual({ intent: "delete", deleted: 1 });
    const list = await rewardsLoader(
      args(await adminRequest(`${APP}/app/rewards`, SHOP)),
    );
    expect(list.rewards.find((reward) => reward.id === id)).toMatchObject({
      remaining: 0,
    });
  });

  it("asks for a file when none is sent", async () => {
    const id = await poolReward();
    const response = await outcome(
      codesAction(
        args(
          await adminPost(`/app/rewards/${id}/codes`, { intent: "upload" }),
          { rewardId: id },
        ),
      ),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ intent: "upload", noFile: true });
  });

  it("has no codes page for a reward that is not a pool", async () => {
    const reward = await prisma.reward.findFirstOrThrow({
      where: { shopDomain: SHOP, type: "fixed_amount_off" },
    });
    const request = await adminRequest(
      `${APP}/app/rewards/${reward.id}/codes`,
      SHOP,
    );
    expect(
      (await outcome(codesLoader(args(request, { rewardId: reward.id }))))
        .status,
    ).toBe(404);
  });
});

describe("tier spending rules", () => {
  it("offers the shop's tiers and stores which tiers see the reward and their cost, by tier id", async () => {
    const silver = await prisma.tier.create({
      data: {
        shopDomain: SHOP,
        nameEn: "Silver",
        nameFr: "Argent",
        threshold: 500,
        position: 1,
      },
    });
    const gold = await prisma.tier.create({
      data: {
        shopDomain: SHOP,
        nameEn: "Gold",
        nameFr: "Or",
        threshold: 2000,
        position: 2,
      },
    });
    const form = await newRewardLoader(
      args(
        await adminRequest(`${APP}/app/rewards/new`, SHOP, {
          "Accept-Language": "fr",
        }),
      ),
    );
    expect(form.values.tiers).toEqual([
      { tierId: silver.id, name: "Argent", visible: false, pointsCost: "" },
      { tierId: gold.id, name: "Or", visible: false, pointsCost: "" },
    ]);

    const refused = await outcome(
      newRewardAction(
        args(
          await adminPost("/app/rewards/new", {
            ...validReward,
            nameFr: "VIP",
            tierVisibility: "tiers",
          }),
        ),
      ),
    );
    expect(await refused.json()).toMatchObject({
      errors: { tierVisibility: "reward.tiers.noneVisible" },
    });

    await outcome(
      newRewardAction(
        args(
          await adminPost("/app/rewards/new", {
            ...validReward,
            nameFr: "Réservé à l’or",
            tierVisibility: "tiers",
            [`tier.${gold.id}.visible`]: "on",
            [`tier.${gold.id}.pointsCost`]: "350",
          }),
        ),
      ),
    );
    const saved = await prisma.reward.findFirstOrThrow({
      where: { shopDomain: SHOP, name: { contains: "Réservé" } },
    });
    expect(JSON.parse(saved.tierRules)).toEqual({
      visibleToTiers: [gold.id],
      tierCosts: [{ tierId: gold.id, pointsCost: 350 }],
    });
    const edit = await rewardLoader(
      args(await adminRequest(`${APP}/app/rewards/${saved.id}`, SHOP), {
        rewardId: saved.id,
      }),
    );
    expect(edit.values).toMatchObject({
      tierVisibility: "tiers",
      tiers: [
        { tierId: silver.id, visible: false, pointsCost: "" },
        { tierId: gold.id, visible: true, pointsCost: "350" },
      ],
    });
  });
});
