import { sqlRows } from "~/models/sql.server";
import { type LedgerEntry, Prisma, type Reward } from "@prisma/client";

import { type Tx } from "~/models/transaction.server";

/** The app proxy's reads (storefront widget): a member's recent history and the shop's catalogue. */

/** The member's newest ledger entries first. */
export function listRecentLedgerEntries(
  db: Tx,
  memberId: string,
  take: number,
): Promise<LedgerEntry[]> {
  return db.ledgerEntry.findMany({
    where: { memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

/** The member's tier names (as last decided) and the shop's primary language; none without a tier. */
export function findMemberTierNames(db: Tx, memberId: string) {
  return sqlRows<{
    nameEn: string;
    nameFr: string | null;
    primaryLocale: string;
  }>(
    db,
    Prisma.sql`
      SELECT t."nameEn", t."nameFr", s."primaryLocale" FROM "MemberTier" mt
      JOIN "Tier" t ON t."id" = mt."tierId" JOIN "Shop" s ON s."domain" = t."shopDomain"
      WHERE mt."memberId" = ${memberId}`,
  );
}

/** The reward snapshots of these redemptions (their names as the shopper saw them). */
export function listRedemptionSnapshots(db: Tx, redemptionIds: string[]) {
  return db.redemption.findMany({
    where: { id: { in: redemptionIds } },
    select: { id: true, rewardSnapshot: true },
  });
}

/** The shop's catalogue: active, listed rewards in the merchant's order. */
export function listCatalogueRewards(
  db: Tx,
  shopDomain: string,
): Promise<Reward[]> {
  return db.reward.findMany({
    where: { shopDomain, archivedAt: null, oneOff: false, active: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
}

/** How many times the member got each reward (redemptions that were not failed or cancelled). */
export function countMemberRedemptionsByReward(db: Tx, memberId: string) {
  return db.redemption.groupBy({
    by: ["rewardId"],
    where: {
      memberId,
      state: { in: ["reserved", "minted", "confirmed", "used", "expired"] },
    },
    _count: { _all: true },
  });
}

/** Codes still free in each of these pools. */
export function countFreePoolCodes(
  db: Tx,
  shopDomain: string,
  poolIds: string[],
) {
  return db.poolCode.groupBy({
    by: ["poolId"],
    where: { shopDomain, poolId: { in: poolIds }, assignedAt: null },
    _count: { _all: true },
  });
}
