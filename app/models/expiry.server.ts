import { sqlExecute, sqlRows } from "~/models/sql.server";
import { Prisma } from "@prisma/client";
import { type Tx } from "~/models/transaction.server";

/** What points expiry reads and writes (ADR 0003's ledger, `PendingAward`, `MemberNotice`). */

export interface ExpiryLedgerRow {
  id: string;
  kind: string;
  points: number;
  /** When the points counted (the business time), not when the row was written. */
  effectiveAt: Date;
  correctsEntryId: string | null;
  sourceId: string;
}

/** The member's ledger in the order the points counted. */
export async function listMemberLedgerForExpiry(
  tx: Tx,
  memberId: string,
): Promise<ExpiryLedgerRow[]> {
  const rows = await sqlRows<{
    id: string;
    kind: string;
    points: number;
    effectiveAt: Date | string | number;
    correctsEntryId: string | null;
    sourceId: string;
  }>(
    tx,
    Prisma.sql`
    SELECT "id", "kind", "points", "effectiveAt", "correctsEntryId", "sourceId" FROM "LedgerEntry"
    WHERE "memberId" = ${memberId} ORDER BY "effectiveAt", "createdAt", "id"`,
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    points: Number(row.points),
    effectiveAt:
      row.effectiveAt instanceof Date
        ? row.effectiveAt
        : new Date(
            typeof row.effectiveAt === "string" && /^\d+$/.test(row.effectiveAt)
              ? Number(row.effectiveAt)
              : row.effectiveAt,
          ),
    correctsEntryId: row.correctsEntryId,
    sourceId: row.sourceId,
  }));
}

/** The member's awards still waiting (not spendable, never expired). */
export function listMemberWaitingAwards(tx: Tx, memberId: string) {
  return tx.pendingAward.findMany({
    where: { memberId, state: "pending" },
    select: { id: true, points: true, createdAt: true },
  });
}

/** The shop's members holding points (the expiry sweep's list). */
export function listMembersWithPoints(db: Tx, shopDomain: string) {
  return db.member.findMany({
    where: { shopDomain, balance: { gt: 0 } },
    select: { id: true },
  });
}

export interface ExpiringSoonNotice {
  id: string;
  shopDomain: string;
  memberId: string;
  /** The business event: one notice per key, ever. */
  key: string;
  points: number;
  dueAt: Date;
  now: Date;
}

/** Stores an `expiring_soon` notice once per key; says whether this call stored it. */
export async function recordExpiringSoonNotice(
  tx: Tx,
  notice: ExpiringSoonNotice,
): Promise<boolean> {
  const inserted = await sqlExecute(
    tx,
    Prisma.sql`
    INSERT INTO "MemberNotice" ("id", "shopDomain", "memberId", "kind", "key", "points", "dueAt", "createdAt")
    VALUES (${notice.id}, ${notice.shopDomain}, ${notice.memberId}, 'expiring_soon', ${notice.key}, ${notice.points}, ${notice.dueAt}, ${notice.now})
    ON CONFLICT ("key") DO NOTHING`,
  );
  return inserted === 1;
}

/** Notices not sent yet, oldest first. */
export function listUnsentMemberNotices(
  db: Tx,
  shopDomain: string,
  kind: string,
) {
  return db.memberNotice.findMany({
    where: { shopDomain, kind, sentAt: null },
    orderBy: { createdAt: "asc" },
  });
}
