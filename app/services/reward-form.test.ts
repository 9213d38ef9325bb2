import { describe, expect, it } from "vitest";

import { REWARD_TYPES, type RewardType } from "~/loyalty/rewards";
import {
  emptyRewardForm,
  readRewardForm,
  rewardFormErrorMessages,
  rewardFormValues,
  toShopifyGid,
  validateRewardForm,
  type RewardFormValues,
} from "~/services/reward-form";

const TIERS = [
  { id: "tier-silver", name: "Silver" },
  { id: "tier-gold", name: "Gold" },
];

/** A filled-in form for each type, as a merchant would type it. */
function filledForm(
  type: RewardType,
  overrides: Partial<RewardFormValues> = {},
): RewardFormValues {
  const base = {
    ...emptyRewardForm(TIERS, type),
    nameEn: "Treat",
    nameFr: "Cadeau",
    pointsCost: "500",
  };
  const byType: Record<RewardType, Partial<RewardFormValues>> = {
    percentage_off: {
      percentage: "10",
      appliesToKind: "collections",
      appliesToIds: "12, 13",
    },
    fixed_amount_off: { amount: "5,50", minimumSubtotal: "30" },
    free_shipping: { maxShippingRate: "12.00" },
    free_product: {
      productId: "https://admin.shopify.com/store/demo/products/42",
      variantId: "77",
      maxDiscountAmount: "19.90",
    },
    buy_x_get_y: {
      buysIds: "gid://shopify/Product/1\ngid://shopify/ProductVariant/2",
      buysQuantity: "2",
      getsIds: "3",
      getsQuantity: "1",
    },
    gift_card: { amount: "25" },
    code_pool: {},
    points_slider: {
      pointsCost: "",
      pointsStep: "100",
      valuePerStep: "1",
      minPoints: "100",
      maxPoints: "2000",
    },
  };
  return { ...base, ...byType[type], ...overrides };
}

describe("the reward form", () => {
  it.each(REWARD_TYPES)(
    "turns a filled-in %s form into a valid reward and back",
    (type) => {
      const values = filledForm(type);
      const result = validateRewardForm(values, "pool-1");
      expect(result).toMatchObject({
        ok: true,
        reward: { type, name: { en: "Treat", fr: "Cadeau" } },
      });
      if (!result.ok) return;
      // Editing shows what was saved, and saving it unchanged gives the same reward.
      const again = validateRewardForm(
        rewardFormValues(result.reward, TIERS),
        "pool-1",
      );
      expect(again).toEqual(result);
    },
  );

  it("reads money as shop currency and ids in every form merchants paste", () => {
    const fixed = validateRewardForm(filledForm("fixed_amount_off"));
    expect(fixed).toMatchObject({
      ok: true,
      reward: { amount: 5_500, minimumSubtotal: 30_000 },
    });
    const product = validateRewardForm(filledForm("free_product"));
    expect(product).toMatchObject({
      ok: true,
      reward: {
        productId: "gid://shopify/Product/42",
        variantId: "gid://shopify/ProductVariant/77",
        maxDiscountAmount: 19_900,
      },
    });
    const bxgy = validateRewardForm(filledForm("buy_x_get_y"));
    expect(bxgy).toMatchObject({
      ok: true,
      reward: {
        buys: {
          items: {
            productIds: ["gid://shopify/Product/1"],
            variantIds: ["gid://shopify/ProductVariant/2"],
          },
          quantity: 2,
        },
        gets: {
          items: { productIds: ["gid://shopify/Product/3"] },
          quantity: 1,
          percentage: 100,
        },
      },
    });
    expect(
      toShopifyGid(
        "https://admin.shopify.com/store/x/products/5/variants/9",
        "Product",
      ),
    ).toBe("gid://shopify/ProductVariant/9");
    expect(
      toShopifyGid(
        "https://shop.myshopify.com/admin/collections/8?tab=1",
        "Collection",
      ),
    ).toBe("gid://shopify/Collection/8");
  });

  it("puts each error next to its field", () => {
    const result = validateRewardForm(
      filledForm("percentage_off", {
        nameEn: "",
        nameFr: "",
        pointsCost: "0",
        percentage: "150",
        appliesToIds: "summer-collection",
        imageFr: "http://example.com/a.png",
        stock: "-1",
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        nameEn: "reward.name.required",
        pointsCost: "reward.pointsCost.notPositive",
        percentage: "reward.percentage.outOfRange",
        appliesToIds: "reward.id.invalid",
        imageFr: "reward.image.invalidUrl",
        stock: "reward.stock.negative",
      },
    });
  });

  it("refuses text where a number goes, and a missing amount", () => {
    const result = validateRewardForm(
      filledForm("gift_card", { pointsCost: "beaucoup", amount: "" }),
    );
    expect(result).toMatchObject({
      ok: false,
      errors: { pointsCost: "reward.invalidValue", amount: "reward.required" },
    });
    const slider = validateRewardForm(
      filledForm("points_slider", { minPoints: "3000" }),
    );
    expect(slider).toMatchObject({
      ok: false,
      errors: { minPoints: "reward.slider.minAboveMax" },
    });
  });

  it("says which tier's cost is wrong, and keeps tier rules keyed by tier id", () => {
    const values = filledForm("fixed_amount_off", {
      tierVisibility: "tiers",
      tiers: [
        {
          tierId: "tier-silver",
          name: "Silver",
          visible: false,
          pointsCost: "",
        },
        { tierId: "tier-gold", name: "Gold", visible: true, pointsCost: "0" },
      ],
    });
    expect(validateRewardForm(values)).toMatchObject({
      ok: false,
      errors: { "tier.tier-gold": "reward.pointsCost.notPositive" },
    });
    const fixed = validateRewardForm({
      ...values,
      tiers: [values.tiers[0], { ...values.tiers[1], pointsCost: "300" }],
    });
    expect(fixed).toMatchObject({
      ok: true,
      reward: {
        visibleToTiers: ["tier-gold"],
        tierCosts: [{ tierId: "tier-gold", pointsCost: 300 }],
      },
    });
    const none = validateRewardForm({
      ...values,
      tiers: values.tiers.map((t) => ({ ...t, visible: false })),
    });
    expect(none).toMatchObject({
      ok: false,
      errors: { tierVisibility: "reward.tiers.noneVisible" },
    });
  });

  it("refuses an item choice on a type that applies to the whole order", () => {
    const result = validateRewardForm(
      filledForm("gift_card", { appliesToKind: "products", appliesToIds: "1" }),
    );
    expect(result).toMatchObject({
      ok: false,
      errors: { appliesToIds: "reward.appliesTo.unsupported" },
    });
  });

  it("speaks the merchant's language", () => {
    expect(
      rewardFormErrorMessages(
        { pointsCost: "reward.pointsCost.notPositive" },
        "fr",
      ),
    ).toEqual({
      pointsCost: "Le coût en points doit être d’au moins 1 point.",
    });
  });

  it("reads the posted form, checkboxes included", () => {
    const form = new FormData();
    form.set("type", "percentage_off");
    form.set("nameFr", "Remise fidélité");
    form.set("pointsCost", "200");
    form.set("percentage", "15");
    form.set("active", "on");
    form.set("tierVisibility", "tiers");
    form.set("tier.tier-gold.visible", "on");
    form.set("tier.tier-gold.pointsCost", "150");
    form.set("tier.unknown.visible", "on");
    const values = readRewardForm(form, TIERS);
    expect(values).toMatchObject({
      type: "percentage_off",
      nameFr: "Remise fidélité",
      active: true,
      combinesOrder: false,
    });
    expect(validateRewardForm(values)).toMatchObject({
      ok: true,
      reward: {
        percentage: 15,
        visibleToTiers: ["tier-gold"],
        tierCosts: [{ tierId: "tier-gold", pointsCost: 150 }],
      },
    });
    form.set("type", "bogus");
    expect(validateRewardForm(readRewardForm(form, TIERS))).toMatchObject({
      ok: false,
      errors: { type: "reward.type.unknown" },
    });
  });
});
