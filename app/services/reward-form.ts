import { rewardErrorMessage } from "~/i18n/reward-errors";
import { parseMillis, formatMillis } from "~/loyalty/money";
import {
  REWARD_TYPES,
  validateReward,
  type Reward,
  type RewardErrorKey,
  type RewardLocale,
  type RewardType,
} from "~/loyalty/rewards";

/**
 * The reward form of the admin, both ways: the fields as the merchant typed them (strings, so a
 * refused value comes back exactly as entered) to a `RewardInput` for `validateReward`, and a stored
 * reward back to fields for editing. Pure, so the route, the one-off gift and the tests share it.
 * Money is typed in shop currency ("12.50", or "12,50" as French merchants write it); Shopify ids
 * as gids, bare numbers or admin URLs (the resource picker needs App Bridge, which is not offline).
 */

export type ItemsKind = "products" | "collections";

export interface TierFormValue {
  tierId: string;
  /** The tier's name as the merchant knows it (tiers come from the tiers settings). */
  name: string;
  visible: boolean;
  /** Empty: the reward's default cost. */
  pointsCost: string;
}

export interface RewardFormValues {
  type: RewardType;
  nameEn: string;
  nameFr: string;
  descriptionEn: string;
  descriptionFr: string;
  imageEn: string;
  imageFr: string;
  pointsCost: string;
  percentage: string;
  amount: string;
  maxShippingRate: string;
  productId: string;
  variantId: string;
  maxDiscountAmount: string;
  buysKind: ItemsKind;
  buysIds: string;
  buysQuantity: string;
  buysAmount: string;
  getsKind: ItemsKind;
  getsIds: string;
  getsQuantity: string;
  getsPercentage: string;
  usesPerOrderLimit: string;
  pointsStep: string;
  valuePerStep: string;
  minPoints: string;
  maxPoints: string;
  appliesToKind: "all" | ItemsKind;
  appliesToIds: string;
  minimumSubtotal: string;
  combinesOrder: boolean;
  combinesProduct: boolean;
  combinesShipping: boolean;
  codeValidityDays: string;
  refundPointsOnExpiry: boolean;
  limitPerCustomer: string;
  stock: string;
  active: boolean;
  tierVisibility: "all" | "tiers";
  tiers: TierFormValue[];
}

export type RewardFormField =
  Exclude<keyof RewardFormValues, "tiers"> | `tier.${string}`;

/** Field errors as message keys, keyed by form field; `form` for what belongs to no field. */
export type RewardFormErrors = Partial<
  Record<RewardFormField | "form", RewardErrorKey>
>;

export function emptyRewardForm(
  tiers: { id: string; name: string }[] = [],
  type: RewardType = "percentage_off",
): RewardFormValues {
  return {
    type,
    nameEn: "",
    nameFr: "",
    descriptionEn: "",
    descriptionFr: "",
    imageEn: "",
    imageFr: "",
    pointsCost: "",
    percentage: "",
    amount: "",
    maxShippingRate: "",
    productId: "",
    variantId: "",
    maxDiscountAmount: "",
    buysKind: "products",
    buysIds: "",
    buysQuantity: "1",
    buysAmount: "",
    getsKind: "products",
    getsIds: "",
    getsQuantity: "1",
    getsPercentage: "100",
    usesPerOrderLimit: "",
    pointsStep: "",
    valuePerStep: "",
    minPoints: "",
    maxPoints: "",
    appliesToKind: "all",
    appliesToIds: "",
    minimumSubtotal: "",
    combinesOrder: false,
    combinesProduct: false,
    combinesShipping: false,
    codeValidityDays: "",
    refundPointsOnExpiry: false,
    limitPerCustomer: "",
    stock: "",
    active: true,
    tierVisibility: "all",
    tiers: tiers.map((tier) => ({
      tierId: tier.id,
      name: tier.name,
      visible: false,
      pointsCost: "",
    })),
  };
}

/** The posted form as values; unknown tiers (a tier deleted meanwhile) are dropped. */
export function readRewardForm(
  form: FormData,
  tiers: { id: string; name: string }[],
): RewardFormValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const checked = (name: string) =>
    form.get(name) === "on" || form.get(name) === "true";
  const oneOf = <T extends string>(
    name: string,
    allowed: readonly T[],
    fallback: T,
  ): T =>
    (allowed as readonly string[]).includes(text(name))
      ? (text(name) as T)
      : fallback;
  const type = text("type") as RewardType;
  return {
    // An unknown type stays as sent, so validation says "Choose a reward type".
    type,
    nameEn: text("nameEn"),
    nameFr: text("nameFr"),
    descriptionEn: text("descriptionEn"),
    descriptionFr: text("descriptionFr"),
    imageEn: text("imageEn"),
    imageFr: text("imageFr"),
    pointsCost: text("pointsCost"),
    percentage: text("percentage"),
    amount: text("amount"),
    maxShippingRate: text("maxShippingRate"),
    productId: text("productId"),
    variantId: text("variantId"),
    maxDiscountAmount: text("maxDiscountAmount"),
    buysKind: oneOf("buysKind", ["products", "collections"], "products"),
    buysIds: text("buysIds"),
    buysQuantity: text("buysQuantity"),
    buysAmount: text("buysAmount"),
    getsKind: oneOf("getsKind", ["products", "collections"], "products"),
    getsIds: text("getsIds"),
    getsQuantity: text("getsQuantity"),
    getsPercentage: text("getsPercentage"),
    usesPerOrderLimit: text("usesPerOrderLimit"),
    pointsStep: text("pointsStep"),
    valuePerStep: text("valuePerStep"),
    minPoints: text("minPoints"),
    maxPoints: text("maxPoints"),
    appliesToKind: oneOf(
      "appliesToKind",
      ["all", "products", "collections"],
      "all",
    ),
    appliesToIds: text("appliesToIds"),
    minimumSubtotal: text("minimumSubtotal"),
    combinesOrder: checked("combinesOrder"),
    combinesProduct: checked("combinesProduct"),
    combinesShipping: checked("combinesShipping"),
    codeValidityDays: text("codeValidityDays"),
    refundPointsOnExpiry: checked("refundPointsOnExpiry"),
    limitPerCustomer: text("limitPerCustomer"),
    stock: text("stock"),
    active: checked("active"),
    tierVisibility: oneOf("tierVisibility", ["all", "tiers"], "all"),
    tiers: tiers.map((tier) => ({
      tierId: tier.id,
      name: tier.name,
      visible: checked(`tier.${tier.id}.visible`),
      pointsCost: text(`tier.${tier.id}.pointsCost`),
    })),
  };
}

const blank = (value: string) => value.trim() === "";

/** Whole numbers only: "12" → 12, "" → null, "1.5" or "abc" → NaN (which validation refuses). */
function wholeNumber(value: string): number | null {
  const trimmed = value.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (trimmed === "") return null;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Shop money: "12.50" or "12,50" → 12500 thousandths; "" → null; anything else NaN. */
function money(value: string): number | null {
  const trimmed = value.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (trimmed === "") return null;
  const parsed = parseMillis(trimmed.replace(",", "."));
  return parsed.ok ? parsed.millis : Number.NaN;
}

const ADMIN_PATH =
  /\/(products|collections)\/(\d+)(?:\/variants\/(\d+))?\/?(?:[?#].*)?$/;

/**
 * One Shopify id as a gid: a gid stays as typed, a bare number becomes a gid of `resource`, an admin
 * URL (…/products/123, …/products/123/variants/456, …/collections/7) the gid it points to. Anything
 * else is kept as typed, for validation to refuse with "not recognised".
 */
export function toShopifyGid(
  token: string,
  resource: "Product" | "ProductVariant" | "Collection",
): string {
  const trimmed = token.trim();
  if (/^\d+$/.test(trimmed)) return `gid://shopify/${resource}/${trimmed}`;
  const match = ADMIN_PATH.exec(trimmed);
  if (match && /^https?:\/\//.test(trimmed)) {
    const [, kind, id, variant] = match;
    if (variant) return `gid://shopify/ProductVariant/${variant}`;
    return `gid://shopify/${kind === "products" ? "Product" : "Collection"}/${id}`;
  }
  return trimmed;
}

function idTokens(text: string): string[] {
  return text.split(/[\s,;]+/).filter((token) => token !== "");
}

function itemSelection(kind: ItemsKind | "all", ids: string) {
  if (kind === "all") return { kind };
  if (kind === "collections")
    return {
      kind,
      collectionIds: idTokens(ids).map((t) => toShopifyGid(t, "Collection")),
    };
  const gids = idTokens(ids).map((t) => toShopifyGid(t, "Product"));
  return {
    kind,
    productIds: gids.filter(
      (gid) => !gid.startsWith("gid://shopify/ProductVariant/"),
    ),
    variantIds: gids.filter((gid) =>
      gid.startsWith("gid://shopify/ProductVariant/"),
    ),
  };
}

const localized = (en: string, fr: string) => ({
  en: en || undefined,
  fr: fr || undefined,
});

/** The form as `validateReward` input. `poolId` is the pool a code-pool reward draws from. */
export function rewardInputFromForm(
  values: RewardFormValues,
  poolId?: string,
): Record<string, unknown> {
  const required = (value: number | null) => value ?? undefined;
  const common = {
    type: values.type,
    name: localized(values.nameEn, values.nameFr),
    description: localized(values.descriptionEn, values.descriptionFr),
    image: {
      en: blank(values.imageEn) ? undefined : values.imageEn,
      fr: blank(values.imageFr) ? undefined : values.imageFr,
    },
    appliesTo: itemSelection(values.appliesToKind, values.appliesToIds),
    minimumSubtotal: money(values.minimumSubtotal),
    combinesWith: {
      orderDiscounts: values.combinesOrder,
      productDiscounts: values.combinesProduct,
      shippingDiscounts: values.combinesShipping,
    },
    codeValidityDays: wholeNumber(values.codeValidityDays),
    refundPointsOnExpiry: values.refundPointsOnExpiry,
    limitPerCustomer: wholeNumber(values.limitPerCustomer),
    stock: wholeNumber(values.stock),
    active: values.active,
    visibleToTiers:
      values.tierVisibility === "all"
        ? null
        : values.tiers.filter((t) => t.visible).map((t) => t.tierId),
    // Only tiers that see the reward can have their own cost; an empty cost means the default one.
    tierCosts: values.tiers
      .filter(
        (t) =>
          !blank(t.pointsCost) &&
          (values.tierVisibility === "all" || t.visible),
      )
      .map((t) => ({
        tierId: t.tierId,
        pointsCost: wholeNumber(t.pointsCost),
      })),
  };
  const pointsCost = required(wholeNumber(values.pointsCost));
  switch (values.type) {
    case "percentage_off":
      return {
        ...common,
        pointsCost,
        percentage: required(wholeNumber(values.percentage)),
      };
    case "fixed_amount_off":
    case "gift_card":
      return { ...common, pointsCost, amount: required(money(values.amount)) };
    case "free_shipping":
      return {
        ...common,
        pointsCost,
        maxShippingRate: money(values.maxShippingRate),
      };
    case "free_product":
      return {
        ...common,
        pointsCost,
        productId: blank(values.productId)
          ? undefined
          : toShopifyGid(values.productId, "Product"),
        variantId: blank(values.variantId)
          ? null
          : toShopifyGid(values.variantId, "ProductVariant"),
        maxDiscountAmount: money(values.maxDiscountAmount),
      };
    case "buy_x_get_y":
      return {
        ...common,
        pointsCost,
        buys: {
          items: itemSelection(values.buysKind, values.buysIds),
          quantity: wholeNumber(values.buysQuantity),
          amount: money(values.buysAmount),
        },
        gets: {
          items: itemSelection(values.getsKind, values.getsIds),
          quantity: required(wholeNumber(values.getsQuantity)),
          percentage: required(wholeNumber(values.getsPercentage)),
        },
        usesPerOrderLimit: wholeNumber(values.usesPerOrderLimit),
      };
    case "code_pool":
      return { ...common, pointsCost, poolId };
    case "points_slider":
      return {
        ...common,
        pointsStep: required(wholeNumber(values.pointsStep)),
        valuePerStep: required(money(values.valuePerStep)),
        minPoints: required(wholeNumber(values.minPoints)),
        maxPoints: required(wholeNumber(values.maxPoints)),
      };
    default:
      return common;
  }
}

/** Which form field shows an error found at a validation path ("buys.items.productIds.0" → buysIds). */
export function formFieldForPath(
  path: string,
  values: RewardFormValues,
): RewardFormField | "form" {
  const [head, second, third] = path.split(".");
  const capitalised = (s: string | undefined) => (s === "fr" ? "Fr" : "En");
  switch (head) {
    case "name":
      return `name${capitalised(second)}`;
    case "description":
      return `description${capitalised(second)}`;
    case "image":
      return `image${capitalised(second)}`;
    case "appliesTo":
      return "appliesToIds";
    case "buys":
      if (second === "items") return "buysIds";
      if (second === "amount") return "buysAmount";
      return "buysQuantity";
    case "gets":
      if (second === "items") return "getsIds";
      if (second === "percentage") return "getsPercentage";
      return "getsQuantity";
    case "visibleToTiers":
      return "tierVisibility";
    case "tierCosts": {
      const tierCosts = values.tiers.filter(
        (t) =>
          !blank(t.pointsCost) &&
          (values.tierVisibility === "all" || t.visible),
      );
      const tier = tierCosts[Number(second)];
      return tier ? `tier.${tier.tierId}` : "tierVisibility";
    }
    case "combinesWith":
      return "form";
    default:
      if (third === undefined && head in values && head !== "tiers")
        return head as RewardFormField;
      return "form";
  }
}

export type RewardFormResult =
  { ok: true; reward: Reward } | { ok: false; errors: RewardFormErrors };

/** Validates the form; errors are keyed by field, the first one per field. */
export function validateRewardForm(
  values: RewardFormValues,
  poolId?: string,
): RewardFormResult {
  const validation = validateReward(rewardInputFromForm(values, poolId));
  if (validation.ok) return validation;
  const errors: RewardFormErrors = {};
  for (const error of validation.errors)
    errors[formFieldForPath(error.path, values)] ??= error.key;
  return { ok: false, errors };
}

/** The errors as the merchant reads them, in their language. */
export function rewardFormErrorMessages(
  errors: RewardFormErrors,
  locale: RewardLocale,
): Partial<Record<string, string>> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, key]) => [
      field,
      rewardErrorMessage(key as RewardErrorKey, locale),
    ]),
  );
}

const moneyText = (millis: number | null) =>
  millis === null ? "" : formatMillis(millis);
const numberText = (value: number | null) =>
  value === null ? "" : String(value);
const idsText = (ids: string[]) => ids.join("\n");

function selectionFields(items: Reward["appliesTo"]): {
  kind: "all" | ItemsKind;
  ids: string;
} {
  if (items.kind === "all") return { kind: "all", ids: "" };
  if (items.kind === "collections")
    return { kind: "collections", ids: idsText(items.collectionIds) };
  return {
    kind: "products",
    ids: idsText([...items.productIds, ...items.variantIds]),
  };
}

/** A stored reward as form values, for editing. */
export function rewardFormValues(
  reward: Reward,
  tiers: { id: string; name: string }[],
): RewardFormValues {
  const values = emptyRewardForm(tiers, reward.type);
  const appliesTo = selectionFields(reward.appliesTo);
  Object.assign(values, {
    nameEn: reward.name.en ?? "",
    nameFr: reward.name.fr ?? "",
    descriptionEn: reward.description.en ?? "",
    descriptionFr: reward.description.fr ?? "",
    imageEn: reward.image.en ?? "",
    imageFr: reward.image.fr ?? "",
    appliesToKind: appliesTo.kind,
    appliesToIds: appliesTo.ids,
    minimumSubtotal: moneyText(reward.minimumSubtotal),
    combinesOrder: reward.combinesWith.orderDiscounts,
    combinesProduct: reward.combinesWith.productDiscounts,
    combinesShipping: reward.combinesWith.shippingDiscounts,
    codeValidityDays: numberText(reward.codeValidityDays),
    refundPointsOnExpiry: reward.refundPointsOnExpiry,
    limitPerCustomer: numberText(reward.limitPerCustomer),
    stock: numberText(reward.stock),
    active: reward.active,
    tierVisibility: reward.visibleToTiers === null ? "all" : "tiers",
  } satisfies Partial<RewardFormValues>);
  values.tiers = values.tiers.map((tier) => ({
    ...tier,
    visible: reward.visibleToTiers?.includes(tier.tierId) ?? false,
    pointsCost: numberText(
      reward.tierCosts.find((c) => c.tierId === tier.tierId)?.pointsCost ??
        null,
    ),
  }));
  switch (reward.type) {
    case "percentage_off":
      return {
        ...values,
        pointsCost: String(reward.pointsCost),
        percentage: String(reward.percentage),
      };
    case "fixed_amount_off":
    case "gift_card":
      return {
        ...values,
        pointsCost: String(reward.pointsCost),
        amount: moneyText(reward.amount),
      };
    case "free_shipping":
      return {
        ...values,
        pointsCost: String(reward.pointsCost),
        maxShippingRate: moneyText(reward.maxShippingRate),
      };
    case "free_product":
      return {
        ...values,
        pointsCost: String(reward.pointsCost),
        productId: reward.productId,
        variantId: reward.variantId ?? "",
        maxDiscountAmount: moneyText(reward.maxDiscountAmount),
      };
    case "buy_x_get_y": {
      const buys = selectionFields(reward.buys.items);
      const gets = selectionFields(reward.gets.items);
      return {
        ...values,
        pointsCost: String(reward.pointsCost),
        buysKind: buys.kind === "all" ? "products" : buys.kind,
        buysIds: buys.ids,
        buysQuantity: numberText(reward.buys.quantity),
        buysAmount: moneyText(reward.buys.amount),
        getsKind: gets.kind === "all" ? "products" : gets.kind,
        getsIds: gets.ids,
        getsQuantity: String(reward.gets.quantity),
        getsPercentage: String(reward.gets.percentage),
        usesPerOrderLimit: numberText(reward.usesPerOrderLimit),
      };
    }
    case "code_pool":
      return { ...values, pointsCost: String(reward.pointsCost) };
    case "points_slider":
      return {
        ...values,
        pointsStep: String(reward.pointsStep),
        valuePerStep: moneyText(reward.valuePerStep),
        minPoints: String(reward.minPoints),
        maxPoints: String(reward.maxPoints),
      };
  }
}

export function isRewardType(value: string): value is RewardType {
  return (REWARD_TYPES as readonly string[]).includes(value);
}
