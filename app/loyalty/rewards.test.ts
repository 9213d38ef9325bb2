// The test checks that every refusal code has words in both dictionaries.
// eslint-disable-next-line no-restricted-imports
import { rewardErrorMessage } from "~/i18n/reward-errors";
import { describe, expect, it } from "vitest";
import {
  REWARD_TYPES,
  type RewardErrorKey,
  localizedText,
  pointsCostFor,
  isVisibleToTier,
  REWARD_ERROR_KEYS,
  validateReward,
} from "~/loyalty/rewards";

const PRODUCT = "gid://shopify/Product/101";
const VARIANT = "gid://shopify/ProductVariant/202";
const COLLECTION = "gid://shopify/Collection/303";

/** One valid input per type, as the admin form would send it. */
const validInputs = {
  percentage_off: {
    type: "percentage_off",
    name: { en: "10% off", fr: "10 % de remise" },
    pointsCost: 500,
    percentage: 10,
  },
  fixed_amount_off: {
    type: "fixed_amount_off",
    name: { en: "€5 off" },
    pointsCost: 500,
    amount: 5000,
  },
  free_shipping: {
    type: "free_shipping",
    name: { en: "Free shipping" },
    pointsCost: 300,
    maxShippingRate: 10000,
  },
  free_product: {
    type: "free_product",
    name: { en: "Free tote" },
    pointsCost: 800,
    productId: PRODUCT,
    variantId: VARIANT,
    maxDiscountAmount: 25000,
  },
  buy_x_get_y: {
    type: "buy_x_get_y",
    name: { en: "Buy 2 get 1" },
    pointsCost: 400,
    buys: {
      items: { kind: "collections", collectionIds: [COLLECTION] },
      quantity: 2,
    },
    gets: {
      items: { kind: "products", productIds: [PRODUCT] },
      quantity: 1,
      percentage: 100,
    },
  },
  gift_card: {
    type: "gift_card",
    name: { en: "€20 gift card" },
    pointsCost: 2000,
    amount: 20000,
  },
  code_pool: {
    type: "code_pool",
    name: { en: "Partner code" },
    pointsCost: 100,
    poolId: "pool_1",
  },
  points_slider: {
    type: "points_slider",
    name: { en: "Use your points" },
    pointsStep: 100,
    valuePerStep: 1000,
    minPoints: 100,
    maxPoints: 5000,
  },
} as const;

function errorsOf(input: unknown): { path: string; key: RewardErrorKey }[] {
  const result = validateReward(input);
  if (result.ok) throw new Error("expected a validation failure");
  return result.errors;
}

describe("validateReward", () => {
  it.each(REWARD_TYPES)(
    "accepts a %s reward and fills the defaults",
    (type) => {
      const result = validateReward(validInputs[type]);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.reward.type).toBe(type);
      expect(result.reward.active).toBe(true);
      expect(result.reward.appliesTo).toEqual({ kind: "all" });
      expect(result.reward.combinesWith).toEqual({
        orderDiscounts: false,
        productDiscounts: false,
        shippingDiscounts: false,
      });
      expect(result.reward.codeValidityDays).toBeNull();
      expect(result.reward.visibleToTiers).toBeNull();
      expect(result.reward.tierCosts).toEqual([]);
    },
  );

  it.each([0, -5])(
    "refuses a points cost of %i with a message in both languages",
    (pointsCost) => {
      expect(errorsOf({ ...validInputs.percentage_off, pointsCost })).toEqual([
        { path: "pointsCost", key: "reward.pointsCost.notPositive" },
      ]);
      expect(rewardErrorMessage("reward.pointsCost.notPositive", "en")).toMatch(
        /at least 1 point/,
      );
      expect(rewardErrorMessage("reward.pointsCost.notPositive", "fr")).toMatch(
        /au moins 1 point/,
      );
    },
  );

  it("refuses a fractional points cost", () => {
    expect(errorsOf({ ...validInputs.gift_card, pointsCost: 10.5 })).toEqual([
      { path: "pointsCost", key: "reward.pointsCost.notWhole" },
    ]);
  });

  it.each([0, 101, 150, 12.5])("refuses a percentage of %s", (percentage) => {
    expect(errorsOf({ ...validInputs.percentage_off, percentage })).toEqual([
      { path: "percentage", key: "reward.percentage.outOfRange" },
    ]);
  });

  it("accepts 100 % and 1 %", () => {
    expect(
      validateReward({ ...validInputs.percentage_off, percentage: 100 }).ok,
    ).toBe(true);
    expect(
      validateReward({ ...validInputs.percentage_off, percentage: 1 }).ok,
    ).toBe(true);
  });

  it("refuses a zero or negative amount", () => {
    expect(errorsOf({ ...validInputs.fixed_amount_off, amount: 0 })).toEqual([
      { path: "amount", key: "reward.amount.notPositive" },
    ]);
    expect(errorsOf({ ...validInputs.gift_card, amount: -1 })).toEqual([
      { path: "amount", key: "reward.amount.notPositive" },
    ]);
  });

  it("says which field is missing and which type is unknown", () => {
    expect(
      errorsOf({ type: "fixed_amount_off", name: { en: "x" }, pointsCost: 1 }),
    ).toEqual([{ path: "amount", key: "reward.required" }]);
    expect(errorsOf({ ...validInputs.gift_card, type: "cashback" })).toEqual([
      { path: "type", key: "reward.type.unknown" },
    ]);
    expect(errorsOf({ ...validInputs.gift_card, amount: "20" })).toEqual([
      { path: "amount", key: "reward.invalidValue" },
    ]);
  });

  it("needs a name in at least one language, and falls back between them", () => {
    expect(
      errorsOf({ ...validInputs.gift_card, name: { en: "  ", fr: "" } }),
    ).toEqual([{ path: "name", key: "reward.name.required" }]);
    const result = validateReward({
      ...validInputs.gift_card,
      name: { fr: "Carte cadeau" },
    });
    expect(result.ok && localizedText(result.reward.name, "en")).toBe(
      "Carte cadeau",
    );
    expect(result.ok && localizedText(result.reward.name, "fr")).toBe(
      "Carte cadeau",
    );
  });

  it("accepts only https images", () => {
    expect(
      validateReward({
        ...validInputs.gift_card,
        image: { en: "https://cdn.shopify.com/a.png" },
      }).ok,
    ).toBe(true);
    expect(
      errorsOf({
        ...validInputs.gift_card,
        image: { fr: "javascript:alert(1)" },
      }),
    ).toEqual([{ path: "image.fr", key: "reward.image.invalidUrl" }]);
  });

  describe("points slider", () => {
    it("refuses a minimum above the maximum", () => {
      expect(
        errorsOf({
          ...validInputs.points_slider,
          minPoints: 600,
          maxPoints: 500,
        }),
      ).toEqual([{ path: "minPoints", key: "reward.slider.minAboveMax" }]);
    });

    it("refuses a range holding no multiple of the step", () => {
      expect(
        errorsOf({
          ...validInputs.points_slider,
          minPoints: 150,
          maxPoints: 199,
        }),
      ).toEqual([{ path: "pointsStep", key: "reward.slider.noStepInRange" }]);
      expect(
        errorsOf({ ...validInputs.points_slider, pointsStep: 6000 }),
      ).toEqual([{ path: "pointsStep", key: "reward.slider.noStepInRange" }]);
    });

    it("checks a tier's own step against the range too", () => {
      const input = {
        ...validInputs.points_slider,
        maxPoints: 500,
        tierCosts: [{ tierId: "gold", pointsCost: 700 }],
      };
      expect(errorsOf(input)).toEqual([
        { path: "tierCosts.0.pointsCost", key: "reward.slider.noStepInRange" },
      ]);
    });

    it("refuses a zero step or a zero value per step", () => {
      expect(
        errorsOf({ ...validInputs.points_slider, pointsStep: 0 }),
      ).toContainEqual({
        path: "pointsStep",
        key: "reward.slider.stepNotPositive",
      });
      expect(
        errorsOf({ ...validInputs.points_slider, valuePerStep: 0 }),
      ).toEqual([{ path: "valuePerStep", key: "reward.amount.notPositive" }]);
    });
  });

  it("refuses product scoping on rewards that carry their own items, and a minimum where Shopify has none", () => {
    expect(
      errorsOf({
        ...validInputs.free_shipping,
        appliesTo: { kind: "collections", collectionIds: [COLLECTION] },
      }),
    ).toEqual([{ path: "appliesTo", key: "reward.appliesTo.unsupported" }]);
    expect(
      errorsOf({ ...validInputs.buy_x_get_y, minimumSubtotal: 50000 }),
    ).toEqual([
      { path: "minimumSubtotal", key: "reward.minimumSubtotal.unsupported" },
    ]);
  });

  it("accepts product and collection scoping on order discounts, and refuses empty or foreign ids", () => {
    const scoped = validateReward({
      ...validInputs.percentage_off,
      appliesTo: {
        kind: "products",
        productIds: [PRODUCT, PRODUCT],
        variantIds: [VARIANT],
      },
    });
    expect(scoped.ok && scoped.reward.appliesTo).toEqual({
      kind: "products",
      productIds: [PRODUCT],
      variantIds: [VARIANT],
    });
    expect(
      errorsOf({ ...validInputs.percentage_off, appliesTo: { kind: "tags" } }),
    ).toEqual([{ path: "appliesTo.kind", key: "reward.invalidValue" }]);
    expect(
      errorsOf({
        ...validInputs.percentage_off,
        appliesTo: { kind: "products" },
      }),
    ).toEqual([{ path: "appliesTo", key: "reward.items.empty" }]);
    expect(
      errorsOf({
        ...validInputs.percentage_off,
        appliesTo: {
          kind: "collections",
          collectionIds: ["gid://shopify/Product/1"],
        },
      }),
    ).toContainEqual({
      path: "appliesTo.collectionIds.0",
      key: "reward.id.invalid",
    });
  });

  it("buy X get Y needs exactly one of a minimum quantity or amount", () => {
    const buys = {
      items: { kind: "collections", collectionIds: [COLLECTION] },
    };
    expect(errorsOf({ ...validInputs.buy_x_get_y, buys })).toEqual([
      { path: "buys", key: "reward.bxgy.buysMinimum" },
    ]);
    expect(
      errorsOf({
        ...validInputs.buy_x_get_y,
        buys: { ...buys, quantity: 1, amount: 1000 },
      }),
    ).toEqual([{ path: "buys", key: "reward.bxgy.buysMinimum" }]);
    expect(
      validateReward({
        ...validInputs.buy_x_get_y,
        buys: { ...buys, amount: 30000 },
      }).ok,
    ).toBe(true);
  });

  it("validates tier rules", () => {
    expect(errorsOf({ ...validInputs.gift_card, visibleToTiers: [] })).toEqual([
      { path: "visibleToTiers", key: "reward.tiers.noneVisible" },
    ]);
    expect(
      errorsOf({
        ...validInputs.gift_card,
        visibleToTiers: ["gold"],
        tierCosts: [
          { tierId: "gold", pointsCost: 1500 },
          { tierId: "gold", pointsCost: 1400 },
          { tierId: "silver", pointsCost: 1800 },
        ],
      }),
    ).toEqual([
      { path: "tierCosts.1.tierId", key: "reward.tiers.duplicate" },
      { path: "tierCosts.2.tierId", key: "reward.tiers.costForHiddenTier" },
    ]);
    expect(
      errorsOf({
        ...validInputs.gift_card,
        tierCosts: [{ tierId: "gold", pointsCost: 0 }],
      }),
    ).toEqual([
      { path: "tierCosts.0.pointsCost", key: "reward.pointsCost.notPositive" },
    ]);
  });

  it("refuses a negative stock, a zero limit and an out-of-range validity", () => {
    expect(
      errorsOf({
        ...validInputs.gift_card,
        stock: -1,
        limitPerCustomer: 0,
        codeValidityDays: 0,
      }),
    ).toEqual([
      { path: "codeValidityDays", key: "reward.validityDays.outOfRange" },
      { path: "limitPerCustomer", key: "reward.limitPerCustomer.notPositive" },
      { path: "stock", key: "reward.stock.negative" },
    ]);
  });

  it("has every message in English and French", () => {
    for (const k of REWARD_ERROR_KEYS) {
      expect(rewardErrorMessage(k, "en"), k).not.toBe(k);
      expect(rewardErrorMessage(k, "fr"), k).not.toBe(
        rewardErrorMessage(k, "en"),
      );
    }
  });
});

describe("tier rules", () => {
  const result = validateReward({
    ...validInputs.gift_card,
    visibleToTiers: ["silver", "gold"],
    tierCosts: [{ tierId: "gold", pointsCost: 1500 }],
  });
  if (!result.ok) throw new Error("fixture");
  const reward = result.reward;

  it("uses a tier's own cost, else the default", () => {
    expect(pointsCostFor(reward, "gold")).toBe(1500);
    expect(pointsCostFor(reward, "silver")).toBe(2000);
  });

  it("shows the reward only to the listed tiers, and to everyone when none are listed", () => {
    expect(isVisibleToTier(reward, "gold")).toBe(true);
    expect(isVisibleToTier(reward, "bronze")).toBe(false);
    expect(isVisibleToTier(reward, null)).toBe(false);
    expect(isVisibleToTier({ visibleToTiers: null }, null)).toBe(true);
  });
});
