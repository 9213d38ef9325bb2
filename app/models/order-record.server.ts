import { type OrderRecord } from "@prisma/client";

import { AwardSnapshotSchema } from "~/loyalty/earning";
import { type AwardSnapshot, type OrderFacts } from "~/loyalty/types";
import { type Tx } from "~/models/transaction.server";

/**
 * What the app knows about one order. `status` records the award decision, taken once, when
 * the order is first known to be paid; until then it is `awaiting_payment`.
 */
export const ORDER_STATUSES = ["awaiting_payment", "awarded", "skipped_guest", "skipped_test", "skipped_inactive"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type SkippedOrderStatus = Exclude<OrderStatus, "awaiting_payment" | "awarded">;

export function findOrderRecord(db: Tx, shopDomain: string, orderId: string): Promise<OrderRecord | null> {
  return db.orderRecord.findUnique({ where: { shopOrder: { shopDomain, orderId } } });
}

/**
 * Records an order webhook's facts. Dates only ever go from unknown to known (the first
 * cancellation or fulfilment time wins), so replays and out-of-order deliveries agree.
 */
export async function recordOrderFacts(
  tx: Tx,
  shopDomain: string,
  order: OrderFacts,
  events: { cancelledAt?: Date | null; fulfilledAt?: Date | null } = {},
): Promise<{ record: OrderRecord; created: boolean }> {
  const cancelledAt = events.cancelledAt ?? order.cancelledAt;
  const fulfilledAt = events.fulfilledAt ?? order.fulfilledAt;
  const existing = await findOrderRecord(tx, shopDomain, order.orderId);
  if (!existing) {
    const record = await tx.orderRecord.create({
      data: {
        shopDomain,
        orderId: order.orderId,
        orderName: order.orderName,
        customerId: order.customerId,
        email: order.email,
        status: "awaiting_payment",
        currencyCode: order.currencyCode,
        cancelledAt,
        fulfilledAt,
      },
    });
    return { record, created: true };
  }
  const update = {
    ...(existing.cancelledAt === null && cancelledAt ? { cancelledAt } : {}),
    ...(existing.fulfilledAt === null && fulfilledAt ? { fulfilledAt } : {}),
  };
  if (Object.keys(update).length === 0) return { record: existing, created: false };
  return { record: await tx.orderRecord.update({ where: { id: existing.id }, data: update }), created: false };
}

export function markOrderAwarded(
  tx: Tx,
  recordId: string,
  award: { memberId: string; snapshot: AwardSnapshot; paidAt: Date },
): Promise<OrderRecord> {
  return tx.orderRecord.update({
    where: { id: recordId },
    data: {
      status: "awarded",
      memberId: award.memberId,
      paidAt: award.paidAt,
      currencyCode: award.snapshot.currencyCode,
      eligibleAmount: String(award.snapshot.eligibleAmount),
      earnPoints: award.snapshot.earnPoints,
      earnPerAmount: award.snapshot.earnPerAmount,
      points: award.snapshot.points,
      snapshot: JSON.stringify(award.snapshot),
    },
  });
}

/**
 * A paid order that earns nothing. A guest order keeps its email and what it would have
 * earned, so the points can be claimed when the shopper creates an account.
 */
export function markOrderSkipped(
  tx: Tx,
  recordId: string,
  skip: { status: SkippedOrderStatus; paidAt: Date; snapshot: AwardSnapshot | null },
): Promise<OrderRecord> {
  return tx.orderRecord.update({
    where: { id: recordId },
    data: {
      status: skip.status,
      paidAt: skip.paidAt,
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
  customerId: string;
  memberId: string | null;
  /** Guest orders placed with the customer's email are theirs too. */
  email: string | null;
  orderIds?: string[];
}

function customerOrdersWhere(shopDomain: string, who: CustomerOrders) {
  return {
    shopDomain,
    OR: [
      { customerId: who.customerId },
      ...(who.memberId ? [{ memberId: who.memberId }] : []),
      ...(who.email ? [{ email: who.email }] : []),
      ...(who.orderIds && who.orderIds.length > 0 ? [{ orderId: { in: who.orderIds } }] : []),
    ],
  };
}

export function listCustomerOrders(db: Tx, shopDomain: string, who: CustomerOrders) {
  return db.orderRecord.findMany({ where: customerOrdersWhere(shopDomain, who), orderBy: { createdAt: "asc" } });
}

/** customers/redact: the orders keep their amounts, not who placed them. */
export function eraseOrderContacts(tx: Tx, shopDomain: string, who: CustomerOrders) {
  return tx.orderRecord.updateMany({ where: customerOrdersWhere(shopDomain, who), data: { email: null } });
}
