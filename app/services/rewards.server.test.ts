import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { FIXED_NOW } from "~/../test/factories";
import { installShop } from "~/services/install.server";
import {
  archiveReward,
  createReward,
  deleteUnusedPoolCodes,
  importCodePool,
  listCodePoolFiles,
  listRewards,
  rewardOf,
  updateReward,
} from "~/services/rewards.server";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "catalogue.myshopify.com";
const OTHER = "other-catalogue.myshopify.com";
const fiveOff = {
  type: "fixed_amount_off",
  name: { en: "$5 off" },
  pointsCost: 500,
  amount: 5000,
};

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await installShop(OTHER);
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("the catalogue", () => {
  it("stores the validated reward with its copies, and refuses an invalid one with field errors", async () => {
    const saved = await createReward(SHOP, {
      ...fiveOff,
      stock: 3,
      limitPerCustomer: 1,
    });
    if (saved.outcome !== "saved") throw new Error("expected saved");
    expect(saved.reward).toMatchObject({
      type: "fixed_amount_off",
      pointsCost: 500,
      stock: 3,
      limitPerCustomer: 1,
      active: true,
      oneOff: false,
    });
    expect(rewardOf(saved.reward)).toMatchObject({
      amount: 5000,
      combinesWith: { orderDiscounts: false },
    });
    expect(await createReward(SHOP, { ...fiveOff, pointsCost: 0 })).toEqual({
      outcome: "invalid",
      errors: [{ path: "pointsCost", key: "reward.pointsCost.notPositive" }],
    });
    expect(
      await createReward(SHOP, { ...fiveOff, pointsCost: -5 }),
    ).toMatchObject({ outcome: "invalid" });
    expect(await prisma.reward.count()).toBe(1);
  });

  it("updates and archives only the shop's own rewards; archived ones leave the list", async () => {
    const saved = await createReward(SHOP, fiveOff);
    if (saved.outcome !== "saved") throw new Error("expected saved");
    expect(
      await updateReward(OTHER, saved.reward.id, { ...fiveOff, pointsCost: 1 }),
    ).toEqual({ outcome: "not_found" });
    expect(
      await updateReward(SHOP, saved.reward.id, {
        ...fiveOff,
        pointsCost: 400,
      }),
    ).toMatchObject({ outcome: "saved", reward: { pointsCost: 400 } });
    expect(await archiveReward(OTHER, saved.reward.id)).toBe(false);
    expect(await archiveReward(SHOP, saved.reward.id)).toBe(true);
    expect(await listRewards(SHOP)).toEqual([]);
    expect(await listRewards(SHOP, { includeArchived: true })).toHaveLength(1);
  });
});

describe("code pools", () => {
  it("imports files, counts them, and deletes only unused codes", async () => {
    expect(
      await importCodePool(SHOP, {
        poolId: "p",
        filename: "a.csv",
        text: "\uFEFFA1\r\nA2,,,\r\n\r\nA3;\n",
      }),
    ).toMatchObject({ outcome: "imported", imported: 3 });
    expect(
      await importCodePool(SHOP, {
        poolId: "p",
        filename: "b.csv",
        text: "B1\nb2\n",
      }),
    ).toMatchObject({ outcome: "imported", imported: 2 });
    expect(
      await importCodePool(SHOP, {
        poolId: "p",
        filename: "c.csv",
        text: "C1\na1\n",
      }),
    ).toMatchObject({
      outcome: "invalid",
      errors: [{ line: 2, reason: "already_imported" }],
    });
    expect(
      await importCodePool(SHOP, {
        poolId: "p",
        filename: "d.csv",
        text: "\n\n",
      }),
    ).toEqual({ outcome: "empty" });
    await prisma.poolCode.updateMany({
      where: { code: "A1" },
      data: { assignedAt: FIXED_NOW },
    });
    const [a] = await listCodePoolFiles(SHOP, "p");
    expect(a).toMatchObject({
      filename: "a.csv",
      total: 3,
      assigned: 1,
      remaining: 2,
    });
    expect(await deleteUnusedPoolCodes(SHOP, { fileId: a.id })).toEqual({
      deleted: 2,
    });
    expect(await deleteUnusedPoolCodes(OTHER, { poolId: "p" })).toEqual({
      deleted: 0,
    });
    expect(await deleteUnusedPoolCodes(SHOP, { poolId: "p" })).toEqual({
      deleted: 2,
    });
    expect(await listCodePoolFiles(SHOP, "p")).toMatchObject([
      { total: 3, assigned: 1, remaining: 0 },
      { total: 2, assigned: 0, remaining: 0 },
    ]);
  });
});
