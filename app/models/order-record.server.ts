import { type OrderRecord, Prisma } from "@prisma/client";

import { AwardSnapshotSchema } from "~/loyalty/earning";
import { type AwardSnapshot, type OrderFacts } from "~/loyalty/types";
import { newId } from "~/models/ids.server";
import { allColumns, sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/**
 * What the app knows about one order. `status` records the award decision, taken once, when
 * the order is first known to be paid; until then it is `awaiting_payment`.
 */
export const ORDER_STATUSES = [
  "awaiting_payment",
  "awarded",
  "skipped_guest",
  "skipped_test",
  "skipped_inactive",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type SkippedOrderStatus = Exclude<
  OrderStatus,
  "awaiting_payment" | "awarded"
>;

// The functions on the webhook path use raw SQL: each Prisma model query costs about a
// millisecond of query planning here, ten times the statement itself.

export async function findOrderRecord(
  db: Tx,
  shopDomain: string,
  orderId: string,
): Promise<OrderRecord | null> {
  const rows = await sqlRows<OrderRecord>(
    db,
    Prisma.sql`
    SELECT ${allColumns(Prisma.OrderRecordScalarFieldEnum)} FROM "OrderRecord" WHERE "shopDomain" = ${shopDomain} AND "orderId" = ${orderId}`,
  );
  return rows[0] ?? null;
}

/** An order's row as first recorded, its award still to be decided (not written). */
export function newOrderRecord(
  shopDomain: string,
  order: OrderFacts,
  now: Date,
  events: { cancelledAt?: Date | null; fulfilledAt?: Date | null } = {},
): OrderRecord {
  return {
    id: newId(now.getTime()),
    shopDomain,
    orderId: order.orderId,
    orderName: order.orderName,
    customerId: order.customerId,
    // Only a guest order needs its email (guest claims); a customer's order is found by id.
    email: order.customerId === null ? order.email : null,
    memberId: null,
    status: "awaiting_payment",
    currencyCode: order.currencyCode,
    eligibleAmount: null,
    earnPoints: null,
    earnPerAmount: null,
    points: null,
    snapshot: null,
    paidAt: null,
    cancelledAt: events.cancelledAt ?? order.cancelledAt ?? null,
    fulfilledAt: events.fulfilledAt ?? order.fulfilledAt ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Records an order webhook's facts. Dates only ever go from unknown to known (the first
 * cancellation or fulfilment time wins), so replays and out-of-order deliveries agree.
 */
export async function recordOrderFacts(
  tx: Tx,
  shopDomain: string,
  order: OrderFacts,
  now: Date,
  events: { cancelledAt?: Date | null; fulfilledAt?: Date | null } = {},
): Promise<{ record: OrderRecord; created: boolean }> {
  const cancelledAt = events.cancelledAt ?? order.cancelledAt;
  const fulfilledAt = events.fulfilledAt ?? order.fulfilledAt;
  const existing = await findOrderRecord(tx, shopDomain, order.orderId);
  if (!existing) {
    const record = newOrderRecord(shopDomain, order, now, {
      cancelledAt,
      fulfilledAt,
    });
    // A concurrent first delivery from another process makes this a unique violation: the
    // transaction is retried (inTransaction) and then finds the winner's row.
    await sqlExecute(
      tx,
      Prisma.sql`
      INSERT INTO "OrderRecord" ("id", "shopDomain", "orderId", "orderName", "customerId", "email", "status",
        "currencyCode", "cancelledAt", "fulfilledAt", "createdAt", "updatedAt")
      VALUES (${record.id}, ${shopDomain}, ${record.orderId}, ${record.orderName}, ${record.customerId}, ${record.email},
        ${record.status}, ${record.currencyCode}, ${record.cancelledAt}, ${record.fulfilledAt}, ${now}, ${now})`,
    );
    return { record, created: true };
  }
  const update = {
    cancelledAt: existing.cancelledAt ?? cancelledAt ?? null,
    fulfilledAt: existing.fulfilledAt ?? fulfilledAt ?? null,
  };
  if (
    update.cancelledAt === existing.cancelledAt &&
    update.fulfilledAt === existing.fulfilledAt
  ) {
    return { record: existing, created: false };
  }
  const updatedAt = now;
  await sqlExecute(
    tx,
    Prisma.sql`
    UPDATE "OrderRecord" SET "cancelledAt" = ${update.cancelledAt}, "fulfilledAt" = ${update.fulfilledAt}, "updatedAt" = ${updatedAt}
    WHERE "id" = ${existing.id}`,
  );
  return { record: { ...existing, ...update, updatedAt }, created: false };
}

export async function markOrderAwarded(
  tx: Tx,
  record: OrderRecord,
  award: { memberId: string; snapshot: AwardSnapshot; paidAt: Date },
  now: Date,
): Promise<OrderRecord> {
  const { snapshot } = award;
  const updated: OrderRecord = {
    ...record,
    status: "awarded",
    memberId: award.memberId,
    paidAt: award.paidAt,
    currencyCode: snapshot.currencyCode,
    eligibleAmount: String(snapshot.eligibleAmount),
    earnPoints: snapshot.earnPoints,
    earnPerAmount: snapshot.earnPerAmount,
    points: snapshot.points,
    snapshot: JSON.stringify(snapshot),
    updatedAt: now,
  };
  await sqlExecute(
    tx,
    Prisma.sql`
    UPDATE "OrderRecord" SET "status" = ${updated.status}, "memberId" = ${updated.memberId}, "paidAt" = ${updated.paidAt},
      "currencyCode" = ${updated.currencyCode}, "eligibleAmount" = ${updated.eligibleAmount},
      "earnPoints" = ${updated.earnPoints}, "earnPerAmount" = ${updated.earnPerAmount}, "points" = ${updated.points},
      "snapshot" = ${updated.snapshot}, "updatedAt" = ${updated.updatedAt}
    WHERE "id" = ${record.id}`,
  );
  return updated;
}

/**
 * A paid order that earns nothing. A guest order keeps its email and what it would have
 * earned, so the points can be claimed when the shopper creates an account.
 */
export function markOrderSkipped(
  tx: Tx,
  record: OrderRecord,
  skip: {
    status: SkippedOrderStatus;
    paidAt: Date;
    snapshot: AwardSnapshot | null;
  },
  now: Date,
): Promise<OrderRecord> {
  return tx.orderRecord.update({
    where: { id: record.id },
    data: {
      status: skip.status,
      paidAt: skip.paidAt,
      updatedAt: now,
      ...(skip.snapshot
        ? {
            eligibleAmount: String(skip.snapshot.eligibleAmount),
            earnPoints: skip.snapshot.earnPoints,
            earnPerAmount: skip.snapshot.earnPerAmount,
            points: skip.snapshot.points,
            snapshot: JSON.stringify(skip.snapshot),
          }
        : {}),
    },
  });
}

/** The award snapshot as stored; a corrupt one is a bug worth stopping for, not a zero. */
export function readAwardSnapshot(record: OrderRecord): AwardSnapshot | null {
  if (record.snapshot === null) return null;
  return AwardSnapshotSchema.parse(JSON.parse(record.snapshot));
}

export interface CustomerOrders {
  /** Null when Shopify names the customer by email only (customers/redact). */
  customerId: string | null;
  memberId: string | null;
  /** Guest orders placed with the customer's email are theirs too. */
  email: string | null;
  orderIds?: string[];
}

function customerOrdersWhere(shopDomain: string, who: CustomerOrders) {
  return {
    shopDomain,
    OR: [
      // Never `customerId: null`: that would match every guest order of the shop.
      ...(who.customerId ? [{ customerId: who.customerId }] : []),
      ...(who.memberId ? [{ memberId: who.memberId }] : []),
      ...(who.email ? [{ email: who.email }] : []),
      ...(who.orderIds && who.orderIds.length > 0
        ? [{ orderId: { in: who.orderIds } }]
        : []),
    ],
  };
}

export function listCustomerOrders(
  db: Tx,
  shopDomain: string,
  who: CustomerOrders,
) {
  return db.orderRecord.findMany({
    where: customerOrdersWhere(shopDomain, who),
    orderBy: { createdAt: "asc" },
  });
}

/** customers/redact: the orders keep their amounts, not who placed them. */
export function eraseOrderContacts(
  tx: Tx,
  shopDomain: string,
  who: CustomerOrders,
) {
  return tx.orderRecord.updateMany({
    where: customerOrdersWhere(shopDomain, who),
    data: { email: null },
  });
}

const heldGuestOrders = (shopDomain: string, since: Date) => ({
  shopDomain,
  status: "skipped_guest",
  cancelledAt: null,
  paidAt: { gte: since },
});

/** Guest orders (no customer) paid since `since` and not cancelled: points waiting for an email. */
export function listHeldGuestOrders(
  db: Tx,
  shopDomain: string,
  since: Date,
): Promise<OrderRecord[]> {
  // Raw SQL: every customers/create with a verified email asks (ADR 0029).
  return sqlRows<OrderRecord>(
    db,
    Prisma.sql`SELECT ${allColumns(Prisma.OrderRecordScalarFieldEnum)} FROM "OrderRecord"
      WHERE "shopDomain" = ${shopDomain} AND "status" = 'skipped_guest' AND "cancelledAt" IS NULL AND "paidAt" >= ${since}
      ORDER BY "paidAt" ASC, "id" ASC`,
  );
}

/** The same guest orders as the admin lists them, newest first. */
export function listHeldGuestPoints(db: Tx, shopDomain: string, since: Date) {
  return db.orderRecord.findMany({
    where: heldGuestOrders(shopDomain, since),
    select: {
      orderId: true,
      orderName: true,
      email: true,
      points: true,
      paidAt: true,
    },
    orderBy: { paidAt: "desc" },
  });
}
