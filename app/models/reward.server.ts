import { Prisma, type Reward as RewardRow } from "@prisma/client";

import prisma from "~/db.server";
import { tierNameIn } from "~/loyalty/localized-text";
import { type LocalizedText, type RewardType } from "~/loyalty/rewards";
import { poolRemaining } from "~/models/code-pool.server";
import { sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/** Admin reads of the reward catalogue: what the rewards list shows for each reward. */

export interface RewardListItem {
  id: string;
  type: RewardType;
  name: LocalizedText;
  /** The default points cost; for a slider, the points per step. */
  pointsCost: number;
  /** For a slider: thousandths of shop currency per step. */
  valuePerStep: number | null;
  /** Redemptions still possible; null: unlimited. A code pool counts its unused codes. */
  remaining: number | null;
  /** The stock set by the merchant, or the pool's codes; null: unlimited. */
  total: number | null;
  active: boolean;
  archived: boolean;
  redemptions: number;
  /** Of those, the ones a merchant gave as gifts (not exchanged for points). */
  gifts: number;
}

export async function listRewardsForAdmin(
  shopDomain: string,
  options: { includeArchived?: boolean } = {},
): Promise<RewardListItem[]> {
  const rows = await prisma.reward.findMany({
    where: {
      shopDomain,
      oneOff: false,
      ...(options.includeArchived ? {} : { archivedAt: null }),
    },
    orderBy: [
      { archivedAt: { sort: "asc", nulls: "first" } },
      { position: "asc" },
      { createdAt: "asc" },
    ],
  });
  const counts = await countRedemptionsByReward(
    shopDomain,
    rows.map((row) => row.id),
  );
  const gifts = await countRedemptionsByReward(
    shopDomain,
    rows.map((row) => row.id),
    prisma,
    { giftsOnly: true },
  );
  const pools = rows.flatMap((row) => (row.poolId ? [row.poolId] : []));
  const unused = await poolRemaining(prisma, shopDomain, pools);
  const assigned = await prisma.poolCode.groupBy({
    by: ["poolId"],
    where: { shopDomain, poolId: { in: pools }, assignedAt: { not: null } },
    _count: { _all: true },
  });
  const assignedBy = new Map(
    assigned.map((row) => [row.poolId, row._count._all]),
  );
  return rows.map((row) => {
    let remaining: number | null =
      row.stock === null ? null : Math.max(0, row.stock - row.redeemedCount);
    let total: number | null = row.stock;
    if (row.type === "code_pool" && row.poolId) {
      const codesLeft = unused.get(row.poolId) ?? 0;
      remaining =
        remaining === null ? codesLeft : Math.min(remaining, codesLeft);
      total = codesLeft + (assignedBy.get(row.poolId) ?? 0);
    }
    const config = JSON.parse(row.config) as { valuePerStep?: number };
    return {
      id: row.id,
      type: row.type as RewardType,
      name: JSON.parse(row.name) as LocalizedText,
      pointsCost: row.pointsCost,
      valuePerStep:
        row.type === "points_slider" ? (config.valuePerStep ?? null) : null,
      remaining,
      total,
      active: row.active,
      archived: row.archivedAt !== null,
      redemptions: counts.get(row.id) ?? 0,
      gifts: gifts.get(row.id) ?? 0,
    };
  });
}

/** Redemptions per reward (gifts included): a reward with any cannot be deleted, only archived. */
export async function countRedemptionsByReward(
  shopDomain: string,
  rewardIds: string[],
  db: Tx = prisma,
  options: { giftsOnly?: boolean } = {},
): Promise<Map<string, number>> {
  if (rewardIds.length === 0) return new Map();
  const rows = await db.redemption.groupBy({
    by: ["rewardId"],
    where: {
      shopDomain,
      rewardId: { in: rewardIds },
      ...(options.giftsOnly ? { gift: true } : {}),
    },
    _count: { _all: true },
  });
  return new Map(
    rows.flatMap((row) =>
      row.rewardId ? [[row.rewardId, row._count._all] as const] : [],
    ),
  );
}

/**
 * Active catalogue rewards a merchant can give from a member's page. For a points slider the
 * merchant picks the amount the gift is worth, as a shopper would.
 */
export function listGiftableRewards(
  shopDomain: string,
): Promise<Pick<RewardRow, "id" | "name" | "type" | "config">[]> {
  return prisma.reward.findMany({
    where: { shopDomain, oneOff: false, archivedAt: null, active: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    // The config: a points slider's range, for the amount the gift is worth.
    select: { id: true, name: true, type: true, config: true },
  });
}

/**
 * The shop's VIP tiers in ladder order, named in the merchant's language, for the reward form's
 * spending rules (visibility and cost per tier, stored by tier id).
 */
export async function listTierOptions(
  shopDomain: string,
  locale: "en" | "fr",
): Promise<{ id: string; name: string }[]> {
  const tiers = await prisma.tier.findMany({
    where: { shopDomain },
    orderBy: [{ position: "asc" }, { threshold: "asc" }],
    select: { id: true, nameEn: true, nameFr: true },
  });
  return tiers.map((tier) => ({
    id: tier.id,
    name: tierNameIn(tier, locale, null),
  }));
}

export interface UnlockableRewardRow {
  id: string;
  name: string;
  config: string;
}

/** The catalogue rewards a member could get (active, listed), for "reward unlocked". */
export function listUnlockableRewards(tx: Tx, shopDomain: string) {
  return sqlRows<UnlockableRewardRow>(
    tx,
    Prisma.sql`
    SELECT "id", "name", "config" FROM "Reward"
    WHERE "shopDomain" = ${shopDomain} AND "active" = TRUE AND "archivedAt" IS NULL AND "oneOff" = FALSE`,
  );
}

/** A reward's stored columns as the admin form saves them. */
export type RewardColumns = Omit<
  Prisma.RewardUncheckedCreateInput,
  "id" | "shopDomain" | "oneOff" | "position"
>;

/** Adds a reward at the end of the shop's catalogue. */
export async function createRewardRow(
  db: Tx,
  shopDomain: string,
  columns: RewardColumns,
  oneOff: boolean,
): Promise<RewardRow> {
  const position = (await db.reward.count({ where: { shopDomain } })) + 1;
  return db.reward.create({
    data: { shopDomain, ...columns, oneOff, position },
  });
}

/** Saves a reward that is not archived; says whether there was one. */
export async function updateRewardRow(
  db: Tx,
  shopDomain: string,
  rewardId: string,
  columns: RewardColumns,
): Promise<boolean> {
  const { count } = await db.reward.updateMany({
    where: { id: rewardId, shopDomain, archivedAt: null },
    data: columns,
  });
  return count === 1;
}

/** The reward; throws when there is none. */
export function getReward(db: Tx, rewardId: string): Promise<RewardRow> {
  return db.reward.findUniqueOrThrow({ where: { id: rewardId } });
}

/** The shop's reward, archived or not; null when the shop has no such reward. */
export function findShopReward(
  db: Tx,
  shopDomain: string,
  rewardId: string,
): Promise<RewardRow | null> {
  return db.reward.findFirst({ where: { id: rewardId, shopDomain } });
}

/** Archives (and switches off) a reward that is not archived yet; says whether it did. */
export async function archiveRewardRow(
  db: Tx,
  rewardId: string,
  now: Date,
  shopDomain?: string,
): Promise<boolean> {
  const { count } = await db.reward.updateMany({
    where: {
      id: rewardId,
      ...(shopDomain === undefined ? {} : { shopDomain }),
      archivedAt: null,
    },
    data: { archivedAt: now, active: false },
  });
  return count === 1;
}

/** Brings an archived reward back (still switched off); says whether it did. */
export async function restoreArchivedReward(
  db: Tx,
  shopDomain: string,
  rewardId: string,
): Promise<boolean> {
  const { count } = await db.reward.updateMany({
    where: { id: rewardId, shopDomain, archivedAt: { not: null } },
    data: { archivedAt: null },
  });
  return count === 1;
}

export function deleteRewardRow(tx: Tx, rewardId: string) {
  return tx.reward.delete({ where: { id: rewardId } });
}

/** The catalogue in the merchant's order, one-off rewards left out (archived ones unless asked). */
export function listCatalogue(
  db: Tx,
  shopDomain: string,
  includeArchived: boolean,
): Promise<RewardRow[]> {
  return db.reward.findMany({
    where: {
      shopDomain,
      oneOff: false,
      ...(includeArchived ? {} : { archivedAt: null }),
    },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
}

/** How many redemptions the reward has had (any state). */
export function countRewardRedemptions(
  tx: Tx,
  shopDomain: string,
  rewardId: string,
): Promise<number> {
  return tx.redemption.count({ where: { shopDomain, rewardId } });
}
