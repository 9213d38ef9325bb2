import { z } from "zod";
import { type ValidationCode } from "~/loyalty/validation-codes";

import { textIn } from "~/loyalty/localized-text";

/**
 * Time-boxed multiplier campaigns ("double points this weekend"), on every earning rule or on
 * chosen ones.
 *
 * When campaigns overlap, the highest multiplier wins; they never compound. Two campaigns a
 * merchant set up separately (×2 weekend, ×1.5 for a collection launch) multiplying into ×3 is a
 * surprise on the liability side of the books, and "the best offer applies" is what shoppers
 * already know from discounts. A VIP tier multiplier is a different thing (a standing perk) and
 * does combine with the winning campaign: see earning-rules.ts.
 *
 * Multipliers carry at most two decimals (×1.25) and are applied in integer hundredths, then
 * rounded down, so 1.15 × 100 points is 115, never 114.99999999999999 floored to 114.
 */

/** A multiplier such as 2 or 1.25: at least ×1, at most ×10, two decimals at most. */
export const MultiplierSchema = z
  .number()
  .min(1)
  .max(10)
  .refine((m) => Math.abs(m * 100 - Math.round(m * 100)) < 1e-9, {
    message: "invalid.twoDecimals" satisfies ValidationCode,
  });

export const CampaignInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /**
     * The name shoppers and staff read, per language ({fr: "Double points"}), chosen for the
     * reader with the shop's primary language as fallback (ADR 0015); `name` when none fits.
     */
    nameTranslations: z
      .record(z.string().regex(/^[a-z]{2,3}$/), z.string().trim().max(100))
      .optional(),
    multiplier: MultiplierSchema,
    startsAt: z.coerce.date(),
    /** Exclusive: a campaign ending Monday 00:00 no longer applies at Monday 00:00. */
    endsAt: z.coerce.date(),
    appliesTo: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("all_rules") }),
      z.object({
        kind: z.literal("rules"),
        ruleIds: z.array(z.string().min(1)).min(1).max(100),
      }),
    ]),
    enabled: z.boolean().default(true),
  })
  .refine((c) => c.endsAt.getTime() > c.startsAt.getTime(), {
    message: "invalid.campaignEnd" satisfies ValidationCode,
    path: ["endsAt"],
  });
export type CampaignInput = z.infer<typeof CampaignInputSchema>;
export type Campaign = CampaignInput & { id: string };

/** The campaign's name for a reader of `locale` in a shop whose primary language is `primaryLocale`. */
export function campaignNameIn(
  campaign: Pick<Campaign, "name" | "nameTranslations">,
  locale: string | null | undefined,
  primaryLocale: string | null | undefined,
): string {
  return (
    textIn(campaign.nameTranslations ?? {}, locale, primaryLocale) ||
    campaign.name
  );
}

/** A multiplier in integer hundredths: ×1.25 → 125. */
export function multiplierHundredths(multiplier: number): number {
  const hundredths = Math.round(multiplier * 100);
  if (!Number.isSafeInteger(hundredths) || hundredths < 0)
    throw new Error(`Invalid multiplier: ${multiplier}`);
  return hundredths;
}

/** floor(points × m1 × m2 × …), exactly, for multipliers with at most two decimals. */
export function multiplyPoints(
  points: number,
  ...multipliers: number[]
): number {
  if (!Number.isSafeInteger(points))
    throw new Error(`Points must be an integer, got ${points}`);
  let numerator = BigInt(points);
  let denominator = 1n;
  for (const multiplier of multipliers) {
    numerator *= BigInt(multiplierHundredths(multiplier));
    denominator *= 100n;
  }
  let quotient = numerator / denominator;
  if (numerator % denominator !== 0n && numerator < 0n) quotient -= 1n;
  return Number(quotient);
}

export function isCampaignActive(campaign: Campaign, at: Date): boolean {
  const t = at.getTime();
  return (
    campaign.enabled &&
    campaign.startsAt.getTime() <= t &&
    t < campaign.endsAt.getTime()
  );
}

export function campaignAppliesToRule(
  campaign: Campaign,
  ruleId: string,
): boolean {
  return (
    campaign.appliesTo.kind === "all_rules" ||
    campaign.appliesTo.ruleIds.includes(ruleId)
  );
}

export interface CampaignBoost {
  /** The winning campaign, or null when none applies (multiplier 1). */
  campaign: Pick<Campaign, "id" | "name" | "multiplier"> | null;
  multiplier: number;
}

/**
 * The campaign that boosts an award of `ruleId` at `at`: the highest multiplier among the enabled
 * campaigns running then. Ties go to the campaign that started first, then the smaller id, so the
 * same inputs always name the same campaign in the award snapshot.
 */
export function campaignBoostFor(
  ruleId: string,
  campaigns: readonly Campaign[],
  at: Date,
): CampaignBoost {
  let best: Campaign | null = null;
  for (const campaign of campaigns) {
    if (
      !isCampaignActive(campaign, at) ||
      !campaignAppliesToRule(campaign, ruleId)
    )
      continue;
    if (best === null || compareCampaigns(campaign, best) < 0) best = campaign;
  }
  if (best === null) return { campaign: null, multiplier: 1 };
  return {
    campaign: { id: best.id, name: best.name, multiplier: best.multiplier },
    multiplier: best.multiplier,
  };
}

function compareCampaigns(a: Campaign, b: Campaign): number {
  return (
    multiplierHundredths(b.multiplier) - multiplierHundredths(a.multiplier) ||
    a.startsAt.getTime() - b.startsAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Campaigns running at `at`, for the admin and the storefront banner. */
export function activeCampaigns(
  campaigns: readonly Campaign[],
  at: Date,
): Campaign[] {
  return campaigns.filter((campaign) => isCampaignActive(campaign, at));
}
