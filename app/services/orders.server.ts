import { type LedgerEntry, type OrderRecord } from "@prisma/client";
import { z } from "zod";

import * as clock from "~/clock.server";
import { planOrderAward, snapshotOrderAward } from "~/loyalty/earning";
import {
  awardTimingFor,
  type EarningRule,
  type PlaceOrderRule,
  type ProductCatalog,
  pointsForOrder,
  type RuleAwardSnapshot,
  ruleReversalTarget,
  RuleAwardSnapshotSchema,
} from "~/loyalty/earning-rules";
import { withinLimits } from "~/loyalty/limits";
import {
  combineRuleAwards,
  enabledOrderRules,
  needsProductFacts,
  type RulesAwardSnapshot,
} from "~/loyalty/order-award";
import {
  planOrderReversals,
  refundedEligibleAmount,
  reversalTarget,
  type KnownRefund,
} from "~/loyalty/reversal";
import {
  type AwardSnapshot,
  type OrderFacts,
  type RefundFacts,
} from "~/loyalty/types";
import {
  listEarningRules,
  listRuleAwards,
  recordRuleAward,
} from "~/models/earning-rules.server";
import {
  findLedgerEntry,
  listCorrections,
  postLedgerEntry,
} from "~/models/ledger.server";
import { ensureMemberForOrder, findMember } from "~/models/member.server";
import {
  findOrderRecord,
  markOrderAwarded,
  markOrderSkipped,
  readAwardSnapshot,
  recordOrderFacts,
  type OrderStatus,
} from "~/models/order-record.server";
import { enqueueOutboxJob } from "~/models/outbox.server";
import {
  pointsOwedByOrder,
  recordReversalShortfall,
} from "~/models/reversal-shortfall.server";
import {
  createPendingAward,
  findPendingAward,
  resolvePendingAward,
  updatePendingPoints,
} from "~/models/pending-awards.server";
import {
  listRefundsForOrder,
  recordRefund,
} from "~/models/refund-record.server";
import { findInstalledShop, type InstalledShop } from "~/models/shop.server";
import { findMemberTierFacts } from "~/models/tier.server";
import { inTransaction, type Tx, database } from "~/models/transaction.server";
import {
  type EarningContext,
  loadEarningContext,
} from "~/services/earning-rules.server";
import { queueCreditEmails } from "~/services/emails/queue.server";
import { refreshMemberTierAfterChange } from "~/services/tiers.server";

/**
 * Orders earn points. Every order webhook records its facts, then settles the order in the
 * same transaction: it writes exactly the ledger entries the known facts imply and are still
 * missing (the award, one reversal per refund, the cancellation reversal). Settling is
 * idempotent and does not care in which order the facts arrived, so a refund or cancellation
 * delivered before orders/paid ends in the same balance as the in-order sequence, and an order
 * delivered twice (two webhook ids, or a reconciliation) earns once.
 *
 * The points come from the shop's "place an order" rules (earning-rules.ts; the program's rate is
 * the default rule), summed into one award with a snapshot per rule. When the first rule says
 * "when fulfilled" or "N hours/days after payment", the award waits as a pending award (visible,
 * not spendable): refunds while pending reduce it, a cancellation cancels it, and it is posted on
 * fulfilment or by the sweep when due (`releasePendingOrderPoints`).
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
  /** The award is decided and waits (fulfilment or a delay): visible, not spendable. */
  | "pending"
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

export interface OrderAwardOptions {
  /** The clock: when the award is decided (campaigns, limits, delays). */
  now?: Date;
  /** Product tags and collections, when the caller already has them. */
  products?: ProductCatalog;
  /** Decide again an order skipped while the program was off (retroactive points only). */
  awardSkippedWhileOff?: boolean;
  /** How to look them up when a rule needs them (default: the Admin API). Called outside any transaction. */
  fetchProducts?: (
    shop: string,
    productIds: string[],
  ) => Promise<ProductCatalog>;
  /** Many orders at once (retroactive run, reconciliation): one digest email per member, not one per order. */
  digest?: boolean;
}

interface Settlement {
  record: OrderRecord | null;
  pointsAwarded: number;
  pointsReversed: number;
  pointsOwed: number;
  pending: boolean;
  /** The award entry this settlement posted, if it did (no need to look it up again). */
  awardEntry?: LedgerEntry;
  /** Whether the shop has tiers, when the award read it (the tier refresh need not ask again). */
  shopHasTiers?: boolean;
}

interface AwardInputs {
  now: Date;
  products: ProductCatalog;
  /**
   * The shop's rules, when preparing the award already read them (to know whether the order
   * needs product facts from Shopify): the award is decided by the same rules, read once.
   */
  rules?: EarningRule[];
  awardSkippedWhileOff?: boolean;
  /** Points-earned emails wait and sum up per member (imports, retroactive runs, reconciliation). */
  digest?: boolean;
}

/** orders/paid: awards the order's points (once), and reverses any refund or cancellation that came first. */
export async function awardPointsForOrder(
  shop: string,
  order: OrderFacts,
  options: OrderAwardOptions = {},
): Promise<OrderSettlementSummary> {
  const inputs = {
    ...(await prepareAward(shop, order, options)),
    awardSkippedWhileOff: options.awardSkippedWhileOff,
    digest: options.digest,
  };
  return inTransaction(async (tx) => {
    const installed = await findInstalledShop(tx, shop);
    if (!installed) return unknownShop(order.orderId);
    const { record } = await recordOrderFacts(tx, shop, order, inputs.now);
    const decided = !isUndecided(record, inputs);
    const settled = await settleOrder(tx, installed, record, order, inputs);
    const status = (settled.record?.status ??
      "awaiting_payment") as OrderStatus;
    let outcome: OrderOutcome;
    if (settled.pointsAwarded > 0) outcome = "awarded";
    else if (decided)
      outcome = settled.pointsReversed > 0 ? "reversed" : "duplicate";
    else if (settled.pending) outcome = "pending";
    else outcome = status;
    return summary(outcome, order.orderId, settled);
  });
}

/** refunds/create: takes back points in proportion to the refunded eligible amount, from the award snapshot. */
export async function reversePointsForRefund(
  shop: string,
  refund: RefundFacts,
  options: Pick<OrderAwardOptions, "now"> = {},
): Promise<OrderSettlementSummary> {
  const now = options.now ?? clock.now();
  return inTransaction(async (tx) => {
    const installed = await findInstalledShop(tx, shop);
    if (!installed) return unknownShop(refund.orderId);
    const { created } = await recordRefund(tx, shop, refund, now);
    const settled = await settleOrder(
      tx,
      installed,
      await findOrderRecord(tx, shop, refund.orderId),
      null,
      { now, products: {} },
    );
    return summary(changeOutcome(settled, created), refund.orderId, settled);
  });
}

/**
 * orders/cancelled: takes back whatever the order's award still holds. The payload is a whole
 * order, so when it shows the order was paid and orders/paid has not arrived yet, the award is
 * posted first (from these facts) and reversed at once.
 */
export async function reversePointsForCancellation(
  shop: string,
  order: OrderFacts,
  options: OrderAwardOptions = {},
): Promise<OrderSettlementSummary> {
  const inputs = await prepareAward(shop, order, options);
  return inTransaction(async (tx) => {
    const installed = await findInstalledShop(tx, shop);
    if (!installed) return unknownShop(order.orderId);
    const previous = await findOrderRecord(tx, shop, order.orderId);
    const { record } = await recordOrderFacts(tx, shop, order, inputs.now, {
      cancelledAt: order.cancelledAt ?? inputs.now,
    });
    const settled = await settleOrder(tx, installed, record, order, inputs);
    return summary(
      changeOutcome(settled, previous?.cancelledAt == null),
      order.orderId,
      settled,
    );
  });
}

/** orders/fulfilled: recorded; posts the pending award of an order whose points come on fulfilment. */
export async function recordOrderFulfilled(
  shop: string,
  order: OrderFacts,
  options: Pick<OrderAwardOptions, "now"> = {},
): Promise<OrderSettlementSummary> {
  const now = options.now ?? clock.now();
  return inTransaction(async (tx) => {
    const installed = await findInstalledShop(tx, shop);
    if (!installed) return unknownShop(order.orderId);
    const previous = await findOrderRecord(tx, shop, order.orderId);
    const { record } = await recordOrderFacts(tx, shop, order, now, {
      fulfilledAt: order.fulfilledAt ?? now,
    });
    const settled = await settleOrder(tx, installed, record, null, {
      now,
      products: {},
    });
    return summary(
      changeOutcome(settled, previous?.fulfilledAt == null),
      order.orderId,
      settled,
    );
  });
}

/**
 * Posts a pending order award whose delay has run out (the outbox job or the sweep). Idempotent:
 * an award already posted or cancelled is left alone, and the ledger key makes it post once.
 */
export async function releasePendingOrderPoints(
  shop: string,
  orderId: string,
  now = clock.now(),
): Promise<OrderSettlementSummary> {
  return inTransaction(async (tx) => {
    const installed = await findInstalledShop(tx, shop);
    if (!installed) return unknownShop(orderId);
    const settled = await settleOrder(
      tx,
      installed,
      await findOrderRecord(tx, shop, orderId),
      null,
      { now, products: {} },
    );
    return summary(changeOutcome(settled, false), orderId, settled);
  });
}

/**
 * Product tags and collections are not in order payloads: when a rule excludes or rewards by
 * them, they are fetched here, before the transaction (never a network call inside one). Only
 * for an order whose award is still to be decided.
 */
async function prepareAward(
  shop: string,
  order: OrderFacts,
  options: OrderAwardOptions,
): Promise<AwardInputs> {
  const now = options.now ?? clock.now();
  if (options.products) return { now, products: options.products };
  if (order.paidAt === null || order.customerId === null)
    return { now, products: {} };
  const rules = (await listEarningRules(database, shop)).map(
    (stored) => stored.rule,
  );
  if (
    !rules.some(
      (rule) =>
        rule.type === "place_order" && rule.enabled && needsProductFacts(rule),
    )
  )
    return { now, products: {}, rules };
  const record = await findOrderRecord(database, shop, order.orderId);
  if (record && !isUndecided(record, options))
    return { now, products: {}, rules };
  const productIds = [
    ...new Set(
      order.lines
        .map((line) => line.productId)
        .filter((id): id is string => id !== null),
    ),
  ];
  if (productIds.length === 0) return { now, products: {}, rules };
  const fetchProducts =
    options.fetchProducts ??
    (async (shopDomain: string, ids: string[]) =>
      (await import("~/shopify/products.server")).fetchProductCatalog(
        shopDomain,
        ids,
      ));
  return { now, products: await fetchProducts(shop, productIds), rules };
}

/**
 * Whether the award is still to be decided: awaiting payment, or skipped while the program was
 * off when the merchant asked for retroactive points (ADR 0013).
 */
function isUndecided(
  record: Pick<OrderRecord, "status">,
  options: { awardSkippedWhileOff?: boolean },
): boolean {
  return (
    record.status === "awaiting_payment" ||
    (options.awardSkippedWhileOff === true &&
      record.status === "skipped_inactive")
  );
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
  inputs: AwardInputs,
): Promise<Settlement> {
  const settled = await settleOrderEntries(
    tx,
    shop,
    recorded,
    paidOrder,
    inputs,
  );
  // VIP tiers follow the points at once (upgrades; downgrades wait for the window's end).
  const memberId = settled.record?.memberId;
  if (memberId && (settled.pointsAwarded > 0 || settled.pointsReversed > 0)) {
    await refreshMemberTierAfterChange(
      tx,
      shop.domain,
      memberId,
      inputs.now,
      settled.shopHasTiers,
    );
  }
  return settled;
}

async function settleOrderEntries(
  tx: Tx,
  shop: InstalledShop,
  recorded: OrderRecord | null,
  paidOrder: OrderFacts | null,
  inputs: AwardInputs,
): Promise<Settlement> {
  let record = recorded;
  const settlement: Settlement = {
    record,
    pointsAwarded: 0,
    pointsReversed: 0,
    pointsOwed: 0,
    pending: false,
  };
  if (!record) return settlement;

  if (isUndecided(record, inputs) && paidOrder) {
    record = await decideAward(tx, shop, record, paidOrder, settlement, inputs);
    settlement.record = record;
  }
  if (record.status !== "awarded") return settlement;

  const snapshot = readAwardSnapshot(record);
  const ruleSnapshots = readRuleSnapshots(record);
  const refunds = await listRefundsForOrder(tx, shop.domain, record.orderId);
  const targetFor = (known: readonly RefundFacts[], cancelled: boolean) =>
    ruleSnapshots
      ? Math.min(
          snapshot?.points ?? 0,
          ruleSnapshots.reduce(
            (sum, rule) => sum + ruleReversalTarget(rule, known, cancelled),
            0,
          ),
        )
      : snapshot
        ? reversalTarget(
            snapshot,
            refundedEligibleAmount(snapshot, known),
            cancelled,
          )
        : 0;

  let award =
    settlement.awardEntry ??
    (await findLedgerEntry(
      tx,
      shop.domain,
      "order",
      record.orderId,
      "order_award",
    ));
  if (!award && snapshot) {
    award = await settlePendingAward(
      tx,
      shop,
      record,
      snapshot,
      refunds,
      targetFor,
      settlement,
      inputs.now,
    );
  }
  // An award of zero points has no entry and nothing to reverse.
  if (!snapshot || !award) return settlement;
  if (refunds.length === 0 && record.cancelledAt === null) return settlement;

  const member = await findMember(tx, award.memberId);
  if (!member) return settlement;
  const corrections = await listCorrections(tx, award.id);
  const reversedFor = (kind: string, sourceId: string) => {
    const entry = corrections.find(
      (c) => c.kind === kind && c.sourceId === sourceId,
    );
    return entry ? -entry.points : null;
  };
  const plan = planOrderReversals({
    snapshot,
    refunds: refunds.map((refund): KnownRefund => ({
      refund,
      reversed: reversedFor("refund_reversal", refund.refundId),
    })),
    cancellation: record.cancelledAt
      ? { reversed: reversedFor("cancellation_reversal", record.orderId) }
      : null,
    spendable: member.balance,
    target: targetFor,
  });

  // An order that owed points before this settlement gets a trace for every reversal, so its
  // newest trace says what it owes now; otherwise only reversals that fell short leave one.
  const owedBefore = await pointsOwedByOrder(tx, shop.domain, record.orderId);
  const posted = new Map<string, string>();
  for (const reversal of plan.reversals) {
    const result = await postLedgerEntry(tx, {
      shopDomain: shop.domain,
      memberId: award.memberId,
      kind: reversal.kind,
      points: -reversal.points,
      sourceType: reversal.kind === "refund_reversal" ? "refund" : "order",
      sourceId:
        reversal.kind === "refund_reversal"
          ? reversal.refundId
          : record.orderId,
      correctsEntryId: award.id,
      recordedAt: inputs.now,
    });
    if (result.outcome === "rejected") {
      // The plan was clamped to this very balance inside this transaction: a rejection is a bug.
      throw new Error(
        `Reversal for order ${record.orderId} rejected: ${result.reason}`,
      );
    }
    if (result.outcome === "posted")
      settlement.pointsReversed += reversal.points;
    posted.set(reversalSource(reversal, record.orderId), result.entry.id);
  }
  for (const step of plan.steps) {
    if (step.taken === step.wanted && owedBefore === 0) continue;
    const sourceId = reversalSource(step, record.orderId);
    await recordReversalShortfall(tx, {
      shopDomain: shop.domain,
      memberId: award.memberId,
      orderId: record.orderId,
      kind: step.kind,
      sourceId,
      ledgerEntryId: posted.get(sourceId) ?? null,
      awardEntryId: award.id,
      wantedPoints: step.wanted,
      takenPoints: step.taken,
      owedAfter: step.owedAfter,
      now: inputs.now,
    });
  }
  // The newest trace says what the order owes now; the history, Reports page and home read it.
  settlement.pointsOwed = plan.shortfall;
  return settlement;
}

function reversalSource(
  reversal: { kind: "refund_reversal"; refundId: string } | { kind: string },
  orderId: string,
): string {
  return "refundId" in reversal ? reversal.refundId : orderId;
}

/**
 * A pending award: cancelled with the order (or once refunds took everything back), otherwise
 * reduced to what the refunds so far leave, and posted when due. Posting writes the whole award
 * and lets the refunds known so far be reversed right after, in the same transaction, so the
 * ledger tells the same story as for an order whose points came at payment.
 */
async function settlePendingAward(
  tx: Tx,
  shop: InstalledShop,
  record: OrderRecord,
  snapshot: AwardSnapshot,
  refunds: RefundFacts[],
  targetFor: (known: readonly RefundFacts[], cancelled: boolean) => number,
  settlement: Settlement,
  now: Date,
) {
  const pending = await findPendingAward(tx, shop.domain, record.orderId);
  if (!pending || pending.state !== "pending") return null;
  const remaining =
    snapshot.points - targetFor(refunds, record.cancelledAt !== null);
  if (remaining <= 0) {
    await resolvePendingAward(tx, pending.id, "cancelled", now);
    return null;
  }
  if (remaining !== pending.points)
    await updatePendingPoints(tx, pending.id, remaining);
  const due = pending.postAt
    ? pending.postAt.getTime() <= now.getTime()
    : record.fulfilledAt !== null;
  if (!due) {
    settlement.pending = true;
    return null;
  }
  const result = await postLedgerEntry(tx, {
    shopDomain: shop.domain,
    memberId: pending.memberId,
    kind: "order_award",
    points: snapshot.points,
    sourceType: "order",
    sourceId: record.orderId,
    description: record.orderName,
    // A pending award counts from when it is posted (spendable from then on).
    recordedAt: now,
  });
  if (result.outcome === "rejected")
    throw new Error(
      `Award for order ${record.orderId} rejected: ${result.reason}`,
    );
  await resolvePendingAward(tx, pending.id, "posted", now);
  if (result.outcome === "posted") {
    settlement.pointsAwarded = snapshot.points;
    await queueCreditEmails(tx, result, { now });
  }
  return result.entry;
}

/** Takes the award decision, once, by the rules in force now (the order is being paid). */
async function decideAward(
  tx: Tx,
  shop: InstalledShop,
  record: OrderRecord,
  order: OrderFacts,
  settlement: Settlement,
  inputs: AwardInputs,
): Promise<OrderRecord> {
  const { rules } = shop;
  const plan = planOrderAward(order, rules);
  if (plan.kind === "skip") {
    if (plan.reason === "not_paid") return record;
    const paidAt = order.paidAt ?? inputs.now;
    if (plan.reason === "guest") {
      return markOrderSkipped(
        tx,
        record,
        {
          status: "skipped_guest",
          paidAt,
          snapshot: snapshotOrderAward(order, rules),
        },
        inputs.now,
      );
    }
    const status = plan.reason === "test" ? "skipped_test" : "skipped_inactive";
    return markOrderSkipped(
      tx,
      record,
      { status, paidAt, snapshot: null },
      inputs.now,
    );
  }

  const member = await ensureMemberForOrder(
    tx,
    shop.domain,
    order.customerId!,
    order.email,
    inputs.now,
  );
  // The member's tier multiplier and whether the shop has tiers at all (for the refresh after),
  // read once.
  const tiers = await findMemberTierFacts(tx, shop.domain, member.id);
  settlement.shopHasTiers = tiers.shopHasTiers;
  const context = await loadEarningContext(tx, shop.domain, {
    rules: inputs.rules,
    // Read with the installed shop, in this transaction.
    settings: { timeZone: shop.timeZone, programActive: shop.rules.active },
  });
  const orderRules = context.rules.filter(
    (rule): rule is PlaceOrderRule => rule.type === "place_order",
  );
  // A shop without any order rule row (never migrated) keeps the program's rate.
  const award =
    orderRules.length === 0
      ? {
          points: plan.points,
          snapshot: plan.snapshot as AwardSnapshot,
          pendingUntil: undefined,
        }
      : await awardByRules(
          tx,
          shop.domain,
          member.id,
          record,
          order,
          orderRules,
          context,
          inputs,
          tiers.earnMultiplier,
        );

  if (award.points > 0 && award.pendingUntil !== undefined) {
    await createPendingAward(
      tx,
      {
        shopDomain: shop.domain,
        memberId: member.id,
        orderId: order.orderId,
        points: award.points,
        postAt: award.pendingUntil,
      },
      inputs.now,
    );
    if (award.pendingUntil) {
      await enqueueOutboxJob(
        tx,
        {
          shopDomain: shop.domain,
          kind: "post_pending_award",
          payload: { orderId: order.orderId },
          coalesceKey: `post_pending_award:${shop.domain}:${order.orderId}`,
          runAfter: award.pendingUntil,
        },
        inputs.now,
      );
    }
  } else if (award.points > 0) {
    const result = await postLedgerEntry(tx, {
      shopDomain: shop.domain,
      memberId: member.id,
      kind: "order_award",
      points: award.points,
      sourceType: "order",
      sourceId: order.orderId,
      description: order.orderName,
      recordedAt: inputs.now,
      // The points count from the payment (for a retroactive award, long before it is recorded).
      effectiveAt: order.paidAt ?? inputs.now,
    });
    if (result.outcome === "rejected")
      throw new Error(
        `Award for order ${order.orderId} rejected: ${result.reason}`,
      );
    if (result.outcome === "posted") {
      settlement.pointsAwarded = award.points;
      settlement.awardEntry = result.entry;
      await queueCreditEmails(tx, result, {
        now: inputs.now,
        digest: inputs.digest,
      });
    }
  }
  return markOrderAwarded(
    tx,
    record,
    {
      memberId: member.id,
      snapshot: award.snapshot,
      paidAt: order.paidAt!,
    },
    inputs.now,
  );
}

/**
 * Points by every enabled "place an order" rule, each within its own limits (counted at payment),
 * summed into one award. The first enabled rule decides when the award is posted.
 * `pendingUntil`: undefined to post now; a date for a delay; null for "when fulfilled".
 */
async function awardByRules(
  tx: Tx,
  shopDomain: string,
  memberId: string,
  record: OrderRecord,
  order: OrderFacts,
  orderRules: PlaceOrderRule[],
  context: EarningContext,
  inputs: AwardInputs,
  /** The member's VIP tier at payment multiplies order points (a standing perk; campaigns combine with it). */
  tierMultiplier: number,
): Promise<{
  points: number;
  snapshot: RulesAwardSnapshot;
  pendingUntil: Date | null | undefined;
}> {
  const paidAt = order.paidAt ?? inputs.now;
  const snapshots: RuleAwardSnapshot[] = [];
  for (const rule of enabledOrderRules(orderRules)) {
    const computed = pointsForOrder(
      { order, products: inputs.products },
      rule,
      tierMultiplier,
      context.campaigns,
      inputs.now,
    );
    let points = computed.points;
    if (points > 0 && rule.limits.length > 0) {
      const check = withinLimits(
        await listRuleAwards(tx, rule.id, memberId),
        rule.limits,
        paidAt,
        context.timeZone,
        { points },
      );
      points = check.allowed ? check.points : 0;
    }
    snapshots.push({ ...computed.snapshot, points });
    if (points > 0) {
      await recordRuleAward(tx, {
        shopDomain,
        ruleId: rule.id,
        memberId,
        points,
        sourceType: "order",
        sourceId: order.orderId,
        awardedAt: paidAt,
      });
    }
  }
  const { points: total, snapshot } = combineRuleAwards(order, snapshots);
  const [timingRule] = enabledOrderRules(orderRules);
  if (!timingRule || timingRule.timing.when === "paid")
    return { points: total, snapshot, pendingUntil: undefined };
  const decision = awardTimingFor(
    {
      ...order,
      fulfilledAt: order.fulfilledAt ?? record.fulfilledAt,
      cancelledAt: order.cancelledAt ?? record.cancelledAt,
    },
    timingRule.timing,
    inputs.now,
  );
  switch (decision.status) {
    case "post":
      return { points: total, snapshot, pendingUntil: undefined };
    case "pending":
      return { points: total, snapshot, pendingUntil: decision.releaseAt };
    default:
      // Cancelled before its points were due: pending, then cancelled by the settlement right after.
      return { points: total, snapshot, pendingUntil: null };
  }
}

const RuleSnapshotsSchema = z.object({
  rules: z.array(RuleAwardSnapshotSchema),
});

/** The per-rule snapshots of an award made by earning rules; null for the program's plain snapshot. */
function readRuleSnapshots(record: OrderRecord): RuleAwardSnapshot[] | null {
  if (record.snapshot === null) return null;
  const parsed = RuleSnapshotsSchema.safeParse(JSON.parse(record.snapshot));
  return parsed.success ? parsed.data.rules : null;
}

function changeOutcome(settled: Settlement, newFacts: boolean): OrderOutcome {
  if (settled.pointsAwarded > 0 && settled.pointsReversed === 0)
    return "awarded";
  if (settled.pointsReversed > 0) return "reversed";
  return newFacts ? "recorded" : "duplicate";
}

function summary(
  outcome: OrderOutcome,
  orderId: string,
  settled: Settlement,
): OrderSettlementSummary {
  return {
    outcome,
    orderId,
    pointsAwarded: settled.pointsAwarded,
    pointsReversed: settled.pointsReversed,
    pointsOwed: settled.pointsOwed,
  };
}

function unknownShop(orderId: string): OrderSettlementSummary {
  return {
    outcome: "unknown_shop",
    orderId,
    pointsAwarded: 0,
    pointsReversed: 0,
    pointsOwed: 0,
  };
}
