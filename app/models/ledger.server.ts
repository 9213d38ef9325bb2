import { type LedgerEntry } from "@prisma/client";

import {
  checkLedgerEntry,
  type LedgerEntryKind,
  ledgerKey,
  type LedgerSourceType,
  REVERSAL_KINDS,
} from "~/loyalty/ledger";
import { enqueueMemberMirror } from "~/models/outbox.server";
import { isUniqueViolation, type Tx } from "~/models/transaction.server";

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
}

export type PostLedgerEntryResult =
  | { outcome: "posted"; entry: LedgerEntry }
  /** An entry for this business event exists already: nothing changed. */
  | { outcome: "duplicate"; entry: LedgerEntry }
  | {
      outcome: "rejected";
      reason: "not_integer" | "zero" | "wrong_sign" | "insufficient_balance" | "unknown_member" | "missing_correction";
    };

export async function postLedgerEntry(tx: Tx, input: NewLedgerEntry): Promise<PostLedgerEntryResult> {
  const idempotencyKey = ledgerKey(input.shopDomain, input.sourceType, input.sourceId, input.kind);
  const existing = await tx.ledgerEntry.findUnique({ where: { idempotencyKey } });
  if (existing) return { outcome: "duplicate", entry: existing };

  const member = await tx.member.findUnique({ where: { id: input.memberId }, select: { balance: true, shopDomain: true } });
  if (!member || member.shopDomain !== input.shopDomain) return { outcome: "rejected", reason: "unknown_member" };
  // A reversal names the award it corrects: that is how "never more than was awarded" is checked.
  if (REVERSAL_KINDS.includes(input.kind) && !input.correctsEntryId) return { outcome: "rejected", reason: "missing_correction" };
  const check = checkLedgerEntry(input.kind, input.points, member.balance);
  if (!check.ok) return { outcome: "rejected", reason: check.reason };

  // Guarded update: the condition is re-checked by the database at write time, so a debit that
  // raced another one cannot take the balance below zero even where transactions interleave.
  const { count } = await tx.member.updateMany({
    where: { id: input.memberId, balance: { gte: -input.points } },
    data: { balance: { increment: input.points } },
  });
  if (count !== 1) return { outcome: "rejected", reason: "insufficient_balance" };
  const { balance: balanceAfter } = await tx.member.findUniqueOrThrow({
    where: { id: input.memberId },
    select: { balance: true },
  });

  let entry: LedgerEntry;
  try {
    entry = await tx.ledgerEntry.create({
      data: {
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
      },
    });
  } catch (error) {
    // Backstop for a race the check above cannot see (another process, same event): undo the
    // balance move and report the entry that won.
    if (!isUniqueViolation(error)) throw error;
    await tx.member.update({ where: { id: input.memberId }, data: { balance: { decrement: input.points } } });
    const winner = await tx.ledgerEntry.findUniqueOrThrow({ where: { idempotencyKey } });
    return { outcome: "duplicate", entry: winner };
  }

  await enqueueMemberMirror(tx, input.shopDomain, input.memberId);
  return { outcome: "posted", entry };
}

export function findLedgerEntry(
  db: Tx,
  shopDomain: string,
  sourceType: LedgerSourceType,
  sourceId: string,
  kind: LedgerEntryKind,
): Promise<LedgerEntry | null> {
  return db.ledgerEntry.findUnique({ where: { idempotencyKey: ledgerKey(shopDomain, sourceType, sourceId, kind) } });
}

/** The entries that correct this one (reversals of an award). */
export function listCorrections(db: Tx, entryId: string): Promise<LedgerEntry[]> {
  return db.ledgerEntry.findMany({ where: { correctsEntryId: entryId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** A member's history, oldest first. */
export function listMemberEntries(db: Tx, memberId: string): Promise<LedgerEntry[]> {
  return db.ledgerEntry.findMany({ where: { memberId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** For a data request: what the member's points history says, without internal ids. */
export function listMemberHistory(db: Tx, memberId: string) {
  return db.ledgerEntry.findMany({
    where: { memberId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { kind: true, points: true, balanceAfter: true, sourceType: true, sourceId: true, description: true, createdAt: true },
  });
}
