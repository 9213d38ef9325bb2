import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { sqlRows } from "~/models/sql.server";
import type { Tx } from "~/models/transaction.server";

/**
 * Reversals clamped to the balance (ADR 0003), as the merchant must see them: a refund that came
 * after the points were spent takes what is there, and the rest stays owed by the order until a
 * later reversal of the same order collects it. The order settlement writes one row per planned
 * reversal that fell short, and one per reversal that collected part of an order's debt, so an
 * order's newest row (highest id) says what it owes now. This is the one record of points owed by
 * orders (ADR 0028): the member history, the Reports page and the home all read it.
 */

export type ShortfallKind = "refund_reversal" | "cancellation_reversal";

export interface NewReversalShortfall {
  shopDomain: string;
  memberId: string;
  orderId: string;
  kind: ShortfallKind;
  /** The refund id, or the order id for a cancellation. */
  sourceId: string;
  ledgerEntryId: string | null;
  /** The order's award entry (the one its reversals correct). */
  awardEntryId: string;
  wantedPoints: number;
  takenPoints: number;
  owedAfter: number;
  now: Date;
}

/** Records one trace; a duplicate settlement (same reversal, same entry) writes nothing. */
export async function recordReversalShortfall(
  tx: Tx,
  row: NewReversalShortfall,
): Promise<void> {
  const idempotencyKey = [
    row.shopDomain,
    row.kind,
    row.sourceId,
    row.ledgerEntryId ?? "none",
  ]
    .map(encodeURIComponent)
    .join("/");
  const { now, ...data } = row;
  await tx.reversalShortfall.upsert({
    where: { idempotencyKey },
    create: { ...data, idempotencyKey, createdAt: now },
    update: {},
  });
}

/**
 * The points all of a shop's orders still owe: the sum of each order's newest trace (the home's
 * figure). Raw SQL: "newest row per order" is a correlated MAX the query builder cannot say.
 */
export async function totalPointsOwed(shopDomain: string): Promise<number> {
  const [row] = await sqlRows<{ owed: number | bigint | null }>(
    prisma,
    Prisma.sql`
    SELECT SUM(rs."owedAfter") AS "owed" FROM "ReversalShortfall" rs
    WHERE rs."shopDomain" = ${shopDomain} AND rs."owedAfter" > 0
      AND rs."id" = (SELECT MAX(r2."id") FROM "ReversalShortfall" r2
        WHERE r2."shopDomain" = rs."shopDomain" AND r2."orderId" = rs."orderId")`,
  );
  return Number(row?.owed ?? 0);
}

/** What an order still owes after its reversals so far (0 when it never fell short). */
export async function pointsOwedByOrder(
  tx: Tx,
  shopDomain: string,
  orderId: string,
): Promise<number> {
  const latest = await tx.reversalShortfall.findFirst({
    where: { shopDomain, orderId },
    orderBy: { id: "desc" },
    select: { owedAfter: true },
  });
  return latest?.owedAfter ?? 0;
}

export interface ClampedReversal {
  /** The reversal entry, or null when the balance let nothing be taken. */
  ledgerEntryId: string | null;
  memberId: string;
  orderId: string;
  orderName: string | null;
  kind: ShortfallKind;
  wantedPoints: number;
  takenPoints: number;
  /** Points the reversal could not take back (wanted − taken). */
  notTakenPoints: number;
  /** What the order still owed right after this reversal. */
  owedAfter: number;
  createdAt: Date;
}

/**
 * The clamped reversals of a shop (optionally one member's, or those annotating given ledger
 * entries), newest first: the history, report and home show "N points could not be taken back".
 */
export async function listClampedReversals(
  shopDomain: string,
  filter: {
    memberId?: string;
    ledgerEntryIds?: string[];
    from?: Date;
    to?: Date;
    take?: number;
  } = {},
): Promise<ClampedReversal[]> {
  const rows = await prisma.reversalShortfall.findMany({
    where: {
      shopDomain,
      ...(filter.memberId ? { memberId: filter.memberId } : {}),
      ...(filter.ledgerEntryIds
        ? { ledgerEntryId: { in: filter.ledgerEntryIds } }
        : {}),
      ...(filter.from || filter.to
        ? { createdAt: { gte: filter.from, lt: filter.to } }
        : {}),
    },
    orderBy: { id: "desc" },
    take: filter.take,
  });
  const names = await orderNames(
    shopDomain,
    rows.map((row) => row.orderId),
  );
  return rows
    .filter((row) => row.wantedPoints > row.takenPoints)
    .map((row) => ({
      ledgerEntryId: row.ledgerEntryId,
      memberId: row.memberId,
      orderId: row.orderId,
      orderName: names.get(row.orderId) ?? null,
      kind: row.kind as ShortfallKind,
      wantedPoints: row.wantedPoints,
      takenPoints: row.takenPoints,
      notTakenPoints: row.wantedPoints - row.takenPoints,
      owedAfter: row.owedAfter,
      createdAt: row.createdAt,
    }));
}

export interface OrderOwingPoints {
  orderId: string;
  orderName: string | null;
  memberId: string;
  /** Points the order's refunds or cancellation call for that are still not taken back. */
  pointsOwed: number;
  /** When it last fell short. */
  since: Date;
}

/**
 * Orders that still owe points (their newest trace owes more than 0), optionally for one member,
 * biggest debt first; `total` is the sum over all of them (the home's and report's figure).
 */
export async function listOrdersOwingPoints(
  shopDomain: string,
  filter: { memberId?: string; take?: number } = {},
): Promise<{ orders: OrderOwingPoints[]; total: number }> {
  const newest = await prisma.reversalShortfall.groupBy({
    by: ["orderId"],
    where: {
      shopDomain,
      ...(filter.memberId ? { memberId: filter.memberId } : {}),
    },
    _max: { id: true },
  });
  const ids = newest.flatMap((group) =>
    group._max.id == null ? [] : [group._max.id],
  );
  const rows = ids.length
    ? await prisma.reversalShortfall.findMany({
        where: { id: { in: ids }, owedAfter: { gt: 0 } },
        orderBy: [{ owedAfter: "desc" }, { id: "desc" }],
      })
    : [];
  const shown = filter.take === undefined ? rows : rows.slice(0, filter.take);
  const names = await orderNames(
    shopDomain,
    shown.map((row) => row.orderId),
  );
  return {
    orders: shown.map((row) => ({
      orderId: row.orderId,
      orderName: names.get(row.orderId) ?? null,
      memberId: row.memberId,
      pointsOwed: row.owedAfter,
      since: row.createdAt,
    })),
    total: rows.reduce((sum, row) => sum + row.owedAfter, 0),
  };
}

async function orderNames(
  shopDomain: string,
  orderIds: string[],
): Promise<Map<string, string | null>> {
  if (orderIds.length === 0) return new Map();
  const orders = await prisma.orderRecord.findMany({
    where: { shopDomain, orderId: { in: [...new Set(orderIds)] } },
    select: { orderId: true, orderName: true },
  });
  return new Map(orders.map((order) => [order.orderId, order.orderName]));
}
