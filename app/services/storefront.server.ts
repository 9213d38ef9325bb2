import * as clock from "~/clock.server";
import {
  describeOrderRate,
  formatShopMoney,
  shortOrderRate,
} from "~/i18n/earn-rate";
import { describeLedgerNote } from "~/i18n/ledger-note";
import { t } from "~/i18n/translate";
import { type SocialNetwork } from "~/loyalty/earning-rules";
import { textIn, tierNameIn } from "~/loyalty/localized-text";
import { formatMillis } from "~/loyalty/money";
import { planRedemption, sliderRangeFor } from "~/loyalty/redemption";
import {
  isVisibleToTier,
  localizedText,
  pointsCostFor,
  type RewardLocale,
} from "~/loyalty/rewards";
import { findMemberByCustomer } from "~/models/member.server";
import { pendingPointsForMember } from "~/models/pending-awards.server";
import { findShopRow } from "~/models/shop.server";
import {
  countFreePoolCodes,
  countMemberRedemptionsByReward,
  findMemberTierNames,
  listCatalogueRewards,
  listRecentLedgerEntries,
  listRedemptionSnapshots,
} from "~/models/storefront.server";
import { listTierNames } from "~/models/tier-names.server";
import { findMemberTierId } from "~/models/redemption-reservation.server";
import { database } from "~/models/transaction.server";
import { type RewardSnapshot } from "~/services/redemptions/snapshot";
import {
  listMemberRedemptions,
  type RedemptionView,
} from "~/services/redemptions/views.server";
import {
  listStorefrontWaysToEarn,
  type StorefrontWayToEarn,
} from "~/services/earn-actions.server";
import { rewardOf } from "~/services/rewards.server";
import { canIssueGiftCards } from "~/shopify/access-scopes";
import { loadGrantedScopes } from "~/shopify/granted-scopes.server";
import { uploadedRewardImageUrls } from "~/services/reward-images.server";

/**
 * What the storefront widget reads through the app proxy (extensions/loyalty-widget/README.md):
 * the shopper's standing and the catalogue with per-customer availability.
 */

export interface StorefrontMe {
  customer: { id: string; firstName: string | null };
  balance: number;
  pending: number;
  tier: { name: string } | null;
  history: {
    id: string;
    kind: string;
    points: number;
    description: string | null;
    createdAt: string;
  }[];
  redemptions: RedemptionView[];
}

const HISTORY_SIZE = 50;

/** The shopper's balance, pending points, tier, history (gifts included) and codes, newest first. */
export async function storefrontMe(
  shop: string,
  customerId: string,
  locale: RewardLocale,
): Promise<StorefrontMe> {
  const member = await findMemberByCustomer(database, shop, customerId);
  const customer = {
    id: `gid://shopify/Customer/${customerId}`,
    firstName: member?.firstName ?? null,
  };
  if (!member || member.redactedAt)
    return {
      customer,
      balance: 0,
      pending: 0,
      tier: null,
      history: [],
      redemptions: [],
    };

  const [entries, pending, tierRows, redemptions] = await Promise.all([
    listRecentLedgerEntries(database, member.id, HISTORY_SIZE),
    pendingPointsForMember(database, member.id),
    findMemberTierNames(database, member.id),
    listMemberRedemptions(member.id, locale),
  ]);
  // A gift moves no points, so it has no ledger entry: it joins the history from its redemption.
  const gifts = redemptions
    .filter((r) => r.gift)
    .map((r) => ({
      id: r.id,
      kind: "gift",
      points: 0,
      description: t(locale, "shopper.history.gift", { name: r.rewardName }),
      createdAt: r.createdAt,
    }));
  // Redemption entries are described by the reward's name in the shopper's language.
  const redemptionIds = entries
    .filter((e) => e.sourceType === "redemption")
    .map((e) => e.sourceId);
  const names = new Map(
    redemptionIds.length
      ? (await listRedemptionSnapshots(database, redemptionIds)).map((r) => [
          r.id,
          localizedText(
            (JSON.parse(r.rewardSnapshot) as RewardSnapshot).discount.name,
            locale,
          ),
        ])
      : [],
  );
  const describe = (e: (typeof entries)[number]) => {
    const name =
      e.sourceType === "redemption" ? names.get(e.sourceId) : undefined;
    // Other entries: a default rule name or an app note in the shopper's language, what a merchant typed as typed.
    if (name === undefined)
      return describeLedgerNote((key) => t(locale, key), e.kind, e.description);
    return e.kind === "redemption_refund"
      ? t(locale, "shopper.history.pointsReturned", { name })
      : name;
  };
  const history = [
    ...entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      points: e.points,
      description: describe(e),
      createdAt: e.createdAt.toISOString(),
    })),
    ...gifts,
  ]
    .sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
    )
    .slice(0, HISTORY_SIZE);
  const tier = tierRows[0]
    ? {
        name: tierNameIn(tierRows[0], locale, tierRows[0].primaryLocale),
      }
    : null;
  return {
    customer,
    balance: member.balance,
    pending,
    tier,
    history,
    redemptions,
  };
}

export interface StorefrontReward {
  id: string;
  name: string;
  description: string;
  imageUrl: string | null;
  type: string;
  pointsCost: number;
  slider: {
    min: number;
    max: number;
    step: number;
    valuePerStep: string;
    currencyCode: string;
  } | null;
  available: boolean;
  reason:
    | "insufficient_points"
    | "sold_out"
    | "limit_reached"
    | "not_available"
    | "tier_locked"
    | null;
  /** The order subtotal a code needs, with the shop's currency symbol; null: none. */
  minimumSubtotal: string | null;
  /** What else the shopper should know, in their language (selected products, validity). */
  conditions: string[];
  /** For a reward the shopper's tier cannot have (only with `includeLocked`): the tiers that can. */
  lockedTo: string[] | null;
}

/** One way to earn as the widget's catalogue shows it (`{name, points, description}`). */
export interface StorefrontWayToEarnSummary {
  name: string;
  /** Fixed points, or for orders the rate as text ("5 per 1 USD"). */
  points: number | string;
  description: string;
}

const NETWORK_NAMES: Record<SocialNetwork, string> = {
  instagram: "Instagram",
  tiktok: "TikTok",
  facebook: "Facebook",
  x: "X",
  youtube: "YouTube",
  pinterest: "Pinterest",
  linkedin: "LinkedIn",
  threads: "Threads",
  snapchat: "Snapchat",
  bluesky: "Bluesky",
  twitch: "Twitch",
};

/** The earn list's entry in the widget's shape; its name is already in the shopper's language. */
function storefrontWayToEarn(
  way: StorefrontWayToEarn,
  locale: RewardLocale,
  currencyCode: string,
): StorefrontWayToEarnSummary {
  if (way.type === "place_order") {
    const perAmount = way.perAmount ?? 1;
    return {
      name: way.name,
      points: shortOrderRate(locale, way.points, perAmount, currencyCode),
      description: describeOrderRate(
        locale,
        way.points,
        perAmount,
        currencyCode,
      ),
    };
  }
  if (way.type === "social" && way.network && way.action) {
    // Honour-based: the shopper claims it from the widget after following or sharing.
    const network = NETWORK_NAMES[way.network as SocialNetwork] ?? way.network;
    return {
      name: way.name,
      points: way.points,
      description: t(
        locale,
        way.action === "follow"
          ? "shopper.social.followOn"
          : "shopper.social.shareOn",
        { network },
      ),
    };
  }
  return {
    name: way.name,
    points: way.points,
    description: way.instructions ?? "",
  };
}

export interface StorefrontRewardsOptions {
  /** Also list the rewards the shopper's tier cannot have, with `reason: "tier_locked"` and `lockedTo`. */
  includeLocked?: boolean;
  now?: Date;
}

/**
 * The active catalogue; for a logged-in shopper with their tier's prices and whether they can
 * redeem each. A sold-out reward says so to guests too.
 */
export async function storefrontRewards(
  shop: string,
  customerId: string | null,
  locale: RewardLocale,
  options: StorefrontRewardsOptions = {},
): Promise<{
  rewards: StorefrontReward[];
  waysToEarn: StorefrontWayToEarnSummary[];
}> {
  const [rows, shopRow, member] = await Promise.all([
    listCatalogueRewards(database, shop),
    findShopRow(database, shop),
    customerId
      ? findMemberByCustomer(database, shop, customerId)
      : Promise.resolve(null),
  ]);
  const currencyCode = shopRow?.currencyCode ?? "USD";
  // Names the merchant typed: the shopper's language, else the shop's primary one (ADR 0015).
  const primaryLocale = shopRow?.primaryLocale ?? "en";
  const tierId = member ? await findMemberTierId(database, member.id) : null;
  const uploadedImages = await uploadedRewardImageUrls(shop);
  const counts = member
    ? await countMemberRedemptionsByReward(database, member.id)
    : [];
  const countBy = new Map(counts.map((c) => [c.rewardId, c._count._all]));
  const poolIds = rows
    .map((r) => r.poolId)
    .filter((id): id is string => id !== null);
  const pools = poolIds.length
    ? await countFreePoolCodes(database, shop, poolIds)
    : [];
  const poolBy = new Map(pools.map((p) => [p.poolId, p._count._all]));
  const now = options.now ?? clock.now();
  const tierNames = options.includeLocked
    ? new Map(
        (await listTierNames(database, shop)).map((tier) => [
          tier.id,
          tierNameIn(tier, locale, primaryLocale),
        ]),
      )
    : new Map<string, string>();

  // A gift card cannot be issued without the optional write_gift_cards scope (Shopify answers
  // ACCESS_DENIED): shoppers are not offered what would only give their points back.
  const giftCardsAllowed = rows.some((row) => row.type === "gift_card")
    ? canIssueGiftCards(await loadGrantedScopes(shop))
    : true;
  const rewards: StorefrontReward[] = [];
  for (const row of rows) {
    const reward = rewardOf(row);
    if (reward.type === "gift_card" && !giftCardsAllowed) continue;
    const visible = isVisibleToTier(reward, tierId);
    if (!visible && !options.includeLocked) continue;
    const slider =
      reward.type === "points_slider"
        ? (() => {
            const range = sliderRangeFor(reward, tierId);
            return {
              min: range.minPoints,
              max: range.maxPoints,
              step: range.step,
              valuePerStep: formatMillis(range.valuePerStep),
              currencyCode,
            };
          })()
        : null;
    const pointsCost = slider ? slider.min : pointsCostFor(reward, tierId);
    let available = false;
    let reason: StorefrontReward["reason"] = null;
    const stockRemaining =
      row.stock === null ? null : row.stock - row.redeemedCount;
    const poolRemaining =
      reward.type === "code_pool" ? (poolBy.get(reward.poolId) ?? 0) : null;
    if (!visible) reason = "tier_locked";
    else if (
      !member &&
      ((stockRemaining !== null && stockRemaining <= 0) ||
        (poolRemaining !== null && poolRemaining <= 0))
    )
      reason = "sold_out";
    else if (member) {
      const plan = planRedemption({
        reward,
        member: {
          balance: member.balance,
          tierId,
          redemptionsOfThisReward: countBy.get(row.id) ?? 0,
        },
        requestedPoints: slider ? slider.min : undefined,
        stockRemaining,
        poolRemaining,
        now,
      });
      available = plan.kind === "ok";
      reason =
        plan.kind === "ok"
          ? null
          : plan.kind === "invalid_amount"
            ? "insufficient_points"
            : plan.kind === "insufficient_points" ||
                plan.kind === "sold_out" ||
                plan.kind === "limit_reached"
              ? plan.kind
              : "not_available";
    }
    const image =
      locale === "fr"
        ? (reward.image.fr ?? reward.image.en)
        : (reward.image.en ?? reward.image.fr);
    rewards.push({
      id: row.id,
      name: textIn(reward.name, locale, primaryLocale),
      description: textIn(reward.description, locale, primaryLocale),
      // An image the merchant uploaded wins over a typed address (ADR 0017).
      imageUrl: uploadedImages.get(row.id) ?? image ?? null,
      type: reward.type,
      pointsCost,
      slider,
      available,
      reason,
      minimumSubtotal:
        reward.minimumSubtotal === null
          ? null
          : formatShopMoney(
              locale,
              reward.minimumSubtotal / 1000,
              currencyCode,
            ),
      conditions: rewardConditions(reward, locale),
      lockedTo: visible
        ? null
        : (reward.visibleToTiers ?? [])
            .map((id) => tierNames.get(id))
            .filter((name): name is string => Boolean(name)),
    });
  }

  const waysToEarn = (
    await listStorefrontWaysToEarn(shop, customerId, locale, now)
  ).waysToEarn.map((way) => storefrontWayToEarn(way, locale, currencyCode));
  return { rewards, waysToEarn };
}

/** The conditions a reward card shows beside its cost and minimum subtotal. */
function rewardConditions(
  reward: ReturnType<typeof rewardOf>,
  locale: RewardLocale,
): string[] {
  const conditions: string[] = [];
  if (reward.type === "free_shipping")
    conditions.push(t(locale, "shopper.reward.freeShipping"));
  if (reward.appliesTo.kind !== "all")
    conditions.push(t(locale, "shopper.reward.selectedItems"));
  if (reward.codeValidityDays !== null)
    conditions.push(
      t(locale, "shopper.reward.validity", { count: reward.codeValidityDays }),
    );
  return conditions;
}
