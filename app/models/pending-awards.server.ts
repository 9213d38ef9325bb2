import { type PendingAward } from "@prisma/client";

import prisma from "~/db.server";
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

export interface MemberPendingPoints {
  orderId: string;
  orderName: string | null;
  points: number;
  /** When they become spendable; null: when the order is fulfilled. */
  postAt: Date | null;
}

/** A member's pending points per order, soonest spendable first (fulfilment ones last), for the admin. */
export async function listPendingPointsForMember(
  shopDomain: string,
  memberId: string,
  db: Tx = prisma,
): Promise<MemberPendingPoints[]> {
  const awards = await db.pendingAward.findMany({
    where: { shopDomain, memberId, state: "pending", points: { gt: 0 } },
    select: { orderId: true, points: true, postAt: true },
  });
  const orders = awards.length
    ? await db.orderRecord.findMany({
        where: {
          shopDomain,
          orderId: { in: awards.map((award) => award.orderId) },
        },
        select: { orderId: true, orderName: true },
      })
    : [];
  const names = new Map(orders.map((o) => [o.orderId, o.orderName]));
  return awards
    .map((award) => ({ ...award, orderName: names.get(award.orderId) ?? null }))
    .sort(
      (a, b) =>
        (a.postAt?.getTime() ?? Infinity) - (b.postAt?.getTime() ?? Infinity) ||
        a.orderId.localeCompare(b.orderId),
    );
}

/** Pending points of each of these members (a members list page); members with none are absent. */
export async function pendingPointsByMember(
  shopDomain: string,
  memberIds: string[],
  db: Tx = prisma,
): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const groups = await db.pendingAward.groupBy({
    by: ["memberId"],
    where: { shopDomain, memberId: { in: memberIds }, state: "pending" },
    _sum: { points: true },
  });
  return new Map(
    groups.flatMap((group) =>
      group._sum.points ? [[group.memberId, group._sum.points] as const] : [],
    ),
  );
}
