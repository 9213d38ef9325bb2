import { type ProgramPage } from "@prisma/client";
import { z } from "zod";

import {
  describeOrderRate,
  formatShopMoney,
  pointsText,
} from "~/i18n/earn-rate";
import { type Locale } from "~/i18n/locale";
import { t } from "~/i18n/translate";
import { type SocialNetwork } from "~/loyalty/earning-rules";
import {
  DEFAULT_POINTS_NAMES,
  type PointsName,
  toIdentityLocale,
} from "~/loyalty/program-identity";
import { type LocalizedText, localizedText } from "~/loyalty/rewards";
import { tierNameIn } from "~/loyalty/localized-text";
import { tierFor } from "~/loyalty/tiers";
import { findMemberByCustomer } from "~/models/member.server";
import { pendingPointsForMember } from "~/models/pending-awards.server";
import { findShopLocales } from "~/models/shop.server";
import {
  findProgramPage,
  saveProgramPageRow,
} from "~/models/program-page.server";
import { database } from "~/models/transaction.server";
import { listStorefrontWaysToEarn } from "~/services/earn-actions.server";
import {
  getProgramIdentity,
  storefrontProgram,
} from "~/services/program-identity.server";
import {
  storefrontRewards,
  type StorefrontReward,
} from "~/services/storefront.server";
import { loadShopTiers, memberActivity } from "~/services/tiers.server";

/**
 * The public program page (GET /apps/loyalty): what it says, in the shopper's language, and the
 * merchant's settings for its look. Rendering is app/proxy/program-page.ts; this gathers the facts.
 */

const MILLIS = 1000;

export interface ProgramPageAppearance {
  bannerUrl: string | null;
  accentColor: string;
  accentText: string;
  headline: LocalizedText;
  intro: LocalizedText;
  earnHeading: LocalizedText;
}

export const DEFAULT_APPEARANCE: ProgramPageAppearance = {
  bannerUrl: null,
  accentColor: "#1f4d3a",
  accentText: "#ffffff",
  headline: {},
  intro: {},
  earnHeading: {},
};

const Text = z.string().trim().max(300).optional();
const LongText = z.string().trim().max(1000).optional();
const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "programPage.error.color");

export const ProgramPageAppearanceSchema = z.object({
  bannerUrl: z
    .string()
    .trim()
    .max(2048, "programPage.error.tooLong")
    .refine((url) => url === "" || /^https:\/\/[^\s/]+\/\S*$/.test(url), {
      message: "programPage.error.url",
    })
    .transform((url) => url || null),
  accentColor: Colour,
  accentText: Colour,
  headline: z.object({ en: Text, fr: Text }),
  intro: z.object({ en: LongText, fr: LongText }),
  earnHeading: z.object({ en: Text, fr: Text }),
});
export type ProgramPageAppearanceInput = z.input<
  typeof ProgramPageAppearanceSchema
>;

function parseText(json: string): LocalizedText {
  try {
    const value = JSON.parse(json) as Record<string, unknown>;
    return {
      en: typeof value.en === "string" && value.en ? value.en : undefined,
      fr: typeof value.fr === "string" && value.fr ? value.fr : undefined,
    };
  } catch {
    return {};
  }
}

function appearanceOf(row: ProgramPage | null): ProgramPageAppearance {
  if (!row) return DEFAULT_APPEARANCE;
  return {
    bannerUrl: row.bannerUrl,
    accentColor: row.accentColor,
    accentText: row.accentText,
    headline: parseText(row.headline),
    intro: parseText(row.intro),
    earnHeading: parseText(row.earnHeading),
  };
}

export async function loadProgramPageAppearance(
  shop: string,
): Promise<ProgramPageAppearance> {
  return appearanceOf(await findProgramPage(database, shop));
}

const compact = (text: LocalizedText) =>
  JSON.stringify({ en: text.en || undefined, fr: text.fr || undefined });

export type SaveAppearanceResult =
  | { ok: true; appearance: ProgramPageAppearance }
  | { ok: false; errors: Record<string, string> };

/** Saves the merchant's look; errors are message keys by field ("headline.fr"). */
export async function saveProgramPageAppearance(
  shop: string,
  input: unknown,
): Promise<SaveAppearanceResult> {
  const parsed = ProgramPageAppearanceSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues)
      errors[issue.path.join(".")] ??= issue.message.startsWith("programPage.")
        ? issue.message
        : "programPage.error.tooLong";
    return { ok: false, errors };
  }
  const value = parsed.data;
  const row = await saveProgramPageRow(database, shop, {
    bannerUrl: value.bannerUrl,
    accentColor: value.accentColor.toLowerCase(),
    accentText: value.accentText.toLowerCase(),
    headline: compact(value.headline),
    intro: compact(value.intro),
    earnHeading: compact(value.earnHeading),
  });
  return { ok: true, appearance: appearanceOf(row) };
}

export const NETWORK_NAMES: Record<SocialNetwork, string> = {
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

export type ProgramPageWay =
  | {
      kind: "order";
      name: string;
      points: string;
    }
  | { kind: "fixed"; id: string; type: string; name: string; points: number }
  | {
      kind: "birthday";
      id: string;
      name: string;
      points: number;
      birthday: { month: number; day: number } | null;
    }
  | {
      kind: "social";
      id: string;
      name: string;
      points: number;
      action: "follow" | "share";
      network: string;
      url: string;
      claimed: boolean;
    }
  | {
      kind: "content";
      id: string;
      name: string;
      points: number;
      instructions: string;
      submission: "photo_link" | "text" | "url";
      lastSubmission: {
        state: "pending" | "approved" | "rejected";
        message: string | null;
      } | null;
    };

export interface ProgramPageTier {
  id: string;
  name: string;
  threshold: string;
  perks: string[];
}

export interface ProgramPageMember {
  firstName: string | null;
  balance: number;
  pending: number;
  tier: string | null;
  tierId: string | null;
  nextTier: string | null;
  /** "120 more points to reach Gold", or null at the top (or without tiers). */
  toNextTier: string | null;
  /** 0–100, toward the next tier. */
  progress: number | null;
}

export interface ProgramPageView {
  locale: Locale;
  active: boolean;
  /** The program's name (ADR 0013), else the translated default. */
  name: string;
  /** What the merchant calls points in this language; null: the dictionary's "point(s)". */
  pointsName: PointsName | null;
  /** The merchant's text for shoppers while the program is off (null: the default). */
  comingSoon: string | null;
  appearance: {
    bannerUrl: string | null;
    accentColor: string;
    accentText: string;
    headline: string;
    intro: string;
    earnHeading: string;
  };
  signedIn: boolean;
  member: ProgramPageMember | null;
  ways: ProgramPageWay[];
  rewards: StorefrontReward[];
  tiers: ProgramPageTier[];
  currencyCode: string;
}

/** The merchant's text in the shopper's language, else the other language's, else the default. */
function textOr(text: LocalizedText, locale: Locale, fallback: string) {
  return localizedText(text, locale) || fallback;
}

export function resolveAppearance(
  appearance: ProgramPageAppearance,
  locale: Locale,
): ProgramPageView["appearance"] {
  return {
    bannerUrl: appearance.bannerUrl,
    accentColor: appearance.accentColor,
    accentText: appearance.accentText,
    headline: textOr(
      appearance.headline,
      locale,
      t(locale, "shopper.page.defaultHeadline"),
    ),
    intro: textOr(
      appearance.intro,
      locale,
      t(locale, "shopper.page.defaultIntro"),
    ),
    earnHeading: textOr(
      appearance.earnHeading,
      locale,
      t(locale, "shopper.page.defaultEarnHeading"),
    ),
  };
}

/** Everything the program page shows a shopper (a guest when `customerId` is null) at `now`. */
export async function loadProgramPageView(
  shop: string,
  customerId: string | null,
  locale: Locale,
  now: Date,
): Promise<ProgramPageView> {
  const [identity, appearance] = await Promise.all([
    getProgramIdentity(shop),
    loadProgramPageAppearance(shop),
  ]);
  // The merchant's program identity (name, points names, switch): the one the admin edits.
  const program = storefrontProgram(identity, locale);
  const pointsName = identity.pointsNames[toIdentityLocale(locale)] ?? null;
  const name = program.name || t(locale, "shopper.page.defaultName");
  const base = {
    locale,
    active: program.active,
    name,
    pointsName,
    comingSoon: program.comingSoon,
    appearance: resolveAppearance(appearance, locale),
    signedIn: customerId !== null,
  };
  if (!program.active)
    return {
      ...base,
      member: null,
      ways: [],
      rewards: [],
      tiers: [],
      currencyCode: "USD",
    };

  const [catalogue, earn, shopTiers, member] = await Promise.all([
    storefrontRewards(shop, customerId, locale, { includeLocked: true, now }),
    listStorefrontWaysToEarn(shop, customerId, locale, now),
    loadShopTiers(database, shop),
    customerId ? findMemberByCustomer(database, shop, customerId) : null,
  ]);
  const currencyCode = shopTiers.currencyCode;
  const money = shopTiers.basis === "money_spent";
  const { primaryLocale } = await findShopLocales(database, shop);
  const tierName = (tier: { nameEn: string; nameFr: string | null }) =>
    tierNameIn(tier, locale, primaryLocale);
  const thresholdText = (amount: number) =>
    money
      ? formatShopMoney(locale, amount / MILLIS, currencyCode)
      : pointsText(locale, amount, pointsName);

  const tiers: ProgramPageTier[] = shopTiers.tiers.map((tier) => ({
    id: tier.id,
    name: tierName(tier),
    threshold: money
      ? t(locale, "shopper.page.tiers.fromMoney", {
          amount: thresholdText(tier.threshold),
        })
      : t(locale, "shopper.page.tiers.fromPoints", {
          points: pointsText(locale, tier.threshold, pointsName),
        }),
    perks: [
      ...(tier.earnMultiplier !== 1
        ? [
            t(locale, "shopper.page.tiers.multiplier", {
              multiplier: new Intl.NumberFormat(locale).format(
                tier.earnMultiplier,
              ),
              pointsName: (pointsName ?? DEFAULT_POINTS_NAMES[locale]).other,
            }),
          ]
        : []),
      ...(tier.entryBonus > 0
        ? [
            t(locale, "shopper.page.tiers.entryBonus", {
              points: pointsText(locale, tier.entryBonus, pointsName),
            }),
          ]
        : []),
    ],
  }));

  let standing: ProgramPageMember | null = null;
  if (member && !member.redactedAt) {
    const pending = await pendingPointsForMember(database, member.id);
    standing = {
      firstName: member.firstName,
      balance: member.balance,
      pending,
      tier: null,
      tierId: null,
      nextTier: null,
      toNextTier: null,
      progress: null,
    };
    if (shopTiers.program) {
      const result = tierFor(
        await memberActivity(database, member.id),
        shopTiers.program,
        now,
        shopTiers.timeZone,
      );
      const row = (id: string | undefined) =>
        shopTiers.tiers.find((tier) => tier.id === id);
      const current = row(result.tier?.id);
      const next = row(result.nextTier?.id);
      standing.tier = current ? tierName(current) : null;
      standing.tierId = current?.id ?? null;
      if (next && result.toNextTier !== null) {
        const from = current?.threshold ?? 0;
        const span = Math.max(1, next.threshold - from);
        standing.nextTier = tierName(next);
        standing.progress = Math.max(
          0,
          Math.min(
            100,
            Math.round((100 * (result.qualifyingAmount - from)) / span),
          ),
        );
        standing.toNextTier = money
          ? t(locale, "shopper.page.member.toNextMoney", {
              amount: thresholdText(result.toNextTier),
              tier: tierName(next),
            })
          : t(locale, "shopper.page.member.toNextPoints", {
              points: pointsText(locale, result.toNextTier, pointsName),
              tier: tierName(next),
            });
      } else if (current) {
        standing.toNextTier = t(locale, "shopper.page.member.topTier");
      }
    }
  }

  const ways: ProgramPageWay[] = earn.waysToEarn.map((way) => {
    switch (way.type) {
      case "place_order":
        return {
          kind: "order",
          name: way.name,
          points: describeOrderRate(
            locale,
            way.points,
            way.perAmount ?? 1,
            currencyCode,
            pointsName,
          ),
        };
      case "birthday":
        return {
          kind: "birthday",
          id: way.id,
          name: way.name,
          points: way.points,
          birthday: earn.birthday,
        };
      case "social":
        return {
          kind: "social",
          id: way.id,
          name: way.name,
          points: way.points,
          action: way.action ?? "follow",
          network:
            NETWORK_NAMES[way.network as SocialNetwork] ?? way.network ?? "",
          url: way.url ?? "",
          claimed: way.done ?? false,
        };
      case "content_mission":
        return {
          kind: "content",
          id: way.id,
          name: way.name,
          points: way.points,
          instructions: way.instructions ?? "",
          submission: way.submission ?? "text",
          lastSubmission: way.lastSubmission ?? null,
        };
      default:
        return {
          kind: "fixed",
          id: way.id,
          type: way.type,
          name: way.name,
          points: way.points,
        };
    }
  });

  return {
    ...base,
    member: standing,
    ways,
    rewards: catalogue.rewards,
    tiers,
    currencyCode,
  };
}
