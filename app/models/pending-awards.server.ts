import { type PendingAward } from "@prisma/client";

import { newId } from "~/models/ids.server";
import { type Tx } from "~/models/transaction.server";

/**
 * Order points waiting to be posted (fulfilment, or a delay after payment). They are not in
 * the ledger, so they are never spendable; the storefront shows them as "pending".
 */

export type PendingAwardState = "pending" | "posted" | "cancelled";

export async function findPendingAward(
  db: Tx,
  shopDomain: string,
  orderId: string,
): Promise<PendingAward | null> {
  return db.pendingAward.findUnique({
    where: { shopOrder: { shopDomain, orderId } },
  });
}

export async function createPendingAward(
  tx: Tx,
  award: {
    shopDomain: string;
    memberId: string;
    orderId: string;
    points: number;
    postAt: Date | null;
  },
  now: Date,
): Promise<PendingAward> {
  const existing = await findPendingAward(tx, award.shopDomain, award.orderId);
  if (existing) return existing;
  return tx.pendingAward.create({
    data: {
      id: newId(now.getTime()),
      state: "pending",
      ...award,
      createdAt: now,
      updatedAt: now,
    },
  });
}

export function updatePendingPoints(tx: Tx, id: string, points: number) {
  return tx.pendingAward.updateMany({
    where: { id, state: "pending" },
    data: { points },
  });
}

export function resolvePendingAward(
  tx: Tx,
  id: string,
  state: Exclude<PendingAwardState, "pending">,
  now: Date,
) {
  return tx.pendingAward.updateMany({
    where: { id, state: "pending" },
    data: { state, resolvedAt: now },
  });
}

/** Points a member will get once their pending awards are posted: visible, not spendable. */
export async function pendingPointsForMember(
  db: Tx,
  memberId: string,
): Promise<number> {
  const total = await db.pendingAward.aggregate({
    where: { memberId, state: "pending" },
    _sum: { points: true },
  });
  return total._sum.points ?? 0;
}

export function listMemberPendingAwards(db: Tx, memberId: string) {
  return db.pendingAward.findMany({
    where: { memberId, state: "pending" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** Pending awards whose delay has run out, for the sweep (fulfilment ones have no date and wait for the webhook). */
export function listDuePendingAwards(db: Tx, now: Date, limit = 100) {
  return db.pendingAward.findMany({
    where: { state: "pending", postAt: { lte: now } },
    orderBy: [{ postAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { shopDomain: true, orderId: true },
  });
}
