import { type OrderRecord } from "@prisma/client";

import { planOrderAward, snapshotOrderAward } from "~/loyalty/earning";
import { planOrderReversals, type KnownRefund } from "~/loyalty/reversal";
import { type OrderFacts, type RefundFacts } from "~/loyalty/types";
import { findLedgerEntry, listCorrections, postLedgerEntry } from "~/models/ledger.server";
import { ensureMemberForOrder, findMember } from "~/models/member.server";
import {
  findOrderRecord,
  markOrderAwarded,
  markOrderSkipped,
  readAwardSnapshot,
  recordOrderFacts,
  type OrderStatus,
} from "~/models/order-record.server";
import { listRefundsForOrder, recordRefund } from "~/models/refund-record.server";
import { findInstalledShop, type InstalledShop } from "~/models/shop.server";
import { inTransaction, type Tx } from "~/models/transaction.server";

/**
 * Orders earn points. Every order webhook records its facts, then settles the order in the
 * same transaction: it writes exactly the ledger entries the known facts imply and are still
 * missing (the award, one reversal per refund, the cancellation reversal). Settling is
 * idempotent and does not care in which order the facts arrived, so a refund or cancellation
 * delivered before orders/paid ends in the same balance as the in-order sequence, and an order
 * delivered twice (two webhook ids, or a reconciliation) earns once.
 */

export type OrderOutcome =
  /** This call posted the award. */
  | "awarded"
  /** This call posted at least one reversal. */
  | "reversed"
  /** Facts stored; nothing (more) to post yet, e.g. a refund before its order is paid. */
  | "recorded"
  /** These facts were already known and settled: nothing changed. */
  | "duplicate"
  | "awaiting_payment"
  | "skipped_guest"
  | "skipped_test"
  | "skipped_inactive"
  /** No such shop, or the app is uninstalled there: nothing changed. */
  | "unknown_shop";

export interface OrderSettlementSummary {
  outcome: OrderOutcome;
  orderId: string;
  /** Points credited by this call. */
  pointsAwarded: number;
  /** Points taken back by this call (a positive number). */
  pointsReversed: number;
  /** Reversal points the member's balance could not cover (already spent); collected by later reversals. */
  pointsOwed: number;
}

interface Settlement {
  record: OrderRecord | null;
  pointsAwarded: number;
  pointsReversed: number;
  pointsOwed: number;
}

/** orders/paid: awards the order's points (once), and reverses any refund or cancellation that came first. */
export async function awardPointsForOrder(shop: string, order: OrderFacts): Promise<OrderSettlementSummary> {
  return inTransaction(async (tx) => {
    const installed = await findInstalledShop(tx, shop);
    if (!installed) return unknownShop(order.orderId);
    const { record } = await recordOrderFacts(tx, shop, order);
    const decided = record.status !== "awaiting_payment";
    const settled = await settleOrder(tx, installed, record, order);
    const status = (settled.record?.status ?? "awaiting_payment") as OrderStatus;
    let outcome: OrderOutcome;
    if (settled.pointsAwarded > 0) outcome = "awarded";
    else if (decided) outcome = settled.pointsReversed > 0 ? "reversed" : "duplicate";
    else outcome = status;
    return summary(outcome, order.orderId, settled);
  });
}

/** refunds/create: takes back points in proportion to the refunded eligible amount, from the award snapshot. */
export async function reversePointsForRefund(shop: string, refund: RefundFacts): Promise<OrderSettlementSummary> {
  return inTransaction(async (tx) => {
    const installed = await findInstalledShop(tx, shop);
    if (!installed) return unknownShop(refund.orderId);
    const { created } = await recordRefund(tx, shop, refund);
    const settled = await settleOrder(tx, installed, await findOrderRecord(tx, shop, refund.orderId), null);
    return summary(changeOutcome(settled, created), refund.orderId, settled);
  });
}

/**
 * orders/cancelled: takes back whatever the order's award still holds. The payload is a whole
 * order, so when it shows the order was paid and orders/paid has not arrived yet, the award is
 * posted first (from these facts) and reversed at once.
 */
export async function reversePointsForCancellation(shop: string, order: OrderFacts): Promise<OrderSettlementSummary> {
  return inTransaction(async (tx) => {
    const installed = await findInstalledShop(tx, shop);
    if (!installed) return unknownShop(order.orderId);
    const previous = await findOrderRecord(tx, shop, order.orderId);
    const { record } = await recordOrderFacts(tx, shop, order, { cancelledAt: order.cancelledAt ?? new Date() });
    const settled = await settleOrder(tx, installed, record, order);
    return summary(changeOutcome(settled, previous?.cancelledAt == null), order.orderId, settled);
  });
}

/** orders/fulfilled: recorded only, for now (awarding on fulfilment is a program option to come). */
export async function recordOrderFulfilled(shop: string, order: OrderFacts): Promise<OrderSettlementSummary> {
  return inTransaction(async (tx) => {
    const installed = await findInstalledShop(tx, shop);
    if (!installed) return unknownShop(order.orderId);
    const previous = await findOrderRecord(tx, shop, order.orderId);
    const { record } = await recordOrderFacts(tx, shop, order, { fulfilledAt: order.fulfilledAt ?? new Date() });
    const settled = await settleOrder(tx, installed, record, null);
    return summary(changeOutcome(settled, previous?.fulfilledAt == null), order.orderId, settled);
  });
}

/**
 * Writes the ledger entries the known facts imply and that are still missing. `paidOrder` is
 * the order payload to decide the award from when it is not decided yet (null for messages
 * that must not award: a refund, a fulfilment).
 */
async function settleOrder(
  tx: Tx,
  shop: InstalledShop,
  recorded: OrderRecord | null,
  paidOrder: OrderFacts | null,
): Promise<Settlement> {
  let record = recorded;
  const settlement: Settlement = { record, pointsAwarded: 0, pointsReversed: 0, pointsOwed: 0 };
  if (!record) return settlement;

  if (record.status === "awaiting_payment" && paidOrder) {
    record = await decideAward(tx, shop, record, paidOrder, settlement);
    settlement.record = record;
  }
  if (record.status !== "awarded") return settlement;

  const snapshot = readAwardSnapshot(record);
  const award = await findLedgerEntry(tx, shop.domain, "order", record.orderId, "order_award");
  // An award of zero points has no entry and nothing to reverse.
  if (!snapshot || !award) return settlement;
  const refunds = await listRefundsForOrder(tx, shop.domain, record.orderId);
  if (refunds.length === 0 && record.cancelledAt === null) return settlement;

  const member = await findMember(tx, award.memberId);
  if (!member) return settlement;
  const corrections = await listCorrections(tx, award.id);
  const reversedFor = (kind: string, sourceId: string) => {
    const entry = corrections.find((c) => c.kind === kind && c.sourceId === sourceId);
    return entry ? -entry.points : null;
  };
  const plan = planOrderReversals({
    snapshot,
    refunds: refunds.map((refund): KnownRefund => ({ refund, reversed: reversedFor("refund_reversal", refund.refundId) })),
    cancellation: record.cancelledAt ? { reversed: reversedFor("cancellation_reversal", record.orderId) } : null,
    spendable: member.balance,
  });

  for (const reversal of plan.reversals) {
    const result = await postLedgerEntry(tx, {
      shopDomain: shop.domain,
      memberId: award.memberId,
      kind: reversal.kind,
      points: -reversal.points,
      sourceType: reversal.kind === "refund_reversal" ? "refund" : "order",
      sourceId: reversal.kind === "refund_reversal" ? reversal.refundId : record.orderId,
      correctsEntryId: award.id,
    });
    if (result.outcome === "rejected") {
      // The plan was clamped to this very balance inside this transaction: a rejection is a bug.
      throw new Error(`Reversal for order ${record.orderId} rejected: ${result.reason}`);
    }
    if (result.outcome === "posted") settlement.pointsReversed += reversal.points;
  }
  settlement.pointsOwed = plan.shortfall;
  return settlement;
}

/** Takes the award decision, once, by the rules in force now (the order is being paid). */
async function decideAward(
  tx: Tx,
  shop: InstalledShop,
  record: OrderRecord,
  order: OrderFacts,
  settlement: Settlement,
): Promise<OrderRecord> {
  const { rules } = shop;
  const plan = planOrderAward(order, rules);
  if (plan.kind === "skip") {
    if (plan.reason === "not_paid") return record;
    const paidAt = order.paidAt ?? new Date();
    if (plan.reason === "guest") {
      return markOrderSkipped(tx, record, { status: "skipped_guest", paidAt, snapshot: snapshotOrderAward(order, rules) });
    }
    const status = plan.reason === "test" ? "skipped_test" : "skipped_inactive";
    return markOrderSkipped(tx, record, { status, paidAt, snapshot: null });
  }

  const member = await ensureMemberForOrder(tx, shop.domain, order.customerId!, order.email);
  if (plan.points > 0) {
    const result = await postLedgerEntry(tx, {
      shopDomain: shop.domain,
      memberId: member.id,
      kind: "order_award",
      points: plan.points,
      sourceType: "order",
      sourceId: order.orderId,
      description: order.orderName,
    });
    if (result.outcome === "rejected") throw new Error(`Award for order ${order.orderId} rejected: ${result.reason}`);
    if (result.outcome === "posted") settlement.pointsAwarded = plan.points;
  }
  return markOrderAwarded(tx, record, { memberId: member.id, snapshot: plan.snapshot, paidAt: order.paidAt! });
}

function changeOutcome(settled: Settlement, newFacts: boolean): OrderOutcome {
  if (settled.pointsAwarded > 0 && settled.pointsReversed === 0) return "awarded";
  if (settled.pointsReversed > 0) return "reversed";
  return newFacts ? "recorded" : "duplicate";
}

function summary(outcome: OrderOutcome, orderId: string, settled: Settlement): OrderSettlementSummary {
  return {
    outcome,
    orderId,
    pointsAwarded: settled.pointsAwarded,
    pointsReversed: settled.pointsReversed,
    pointsOwed: settled.pointsOwed,
  };
}

function unknownShop(orderId: string): OrderSettlementSummary {
  return { outcome: "unknown_shop", orderId, pointsAwarded: 0, pointsReversed: 0, pointsOwed: 0 };
}
