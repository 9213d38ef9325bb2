import { type CodePoolFile } from "@prisma/client";

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

/** Every code the shop ever imported (a new file may not repeat one). */
export async function listShopPoolCodes(
  tx: Tx,
  shopDomain: string,
): Promise<string[]> {
  const rows = await tx.poolCode.findMany({
    where: { shopDomain },
    select: { code: true },
  });
  return rows.map((row) => row.code);
}

/** Stores an imported file and its codes (all of them, or none with the transaction). */
export async function addCodePoolFile(
  tx: Tx,
  input: {
    shopDomain: string;
    poolId: string;
    filename: string;
    codes: string[];
  },
): Promise<CodePoolFile> {
  const file = await tx.codePoolFile.create({
    data: {
      shopDomain: input.shopDomain,
      poolId: input.poolId,
      filename: input.filename,
      importedCount: input.codes.length,
    },
  });
  await tx.poolCode.createMany({
    data: input.codes.map((code) => ({
      shopDomain: input.shopDomain,
      poolId: input.poolId,
      fileId: file.id,
      code,
    })),
  });
  return file;
}

/** The shop's imported files (of one pool when given), oldest first. */
export function listCodePoolFileRows(
  db: Tx,
  shopDomain: string,
  poolId?: string,
): Promise<CodePoolFile[]> {
  return db.codePoolFile.findMany({
    where: { shopDomain, ...(poolId ? { poolId } : {}) },
    orderBy: { createdAt: "asc" },
  });
}

/** Codes per imported file, assigned to a redemption or still free. */
export async function countPoolCodesByFile(
  db: Tx,
  shopDomain: string,
  poolId: string | undefined,
  assigned: boolean,
): Promise<Map<string, number>> {
  const counts = await db.poolCode.groupBy({
    by: ["fileId"],
    where: {
      shopDomain,
      ...(poolId ? { poolId } : {}),
      assignedAt: assigned ? { not: null } : null,
    },
    _count: { _all: true },
  });
  return new Map(counts.map((c) => [c.fileId, c._count._all]));
}

/** Deletes the free codes of one file or of a whole pool; assigned codes stay. */
export async function deleteFreePoolCodes(
  db: Tx,
  shopDomain: string,
  target: { fileId: string } | { poolId: string },
): Promise<number> {
  const where =
    "fileId" in target ? { fileId: target.fileId } : { poolId: target.poolId };
  const { count } = await db.poolCode.deleteMany({
    where: { shopDomain, ...where, assignedAt: null },
  });
  return count;
}

/** Unused codes left in a pool: a pool reward with none is sold out. */
export function countUnusedPoolCodes(
  db: Tx,
  shopDomain: string,
  poolId: string,
): Promise<number> {
  return db.poolCode.count({ where: { shopDomain, poolId, assignedAt: null } });
}
