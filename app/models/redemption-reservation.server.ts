import { type Member, Prisma, type Reward } from "@prisma/client";

import prisma from "~/db.server";
import { FOR_UPDATE_SKIP_LOCKED } from "~/models/row-locks.server";
import { sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/** What a reservation reads and takes besides the redemption: the reward, its stock, pool codes. */

/** What the reservation reads of a reward. */
export type RewardFacts = Pick<
  Reward,
  "id" | "config" | "stock" | "redeemedCount"
>;

/** A reward of the shop's catalogue a shopper can redeem (not archived, not a one-off gift). */
export async function findRedeemableReward(
  tx: Tx,
  shopDomain: string,
  rewardId: string,
): Promise<RewardFacts | null> {
  const rows = await sqlRows<RewardFacts>(
    tx,
    Prisma.sql`
    SELECT "id", "config", "stock", "redeemedCount" FROM "Reward"
    WHERE "id" = ${rewardId} AND "shopDomain" = ${shopDomain} AND "archivedAt" IS NULL AND "oneOff" = FALSE`,
  );
  return rows[0] ?? null;
}

/** A reward the merchant can give (one-off rewards included, archived ones not). */
export function findGiftableReward(
  tx: Tx,
  shopDomain: string,
  rewardId: string,
): Promise<Reward | null> {
  return tx.reward.findFirst({
    where: { id: rewardId, shopDomain, archivedAt: null },
  });
}

/** A member a gift can go to: of this shop, not redacted. */
export function findGiftRecipient(
  shopDomain: string,
  memberId: string,
  db: Tx = prisma,
): Promise<Member | null> {
  return db.member.findFirst({
    where: { id: memberId, shopDomain, redactedAt: null },
  });
}

/** The member's current VIP tier id (MemberTier), or null. */
export async function findMemberTierId(
  db: Tx,
  memberId: string,
): Promise<string | null> {
  const rows = await sqlRows<{ tierId: string | null }>(
    db,
    Prisma.sql`SELECT "tierId" FROM "MemberTier" WHERE "memberId" = ${memberId}`,
  );
  return rows[0]?.tierId ?? null;
}

/** Takes one unit of stock: a guarded increment, so two redemptions of the last unit cannot both pass. */
export async function takeStockUnit(
  tx: Tx,
  rewardId: string,
): Promise<boolean> {
  const taken = await sqlExecute(
    tx,
    Prisma.sql`
    UPDATE "Reward" SET "redeemedCount" = "redeemedCount" + 1
    WHERE "id" = ${rewardId} AND ("stock" IS NULL OR "redeemedCount" < "stock")`,
  );
  return taken === 1;
}

/** Puts a unit back on the shelf (a redemption that failed). */
export async function returnStockUnit(tx: Tx, rewardId: string): Promise<void> {
  await sqlExecute(
    tx,
    Prisma.sql`UPDATE "Reward" SET "redeemedCount" = CASE WHEN "redeemedCount" > 0 THEN "redeemedCount" - 1 ELSE 0 END WHERE "id" = ${rewardId}`,
  );
}

export function countUnusedPoolCodes(
  tx: Tx,
  shopDomain: string,
  poolId: string,
): Promise<number> {
  return tx.poolCode.count({
    where: { shopDomain, poolId, assignedAt: null },
  });
}

/**
 * Gives the redemption the pool's oldest unused code, or null when none is left. On PostgreSQL a
 * code another redemption is taking right now is skipped, not waited for (it would be gone after
 * the wait, and this one would report the pool sold out).
 */
export async function takePoolCode(
  tx: Tx,
  input: {
    shopDomain: string;
    poolId: string;
    redemptionId: string;
    now: Date;
  },
): Promise<string | null> {
  const taken = await sqlRows<{ code: string }>(
    tx,
    Prisma.sql`
    UPDATE "PoolCode" SET "redemptionId" = ${input.redemptionId}, "assignedAt" = ${input.now}
    WHERE "id" = (SELECT "id" FROM "PoolCode" WHERE "shopDomain" = ${input.shopDomain} AND "poolId" = ${input.poolId}
                  AND "assignedAt" IS NULL ORDER BY "createdAt", "id" LIMIT 1 ${FOR_UPDATE_SKIP_LOCKED})
      AND "assignedAt" IS NULL
    RETURNING "code"`,
  );
  return taken.length === 1 ? taken[0].code : null;
}
