import { Prisma, type Tier } from "@prisma/client";

import { newId } from "~/models/ids.server";
import { sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/** VIP tiers (`Tier`) and each member's last tier decision (`MemberTier`). */

/** The shop's tiers, lowest threshold first. */
export function listShopTiers(db: Tx, shopDomain: string): Promise<Tier[]> {
  return db.tier.findMany({
    where: { shopDomain },
    orderBy: [{ threshold: "asc" }],
  });
}

/** Whether the shop has any tier (one cheap query: the order path asks on every award). */
export async function shopHasTiers(
  db: Tx,
  shopDomain: string,
): Promise<boolean> {
  const rows = await sqlRows<{ n: number }>(
    db,
    Prisma.sql`SELECT 1 AS "n" FROM "Tier" WHERE "shopDomain" = ${shopDomain} LIMIT 1`,
  );
  return rows.length > 0;
}

export function findTierNames(tx: Tx, tierId: string) {
  return tx.tier.findUnique({
    where: { id: tierId },
    select: { nameEn: true, nameFr: true },
  });
}

/**
 * What an order's award needs of tiers before it posts, in one statement: the earn multiplier of
 * the member's tier as last decided (1 without one), and whether the shop has any tier (else no
 * refresh after the award).
 */
export async function findMemberTierFacts(
  db: Tx,
  shopDomain: string,
  memberId: string,
): Promise<{ shopHasTiers: boolean; earnMultiplier: number }> {
  const [row] = await sqlRows<{
    hasTiers: boolean | number;
    earnMultiplier: number | null;
  }>(
    db,
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM "Tier" WHERE "shopDomain" = ${shopDomain}) AS "hasTiers",
      (SELECT t."earnMultiplier" FROM "MemberTier" m JOIN "Tier" t ON t."id" = m."tierId"
        WHERE m."memberId" = ${memberId} AND t."shopDomain" = ${shopDomain}) AS "earnMultiplier"`,
  );
  return {
    shopHasTiers: Boolean(row?.hasTiers),
    earnMultiplier:
      row?.earnMultiplier == null ? 1 : Number(row.earnMultiplier),
  };
}

/** The member's tier as last decided (MemberTier), which prices rewards as redemption does. */
export async function findMemberTierId(
  tx: Tx,
  memberId: string,
): Promise<string | null> {
  const rows = await sqlRows<{ tierId: string | null }>(
    tx,
    Prisma.sql`
    SELECT "tierId" FROM "MemberTier" WHERE "memberId" = ${memberId}`,
  );
  return rows[0]?.tierId ?? null;
}

/** The member's last tier decision, or null before the first. */
export function findMemberTier(db: Tx, memberId: string) {
  return db.memberTier.findUnique({ where: { memberId } });
}

/** The member's last tier decision with its tier and the member. */
export function findMemberTierWithTier(db: Tx, memberId: string) {
  return db.memberTier.findUnique({
    where: { memberId },
    include: { tier: true, member: true },
  });
}

/** Records the member's tier now: achieved when it changes, cleared without a tier. */
export function saveMemberTier(
  tx: Tx,
  input: {
    shopDomain: string;
    memberId: string;
    tierId: string | null;
    holdUntil: Date | null;
    /** Set when the member reached a new tier now. */
    achievedAt: Date | undefined;
    now: Date;
  },
) {
  const { shopDomain, memberId, tierId, holdUntil, achievedAt, now } = input;
  return tx.memberTier.upsert({
    where: { memberId },
    create: {
      memberId,
      shopDomain,
      tierId,
      achievedAt: tierId ? now : null,
      holdUntil,
    },
    update: {
      tierId,
      holdUntil,
      ...(achievedAt ? { achievedAt } : {}),
      ...(tierId === null ? { achievedAt: null } : {}),
    },
  });
}

export function markTierTagMirrored(
  db: Tx,
  memberId: string,
  tag: string | null,
) {
  return db.memberTier.updateMany({
    where: { memberId },
    data: { mirroredTag: tag },
  });
}

/** Members whose tier hold (window or threshold change) has ended by `now`. */
export function listMembersDueForTierReview(
  db: Tx,
  shopDomain: string,
  now: Date,
) {
  return db.memberTier.findMany({
    where: {
      shopDomain,
      OR: [{ holdUntil: { lte: now } }, { heldUntil: { lte: now } }],
    },
    select: { memberId: true },
  });
}

/** A threshold-change hold that has run out no longer protects the member. */
export function endExpiredTierHold(tx: Tx, memberId: string, now: Date) {
  return tx.memberTier.updateMany({
    where: { memberId, heldUntil: { lte: now } },
    data: { heldTierId: null, heldUntil: null },
  });
}

/** Members (not redacted) of the shop. */
export function listActiveMemberIds(db: Tx, shopDomain: string) {
  return db.member.findMany({
    where: { shopDomain, redactedAt: null },
    select: { id: true },
  });
}

/** Members who hold a tier now. */
export function listMembersWithTier(tx: Tx, shopDomain: string) {
  return tx.memberTier.findMany({
    where: { shopDomain, tierId: { not: null } },
    select: { memberId: true },
  });
}

/** Keeps the member in a tier until `until` (null: no hold) while tiers change. */
export function holdMemberTier(
  tx: Tx,
  memberId: string,
  held: { tierId: string; until: Date | null } | null | undefined,
) {
  return tx.memberTier.update({
    where: { memberId },
    data: {
      heldTierId: held?.tierId ?? null,
      heldUntil: held?.until ?? null,
    },
  });
}

export type TierColumns = Pick<
  Prisma.TierUncheckedCreateInput,
  | "nameEn"
  | "nameFr"
  | "threshold"
  | "earnMultiplier"
  | "entryBonus"
  | "position"
>;

/** Removes the shop's tiers not in `keep`. */
export function deleteTiersExcept(tx: Tx, shopDomain: string, keep: string[]) {
  return tx.tier.deleteMany({ where: { shopDomain, id: { notIn: keep } } });
}

export function updateTier(tx: Tx, tierId: string, data: TierColumns) {
  return tx.tier.update({ where: { id: tierId }, data });
}

export function createTier(
  tx: Tx,
  shopDomain: string,
  data: TierColumns,
  now: Date,
) {
  return tx.tier.create({
    data: { id: newId(now.getTime()), shopDomain, ...data },
  });
}

/** Members per tier (the admin list). */
export function countMembersByTier(db: Tx, shopDomain: string) {
  return db.memberTier.groupBy({
    by: ["tierId"],
    where: { shopDomain },
    _count: { _all: true },
  });
}

/** Awarded orders of the member (money spent), with what the tier needs of each. */
export function listAwardedOrdersForTier(db: Tx, memberId: string) {
  return db.orderRecord.findMany({
    where: { memberId, status: "awarded" },
    select: {
      orderId: true,
      eligibleAmount: true,
      points: true,
      paidAt: true,
      cancelledAt: true,
      shopDomain: true,
    },
  });
}

/** The member's ledger entries as the tier reads them (points earned, and reversals). */
export function listLedgerForTier(db: Tx, memberId: string) {
  return sqlRows<{
    id: string;
    kind: string;
    points: number;
    correctsEntryId: string | null;
    effectiveAt: Date | string | number;
  }>(
    db,
    Prisma.sql`
    SELECT "id", "kind", "points", "correctsEntryId", "effectiveAt" FROM "LedgerEntry" WHERE "memberId" = ${memberId}`,
  );
}

/** Points reversed so far from an order's award. */
export async function reversedPointsOfOrder(
  db: Tx,
  shopDomain: string,
  orderId: string,
): Promise<number> {
  const rows = await sqlRows<{ total: number | null }>(
    db,
    Prisma.sql`
    SELECT SUM(-r."points") AS "total" FROM "LedgerEntry" r JOIN "LedgerEntry" a ON r."correctsEntryId" = a."id"
    WHERE a."shopDomain" = ${shopDomain} AND a."sourceType" = 'order' AND a."sourceId" = ${orderId} AND a."kind" = 'order_award'`,
  );
  return Number(rows[0]?.total ?? 0);
}
