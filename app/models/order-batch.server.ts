import { type LedgerEntry, type OrderRecord, Prisma } from "@prisma/client";

import { type AwardSnapshot } from "~/loyalty/types";
import { newId } from "~/models/ids.server";
import { type NewMemberEmail } from "~/models/member-email.server";
import { sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/**
 * The statements of a batch of paid orders on PostgreSQL (docs/decisions/0029-direct-sql-on-the-hot-path.md,
 * "Paid orders in batches"): one read or one write per table for a whole batch, each taking its
 * rows as arrays through `unnest`, so a statement's text, and the plan PostgreSQL keeps for it,
 * is the same whatever the batch's size. PostgreSQL only: SQLite processes its batches order by
 * order in one transaction, where a statement costs microseconds.
 *
 * Times travel as ISO text cast to `timestamp(3)` (the columns hold UTC without a zone, and the
 * cast ignores the "Z"), so the statements read the same through the driver and through Prisma.
 */

const iso = (date: Date) => date.toISOString();

/**
 * Which of these orders the shop already knows (recorded, whatever their status, or refunded
 * before being paid), and whether the shop has tiers.
 */
export async function findKnownOrders(
  tx: Tx,
  shopDomain: string,
  orderIds: string[],
): Promise<{
  recorded: Set<string>;
  refunded: Set<string>;
  shopHasTiers: boolean;
}> {
  const rows = await sqlRows<{ what: string; orderId: string | null }>(
    tx,
    Prisma.sql`SELECT 'recorded' AS "what", "orderId" FROM "OrderRecord" WHERE "shopDomain" = ${shopDomain} AND "orderId" = ANY(${orderIds}::text[])
      UNION ALL
      SELECT 'refunded', "orderId" FROM "RefundRecord" WHERE "shopDomain" = ${shopDomain} AND "orderId" = ANY(${orderIds}::text[])
      UNION ALL
      SELECT 'tiers', NULL WHERE EXISTS (SELECT 1 FROM "Tier" WHERE "shopDomain" = ${shopDomain})`,
  );
  const ids = (what: string) =>
    new Set(rows.filter((row) => row.what === what).map((row) => row.orderId!));
  return {
    recorded: ids("recorded"),
    refunded: ids("refunded"),
    shopHasTiers: rows.some((row) => row.what === "tiers"),
  };
}

export interface BatchMember {
  id: string;
  customerId: string;
  balance: number;
  lastEntryAt: Date | null;
  redacted: boolean;
  unsubscribed: boolean;
  /** The member's tier as last decided (prices the rewards a credit unlocks). */
  tierId: string | null;
  /** Its tier's earn multiplier, 1 without one. */
  earnMultiplier: number;
}

/**
 * The members of these customers, created first for customers who have none (as their first
 * order creates them: the order's email, a zero balance), then locked in id order until the
 * batch commits: two batches, or a batch and a single order, that share members wait for each
 * other instead of deadlocking. Customers are inserted in their own order for the same reason.
 */
export async function lockMembersForOrders(
  tx: Tx,
  shopDomain: string,
  customers: { customerId: string; email: string | null }[],
  now: Date,
): Promise<BatchMember[]> {
  // A customer's first order gives its member's email, as when its orders come one by one.
  const firsts = new Map<
    string,
    { customerId: string; email: string | null }
  >();
  for (const customer of customers)
    if (!firsts.has(customer.customerId))
      firsts.set(customer.customerId, customer);
  const sorted = [...firsts.values()].sort((a, b) =>
    a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0,
  );
  const customerIds = sorted.map((c) => c.customerId);
  await sqlExecute(
    tx,
    Prisma.sql`INSERT INTO "Member" ("id", "shopDomain", "customerId", "email", "balance", "createdAt", "updatedAt")
      SELECT v."id", ${shopDomain}, v."customerId", v."email", 0, ${now}, ${now}
      FROM unnest(${sorted.map(() => newId(now.getTime()))}::text[], ${customerIds}::text[], ${sorted.map((c) => c.email)}::text[])
        WITH ORDINALITY AS v("id", "customerId", "email", "n")
      ORDER BY v."n"
      ON CONFLICT ("shopDomain", "customerId") DO NOTHING`,
  );
  const rows = await sqlRows<{
    id: string;
    customerId: string;
    balance: number;
    lastEntryAt: Date | null;
    redactedAt: Date | null;
    emailOptOutAt: Date | null;
  }>(
    tx,
    Prisma.sql`SELECT "id", "customerId", "balance", "lastEntryAt", "redactedAt", "emailOptOutAt"
      FROM "Member" WHERE "shopDomain" = ${shopDomain} AND "customerId" = ANY(${customerIds}::text[])
      ORDER BY "id" FOR UPDATE`,
  );
  // Their tiers read after the lock, in a statement of its own: one read in the locking statement
  // would see a tier another transaction gave while this one waited for the member as it was before.
  const tiers = new Map(
    (
      await sqlRows<{
        memberId: string;
        tierId: string | null;
        earnMultiplier: number | null;
      }>(
        tx,
        Prisma.sql`SELECT mt."memberId", mt."tierId", t."earnMultiplier" FROM "MemberTier" mt
          LEFT JOIN "Tier" t ON t."id" = mt."tierId" AND t."shopDomain" = ${shopDomain}
          WHERE mt."memberId" = ANY(${rows.map((row) => row.id)}::text[])`,
      )
    ).map((row) => [row.memberId, row]),
  );
  return rows.map((row) => {
    const tier = tiers.get(row.id);
    return {
      id: row.id,
      customerId: row.customerId,
      balance: Number(row.balance),
      lastEntryAt: row.lastEntryAt,
      redacted: row.redactedAt !== null,
      unsubscribed: row.emailOptOutAt !== null,
      tierId: tier?.tierId ?? null,
      earnMultiplier:
        tier?.earnMultiplier == null ? 1 : Number(tier.earnMultiplier),
    };
  });
}

/** Paid orders recorded, their award still to be decided: the row recording an order's facts writes. */
export async function insertRecordedOrders(
  tx: Tx,
  records: OrderRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const column = <K extends keyof OrderRecord>(key: K) =>
    records.map((record) => record[key]);
  await sqlExecute(
    tx,
    Prisma.sql`INSERT INTO "OrderRecord" ("id", "shopDomain", "orderId", "orderName", "customerId", "email", "status",
        "currencyCode", "cancelledAt", "fulfilledAt", "createdAt", "updatedAt")
      SELECT v."id", v."shopDomain", v."orderId", v."orderName", v."customerId", v."email", v."status", v."currencyCode",
        v."cancelledAt", v."fulfilledAt", v."createdAt", v."createdAt"
      FROM unnest(${column("id")}::text[], ${column("shopDomain")}::text[], ${column("orderId")}::text[], ${column("orderName")}::text[],
        ${column("customerId")}::text[], ${column("email")}::text[], ${column("status")}::text[], ${column("currencyCode")}::text[],
        ${records.map((r) => (r.cancelledAt ? iso(r.cancelledAt) : null))}::timestamp(3)[],
        ${records.map((r) => (r.fulfilledAt ? iso(r.fulfilledAt) : null))}::timestamp(3)[],
        ${records.map((r) => iso(r.createdAt))}::timestamp(3)[])
        AS v("id", "shopDomain", "orderId", "orderName", "customerId", "email", "status", "currencyCode", "cancelledAt",
          "fulfilledAt", "createdAt")`,
  );
}

/** The awards decided: what marking one order awarded writes, for each. */
export async function markOrdersAwarded(
  tx: Tx,
  shopDomain: string,
  awards: {
    orderId: string;
    memberId: string;
    paidAt: Date;
    snapshot: AwardSnapshot;
  }[],
  now: Date,
): Promise<void> {
  if (awards.length === 0) return;
  const snapshots = awards.map((award) => award.snapshot);
  const updated = await sqlExecute(
    tx,
    Prisma.sql`UPDATE "OrderRecord" o SET "status" = 'awarded', "memberId" = v."memberId", "paidAt" = v."paidAt",
        "currencyCode" = v."currencyCode", "eligibleAmount" = v."eligibleAmount", "earnPoints" = v."earnPoints",
        "earnPerAmount" = v."earnPerAmount", "points" = v."points", "snapshot" = v."snapshot", "updatedAt" = ${now}
      FROM unnest(${awards.map((a) => a.orderId)}::text[], ${awards.map((a) => a.memberId)}::text[],
        ${awards.map((a) => iso(a.paidAt))}::timestamp(3)[], ${snapshots.map((s) => s.currencyCode)}::text[],
        ${snapshots.map((s) => String(s.eligibleAmount))}::text[], ${snapshots.map((s) => s.earnPoints)}::int[],
        ${snapshots.map((s) => s.earnPerAmount)}::int[], ${snapshots.map((s) => s.points)}::int[],
        ${snapshots.map((s) => JSON.stringify(s))}::text[])
        AS v("orderId", "memberId", "paidAt", "currencyCode", "eligibleAmount", "earnPoints", "earnPerAmount", "points", "snapshot")
      WHERE o."shopDomain" = ${shopDomain} AND o."orderId" = v."orderId"`,
  );
  if (updated !== awards.length)
    throw new Error(
      `a batch marked ${updated} orders awarded of ${awards.length}: settled one by one instead`,
    );
}

/**
 * Credits and their entries, in the order they were posted: the members' balances move (each
 * member once, by all its credits; locked already, so the guard never holds a credit), then the
 * entries are written. Throws when a count
 * is not what it must be (an entry's key taken meanwhile, a member gone): the batch is undone and
 * its orders are settled one by one, where each of those cases has its answer.
 */
export async function postCredits(
  tx: Tx,
  shopDomain: string,
  entries: LedgerEntry[],
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  // One move per member: its entries' points summed, its newest entry's time.
  const moves = new Map<string, { points: number; at: Date }>();
  for (const entry of entries) {
    const move = moves.get(entry.memberId);
    moves.set(entry.memberId, {
      points: (move?.points ?? 0) + entry.points,
      at: entry.createdAt,
    });
  }
  const moved = await sqlExecute(
    tx,
    Prisma.sql`UPDATE "Member" m SET "balance" = m."balance" + v."points", "lastEntryAt" = v."at", "updatedAt" = ${now}
      FROM unnest(${[...moves.keys()]}::text[], ${[...moves.values()].map((m) => m.points)}::int[],
        ${[...moves.values()].map((m) => iso(m.at))}::timestamp(3)[]) AS v("id", "points", "at")
      WHERE m."id" = v."id" AND m."shopDomain" = ${shopDomain} AND m."balance" + v."points" >= 0`,
  );
  if (moved !== moves.size)
    throw new Error(
      `a batch credited ${moved} members of ${moves.size}: settled one by one instead`,
    );
  const column = <K extends keyof LedgerEntry>(key: K) =>
    entries.map((entry) => entry[key]);
  const inserted = await sqlExecute(
    tx,
    Prisma.sql`INSERT INTO "LedgerEntry" ("id", "shopDomain", "memberId", "kind", "points", "balanceAfter", "idempotencyKey",
        "sourceType", "sourceId", "correctsEntryId", "description", "createdAt", "effectiveAt")
      SELECT v."id", ${shopDomain}, v."memberId", v."kind", v."points", v."balanceAfter", v."key", v."sourceType", v."sourceId",
        NULL, v."description", v."createdAt", v."effectiveAt"
      FROM unnest(${column("id")}::text[], ${column("memberId")}::text[], ${column("kind")}::text[], ${column("points")}::int[],
        ${column("balanceAfter")}::int[], ${column("idempotencyKey")}::text[], ${column("sourceType")}::text[],
        ${column("sourceId")}::text[], ${column("description")}::text[],
        ${entries.map((e) => iso(e.createdAt))}::timestamp(3)[], ${entries.map((e) => iso(e.effectiveAt ?? e.createdAt))}::timestamp(3)[])
        AS v("id", "memberId", "kind", "points", "balanceAfter", "key", "sourceType", "sourceId", "description", "createdAt", "effectiveAt")
      ON CONFLICT ("idempotencyKey") DO NOTHING`,
  );
  if (inserted !== entries.length)
    throw new Error(
      `a batch wrote ${inserted} ledger entries of ${entries.length}: settled one by one instead`,
    );
}

/** What each rule awarded each order (the rules' limits count them). */
export async function insertRuleAwards(
  tx: Tx,
  shopDomain: string,
  awards: {
    ruleId: string;
    memberId: string;
    points: number;
    orderId: string;
    awardedAt: Date;
  }[],
): Promise<void> {
  if (awards.length === 0) return;
  await sqlExecute(
    tx,
    Prisma.sql`INSERT INTO "RuleAward" ("id", "shopDomain", "ruleId", "memberId", "points", "sourceType", "sourceId", "awardedAt")
      SELECT v."id", ${shopDomain}, v."ruleId", v."memberId", v."points", 'order', v."orderId", v."awardedAt"
      FROM unnest(${awards.map((a) => newId(a.awardedAt.getTime()))}::text[], ${awards.map((a) => a.ruleId)}::text[],
        ${awards.map((a) => a.memberId)}::text[], ${awards.map((a) => a.points)}::int[], ${awards.map((a) => a.orderId)}::text[],
        ${awards.map((a) => iso(a.awardedAt))}::timestamp(3)[]) AS v("id", "ruleId", "memberId", "points", "orderId", "awardedAt")
      ON CONFLICT ("ruleId", "sourceType", "sourceId") DO NOTHING`,
  );
}

/** The members' mirror metafields rewritten after their balances moved (one waiting job per member). */
export async function enqueueMemberMirrors(
  tx: Tx,
  shopDomain: string,
  memberIds: string[],
  now: Date,
): Promise<void> {
  if (memberIds.length === 0) return;
  const sorted = [...new Set(memberIds)].sort();
  await sqlExecute(
    tx,
    Prisma.sql`INSERT INTO "OutboxJob" ("id", "shopDomain", "kind", "payload", "coalesceKey", "periodKey", "status", "attempts",
        "runAfter", "createdAt", "updatedAt")
      SELECT v."id", ${shopDomain}, 'mirror_member', v."payload", 'mirror_member:' || v."memberId", NULL, 'pending', 0,
        ${now}, ${now}, ${now}
      FROM unnest(${sorted.map(() => newId(now.getTime()))}::text[], ${sorted}::text[],
        ${sorted.map((memberId) => JSON.stringify({ memberId }))}::text[]) WITH ORDINALITY AS v("id", "memberId", "payload", "n")
      ORDER BY v."n"
      ON CONFLICT DO NOTHING`,
  );
}

/** Emails queued together; a key already queued stays as it was. */
export async function insertMemberEmails(
  tx: Tx,
  emails: NewMemberEmail[],
): Promise<void> {
  if (emails.length === 0) return;
  await sqlExecute(
    tx,
    Prisma.sql`INSERT INTO "MemberEmail" ("id", "shopDomain", "memberId", "kind", "idempotencyKey", "payload", "status",
        "attempts", "runAfter", "createdAt", "updatedAt")
      SELECT v."id", v."shopDomain", v."memberId", v."kind", v."key", v."payload", 'queued', 0, v."runAfter", v."at", v."at"
      FROM unnest(${emails.map((e) => newId(e.now.getTime()))}::text[], ${emails.map((e) => e.shopDomain)}::text[],
        ${emails.map((e) => e.memberId)}::text[], ${emails.map((e) => e.kind)}::text[], ${emails.map((e) => e.idempotencyKey)}::text[],
        ${emails.map((e) => JSON.stringify(e.payload))}::text[], ${emails.map((e) => iso(e.runAfter))}::timestamp(3)[],
        ${emails.map((e) => iso(e.now))}::timestamp(3)[]) AS v("id", "shopDomain", "memberId", "kind", "key", "payload", "runAfter", "at")
      ON CONFLICT ("idempotencyKey") DO NOTHING`,
  );
}
