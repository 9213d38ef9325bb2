import { type LedgerEntry } from "@prisma/client";

import { planOrderAward } from "~/loyalty/earning";
import {
  type PlaceOrderRule,
  pointsForOrder,
  type RuleAwardSnapshot,
} from "~/loyalty/earning-rules";
import { emailKey, emailSwitches } from "~/loyalty/emails";
import { ledgerKey } from "~/loyalty/ledger";
import {
  combineRuleAwards,
  enabledOrderRules,
  needsProductFacts,
} from "~/loyalty/order-award";
import { type AwardSnapshot, type OrderFacts } from "~/loyalty/types";
import { listCampaigns, listEarningRules } from "~/models/earning-rules.server";
import { newId } from "~/models/ids.server";
import {
  findEmailSettings,
  type NewMemberEmail,
} from "~/models/member-email.server";
import {
  type BatchMember,
  enqueueMemberMirrors,
  findKnownOrders,
  insertRecordedOrders,
  markOrdersAwarded,
  insertMemberEmails,
  insertRuleAwards,
  lockMembersForOrders,
  postCredits,
} from "~/models/order-batch.server";
import { newOrderRecord } from "~/models/order-record.server";
import { listUnlockableRewards } from "~/models/reward.server";
import { findInstalledShop } from "~/models/shop.server";
import { type Tx } from "~/models/transaction.server";
import {
  entryEmailPayload,
  rewardUnlockedEmails,
  type EmailPayload,
} from "~/services/emails/queue.server";
import { refreshMemberTierAfterChange } from "~/services/tiers.server";

/**
 * Paid orders of one shop awarded together, in the caller's transaction, on PostgreSQL
 * (docs/decisions/0029-direct-sql-on-the-hot-path.md, "Paid orders in batches"). The decisions are
 * the per-order path's (app/services/orders.server.ts), from the same pure core: the award by the
 * program's rate or by the "place an order" rules with their campaigns and the member's tier
 * multiplier, the ledger entry's time after the member's newest, the emails a credit queues. Only
 * the reads and writes differ: each is made once for the batch.
 *
 * The batch takes the common case and leaves the rest to the per-order path, which the caller
 * runs for every order not in `settled`:
 * - the shop not installed, or a rule that reads products from Shopify, counts within limits, or
 *   waits for fulfilment or a delay;
 * - an order that earns nothing by the program (unpaid, guest, test, program off), already
 *   recorded, refunded or cancelled already, or carrying a discount code (a redemption to mark);
 * - a customer's order after one of theirs the batch leaves (they settle in arrival order), and,
 *   in a shop with tiers, a customer's second order in the batch (the first may change its tier).
 */

export interface PaidOrderInBatch<K> {
  /** The caller's name for it (its inbox row). */
  key: K;
  order: OrderFacts;
}

interface Award {
  order: OrderFacts;
  member: BatchMember;
  points: number;
  snapshot: AwardSnapshot;
  ruleAwards: { ruleId: string; points: number }[];
}

export async function awardPaidOrdersTogether<K>(
  tx: Tx,
  shopDomain: string,
  orders: PaidOrderInBatch<K>[],
  now: Date,
): Promise<{ settled: K[] }> {
  const shop = await findInstalledShop(tx, shopDomain);
  if (!shop) return { settled: [] };
  const orderRules = (await listEarningRules(tx, shopDomain))
    .map((stored) => stored.rule)
    .filter((rule): rule is PlaceOrderRule => rule.type === "place_order");
  const enabled = enabledOrderRules(orderRules);
  if (!enabled.every(batchable)) return { settled: [] };

  const eligible = orders.filter(
    ({ order }) =>
      planOrderAward(order, shop.rules).kind === "award" &&
      order.discountCodes.length === 0 &&
      order.cancelledAt === null,
  );
  if (eligible.length === 0) return { settled: [] };
  const known = await findKnownOrders(
    tx,
    shopDomain,
    eligible.map(({ order }) => order.orderId),
  );
  const candidates = inArrivalOrder(
    orders,
    eligible.filter(
      ({ order }) =>
        !known.recorded.has(order.orderId) &&
        !known.refunded.has(order.orderId),
    ),
    known.shopHasTiers,
  );
  if (candidates.length === 0) return { settled: [] };

  // As the per-order path does: the order is recorded before its member is locked (a
  // reconciliation of the same order waits here, not on the member), then decided under the lock.
  await insertRecordedOrders(
    tx,
    candidates.map(({ order }) => newOrderRecord(shopDomain, order, now)),
  );
  const members = new Map(
    (
      await lockMembersForOrders(
        tx,
        shopDomain,
        candidates.map(({ order }) => ({
          customerId: order.customerId!,
          email: order.email,
        })),
        now,
      )
    ).map((member) => [member.customerId, member]),
  );
  const campaigns =
    orderRules.length > 0 ? await listCampaigns(tx, shopDomain) : [];
  const awards = candidates.map(({ order }): Award => {
    const member = members.get(order.customerId!)!;
    // A shop without any order rule row (never migrated) keeps the program's rate.
    if (orderRules.length === 0) {
      const plan = planOrderAward(order, shop.rules);
      if (plan.kind !== "award") throw new Error("a skipped order in a batch");
      return {
        order,
        member,
        points: plan.points,
        snapshot: plan.snapshot,
        ruleAwards: [],
      };
    }
    const snapshots: RuleAwardSnapshot[] = enabled.map((rule) => {
      const computed = pointsForOrder(
        { order, products: {} },
        rule,
        member.earnMultiplier,
        campaigns,
        now,
      );
      return { ...computed.snapshot, points: computed.points };
    });
    const combined = combineRuleAwards(order, snapshots);
    return {
      order,
      member,
      ...combined,
      ruleAwards: snapshots.flatMap((snapshot, i) =>
        snapshot.points > 0
          ? [{ ruleId: enabled[i].id, points: snapshot.points }]
          : [],
      ),
    };
  });

  // In arrival order: a member's entries follow one another as their balance moves.
  const entries = awards.flatMap((award) =>
    award.points > 0 ? [creditEntry(shopDomain, award, now)] : [],
  );
  await markOrdersAwarded(
    tx,
    shopDomain,
    awards.map(({ order, member, snapshot }) => ({
      orderId: order.orderId,
      memberId: member.id,
      paidAt: order.paidAt!,
      snapshot,
    })),
    now,
  );
  await postCredits(tx, shopDomain, entries, now);
  await insertRuleAwards(
    tx,
    shopDomain,
    awards.flatMap(({ order, member, ruleAwards }) =>
      ruleAwards.map((award) => ({
        ...award,
        memberId: member.id,
        orderId: order.orderId,
        awardedAt: order.paidAt ?? now,
      })),
    ),
  );
  await enqueueMemberMirrors(
    tx,
    shopDomain,
    entries.map((entry) => entry.memberId),
    now,
  );
  await insertMemberEmails(
    tx,
    await creditEmails(tx, shopDomain, entries, members, now),
  );
  // VIP tiers follow the points at once, as after a single order (each member is in the batch once).
  if (known.shopHasTiers)
    for (const entry of entries)
      await refreshMemberTierAfterChange(
        tx,
        shopDomain,
        entry.memberId,
        now,
        true,
      );
  return { settled: candidates.map(({ key }) => key) };
}

/** A rule the batch decides as the per-order path would: its points at payment, from the payload alone. */
function batchable(rule: PlaceOrderRule): boolean {
  return (
    !needsProductFacts(rule) &&
    rule.limits.length === 0 &&
    rule.timing.when === "paid"
  );
}

/**
 * The award entry as postLedgerEntry writes it: at the clock's time, or just after the member's
 * newest entry. The member's balance and newest entry move on for its next order in the batch.
 */
function creditEntry(
  shopDomain: string,
  { order, member, points }: Award,
  now: Date,
): LedgerEntry {
  const last = member.lastEntryAt;
  const createdAt =
    last && last.getTime() >= now.getTime()
      ? new Date(last.getTime() + 1)
      : now;
  const balanceAfter = member.balance + points;
  member.balance = balanceAfter;
  member.lastEntryAt = createdAt;
  return {
    id: newId(createdAt.getTime()),
    shopDomain,
    memberId: member.id,
    kind: "order_award",
    points,
    balanceAfter,
    idempotencyKey: ledgerKey(
      shopDomain,
      "order",
      order.orderId,
      "order_award",
    ),
    sourceType: "order",
    sourceId: order.orderId,
    correctsEntryId: null,
    description: order.orderName,
    createdAt,
    // The points count from the payment.
    effectiveAt: order.paidAt ?? now,
  };
}

/**
 * The orders the batch decides, in arrival order: a customer's order is left to the per-order
 * path when an earlier order of theirs is (it settles after the batch, so a later one decided
 * here would take its points first); in a shop with tiers, also a customer's second order (the
 * first may change the tier its points are multiplied by).
 */
function inArrivalOrder<K>(
  orders: PaidOrderInBatch<K>[],
  decidable: PaidOrderInBatch<K>[],
  shopHasTiers: boolean,
): PaidOrderInBatch<K>[] {
  const here = new Set(decidable);
  const left = new Set<string>();
  const taken = new Set<string>();
  return orders.filter((candidate) => {
    const customer = candidate.order.customerId;
    if (customer === null) return false;
    const decided =
      here.has(candidate) &&
      !left.has(customer) &&
      !(shopHasTiers && taken.has(customer));
    (decided ? taken : left).add(customer);
    return decided;
  });
}

/**
 * "Points earned" and "reward unlocked" for each credit, as queueCreditEmails decides them: the
 * shop's switches, the member's email state and tier as read under its lock.
 */
async function creditEmails(
  tx: Tx,
  shopDomain: string,
  entries: LedgerEntry[],
  members: Map<string, BatchMember>,
  now: Date,
): Promise<NewMemberEmail[]> {
  if (entries.length === 0) return [];
  const switches = emailSwitches(
    (await findEmailSettings(tx, shopDomain))?.switches,
  );
  const rewards = switches.reward_unlocked
    ? await listUnlockableRewards(tx, shopDomain)
    : [];
  const byId = new Map([...members.values()].map((m) => [m.id, m]));
  const email = (
    entry: LedgerEntry,
    kind: "points_earned" | "reward_unlocked",
    eventId: string,
    payload: EmailPayload,
  ): NewMemberEmail => {
    const key = emailKey(kind, eventId);
    return {
      shopDomain,
      memberId: entry.memberId,
      kind,
      idempotencyKey: key,
      payload: { ...payload, events: [key] },
      runAfter: now,
      now,
    };
  };
  return entries.flatMap((entry) => {
    const member = byId.get(entry.memberId)!;
    if (member.redacted || member.unsubscribed) return [];
    return [
      ...(switches.points_earned
        ? [email(entry, "points_earned", entry.id, entryEmailPayload(entry))]
        : []),
      ...(switches.reward_unlocked
        ? rewardUnlockedEmails(entry, member.tierId, rewards).map((unlocked) =>
            email(entry, "reward_unlocked", unlocked.eventId, unlocked.payload),
          )
        : []),
    ];
  });
}
