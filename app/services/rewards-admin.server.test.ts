import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { REWARD_TYPES, type RewardType } from "~/loyalty/rewards";
import { listRewardsForAdmin } from "~/models/reward.server";
import { importCodeFiles } from "~/services/code-pools.server";
import { installShop } from "~/services/install.server";
import {
  emptyRewardForm,
  validateRewardForm,
  type RewardFormValues,
} from "~/services/reward-form";
import {
  createReward,
  deleteOrArchiveReward,
  restoreReward,
  rewardOf,
  updateReward,
} from "~/services/rewards.server";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "rewards-admin.myshopify.com";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

const formFor: Record<RewardType, Partial<RewardFormValues>> = {
  percentage_off: { percentage: "10" },
  fixed_amount_off: { amount: "5" },
  free_shipping: {},
  free_product: { productId: "42" },
  buy_x_get_y: { buysIds: "1", getsIds: "2" },
  gift_card: { amount: "20" },
  code_pool: {},
  points_slider: {
    pointsCost: "",
    pointsStep: "100",
    valuePerStep: "1",
    minPoints: "100",
    maxPoints: "1000",
  },
};

async function createFromForm(
  type: RewardType,
  overrides: Partial<RewardFormValues> = {},
) {
  const values = {
    ...emptyRewardForm([], type),
    nameFr: `Récompense ${type}`,
    pointsCost: "250",
    ...formFor[type],
    ...overrides,
  };
  const result = validateRewardForm(
    values,
    type === "code_pool" ? `pool-${type}` : undefined,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const saved = await createReward(SHOP, result.reward);
  if (saved.outcome !== "saved") throw new Error(saved.outcome);
  return saved.reward;
}

async function redeemOnce(rewardId: string, snapshot: string) {
  const member = await prisma.member.create({
    data: { shopDomain: SHOP, customerId: `c-${rewardId}` },
  });
  return prisma.redemption.create({
    data: {
      shopDomain: SHOP,
      memberId: member.id,
      rewardId,
      rewardType: "fixed_amount_off",
      rewardSnapshot: snapshot,
      points: 0,
      gift: true,
    },
  });
}

describe("the rewards list", () => {
  it("lists a reward of every type created through the form, with cost, stock and redemptions", async () => {
    for (const type of REWARD_TYPES)
      await createFromForm(type, type === "gift_card" ? { stock: "3" } : {});
    await importCodeFiles(SHOP, "pool-code_pool", [
      { filename: "c.csv", size: 4, text: async () => "A\nB\n" },
    ]);
    const list = await listRewardsForAdmin(SHOP);
    expect(list.map((item) => item.type)).toEqual([...REWARD_TYPES]);
    expect(list.find((item) => item.type === "gift_card")).toMatchObject({
      pointsCost: 250,
      remaining: 3,
      total: 3,
      active: true,
    });
    expect(list.find((item) => item.type === "points_slider")).toMatchObject({
      pointsCost: 100,
      valuePerStep: 1000,
      remaining: null,
    });
    expect(list.find((item) => item.type === "code_pool")).toMatchObject({
      remaining: 2,
      total: 2,
    });
    expect(list.find((item) => item.type === "percentage_off")).toMatchObject({
      name: { fr: "Récompense percentage_off" },
      redemptions: 0,
    });
  });

  it("leaves one-off gifts and archived rewards out unless archived ones are asked for", async () => {
    const kept = await createFromForm("gift_card");
    const archived = await createFromForm("percentage_off");
    await redeemOnce(archived.id, "{}");
    expect(await deleteOrArchiveReward(SHOP, archived.id)).toEqual({
      outcome: "archived",
    });
    await createReward(
      SHOP,
      {
        type: "fixed_amount_off",
        name: { en: "Once" },
        pointsCost: 1,
        amount: 1000,
      },
      { oneOff: true },
    );
    expect((await listRewardsForAdmin(SHOP)).map((item) => item.id)).toEqual([
      kept.id,
    ]);
    expect(
      await listRewardsForAdmin(SHOP, { includeArchived: true }),
    ).toMatchObject([
      { id: kept.id, archived: false },
      { id: archived.id, archived: true, active: false, redemptions: 1 },
    ]);
  });
});

describe("editing, deleting and archiving", () => {
  it("changes future redemptions only: a past redemption keeps its snapshot", async () => {
    const reward = await createFromForm("fixed_amount_off");
    const snapshot = JSON.stringify({ discount: { amount: 5000 } });
    const past = await redeemOnce(reward.id, snapshot);
    const input = { ...rewardOf(reward), amount: 9000, pointsCost: 900 };
    expect(await updateReward(SHOP, reward.id, input)).toMatchObject({
      outcome: "saved",
      reward: { pointsCost: 900 },
    });
    expect(
      await prisma.redemption.findUniqueOrThrow({ where: { id: past.id } }),
    ).toMatchObject({ rewardSnapshot: snapshot });
    expect(
      rewardOf(
        await prisma.reward.findUniqueOrThrow({ where: { id: reward.id } }),
      ),
    ).toMatchObject({ amount: 9000 });
  });

  it("saves nothing when the reward is invalid", async () => {
    const reward = await createFromForm("fixed_amount_off");
    const result = await updateReward(SHOP, reward.id, {
      ...rewardOf(reward),
      pointsCost: 0,
    });
    expect(result).toMatchObject({
      outcome: "invalid",
      errors: [{ path: "pointsCost", key: "reward.pointsCost.notPositive" }],
    });
    expect(
      await prisma.reward.findUniqueOrThrow({ where: { id: reward.id } }),
    ).toMatchObject({ pointsCost: 250 });
    expect(
      await createReward(SHOP, { type: "gift_card", name: {} }),
    ).toMatchObject({ outcome: "invalid" });
    expect(await prisma.reward.count()).toBe(1);
  });

  it("deletes a reward nobody redeemed, with its pool's codes", async () => {
    const reward = await createFromForm("code_pool");
    await importCodeFiles(SHOP, "pool-code_pool", [
      { filename: "c.csv", size: 4, text: async () => "A\nB\n" },
    ]);
    expect(await deleteOrArchiveReward(SHOP, reward.id)).toEqual({
      outcome: "deleted",
    });
    expect(await prisma.reward.count()).toBe(0);
    expect(await prisma.poolCode.count()).toBe(0);
    expect(await prisma.codePoolFile.count()).toBe(0);
  });

  it("archives instead of deleting once a redemption exists, and restores it inactive", async () => {
    const reward = await createFromForm("free_shipping");
    await redeemOnce(reward.id, "{}");
    expect(await deleteOrArchiveReward(SHOP, reward.id)).toEqual({
      outcome: "archived",
    });
    expect(
      await prisma.reward.findUniqueOrThrow({ where: { id: reward.id } }),
    ).toMatchObject({ active: false });
    expect(
      await prisma.redemption.count({ where: { rewardId: reward.id } }),
    ).toBe(1);
    expect(await restoreReward(SHOP, reward.id)).toBe(true);
    expect(
      await prisma.reward.findUniqueOrThrow({ where: { id: reward.id } }),
    ).toMatchObject({ archivedAt: null, active: false });
  });

  it("does not touch another shop's reward", async () => {
    const reward = await createFromForm("gift_card");
    await installShop("thief.myshopify.com");
    expect(
      await deleteOrArchiveReward("thief.myshopify.com", reward.id),
    ).toEqual({ outcome: "not_found" });
    expect(
      await updateReward("thief.myshopify.com", reward.id, rewardOf(reward)),
    ).toEqual({ outcome: "not_found" });
    expect(await prisma.reward.count()).toBe(1);
  });
});
