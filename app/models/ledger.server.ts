import { type LedgerEntry, Prisma } from "@prisma/client";

import {
  checkLedgerEntryShape,
  type LedgerEntryKind,
  ledgerKey,
  type LedgerSourceType,
  REVERSAL_KINDS,
} from "~/loyalty/ledger";
import { databaseDialect } from "~/db.server";
import { newId } from "~/models/ids.server";
import { enqueueMemberMirror } from "~/models/outbox.server";
import { allColumns, sqlExecute, sqlRows } from "~/models/sql.server";
import type { Tx } from "~/models/transaction.server";

/**
 * The only way points move. One call posts one immutable entry and moves the member's cached
 * balance in the same transaction, so the balance always equals the sum of the entries
 * (app/loyalty/README.md), and queues the balance mirror for Shopify.
 */

export interface NewLedgerEntry {
  shopDomain: string;
  memberId: string;
  kind: LedgerEntryKind;
  /** Signed: credits positive, debits negative. */
  points: number;
  sourceType: LedgerSourceType;
  sourceId: string;
  correctsEntryId?: string | null;
  description?: string | null;
  /** When the entry is recorded (its `createdAt`): the caller's `now`. */
  recordedAt: Date;
  /**
   * When the entry counts (its `effectiveAt`): the business time expiry, tier windows and histories
   * are decided by, e.g. the order's payment or the moment a lot expired. Defaults to `recordedAt`.
   */
  effectiveAt?: Date;
}

export type PostLedgerEntryResult =
  | {
      outcome: "posted";
      entry: LedgerEntry;
      /**
       * The member as the posting left it, read under its lock: whether it may still be emailed
       * (an erasure or an unsubscribe that committed while this waited for the member counts).
       */
      member: { redacted: boolean; unsubscribed: boolean };
    }
  /** An entry for this business event exists already: nothing changed. */
  | { outcome: "duplicate"; entry: LedgerEntry }
  | {
      outcome: "rejected";
      reason:
        | "not_integer"
        | "zero"
        | "wrong_sign"
        | "insufficient_balance"
        | "unknown_member"
        | "missing_correction";
    };

export async function postLedgerEntry(
  tx: Tx,
  input: NewLedgerEntry,
): Promise<PostLedgerEntryResult> {
  const idempotencyKey = ledgerKey(
    input.shopDomain,
    input.sourceType,
    input.sourceId,
    input.kind,
  );
  // Asked first, so a duplicate changes nothing (not even the member row's times), and a debit
  // posted already stays a duplicate where the balance could no longer cover it.
  const existing = await findLedgerEntryByKey(tx, idempotencyKey);
  if (existing) return { outcome: "duplicate", entry: existing };

  // A reversal names the award it corrects: that is how "never more than was awarded" is checked.
  if (REVERSAL_KINDS.includes(input.kind) && !input.correctsEntryId)
    return { outcome: "rejected", reason: "missing_correction" };
  const shape = checkLedgerEntryShape(input.kind, input.points);
  if (!shape.ok) return { outcome: "rejected", reason: shape.reason };

  // Guarded update: the member must be the shop's, and the balance may not go below zero. Both
  // are checked by the database at write time, so a debit that raced another one cannot take the
  // balance below zero even where transactions interleave (and the member is not read first:
  // this runs for every award and reversal).
  // Under the member's lock, the entry's time: its clock reading, or just after the member's
  // newest entry when that is later (an event that read the clock first but waited for the
  // member), so the member's history sorts in the order its balance moved.
  const now = input.recordedAt;
  const moved = await sqlRows<{
    balance: number;
    lastEntryAt: Date;
    redactedAt: unknown;
    emailOptOutAt: unknown;
  }>(
    tx,
    Prisma.sql`
    UPDATE "Member" SET "balance" = "balance" + ${input.points}, "updatedAt" = ${now},
      "lastEntryAt" = CASE WHEN "lastEntryAt" >= ${now} THEN ${justAfter(Prisma.sql`"lastEntryAt"`)} ELSE ${now} END
    WHERE "id" = ${input.memberId} AND "shopDomain" = ${input.shopDomain} AND "balance" + ${input.points} >= 0
    RETURNING "balance", "lastEntryAt", "redactedAt", "emailOptOutAt"`,
  );
  if (moved.length !== 1) {
    // Which guard held it: only now is the member read.
    const [member] = await sqlRows<{ shopDomain: string }>(
      tx,
      Prisma.sql`SELECT "shopDomain" FROM "Member" WHERE "id" = ${input.memberId}`,
    );
    return {
      outcome: "rejected",
      reason:
        member?.shopDomain === input.shopDomain
          ? "insufficient_balance"
          : "unknown_member",
    };
  }
  const balanceAfter = Number(moved[0].balance);
  const recordedAt = moved[0].lastEntryAt;

  const entry: LedgerEntry = {
    id: newId(recordedAt.getTime()),
    shopDomain: input.shopDomain,
    memberId: input.memberId,
    kind: input.kind,
    points: input.points,
    balanceAfter,
    idempotencyKey,
    sourceType: input.sourceType,
    sourceId: input.sourceId,
    correctsEntryId: input.correctsEntryId ?? null,
    description: input.description ?? null,
    createdAt: recordedAt,
    // When the points count (tiers, expiry): the event's own time, not moved for the history.
    effectiveAt: input.effectiveAt ?? now,
  };
  // Backstop for a race the check above cannot see (another process, same event): the insert
  // yields to the entry that won, the balance move is undone and the winner reported. ON CONFLICT
  // rather than catching the unique violation: on PostgreSQL a failed statement aborts the whole
  // transaction, so nothing could run after it (docs/decisions/0020-postgresql.md).
  const inserted = await sqlExecute(
    tx,
    Prisma.sql`
    INSERT INTO "LedgerEntry" ("id", "shopDomain", "memberId", "kind", "points", "balanceAfter", "idempotencyKey",
      "sourceType", "sourceId", "correctsEntryId", "description", "createdAt", "effectiveAt")
    VALUES (${entry.id}, ${entry.shopDomain}, ${entry.memberId}, ${entry.kind}, ${entry.points}, ${entry.balanceAfter},
      ${entry.idempotencyKey}, ${entry.sourceType}, ${entry.sourceId}, ${entry.correctsEntryId}, ${entry.description},
      ${entry.createdAt}, ${entry.effectiveAt})
    ON CONFLICT ("idempotencyKey") DO NOTHING`,
  );
  if (inserted !== 1) {
    await sqlExecute(
      tx,
      Prisma.sql`UPDATE "Member" SET "balance" = "balance" - ${input.points} WHERE "id" = ${input.memberId}`,
    );
    const winner = await findLedgerEntryByKey(tx, idempotencyKey);
    if (!winner)
      throw new Error(
        `ledger entry ${idempotencyKey} conflicted but is not there`,
      );
    return { outcome: "duplicate", entry: winner };
  }

  await enqueueMemberMirror(tx, input.shopDomain, input.memberId, now);
  return {
    outcome: "posted",
    entry,
    member: {
      redacted: moved[0].redactedAt != null,
      unsubscribed: moved[0].emailOptOutAt != null,
    },
  };
}

/** One millisecond after a DateTime column, in each dialect's own way of storing it. */
function justAfter(column: Prisma.Sql): Prisma.Sql {
  return databaseDialect === "postgres"
    ? Prisma.sql`${column} + interval '1 millisecond'`
    : // As the SQLite adapter writes a DateTime: "2026-12-05T10:00:00.000+00:00".
      Prisma.sql`strftime('%Y-%m-%dT%H:%M:%f+00:00', ${column}, '+0.001 seconds')`;
}

async function findLedgerEntryByKey(
  db: Tx,
  idempotencyKey: string,
): Promise<LedgerEntry | null> {
  const rows = await sqlRows<LedgerEntry>(
    db,
    Prisma.sql`SELECT ${allColumns(Prisma.LedgerEntryScalarFieldEnum)} FROM "LedgerEntry" WHERE "idempotencyKey" = ${idempotencyKey}`,
  );
  return rows[0] ?? null;
}

export function findLedgerEntry(
  db: Tx,
  shopDomain: string,
  sourceType: LedgerSourceType,
  sourceId: string,
  kind: LedgerEntryKind,
): Promise<LedgerEntry | null> {
  return findLedgerEntryByKey(
    db,
    ledgerKey(shopDomain, sourceType, sourceId, kind),
  );
}

/** The entries that correct this one (reversals of an award). */
export function listCorrections(
  db: Tx,
  entryId: string,
): Promise<LedgerEntry[]> {
  return sqlRows<LedgerEntry>(
    db,
    Prisma.sql`
    SELECT ${allColumns(Prisma.LedgerEntryScalarFieldEnum)} FROM "LedgerEntry" WHERE "correctsEntryId" = ${entryId} ORDER BY "createdAt", "id"`,
  );
}

/** A member's history, oldest first. */
export function listMemberEntries(
  db: Tx,
  memberId: string,
): Promise<LedgerEntry[]> {
  return db.ledgerEntry.findMany({
    where: { memberId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** For a data request: what the member's points history says, without internal ids. */
export function listMemberHistory(db: Tx, memberId: string) {
  return db.ledgerEntry.findMany({
    where: { memberId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      kind: true,
      points: true,
      balanceAfter: true,
      sourceType: true,
      sourceId: true,
      description: true,
      createdAt: true,
    },
  });
}
