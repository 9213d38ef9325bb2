import { z } from "zod";
import { type Millis } from "~/loyalty/types";

/**
 * The reward catalogue: what a merchant can offer for points, validated once at the edge.
 * Every error is a code (`REWARD_ERROR_KEYS`); the admin puts it in words with its dictionary.
 * Redemptions never read a reward after the fact: `planRedemption` freezes what was bought.
 */

export const REWARD_LOCALES = ["en", "fr"] as const;
export type RewardLocale = (typeof REWARD_LOCALES)[number];

export const REWARD_TYPES = [
  "percentage_off",
  "fixed_amount_off",
  "free_shipping",
  "free_product",
  "buy_x_get_y",
  "gift_card",
  "code_pool",
  "points_slider",
] as const;
export type RewardType = (typeof REWARD_TYPES)[number];

/** Why a reward is refused, as codes; the words live in the dictionaries (messages/reward-errors-*.ts). */
export const REWARD_ERROR_KEYS = [
  "reward.required",
  "reward.invalidValue",
  "reward.type.unknown",
  "reward.type.giftCardsNotGranted",
  "reward.name.required",
  "reward.text.tooLong",
  "reward.image.invalidUrl",
  "reward.pointsCost.notWhole",
  "reward.pointsCost.notPositive",
  "reward.pointsCost.tooLarge",
  "reward.amount.notPositive",
  "reward.amount.invalid",
  "reward.percentage.outOfRange",
  "reward.quantity.notPositive",
  "reward.validityDays.outOfRange",
  "reward.limitPerCustomer.notPositive",
  "reward.stock.negative",
  "reward.id.invalid",
  "reward.items.empty",
  "reward.appliesTo.unsupported",
  "reward.minimumSubtotal.unsupported",
  "reward.slider.stepNotPositive",
  "reward.slider.minAboveMax",
  "reward.slider.noStepInRange",
  "reward.slider.valueTooLarge",
  "reward.tiers.noneVisible",
  "reward.tiers.duplicate",
  "reward.tiers.costForHiddenTier",
  "reward.bxgy.buysMinimum",
] as const;

export type RewardErrorKey = (typeof REWARD_ERROR_KEYS)[number];

export function isRewardErrorKey(value: string): value is RewardErrorKey {
  return (REWARD_ERROR_KEYS as readonly string[]).includes(value);
}

const key = (k: RewardErrorKey) => ({ message: k });

/**
 * Keys for zod's own failures (wrong type, missing field), so no English leaks out of zod.
 * zod consults it only for checks without a message of their own.
 */
export const rewardErrorMap: z.ZodErrorMap = (issue) => {
  if (
    issue.code === z.ZodIssueCode.invalid_type &&
    issue.received === "undefined"
  )
    return { message: "reward.required" };
  if (
    issue.code === z.ZodIssueCode.invalid_union_discriminator &&
    issue.path.join(".") === "type"
  ) {
    return { message: "reward.type.unknown" };
  }
  return { message: "reward.invalidValue" };
};

const TEXT_MAX = 255;
const DESCRIPTION_MAX = 2000;
/** A ceiling no real programme reaches; it keeps every product of points and money a safe integer. */
const MAX_POINTS = 100_000_000;
/** One billion in shop currency, as thousandths. */
const MAX_MILLIS = 1_000_000_000_000;

const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, key("reward.text.tooLong"))
    .optional()
    .transform((text) => (text ? text : undefined));

/** Shown to shoppers in their storefront language; a missing locale falls back to the other one. */
export const LocalizedTextSchema = z.object({
  en: OptionalText(TEXT_MAX),
  fr: OptionalText(TEXT_MAX),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

const RewardNameSchema = LocalizedTextSchema.refine(
  (t) => Boolean(t.en || t.fr),
  key("reward.name.required"),
);
const DescriptionSchema = z
  .object({
    en: OptionalText(DESCRIPTION_MAX),
    fr: OptionalText(DESCRIPTION_MAX),
  })
  .default({});

const ImageUrlSchema = z
  .string()
  .trim()
  .max(2048, key("reward.text.tooLong"))
  .refine(
    (url) => /^https:\/\/[^\s/]+\/\S*$/.test(url),
    key("reward.image.invalidUrl"),
  )
  .optional();
const ImageSchema = z
  .object({ en: ImageUrlSchema, fr: ImageUrlSchema })
  .default({});

export function localizedText(
  text: LocalizedText,
  locale: RewardLocale,
): string {
  return (locale === "fr" ? (text.fr ?? text.en) : (text.en ?? text.fr)) ?? "";
}

const gid = (resource: string) =>
  z
    .string()
    .regex(
      new RegExp(`^gid://shopify/${resource}/\\d+$`),
      key("reward.id.invalid"),
    );
export const ProductGidSchema = gid("Product");
export const ProductVariantGidSchema = gid("ProductVariant");
export const CollectionGidSchema = gid("Collection");

const uniqueList = <T extends z.ZodTypeAny>(item: T) =>
  z
    .array(item)
    .max(250)
    .transform((ids) => [...new Set(ids)]);

const ProductItemsSchema = z.object({
  kind: z.literal("products"),
  productIds: uniqueList(ProductGidSchema).default([]),
  variantIds: uniqueList(ProductVariantGidSchema).default([]),
});
const CollectionItemsSchema = z.object({
  kind: z.literal("collections"),
  collectionIds: uniqueList(CollectionGidSchema).default([]),
});

const refuseEmptySelection = (
  items:
    | { kind: "all" }
    | z.infer<typeof ProductItemsSchema>
    | z.infer<typeof CollectionItemsSchema>,
  ctx: z.RefinementCtx,
) => {
  const count =
    items.kind === "all"
      ? 1
      : items.kind === "products"
        ? items.productIds.length + items.variantIds.length
        : items.collectionIds.length;
  if (count === 0)
    ctx.addIssue({ code: "custom", message: "reward.items.empty" });
};

/** Chosen products or collections (Shopify's Buy X Get Y refuses "all items"). */
export const ItemSelectionSchema = z
  .discriminatedUnion("kind", [ProductItemsSchema, CollectionItemsSchema])
  .superRefine(refuseEmptySelection);
export type ItemSelection = z.infer<typeof ItemSelectionSchema>;

export const AppliesToSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("all") }),
    ProductItemsSchema,
    CollectionItemsSchema,
  ])
  .superRefine(refuseEmptySelection);
export type AppliesTo = z.infer<typeof AppliesToSchema>;

export const CombinesWithSchema = z
  .object({
    orderDiscounts: z.boolean().default(false),
    productDiscounts: z.boolean().default(false),
    shippingDiscounts: z.boolean().default(false),
  })
  .default({});
export type CombinesWith = z.infer<typeof CombinesWithSchema>;

const PointsSchema = z
  .number()
  .int(key("reward.pointsCost.notWhole"))
  .positive(key("reward.pointsCost.notPositive"))
  .max(MAX_POINTS, key("reward.pointsCost.tooLarge"));

/** A positive amount of shop money in thousandths. */
const AmountSchema = z
  .number()
  .int(key("reward.amount.invalid"))
  .positive(key("reward.amount.notPositive"))
  .max(MAX_MILLIS, key("reward.amount.invalid"));

const PercentageSchema = z
  .number()
  .int(key("reward.percentage.outOfRange"))
  .min(1, key("reward.percentage.outOfRange"))
  .max(100, key("reward.percentage.outOfRange"));

const QuantitySchema = z
  .number()
  .int(key("reward.quantity.notPositive"))
  .min(1, key("reward.quantity.notPositive"))
  .max(1000, key("reward.quantity.notPositive"));

const TierIdSchema = z.string().trim().min(1, key("reward.required")).max(100);

export const TierCostSchema = z.object({
  tierId: TierIdSchema,
  pointsCost: PointsSchema,
});
export type TierCost = z.infer<typeof TierCostSchema>;

const CommonFields = {
  name: RewardNameSchema,
  description: DescriptionSchema,
  image: ImageSchema,
  appliesTo: AppliesToSchema.default({ kind: "all" }),
  /** The order subtotal a code needs before it applies. */
  minimumSubtotal: AmountSchema.nullable().default(null),
  combinesWith: CombinesWithSchema,
  /** Days a code stays usable after redemption; null: until used. */
  codeValidityDays: z
    .number()
    .int(key("reward.validityDays.outOfRange"))
    .min(1, key("reward.validityDays.outOfRange"))
    .max(3650, key("reward.validityDays.outOfRange"))
    .nullable()
    .default(null),
  /** Whether an expired, unused code gives its points back. */
  refundPointsOnExpiry: z.boolean().default(false),
  limitPerCustomer: z
    .number()
    .int(key("reward.limitPerCustomer.notPositive"))
    .min(1, key("reward.limitPerCustomer.notPositive"))
    .nullable()
    .default(null),
  /** How many can ever be redeemed; null: unlimited. */
  stock: z
    .number()
    .int(key("reward.stock.negative"))
    .min(0, key("reward.stock.negative"))
    .nullable()
    .default(null),
  active: z.boolean().default(true),
  /** Tiers that see and may redeem the reward; null: every member, with or without a tier. */
  visibleToTiers: z.array(TierIdSchema).max(100).nullable().default(null),
  /** A points cost for a tier instead of the default one (for a slider: the points per step). */
  tierCosts: z.array(TierCostSchema).max(100).default([]),
};

const PercentageOffSchema = z.object({
  type: z.literal("percentage_off"),
  pointsCost: PointsSchema,
  percentage: PercentageSchema,
  ...CommonFields,
});

const FixedAmountOffSchema = z.object({
  type: z.literal("fixed_amount_off"),
  pointsCost: PointsSchema,
  amount: AmountSchema,
  ...CommonFields,
});

const FreeShippingSchema = z.object({
  type: z.literal("free_shipping"),
  pointsCost: PointsSchema,
  /** Only shipping rates up to this price become free; null: any rate. */
  maxShippingRate: AmountSchema.nullable().default(null),
  ...CommonFields,
});

const FreeProductSchema = z.object({
  type: z.literal("free_product"),
  pointsCost: PointsSchema,
  productId: ProductGidSchema,
  /** One variant of the product; null: any variant. */
  variantId: ProductVariantGidSchema.nullable().default(null),
  /**
   * Shopify applies a percentage to every unit in the cart, so "100 % off" would make ten units free.
   * With a cap (the product's price), the code takes at most that amount off the order's units together.
   */
  maxDiscountAmount: AmountSchema.nullable().default(null),
  ...CommonFields,
});

const BuyXGetYSchema = z.object({
  type: z.literal("buy_x_get_y"),
  pointsCost: PointsSchema,
  buys: z
    .object({
      items: ItemSelectionSchema,
      quantity: QuantitySchema.nullable().default(null),
      amount: AmountSchema.nullable().default(null),
    })
    .refine(
      (buys) => (buys.quantity === null) !== (buys.amount === null),
      key("reward.bxgy.buysMinimum"),
    ),
  gets: z.object({
    items: ItemSelectionSchema,
    quantity: QuantitySchema,
    /** 100: the items are free. */
    percentage: PercentageSchema,
  }),
  usesPerOrderLimit: QuantitySchema.nullable().default(null),
  ...CommonFields,
});

const GiftCardSchema = z.object({
  type: z.literal("gift_card"),
  pointsCost: PointsSchema,
  amount: AmountSchema,
  ...CommonFields,
});

const CodePoolSchema = z.object({
  type: z.literal("code_pool"),
  pointsCost: PointsSchema,
  poolId: z.string().trim().min(1, key("reward.required")).max(100),
  ...CommonFields,
});

/** Every `pointsStep` points is worth `valuePerStep` off; the shopper picks between min and max points. */
const PointsSliderSchema = z.object({
  type: z.literal("points_slider"),
  pointsStep: z
    .number()
    .int(key("reward.slider.stepNotPositive"))
    .positive(key("reward.slider.stepNotPositive"))
    .max(MAX_POINTS, key("reward.pointsCost.tooLarge")),
  valuePerStep: AmountSchema,
  minPoints: PointsSchema,
  maxPoints: PointsSchema,
  ...CommonFields,
});

const NOT_SCOPED: ReadonlySet<RewardType> = new Set([
  "free_shipping",
  "free_product",
  "buy_x_get_y",
  "gift_card",
  "code_pool",
]);
const NO_MINIMUM: ReadonlySet<RewardType> = new Set([
  "buy_x_get_y",
  "gift_card",
  "code_pool",
]);

export const RewardInputSchema = z
  .discriminatedUnion("type", [
    PercentageOffSchema,
    FixedAmountOffSchema,
    FreeShippingSchema,
    FreeProductSchema,
    BuyXGetYSchema,
    GiftCardSchema,
    CodePoolSchema,
    PointsSliderSchema,
  ])
  .superRefine((reward, ctx) => {
    const issue = (path: (string | number)[], k: RewardErrorKey) =>
      ctx.addIssue({ code: "custom", path, message: k });

    // Free shipping, a free product and BXGY carry their own item choice; a gift card or a pool code has none.
    if (NOT_SCOPED.has(reward.type) && reward.appliesTo.kind !== "all")
      issue(["appliesTo"], "reward.appliesTo.unsupported");
    // discountCodeBxgyCreate has no minimumRequirement; a gift card or pool code is not a discount we configure.
    if (NO_MINIMUM.has(reward.type) && reward.minimumSubtotal !== null) {
      issue(["minimumSubtotal"], "reward.minimumSubtotal.unsupported");
    }

    if (reward.visibleToTiers !== null) {
      if (reward.visibleToTiers.length === 0)
        issue(["visibleToTiers"], "reward.tiers.noneVisible");
      reward.visibleToTiers.forEach((tierId, i) => {
        if (reward.visibleToTiers!.indexOf(tierId) !== i)
          issue(["visibleToTiers", i], "reward.tiers.duplicate");
      });
    }
    const tierIds = reward.tierCosts.map((c) => c.tierId);
    reward.tierCosts.forEach((cost, i) => {
      if (tierIds.indexOf(cost.tierId) !== i)
        issue(["tierCosts", i, "tierId"], "reward.tiers.duplicate");
      if (
        reward.visibleToTiers !== null &&
        !reward.visibleToTiers.includes(cost.tierId)
      ) {
        issue(["tierCosts", i, "tierId"], "reward.tiers.costForHiddenTier");
      }
    });

    if (reward.type === "points_slider") {
      if (reward.minPoints > reward.maxPoints) {
        issue(["minPoints"], "reward.slider.minAboveMax");
        return;
      }
      const steps = [
        {
          step: reward.pointsStep,
          path: ["pointsStep"] as (string | number)[],
        },
      ].concat(
        reward.tierCosts.map((c, i) => ({
          step: c.pointsCost,
          path: ["tierCosts", i, "pointsCost"],
        })),
      );
      for (const { step, path } of steps) {
        if (firstStepAtOrAbove(reward.minPoints, step) > reward.maxPoints)
          issue(path, "reward.slider.noStepInRange");
        else if (
          Math.floor(reward.maxPoints / step) * reward.valuePerStep >
          MAX_MILLIS
        )
          issue(path, "reward.slider.valueTooLarge");
      }
    }
  });

export type RewardInput = z.input<typeof RewardInputSchema>;
/** A validated reward, defaults filled in: what the catalogue stores and `planRedemption` reads. */
export type Reward = z.output<typeof RewardInputSchema>;
export type PointsSliderReward = Extract<Reward, { type: "points_slider" }>;

export interface RewardValidationError {
  /** Dotted path of the field, as the admin form names it ("buys.quantity", "tierCosts.0.pointsCost"). */
  path: string;
  key: RewardErrorKey;
}

export type RewardValidation =
  { ok: true; reward: Reward } | { ok: false; errors: RewardValidationError[] };

/** Validates a reward from the admin form (or a one-off gift) into a catalogue entry, or says what is wrong. */
export function validateReward(input: unknown): RewardValidation {
  const parsed = RewardInputSchema.safeParse(input, {
    errorMap: rewardErrorMap,
  });
  if (parsed.success) return { ok: true, reward: parsed.data };
  const errors = parsed.error.issues.map((issue) => ({
    path: issue.path.join("."),
    key: isRewardErrorKey(issue.message)
      ? issue.message
      : ("reward.invalidValue" as const),
  }));
  return { ok: false, errors };
}

/** The smallest multiple of `step` that is at least `points`. */
export function firstStepAtOrAbove(points: number, step: number): number {
  return Math.ceil(points / step) * step;
}

/** Whether a member in `tierId` (null: no tier yet) sees the reward at all. */
export function isVisibleToTier(
  reward: Pick<Reward, "visibleToTiers">,
  tierId: string | null,
): boolean {
  if (reward.visibleToTiers === null) return true;
  return tierId !== null && reward.visibleToTiers.includes(tierId);
}

/**
 * The points this reward costs a member of `tierId`. For a points slider, the points per step.
 */
export function pointsCostFor(reward: Reward, tierId: string | null): number {
  const tierCost =
    tierId === null
      ? undefined
      : reward.tierCosts.find((c) => c.tierId === tierId);
  if (tierCost) return tierCost.pointsCost;
  return reward.type === "points_slider"
    ? reward.pointsStep
    : reward.pointsCost;
}

/** The money value a slider gives for `points`, which must be a multiple of `step`. */
export function sliderValue(
  points: number,
  step: number,
  valuePerStep: Millis,
): Millis {
  return (points / step) * valuePerStep;
}
