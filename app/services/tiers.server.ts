import { type Tier as TierRow } from "@prisma/client";
import { z } from "zod";

import { LEDGER_ENTRY_SIGNS, isLedgerEntryKind } from "~/loyalty/ledger";
import {
  customerTagForTier,
  holdCurrentTier,
  type MemberActivity,
  previewThresholdChange,
  type ThresholdChangePreview,
  type TierProgram,
  TierProgramSchema,
  tierChange,
  tierFor,
  type TierStanding,
  TierWindowSchema,
} from "~/loyalty/tiers";
import { MultiplierSchema } from "~/loyalty/campaigns";
import { languageOf, tierNameIn } from "~/loyalty/localized-text";
import { postLedgerEntry } from "~/models/ledger.server";
import { loadMember } from "~/models/member.server";
import { enqueueMemberMirror, enqueueOutboxJob } from "~/models/outbox.server";
import { saveProgramSettings } from "~/models/program.server";
import { findShopLocales, findShop } from "~/models/shop.server";
import {
  countMembersByTier,
  createTier,
  deleteTiersExcept,
  endExpiredTierHold,
  findMemberTier,
  findMemberTierWithTier,
  findTierNames,
  holdMemberTier,
  listActiveMemberIds,
  listAwardedOrdersForTier,
  listLedgerForTier,
  listMembersDueForTierReview,
  listMembersWithTier,
  listShopTiers,
  markTierTagMirrored,
  reversedPointsOfOrder,
  saveMemberTier,
  shopHasTiers,
  updateTier,
} from "~/models/tier.server";
import { inTransaction, type Tx, database } from "~/models/transaction.server";
import { queueMemberEmail } from "~/services/emails/queue.server";

/**
 * VIP tiers around the pure core (app/loyalty/tiers.ts). A member's tier is never a counter that
 * could drift: it is recomputed from the ledger (points earned) or the order records (money
 * spent) whenever points move and when a window ends, and stored in MemberTier only as the last
 * decision (what the metafield, the tag and the multiplier read). Upgrades happen at once;
 * `tierFor` keeps a tier until its window ends, so recomputing at any time never demotes early.
 */

export const TierBasisSchema = z.enum(["points_earned", "money_spent"]);
export type TierBasis = z.infer<typeof TierBasisSchema>;

export interface ShopTiers {
  basis: TierBasis;
  window: z.infer<typeof TierWindowSchema>;
  timeZone: string;
  currencyCode: string;
  tiers: TierRow[];
  /** Null when the shop has no tier. */
  program: TierProgram | null;
}

/** The merchant's tiers as the admin edits them (ids of existing tiers kept, new ones without). */
export const TierInputSchema = z
  .object({
    id: z.string().min(1).optional(),
    // A name in at least one language; the admin asks for the shop's primary one (ADR 0015).
    nameEn: z.string().trim().max(60).default(""),
    nameFr: z.string().trim().max(60).optional().nullable(),
    threshold: z.number().int().min(0).max(1_000_000_000),
    earnMultiplier: MultiplierSchema.default(1),
    entryBonus: z.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((tier) => Boolean(tier.nameEn || tier.nameFr), {
    message: "A tier needs a name",
    path: ["nameEn"],
  });
export type TierInput = z.infer<typeof TierInputSchema>;

export const TierSettingsSchema = z
  .object({
    basis: TierBasisSchema,
    window: TierWindowSchema,
    tiers: z.array(TierInputSchema).max(20),
  })
  .superRefine((settings, ctx) => {
    if (
      new Set(settings.tiers.map((t) => t.threshold)).size !==
      settings.tiers.length
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "Two tiers cannot have the same threshold",
        path: ["tiers"],
      });
    }
  });
export type TierSettings = z.infer<typeof TierSettingsSchema>;

function toProgram(
  basis: TierBasis,
  window: ShopTiers["window"],
  tiers: readonly Pick<
    TierRow,
    "id" | "nameEn" | "nameFr" | "threshold" | "earnMultiplier" | "entryBonus"
  >[],
): TierProgram | null {
  if (tiers.length === 0) return null;
  return TierProgramSchema.parse({
    basis,
    window,
    tiers: tiers.map((t) => ({
      id: t.id,
      name: tierNameIn(t, "en", null),
      threshold: t.threshold,
      earnMultiplier: t.earnMultiplier,
      entryBonus: t.entryBonus,
    })),
  });
}

export async function loadShopTiers(
  db: Tx,
  shopDomain: string,
): Promise<ShopTiers> {
  const shop = await findShop(db, shopDomain);
  const tiers = await listShopTiers(db, shopDomain);
  const basis = TierBasisSchema.catch("points_earned").parse(
    shop?.program?.tierBasis,
  );
  const window = TierWindowSchema.catch("lifetime").parse(
    shop?.program?.tierWindow,
  );
  return {
    basis,
    window,
    timeZone: shop?.ianaTimezone ?? "UTC",
    currencyCode: shop?.currencyCode ?? "USD",
    tiers,
    program: toProgram(basis, window, tiers),
  };
}

/**
 * What a member's tier is computed from. Points earned: every credit that is earning (not a
 * refund of a redemption, not a tier bonus, not the merchant's adjustment), net of the reversals
 * that correct it, dated when earned. Money spent: each awarded order's eligible amount, dated
 * when paid, reduced in the proportion its points were reversed (a cancelled order counts nothing).
 */
export async function memberActivity(
  db: Tx,
  memberId: string,
): Promise<MemberActivity> {
  const entries = await listLedgerForTier(db, memberId);
  const earned = new Map<string, { at: Date; points: number }>();
  const reversedOf = new Map<string, number>();
  for (const entry of entries) {
    const points = Number(entry.points);
    if (entry.correctsEntryId) {
      reversedOf.set(
        entry.correctsEntryId,
        (reversedOf.get(entry.correctsEntryId) ?? 0) - points,
      );
      continue;
    }
    if (points <= 0 || !countsAsEarned(entry.kind)) continue;
    earned.set(entry.id, { at: toDate(entry.effectiveAt), points });
  }
  const pointsEarned = [...earned.entries()].map(([id, e]) => ({
    at: e.at,
    points: e.points - Math.min(e.points, reversedOf.get(id) ?? 0),
  }));

  const orders = await listAwardedOrdersForTier(db, memberId);
  const moneySpent: { at: Date; amount: number }[] = [];
  for (const order of orders) {
    if (!order.paidAt || order.cancelledAt) continue;
    const eligible = Number(order.eligibleAmount ?? 0);
    const points = order.points ?? 0;
    const reversed =
      points > 0
        ? await reversedPointsOfOrder(db, order.shopDomain, order.orderId)
        : 0;
    const amount =
      points > 0
        ? Math.floor((eligible * Math.max(0, points - reversed)) / points)
        : eligible;
    moneySpent.push({ at: order.paidAt, amount });
  }

  const state = await findMemberTier(db, memberId);
  const held = state?.heldTierId
    ? { tierId: state.heldTierId, until: state.heldUntil }
    : null;
  return { pointsEarned, moneySpent, held };
}

function countsAsEarned(kind: string): boolean {
  if (
    kind === "redemption_refund" ||
    kind === "tier_bonus" ||
    kind === "manual_adjustment"
  )
    return false;
  // Kinds added later by the ways to earn are credits too; unknown kinds count when positive.
  return !isLedgerEntryKind(kind) || LEDGER_ENTRY_SIGNS[kind] === "credit";
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date
    ? value
    : new Date(
        typeof value === "string" && /^\d+$/.test(value)
          ? Number(value)
          : value,
      );
}

export interface TierRefresh {
  memberId: string;
  previousTierId: string | null;
  tierId: string | null;
  direction: "up" | "down" | "same";
  bonusPosted: number;
}

/**
 * Recomputes one member's tier at `now` and records any change: the tier state, the entry bonus
 * (a ledger entry, once per tier and window period), and the outbox jobs that mirror the tier to
 * the customer metafield and tag. Runs inside the caller's transaction.
 */
export async function refreshMemberTier(
  tx: Tx,
  shopDomain: string,
  memberId: string,
  now: Date,
  loaded?: ShopTiers,
): Promise<TierRefresh> {
  const state = await findMemberTier(tx, memberId);
  const previousTierId = state?.tierId ?? null;
  const shopTiers = loaded ?? (await loadShopTiers(tx, shopDomain));
  if (!shopTiers.program) {
    if (previousTierId !== null)
      await saveState(tx, shopDomain, memberId, null, now, {
        tierId: null,
        heldUntil: null,
      });
    return {
      memberId,
      previousTierId,
      tierId: null,
      direction: previousTierId ? "down" : "same",
      bonusPosted: 0,
    };
  }
  const standing = tierFor(
    await memberActivity(tx, memberId),
    shopTiers.program,
    now,
    shopTiers.timeZone,
  );
  const change = tierChange(
    previousTierId,
    standing,
    shopTiers.program,
    now,
    shopTiers.timeZone,
  );
  const tierId = standing.tier?.id ?? null;
  let bonusPosted = 0;
  if (change.entryBonus) {
    const result = await postLedgerEntry(tx, {
      shopDomain,
      memberId,
      kind: "tier_bonus",
      points: change.entryBonus.points,
      sourceType: "tier",
      sourceId: `${memberId}/${change.entryBonus.sourceId}`,
      description: standing.tier?.name ?? null,
      recordedAt: now,
    });
    if (result.outcome === "posted") bonusPosted = change.entryBonus.points;
  }
  if (
    tierId !== previousTierId ||
    !sameTime(state?.holdUntil ?? null, standing.heldUntil) ||
    state === null
  ) {
    await saveState(
      tx,
      shopDomain,
      memberId,
      standing,
      now,
      state ? { tierId: state.tierId, heldUntil: state.heldUntil } : null,
    );
  }
  if (tierId !== previousTierId) {
    if (change.direction === "up" && standing.tier) {
      const reached = await findTierNames(tx, standing.tier.id);
      await queueMemberEmail(tx, {
        shopDomain,
        memberId,
        kind: "new_tier",
        // Once per tier reached in a window: dropping and climbing back in a new window is news again.
        eventId: `${memberId}:${standing.tier.id}:${change.entryBonus?.sourceId ?? now.toISOString()}`,
        payload: {
          tierName: standing.tier.name,
          // Every language the merchant typed: the email picks the member's (ADR 0015).
          tierNames: Object.fromEntries(
            Object.entries({ en: reached?.nameEn, fr: reached?.nameFr }).filter(
              (pair): pair is [string, string] => Boolean(pair[1]),
            ),
          ),
        },
        now,
      });
    }
    await enqueueMemberMirror(tx, shopDomain, memberId, now);
    await enqueueOutboxJob(
      tx,
      {
        shopDomain,
        kind: "sync_member_tier_tag",
        payload: { memberId },
        coalesceKey: `sync_member_tier_tag:${memberId}`,
      },
      now,
    );
  }
  return {
    memberId,
    previousTierId,
    tierId,
    direction: change.direction,
    bonusPosted,
  };
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

async function saveState(
  tx: Tx,
  shopDomain: string,
  memberId: string,
  standing: TierStanding | null,
  now: Date,
  previous: { tierId: string | null; heldUntil: Date | null } | null,
) {
  const tierId = standing?.tier?.id ?? null;
  const achievedAt =
    tierId !== null && tierId !== previous?.tierId ? now : undefined;
  await saveMemberTier(tx, {
    shopDomain,
    memberId,
    tierId,
    holdUntil: standing?.heldUntil ?? null,
    achievedAt,
    now,
  });
}

/** Hook for the order path: after points move, the member's tier follows (only when the shop has tiers). */
export async function refreshMemberTierAfterChange(
  tx: Tx,
  shopDomain: string,
  memberId: string,
  now: Date,
  /** Whether the shop has tiers, when already read in this transaction (the order path). */
  hasTiers?: boolean,
): Promise<void> {
  if (!(hasTiers ?? (await shopHasTiers(tx, shopDomain)))) return;
  // The entry just posted is dated by this same `now`: the tier sees it.
  await refreshMemberTier(tx, shopDomain, memberId, now);
}

/** The tier name shown to the member and mirrored to Shopify, in the merchant's language (null without a tier). */
export async function memberTierName(
  db: Tx,
  memberId: string,
  locale?: string,
): Promise<string | null> {
  const state = await findMemberTierWithTier(db, memberId);
  if (!state?.tier) return null;
  // The mirrored metafield speaks the shop's primary language (Liquid has no reader's language).
  const { primaryLocale } = await findShopLocales(db, state.tier.shopDomain);
  return tierNameIn(state.tier, locale ?? primaryLocale, primaryLocale);
}

/** The customer tag for the member's tier now (null without a tier). */
export async function memberTierTag(
  db: Tx,
  memberId: string,
): Promise<{
  tag: string | null;
  mirroredTag: string | null;
  customerId: string | null;
}> {
  const state = await findMemberTierWithTier(db, memberId);
  const member = state?.member ?? (await loadMember(db, memberId));
  return {
    // English first, so the tag stays put when the merchant adds a translation later.
    tag: state?.tier
      ? customerTagForTier({ name: tierNameIn(state.tier, "en", null) })
      : null,
    mirroredTag: state?.mirroredTag ?? null,
    customerId: member && member.redactedAt === null ? member.customerId : null,
  };
}

export { markTierTagMirrored };

/**
 * Periodic job: members whose tier hold has ended (or whose tier may have risen without a ledger
 * change, e.g. rolling windows) are recomputed. Downgrades happen here, only at the window's end.
 */
export async function reviewTiers(
  shopDomain: string,
  now: Date,
): Promise<{ reviewed: number; up: number; down: number }> {
  const loaded = await loadShopTiers(database, shopDomain);
  const due = await listMembersDueForTierReview(database, shopDomain, now);
  const summary = { reviewed: 0, up: 0, down: 0 };
  for (const { memberId } of due) {
    const result = await inTransaction(async (tx) => {
      // A threshold-change hold that has run out no longer protects the member.
      await endExpiredTierHold(tx, memberId, now);
      return refreshMemberTier(tx, shopDomain, memberId, now, loaded);
    });
    summary.reviewed += 1;
    if (result.direction === "up") summary.up += 1;
    if (result.direction === "down") summary.down += 1;
  }
  return summary;
}

/** Recomputes every member of the shop (after tiers change). */
export async function refreshAllMemberTiers(
  shopDomain: string,
  now: Date,
): Promise<{ members: number; up: number; down: number }> {
  const loaded = await loadShopTiers(database, shopDomain);
  const members = await listActiveMemberIds(database, shopDomain);
  const summary = { members: 0, up: 0, down: 0 };
  for (const { id } of members) {
    const result = await inTransaction((tx) =>
      refreshMemberTier(tx, shopDomain, id, now, loaded),
    );
    summary.members += 1;
    if (result.direction === "up") summary.up += 1;
    if (result.direction === "down") summary.down += 1;
  }
  return summary;
}

function programFromSettings(
  settings: TierSettings,
  ids: string[],
): TierProgram | null {
  return toProgram(
    settings.basis,
    settings.window,
    settings.tiers.map((t, i) => ({
      id: ids[i],
      nameEn: t.nameEn,
      nameFr: t.nameFr ?? null,
      threshold: t.threshold,
      earnMultiplier: t.earnMultiplier,
      entryBonus: t.entryBonus,
    })),
  );
}

/** How many members the new tiers would move up or down (nobody is demoted before their window ends). */
export async function previewTierSettings(
  shopDomain: string,
  input: unknown,
  now: Date,
): Promise<ThresholdChangePreview> {
  const settings = TierSettingsSchema.parse(input);
  const current = await loadShopTiers(database, shopDomain);
  const ids = settings.tiers.map((t, i) => t.id ?? `new-${i}`);
  const next = programFromSettings(settings, ids);
  const members = await listActiveMemberIds(database, shopDomain);
  const activities: MemberActivity[] = [];
  for (const { id } of members)
    activities.push(await memberActivity(database, id));
  // "No tier" on either side is a program with one unreachable tier, so everyone counts as below it.
  const none: TierProgram = {
    basis: settings.basis,
    window: settings.window,
    tiers: [
      {
        id: "__none__",
        name: "none",
        threshold: Number.MAX_SAFE_INTEGER,
        earnMultiplier: 1,
        entryBonus: 0,
      },
    ],
  };
  const preview = previewThresholdChange(
    activities,
    current.program ?? none,
    next ?? none,
    now,
    current.timeZone,
  );
  const clean = (id: string | null) => (id === "__none__" ? null : id);
  return {
    ...preview,
    moves: preview.moves.map((m) => ({
      ...m,
      from: clean(m.from),
      to: clean(m.to),
    })),
  };
}

/**
 * Applies new tiers: members keep the tier they hold until its window ends (the hold is stored
 * first, under the old tiers), then every member is recomputed (upgrades and entry bonuses now).
 */
export async function applyTierSettings(
  shopDomain: string,
  input: unknown,
  now: Date,
): Promise<{ members: number; up: number; down: number }> {
  const settings = TierSettingsSchema.parse(input);
  const current = await loadShopTiers(database, shopDomain);
  await inTransaction(async (tx) => {
    if (current.program) {
      const states = await listMembersWithTier(tx, shopDomain);
      for (const { memberId } of states) {
        const standing = tierFor(
          await memberActivity(tx, memberId),
          current.program,
          now,
          current.timeZone,
        );
        const held = holdCurrentTier(standing);
        // Lifetime tiers are kept for good; others until their window ends.
        await holdMemberTier(tx, memberId, held);
      }
    }
    await saveProgramSettings(tx, shopDomain, {
      tierBasis: settings.basis,
      tierWindow: settings.window,
    });
    const keep = settings.tiers
      .map((t) => t.id)
      .filter((id): id is string => Boolean(id));
    await deleteTiersExcept(tx, shopDomain, keep);
    for (const [position, tier] of settings.tiers.entries()) {
      const data = {
        nameEn: tier.nameEn,
        nameFr: tier.nameFr ?? null,
        threshold: tier.threshold,
        earnMultiplier: tier.earnMultiplier,
        entryBonus: tier.entryBonus,
        position,
      };
      if (tier.id && current.tiers.some((t) => t.id === tier.id))
        await updateTier(tx, tier.id, data);
      else await createTier(tx, shopDomain, data, now);
    }
  });
  return refreshAllMemberTiers(shopDomain, now);
}

/** For the admin list: each tier with its number of members. */
export async function listTiersWithCounts(shopDomain: string) {
  const loaded = await loadShopTiers(database, shopDomain);
  const counts = await countMembersByTier(database, shopDomain);
  const countOf = (id: string) =>
    counts.find((c) => c.tierId === id)?._count._all ?? 0;
  return {
    basis: loaded.basis,
    window: loaded.window,
    currencyCode: loaded.currencyCode,
    tiers: loaded.tiers.map((t) => ({ ...t, members: countOf(t.id) })),
  };
}

/** Which tier name field is the shop's primary language (required on the admin form, ADR 0015). */
export async function primaryTierNameField(
  shopDomain: string,
): Promise<"nameEn" | "nameFr"> {
  const { primaryLocale } = await findShopLocales(database, shopDomain);
  return languageOf(primaryLocale) === "fr" ? "nameFr" : "nameEn";
}
