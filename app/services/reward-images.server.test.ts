import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { installShop } from "~/services/install.server";
import {
  getRewardImage,
  removeRewardImage,
  uploadRewardImage,
} from "~/services/reward-images.server";
import { createReward, deleteOrArchiveReward } from "~/services/rewards.server";
import { storefrontRewards } from "~/services/storefront.server";
import { FIXED_NOW } from "test/factories";

const SHOP = "reward-images.myshopify.com";
const ACTOR = { id: "7", name: null };
let rewardId = "";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  const saved = await createReward(SHOP, {
    type: "fixed_amount_off",
    name: { en: "€5 off" },
    image: { en: "https://cdn.example.com/typed.png" },
    pointsCost: 500,
    amount: 5000,
  });
  if (saved.outcome !== "saved") throw new Error(saved.outcome);
  rewardId = saved.reward.id;
});

const png = (width: number, height: number) =>
  sharp({
    create: { width, height, channels: 3, background: "#c0392b" },
  })
    .png()
    .toBuffer();

const imageUrlOnStorefront = async () =>
  (await storefrontRewards(SHOP, null, "en", { now: FIXED_NOW })).rewards[0]
    .imageUrl;

describe("uploadRewardImage", () => {
  it("resizes to 800 px as WebP, stores it, and the storefront shows it instead of the typed address", async () => {
    expect(await imageUrlOnStorefront()).toBe(
      "https://cdn.example.com/typed.png",
    );
    const result = await uploadRewardImage(
      SHOP,
      rewardId,
      await png(2000, 1000),
      ACTOR,
      FIXED_NOW,
    );
    expect(result).toEqual({
      outcome: "uploaded",
      version: 1,
      width: 800,
      height: 400,
    });
    const stored = await prisma.rewardImage.findUniqueOrThrow({
      where: { rewardId },
    });
    expect(stored.contentType).toBe("image/webp");
    expect((await sharp(stored.bytes).metadata()).format).toBe("webp");
    expect(await imageUrlOnStorefront()).toMatch(
      new RegExp(`/reward-images/${SHOP}/${rewardId}\\?v=1$`),
    );
    // A small image is not enlarged; the version moves so caches see the new one.
    expect(
      await uploadRewardImage(
        SHOP,
        rewardId,
        await png(120, 90),
        ACTOR,
        FIXED_NOW,
      ),
    ).toMatchObject({ version: 2, width: 120, height: 90 });
    expect(
      await prisma.auditEvent.count({ where: { action: "reward.saved" } }),
    ).toBe(2);

    expect(await removeRewardImage(SHOP, rewardId, ACTOR, FIXED_NOW)).toBe(
      true,
    );
    expect(await imageUrlOnStorefront()).toBe(
      "https://cdn.example.com/typed.png",
    );
  });

  it("refuses SVG, text and other shops' rewards, storing nothing", async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    expect(
      await uploadRewardImage(SHOP, rewardId, svg, ACTOR, FIXED_NOW),
    ).toEqual({ outcome: "image_not_image" });
    expect(
      await uploadRewardImage(
        SHOP,
        rewardId,
        Buffer.from("hello"),
        ACTOR,
        FIXED_NOW,
      ),
    ).toEqual({ outcome: "image_not_image" });
    expect(
      await uploadRewardImage(
        "other.myshopify.com",
        rewardId,
        await png(10, 10),
        ACTOR,
        FIXED_NOW,
      ),
    ).toEqual({ outcome: "unknown_reward" });
    expect(await prisma.rewardImage.count()).toBe(0);
  });
});

describe("a removed reward's image", () => {
  it("is gone with a deleted reward and kept by an archived one", async () => {
    await uploadRewardImage(
      SHOP,
      rewardId,
      await png(40, 40),
      ACTOR,
      FIXED_NOW,
    );
    expect(await getRewardImage(SHOP, rewardId)).not.toBeNull();
    expect(await getRewardImage("other.myshopify.com", rewardId)).toBeNull();

    // A reward with a redemption is archived: members' histories still show its image.
    const member = await prisma.member.create({
      data: { shopDomain: SHOP, customerId: "1", updatedAt: FIXED_NOW },
    });
    await prisma.redemption.create({
      data: {
        shopDomain: SHOP,
        memberId: member.id,
        rewardId,
        rewardType: "fixed_amount_off",
        rewardSnapshot: "{}",
        points: 500,
        state: "confirmed",
      },
    });
    expect(await deleteOrArchiveReward(SHOP, rewardId, FIXED_NOW)).toEqual({
      outcome: "archived",
    });
    expect(await getRewardImage(SHOP, rewardId)).not.toBeNull();

    await prisma.redemption.deleteMany();
    expect(await deleteOrArchiveReward(SHOP, rewardId, FIXED_NOW)).toEqual({
      outcome: "deleted",
    });
    expect(await getRewardImage(SHOP, rewardId)).toBeNull();
    expect(await prisma.rewardImage.count()).toBe(0);
  });

  it("is not served once its reward is gone, even if a row was left behind", async () => {
    await uploadRewardImage(
      SHOP,
      rewardId,
      await png(40, 40),
      ACTOR,
      FIXED_NOW,
    );
    // What a deletion before this fix left: the image row without its reward.
    await prisma.reward.delete({ where: { id: rewardId } });
    expect(await prisma.rewardImage.count()).toBe(1);
    expect(await getRewardImage(SHOP, rewardId)).toBeNull();
  });
});
