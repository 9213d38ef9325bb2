import { z } from "zod";
import { type ValidationCode } from "~/loyalty/validation-codes";
import {
  campaignBoostFor,
  multiplyPoints,
  MultiplierSchema,
  type Campaign,
} from "~/loyalty/campaigns";
import { EarningLimitsSchema } from "~/loyalty/limits";
import { assertMillis, floorMulDiv } from "~/loyalty/money";
import {
  AwardSnapshotLineSchema,
  AwardSnapshotSchema,
  withOrderDiscountAllocated,
} from "~/loyalty/earning";
import {
  type AwardSnapshot,
  type AwardSnapshotLine,
  type Millis,
  type OrderFacts,
  type OrderLine,
  type RefundFacts,
} from "~/loyalty/types";

/**
 * The merchant's ways to earn, as validated data, and what each one awards.
 *
 * Every rule has its own points and limits (limits.ts) and can be switched off. Awards keep a
 * self-contained snapshot of what the rule said at award time, so editing or deleting a rule never
 * changes points already awarded, and refunds are reversed by the rules in force then.
 *
 * Tier multipliers apply to order points only: a VIP perk is "earn faster when you shop", not a
 * bigger birthday gift. Campaigns apply to whichever rules they name (campaigns.ts).
 */

export const SOCIAL_NETWORKS = [
  "instagram",
  "tiktok",
  "facebook",
  "x",
  "youtube",
  "pinterest",
  "linkedin",
  "threads",
  "snapchat",
  "bluesky",
  "twitch",
] as const;
export const SocialNetworkSchema = z.enum(SOCIAL_NETWORKS);
export type SocialNetwork = z.infer<typeof SocialNetworkSchema>;

const RulePointsSchema = z.number().int().min(1).max(1_000_000);
const IdListSchema = z.array(z.string().trim().min(1)).max(500).default([]);
const HttpUrlSchema = z
  .string()
  .trim()
  .url()
  .refine((url) => /^https?:\/\//i.test(url), {
    message: "invalid.httpAddress" satisfies ValidationCode,
  });

const ruleBase = {
  /**
   * The name the merchant typed; empty when the rule is named after its type, which every reader
   * then sees in their own language (a code, never stored prose: ADR 0015).
   */
  name: z.string().trim().max(100),
  /**
   * The name shoppers read, per language ({fr: "Passer commande"}), chosen for the reader with the
   * shop's primary language as fallback (ADR 0015); `name` when none fits.
   */
  nameTranslations: z
    .record(z.string().regex(/^[a-z]{2,3}$/), z.string().trim().max(100))
    .optional(),
  enabled: z.boolean().default(true),
  limits: EarningLimitsSchema,
};

/** When order points are posted; until then they are pending (visible, not spendable). */
export const AwardTimingSchema = z.discriminatedUnion("when", [
  z.object({ when: z.literal("paid") }),
  z.object({ when: z.literal("fulfilled") }),
  z.object({
    when: z.literal("after_payment"),
    delay: z
      .number()
      .int()
      .min(1)
      .max(365 * 24),
    unit: z.enum(["hours", "days"]),
  }),
]);
export type AwardTiming = z.infer<typeof AwardTimingSchema>;

export const OrderBonusSchema = z
  .object({
    productIds: IdListSchema,
    collectionIds: IdListSchema,
    pointsPerItem: RulePointsSchema,
  })
  .refine((bonus) => bonus.productIds.length + bonus.collectionIds.length > 0, {
    message: "invalid.productOrCollection" satisfies ValidationCode,
  });

export const PlaceOrderRuleInputSchema = z.object({
  type: z.literal("place_order"),
  ...ruleBase,
  /** `earnPoints` points per `earnPerAmount` whole units of shop currency (5 per 1, or 1 per 10). */
  earnPoints: z.number().int().min(0).max(1_000_000),
  earnPerAmount: z.number().int().min(1).max(1_000_000),
  rounding: z.enum(["down", "nearest", "up"]).default("down"),
  exclusions: z
    .object({
      productIds: IdListSchema,
      collectionIds: IdListSchema,
      /** Matched without regard to case or surrounding spaces, as Shopify treats tags. */
      productTags: IdListSchema,
    })
    .default({}),
  earnOnShipping: z.boolean().default(false),
  earnOnTaxes: z.boolean().default(false),
  /** Earn on prices before discounts (the discount still applies to what the shopper pays). */
  earnBeforeDiscounts: z.boolean().default(false),
  /** Buying a gift card is not spending yet: off by default, the points come when the card is used. */
  earnOnGiftCards: z.boolean().default(false),
  /** Orders whose subtotal (after discounts, before shipping) is below this earn nothing from this rule. */
  minimumSubtotal: z.number().int().min(0).nullable().default(null),
  /** Fixed points per item of chosen products or collections, on top of the amount-based points. */
  bonuses: z.array(OrderBonusSchema).max(50).default([]),
  timing: AwardTimingSchema.default({ when: "paid" }),
});

export const CreateAccountRuleInputSchema = z.object({
  type: z.literal("create_account"),
  ...ruleBase,
  points: RulePointsSchema,
});
export const BirthdayRuleInputSchema = z.object({
  type: z.literal("birthday"),
  ...ruleBase,
  points: RulePointsSchema,
});
export const NewsletterSignupRuleInputSchema = z.object({
  type: z.literal("newsletter_signup"),
  ...ruleBase,
  points: RulePointsSchema,
});

/** Honour-based: nothing proves the shopper followed or shared; the admin labels it so. */
export const SocialRuleInputSchema = z.object({
  type: z.literal("social"),
  ...ruleBase,
  points: RulePointsSchema,
  network: SocialNetworkSchema,
  action: z.enum(["follow", "share"]),
  /** The shop's profile to follow, or the page to share. */
  url: HttpUrlSchema,
});

export const ContentMissionRuleInputSchema = z.object({
  type: z.literal("content_mission"),
  ...ruleBase,
  points: RulePointsSchema,
  instructions: z.string().trim().min(1).max(2000),
  submission: z.enum(["photo_link", "text", "url"]),
});

export const ProductReviewRuleInputSchema = z.object({
  type: z.literal("product_review"),
  ...ruleBase,
  points: RulePointsSchema,
});

export const CustomActionRuleInputSchema = z.object({
  type: z.literal("custom_action"),
  ...ruleBase,
  points: RulePointsSchema,
  /** What the merchant's automation sends, e.g. "attended-workshop". */
  actionKey: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
      message: "invalid.actionKey" satisfies ValidationCode,
    }),
});

export const EarningRuleInputSchema = z.discriminatedUnion("type", [
  PlaceOrderRuleInputSchema,
  CreateAccountRuleInputSchema,
  BirthdayRuleInputSchema,
  NewsletterSignupRuleInputSchema,
  SocialRuleInputSchema,
  ContentMissionRuleInputSchema,
  ProductReviewRuleInputSchema,
  CustomActionRuleInputSchema,
]);
export type EarningRuleInput = z.infer<typeof EarningRuleInputSchema>;
export type EarningRuleType = EarningRuleInput["type"];
/** A stored rule: the merchant's input plus its id. */
export type EarningRule = EarningRuleInput & { id: string };
export type PlaceOrderRule = Extract<EarningRule, { type: "place_order" }>;
/** Every rule that awards a fixed number of points for an event. */
export type FixedPointsRule = Exclude<EarningRule, { type: "place_order" }>;

/** Honour-based claims: labelled as such in the admin, since nothing verifies them. */
export function isHonourBased(rule: EarningRuleInput): boolean {
  return rule.type === "social";
}

/** Rules whose awards wait for a person in the admin to approve them. */
export function needsModeration(rule: EarningRuleInput): boolean {
  return rule.type === "content_mission";
}

export type RuleConflict = {
  ruleIds: string[];
  reason: "duplicate_event" | "duplicate_social" | "duplicate_action_key";
};

/**
 * Enabled rules that would award twice for the same event: two birthday rules, two Instagram
 * follow rules, two custom actions with one key. Order rules may stack (a base rate plus a bonus
 * rule for one collection), so they are never a conflict.
 */
export function findRuleConflicts(
  rules: readonly EarningRule[],
): RuleConflict[] {
  const groups = new Map<
    string,
    { ids: string[]; reason: RuleConflict["reason"] }
  >();
  for (const rule of rules) {
    // Order rules may stack, and each content mission is its own event.
    if (
      !rule.enabled ||
      rule.type === "place_order" ||
      rule.type === "content_mission"
    )
      continue;
    const [key, reason]: [string, RuleConflict["reason"]] =
      rule.type === "social"
        ? [`social:${rule.network}:${rule.action}`, "duplicate_social"]
        : rule.type === "custom_action"
          ? [`custom:${rule.actionKey}`, "duplicate_action_key"]
          : [rule.type, "duplicate_event"];
    const group = groups.get(key) ?? { ids: [], reason };
    group.ids.push(rule.id);
    groups.set(key, group);
  }
  return [...groups.values()]
    .filter((g) => g.ids.length > 1)
    .map((g) => ({ ruleIds: g.ids, reason: g.reason }));
}

// ---------------------------------------------------------------------------------------------
// Orders

/** What the shop knows about a product, looked up by the service (tags and collections are not in order payloads). */
export interface ProductFacts {
  tags: readonly string[];
  collectionIds: readonly string[];
}

/** Keyed by product id, in either form (`gid://shopify/Product/1` or `1`). */
export type ProductCatalog = Readonly<Record<string, ProductFacts>>;

export interface OrderForRules {
  order: OrderFacts;
  products: ProductCatalog;
}

export type LineExclusion =
  "gift_card" | "product" | "collection" | "product_tag";

export interface RuleAwardSnapshotLine extends AwardSnapshotLine {
  productId: string | null;
  /** Why the line's amount earned nothing under this rule, or null. */
  excludedBy: LineExclusion | null;
  /** Fixed bonus points per unit; a refunded unit takes its bonus back. */
  bonusPerItem: number;
}

/**
 * The award snapshot of an order rule. Structurally an `AwardSnapshot` (reversal.ts can read it:
 * `eligibleAmount` includes shipping when the rule counts it, lines carry their eligible amounts
 * and quantities), plus everything needed to reverse bonus and multiplied points exactly, whatever
 * the rule says later. JSON-safe: no Date objects.
 */
export interface RuleAwardSnapshot extends AwardSnapshot {
  lines: RuleAwardSnapshotLine[];
  ruleId: string;
  ruleName: string;
  orderId: string;
  rounding: PlaceOrderRule["rounding"];
  earnOnShipping: boolean;
  earnOnTaxes: boolean;
  earnBeforeDiscounts: boolean;
  earnOnGiftCards: boolean;
  minimumSubtotal: Millis | null;
  /** The order subtotal the minimum was compared with. */
  subtotal: Millis;
  /** Shipping counted in `eligibleAmount` (0 unless the rule earns on shipping). */
  shippingAmount: Millis;
  basePoints: number;
  bonusPoints: number;
  tierMultiplier: number;
  campaign: { id: string; name: string; multiplier: number } | null;
  /** ISO instant the points were computed. */
  computedAt: string;
}

export type OrderSkip = "rule_disabled" | "below_minimum";

export interface OrderPointsBreakdown {
  subtotal: Millis;
  eligibleAmount: Millis;
  basePoints: number;
  bonusPoints: number;
  tierMultiplier: number;
  campaign: RuleAwardSnapshot["campaign"];
  /** Points the multipliers added on top of base + bonus. */
  multiplierPoints: number;
  points: number;
}

export interface OrderPoints {
  points: number;
  /** Why the rule awards nothing for this order, or null. */
  skipped: OrderSkip | null;
  snapshot: RuleAwardSnapshot;
  breakdown: OrderPointsBreakdown;
}

/** "gid://shopify/Product/123" and "123" name the same product. */
export function shopifyIdKey(id: string): string {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/([^/?]+)/.exec(id.trim());
  return match ? match[1] : id.trim();
}

const normaliseTag = (tag: string) => tag.trim().toLowerCase();

function catalogLookup(
  products: ProductCatalog,
): (productId: string | null) => ProductFacts | null {
  const byKey = new Map<string, ProductFacts>();
  for (const [id, facts] of Object.entries(products))
    byKey.set(shopifyIdKey(id), facts);
  return (productId) =>
    productId === null ? null : (byKey.get(shopifyIdKey(productId)) ?? null);
}

function matchesProducts(
  productId: string | null,
  facts: ProductFacts | null,
  productIds: readonly string[],
  collectionIds: readonly string[],
): "product" | "collection" | null {
  if (
    productId !== null &&
    productIds.some((id) => shopifyIdKey(id) === shopifyIdKey(productId))
  )
    return "product";
  const collections = new Set((facts?.collectionIds ?? []).map(shopifyIdKey));
  if (collectionIds.some((id) => collections.has(shopifyIdKey(id))))
    return "collection";
  return null;
}

function lineExclusion(
  line: OrderLine,
  facts: ProductFacts | null,
  rule: PlaceOrderRule,
): LineExclusion | null {
  if (line.giftCard && !rule.earnOnGiftCards) return "gift_card";
  const match = matchesProducts(
    line.productId,
    facts,
    rule.exclusions.productIds,
    rule.exclusions.collectionIds,
  );
  if (match !== null) return match;
  const excludedTags = new Set(rule.exclusions.productTags.map(normaliseTag));
  if ((facts?.tags ?? []).some((tag) => excludedTags.has(normaliseTag(tag))))
    return "product_tag";
  return null;
}

/** A line's amount under the rule's switches for discounts and taxes, never below zero. */
function ruleLineAmount(
  line: OrderLine,
  taxesIncluded: boolean,
  rule: PlaceOrderRule,
): Millis {
  for (const amount of [line.unitPrice, line.discount, line.tax])
    assertMillis(amount);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) {
    throw new Error(
      `Order line ${line.lineId} has an invalid quantity: ${line.quantity}`,
    );
  }
  let amount =
    line.unitPrice * line.quantity -
    (rule.earnBeforeDiscounts ? 0 : line.discount);
  if (taxesIncluded && !rule.earnOnTaxes) amount -= line.tax;
  if (!taxesIncluded && rule.earnOnTaxes) amount += line.tax;
  assertMillis(amount);
  return Math.max(0, amount);
}

/** The order subtotal as the shopper sees it: every line after its discounts, before shipping. */
export function orderSubtotal(order: OrderFacts): Millis {
  return order.lines.reduce(
    (sum, line) =>
      sum + Math.max(0, line.unitPrice * line.quantity - line.discount),
    0,
  );
}

/** a × b / c on non-negative integers with the rule's rounding: down (default), to nearest (half up), or up. */
export function roundMulDiv(
  a: number,
  b: number,
  c: number,
  rounding: PlaceOrderRule["rounding"],
): number {
  const down = floorMulDiv(a, b, c);
  if (rounding === "down") return down;
  const remainder = BigInt(a) * BigInt(b) - BigInt(down) * BigInt(c);
  if (remainder === 0n) return down;
  if (rounding === "up") return down + 1;
  return remainder * 2n >= BigInt(c) ? down + 1 : down;
}

/**
 * What an order earns under one order rule. Amount-based points are rounded once on the whole
 * eligible amount (rounding per line would lose a point per line); then fixed bonuses per item are
 * added; then the tier multiplier and the winning campaign, rounded down. The campaign is the
 * one running when the order was paid (`paidAt`, else `now`): points awarded on fulfilment keep
 * the weekend bonus of an order paid that weekend. Below the minimum subtotal the order earns
 * nothing from this rule, bonuses included.
 *
 * Exclusions remove a line's amount but not its bonus: a merchant who picks a bonus for a product
 * means it, and booking businesses exclude services from the amount to pay a fixed number per
 * service instead.
 */
export function pointsForOrder(
  input: OrderForRules,
  rule: PlaceOrderRule,
  tierMultiplier: number,
  campaigns: readonly Campaign[],
  now: Date,
): OrderPoints {
  const order = withOrderDiscountAllocated(input.order);
  const tier = MultiplierSchema.parse(tierMultiplier);
  const lookup = catalogLookup(input.products);
  const lines: RuleAwardSnapshotLine[] = order.lines.map((line) => {
    const facts = lookup(line.productId);
    const excludedBy = lineExclusion(line, facts, rule);
    const bonusPerItem = line.giftCard
      ? 0
      : rule.bonuses.reduce(
          (best, bonus) =>
            matchesProducts(
              line.productId,
              facts,
              bonus.productIds,
              bonus.collectionIds,
            ) !== null
              ? Math.max(best, bonus.pointsPerItem)
              : best,
          0,
        );
    return {
      lineId: line.lineId,
      productId: line.productId,
      quantity: line.quantity,
      eligibleAmount:
        excludedBy === null
          ? ruleLineAmount(line, order.taxesIncluded, rule)
          : 0,
      excludedBy,
      bonusPerItem,
    };
  });
  assertMillis(order.shipping);
  const subtotal = orderSubtotal(order);
  const skipped: OrderSkip | null = !rule.enabled
    ? "rule_disabled"
    : rule.minimumSubtotal !== null && subtotal < rule.minimumSubtotal
      ? "below_minimum"
      : null;
  const shippingAmount = rule.earnOnShipping ? Math.max(0, order.shipping) : 0;
  const eligibleAmount = lines.reduce(
    (sum, line) => sum + line.eligibleAmount,
    shippingAmount,
  );
  assertMillis(eligibleAmount);

  const boost = campaignBoostFor(rule.id, campaigns, order.paidAt ?? now);
  const basePoints = skipped
    ? 0
    : roundMulDiv(
        eligibleAmount,
        rule.earnPoints,
        rule.earnPerAmount * 1000,
        rule.rounding,
      );
  const bonusPoints = skipped
    ? 0
    : lines.reduce((sum, line) => sum + line.quantity * line.bonusPerItem, 0);
  const points = multiplyPoints(
    basePoints + bonusPoints,
    tier,
    boost.multiplier,
  );

  const snapshot: RuleAwardSnapshot = {
    version: 1,
    currencyCode: order.currencyCode,
    eligibleAmount,
    earnPoints: rule.earnPoints,
    earnPerAmount: rule.earnPerAmount,
    points,
    lines,
    ruleId: rule.id,
    ruleName: rule.name,
    orderId: order.orderId,
    rounding: rule.rounding,
    earnOnShipping: rule.earnOnShipping,
    earnOnTaxes: rule.earnOnTaxes,
    earnBeforeDiscounts: rule.earnBeforeDiscounts,
    earnOnGiftCards: rule.earnOnGiftCards,
    minimumSubtotal: rule.minimumSubtotal,
    subtotal,
    shippingAmount,
    basePoints,
    bonusPoints,
    tierMultiplier: tier,
    campaign: boost.campaign,
    computedAt: now.toISOString(),
  };
  return {
    points,
    skipped,
    snapshot,
    breakdown: {
      subtotal,
      eligibleAmount,
      basePoints,
      bonusPoints,
      tierMultiplier: tier,
      campaign: boost.campaign,
      multiplierPoints: points - basePoints - bonusPoints,
      points,
    },
  };
}

/**
 * Points a set of refunds (or a cancellation) takes back from an order-rule award, cumulative
 * over all refunds so far, from the snapshot alone: the refunded share of the eligible amount
 * takes back that share of the base points, each refunded unit takes back its bonus, and the
 * multipliers of award time apply to both. Never more than was awarded; everything once cancelled.
 * Also what a pending award loses when it is released after a partial refund.
 */
export function ruleReversalTarget(
  snapshot: RuleAwardSnapshot,
  refunds: readonly RefundFacts[],
  cancelled: boolean,
): number {
  if (cancelled) return snapshot.points;
  const units = new Map<string, number>();
  let refundedEligible = 0;
  for (const refund of refunds) {
    for (const line of refund.lines) {
      if (line.quantity > 0)
        units.set(line.lineId, (units.get(line.lineId) ?? 0) + line.quantity);
    }
    refundedEligible += Math.max(0, refund.otherAmount);
  }
  let bonusTarget = 0;
  for (const line of snapshot.lines) {
    const refunded = Math.min(units.get(line.lineId) ?? 0, line.quantity);
    if (refunded === 0) continue;
    refundedEligible += floorMulDiv(
      line.eligibleAmount,
      refunded,
      line.quantity,
    );
    bonusTarget += refunded * line.bonusPerItem;
  }
  refundedEligible = Math.min(refundedEligible, snapshot.eligibleAmount);
  const baseTarget =
    snapshot.eligibleAmount > 0
      ? floorMulDiv(
          snapshot.basePoints,
          refundedEligible,
          snapshot.eligibleAmount,
        )
      : 0;
  const multipliers = [
    snapshot.tierMultiplier,
    snapshot.campaign?.multiplier ?? 1,
  ];
  return Math.min(
    snapshot.points,
    multiplyPoints(baseTarget + bonusTarget, ...multipliers),
  );
}

// The base award snapshot (earning.ts) with what each rule adds, so reversal.ts reads either.
export const RuleAwardSnapshotSchema = AwardSnapshotSchema.extend({
  lines: z.array(
    AwardSnapshotLineSchema.extend({
      productId: z.string().nullable(),
      excludedBy: z
        .enum(["gift_card", "product", "collection", "product_tag"])
        .nullable(),
      bonusPerItem: z.number().int().nonnegative(),
    }),
  ),
  ruleId: z.string(),
  ruleName: z.string(),
  orderId: z.string(),
  rounding: z.enum(["down", "nearest", "up"]),
  earnOnShipping: z.boolean(),
  earnOnTaxes: z.boolean(),
  earnBeforeDiscounts: z.boolean(),
  earnOnGiftCards: z.boolean(),
  minimumSubtotal: z.number().int().nonnegative().nullable(),
  subtotal: z.number().int(),
  shippingAmount: z.number().int().nonnegative(),
  basePoints: z.number().int().nonnegative(),
  bonusPoints: z.number().int().nonnegative(),
  tierMultiplier: z.number().positive(),
  campaign: z
    .object({
      id: z.string(),
      name: z.string(),
      multiplier: z.number().positive(),
    })
    .nullable(),
  computedAt: z.string(),
}) satisfies z.ZodType<RuleAwardSnapshot>;

export type AwardTimingDecision =
  | { status: "waiting_for_payment" }
  | { status: "cancelled" }
  /** Post now; `at` is when the points became due (payment, fulfilment, or end of the delay). */
  | { status: "post"; at: Date }
  /** Pending: visible, not spendable. `releaseAt` null means "when fulfilled". */
  | { status: "pending"; releaseAt: Date | null };

const HOUR_MS = 3_600_000;

/**
 * When an order's points move from pending to posted. A delay in days is whole 24-hour days
 * after payment (the shopper is told "in 14 days", not "14 calendar days in the shop's zone").
 * A cancelled order never releases its points; refunds while pending are taken off at release
 * with `ruleReversalTarget`.
 */
export function awardTimingFor(
  order: OrderFacts,
  timing: AwardTiming,
  now: Date,
): AwardTimingDecision {
  if (order.cancelledAt !== null) return { status: "cancelled" };
  if (order.paidAt === null) return { status: "waiting_for_payment" };
  switch (timing.when) {
    case "paid":
      return { status: "post", at: order.paidAt };
    case "fulfilled":
      return order.fulfilledAt === null
        ? { status: "pending", releaseAt: null }
        : { status: "post", at: order.fulfilledAt };
    case "after_payment": {
      const releaseAt = new Date(
        order.paidAt.getTime() +
          timing.delay * (timing.unit === "days" ? 24 : 1) * HOUR_MS,
      );
      return now.getTime() >= releaseAt.getTime()
        ? { status: "post", at: releaseAt }
        : { status: "pending", releaseAt };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fixed-points rules

export interface ActionPoints {
  points: number;
  campaign: RuleAwardSnapshot["campaign"];
}

/** Points for a fixed-points rule at `at`, boosted by the winning campaign; 0 when the rule is off. */
export function pointsForAction(
  rule: FixedPointsRule,
  campaigns: readonly Campaign[],
  at: Date,
): ActionPoints {
  if (!rule.enabled) return { points: 0, campaign: null };
  const boost = campaignBoostFor(rule.id, campaigns, at);
  return {
    points: multiplyPoints(rule.points, boost.multiplier),
    campaign: boost.campaign,
  };
}

/** The business events that fixed-points rules award for. */
export type EarningEvent =
  | { type: "create_account"; customerId: string }
  | { type: "birthday"; customerId: string; year: number }
  | { type: "newsletter_signup"; customerId: string }
  | {
      type: "social";
      customerId: string;
      network: SocialNetwork;
      action: "follow" | "share";
    }
  | { type: "content_mission"; customerId: string; submissionId: string }
  | { type: "product_review"; customerId: string; productId: string }
  | {
      type: "custom_action";
      customerId: string;
      actionKey: string;
      idempotencyKey: string;
    };

export type EarningSourceType =
  | "account"
  | "birthday"
  | "newsletter"
  | "social"
  | "content_mission"
  | "review"
  | "custom_action";

/**
 * The source of a ledger entry for an event, which makes its idempotency key (with the shop and
 * the entry kind). It names the event, not the rule, so "once" survives a rule being deleted and
 * recreated: one account bonus per customer, one birthday per year, one newsletter signup, one
 * claim per network and action, one review award per product per customer, one award per
 * approved submission, one per custom-action idempotency key (scoped to the customer and action
 * so one customer's key can never swallow another's award).
 */
export function awardSourceFor(event: EarningEvent): {
  sourceType: EarningSourceType;
  sourceId: string;
} {
  const customer = shopifyIdKey(event.customerId);
  switch (event.type) {
    case "create_account":
      return { sourceType: "account", sourceId: customer };
    case "birthday":
      return { sourceType: "birthday", sourceId: `${customer}/${event.year}` };
    case "newsletter_signup":
      return { sourceType: "newsletter", sourceId: customer };
    case "social":
      return {
        sourceType: "social",
        sourceId: `${customer}/${event.network}/${event.action}`,
      };
    case "content_mission":
      return { sourceType: "content_mission", sourceId: event.submissionId };
    case "product_review":
      return {
        sourceType: "review",
        sourceId: `${customer}/${shopifyIdKey(event.productId)}`,
      };
    case "custom_action":
      return {
        sourceType: "custom_action",
        sourceId: `${event.actionKey}/${customer}/${event.idempotencyKey}`,
      };
  }
}

/** What a shopper submits for a content mission, checked against the mission's kind. */
export function contentSubmissionSchema(
  kind: Extract<EarningRule, { type: "content_mission" }>["submission"],
) {
  return kind === "text"
    ? z.string().trim().min(1).max(2000)
    : HttpUrlSchema.pipe(z.string().max(2000));
}

export const ModerationDecisionSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve") }),
  z.object({
    decision: z.literal("reject"),
    message: z.string().trim().max(500).optional(),
  }),
]);
export type ModerationDecision = z.infer<typeof ModerationDecisionSchema>;

/** A review app or automation reporting a review to the authenticated endpoint. */
/** Shopify ids are positive 64-bit integers. */
const MAX_SHOPIFY_ID = 9_223_372_036_854_775_807n;

/**
 * A Shopify customer id as an outside caller sends it: the number ("7390012345678") or its GID.
 * Anything else (negative, 400 digits, markup) is not a customer of any shop.
 */
export const ShopifyCustomerIdSchema = z
  .string()
  .trim()
  .regex(
    /^(?:gid:\/\/shopify\/Customer\/)?[1-9][0-9]{0,18}$/,
    "invalid.customerId" satisfies ValidationCode,
  )
  .refine(
    // Zod runs refinements after a failed regex too: only a number is compared.
    (id) =>
      !/^[0-9]+$/.test(shopifyIdKey(id)) ||
      BigInt(shopifyIdKey(id)) <= MAX_SHOPIFY_ID,
    "invalid.customerId" satisfies ValidationCode,
  );

export const ProductReviewReportSchema = z.object({
  customerId: z.string().trim().min(1),
  productId: z.string().trim().min(1),
  reviewId: z.string().trim().min(1).max(255).optional(),
});

/** A custom action through the merchant's API: the idempotency key is required, retries are safe. */
export const CustomActionRequestSchema = z.object({
  actionKey: z.string().trim().min(1).max(64),
  customerId: z.string().trim().min(1),
  idempotencyKey: z.string().trim().min(1).max(255),
});
