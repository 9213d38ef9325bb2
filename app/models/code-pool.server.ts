import prisma from "~/db.server";
import { type Tx } from "~/models/transaction.server";

/**
 * Counts over imported promotional codes. A code is unused while no redemption holds it
 * (`assignedAt` null); a pool reward with no unused code is sold out, in the admin list and in the
 * storefront catalogue alike.
 */

/** Unused codes left per pool, for many pools in one query; a pool without codes is absent (0). */
export async function poolRemaining(
  db: Tx,
  shopDomain: string,
  poolIds: string[],
): Promise<Map<string, number>> {
  if (poolIds.length === 0) return new Map();
  const rows = await db.poolCode.groupBy({
    by: ["poolId"],
    where: { shopDomain, poolId: { in: poolIds }, assignedAt: null },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.poolId, row._count._all]));
}

export interface PoolTotals {
  total: number;
  assigned: number;
  remaining: number;
}

/** Every code of a pool still held, given to customers, and unused. */
export async function poolTotals(
  shopDomain: string,
  poolId: string,
  db: Tx = prisma,
): Promise<PoolTotals> {
  const [remaining, assigned] = await Promise.all([
    db.poolCode.count({ where: { shopDomain, poolId, assignedAt: null } }),
    db.poolCode.count({
      where: { shopDomain, poolId, assignedAt: { not: null } },
    }),
  ]);
  return { total: remaining + assigned, assigned, remaining };
}

/** Removes a pool's files and unused codes once its reward is deleted (only possible with no redemption). */
export async function deletePoolWithoutAssignedCodes(
  db: Tx,
  shopDomain: string,
  poolId: string,
): Promise<void> {
  await db.poolCode.deleteMany({
    where: { shopDomain, poolId, assignedAt: null },
  });
  const files = await db.codePoolFile.findMany({
    where: { shopDomain, poolId },
    select: { id: true, codes: { select: { id: true }, take: 1 } },
  });
  const empty = files
    .filter((file) => file.codes.length === 0)
    .map((file) => file.id);
  if (empty.length > 0)
    await db.codePoolFile.deleteMany({ where: { id: { in: empty } } });
}
