import { type PrismaClient } from "@prisma/client";
import { expect } from "vitest";

import { findLedgerViolations, REVERSAL_KINDS } from "~/loyalty/ledger";

/**
 * The ledger invariants of DESIGN.md, checked against the database after a scenario: every
 * member's cached balance equals the sum of their entries and is never negative, each entry's
 * balanceAfter follows from the one before, reversals never take back more than their award,
 * and idempotency keys are unique.
 */
export async function expectLedgerConsistent(
  prisma: PrismaClient,
): Promise<void> {
  const members = await prisma.member.findMany({
    select: { id: true, balance: true },
  });
  const entries = await prisma.ledgerEntry.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const byMember = new Map<string, typeof entries>();
  for (const entry of entries)
    byMember.set(entry.memberId, [
      ...(byMember.get(entry.memberId) ?? []),
      entry,
    ]);

  const problems: unknown[] = [];
  for (const member of members) {
    if (member.balance < 0)
      problems.push({
        memberId: member.id,
        rule: "non_negative_balance",
        balance: member.balance,
      });
    for (const violation of findLedgerViolations(
      inPostingOrder(byMember.get(member.id) ?? []),
      member.balance,
    )) {
      problems.push({ memberId: member.id, ...violation });
    }
  }

  // Reversals point at the award they correct, which belongs to the same member and order.
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  for (const entry of entries) {
    if (!REVERSAL_KINDS.includes(entry.kind as never)) continue;
    const award = entry.correctsEntryId
      ? byId.get(entry.correctsEntryId)
      : undefined;
    if (
      !award ||
      award.kind !== "order_award" ||
      award.memberId !== entry.memberId
    ) {
      problems.push({
        entryId: entry.id,
        rule: "reversal_points_at_its_award",
      });
    }
  }

  const keys = new Set(entries.map((entry) => entry.idempotencyKey));
  if (keys.size !== entries.length)
    problems.push({
      rule: "unique_keys",
      entries: entries.length,
      keys: keys.size,
    });

  expect(problems).toEqual([]);
}

/** How far apart two app instances' clocks may stamp entries posted one after the other. */
const CLOCK_SKEW_MS = 5_000;

/**
 * A member's entries in the order they were posted. One process stamps them in that order
 * (`createdAt`, then an id that grows within the process); with several instances on PostgreSQL,
 * entries of one member posted one after another (under the member's row lock) may carry the same
 * millisecond, or a slightly earlier one from another instance's clock, and ids that do not sort.
 * Among entries stamped within CLOCK_SKEW_MS of the next one in (createdAt, id) order, the next
 * posted is the one whose `balanceAfter` follows from the balance so far; failing that, the order
 * stays as stamped and the chain check reports it.
 */
function inPostingOrder<
  T extends { createdAt: Date; points: number; balanceAfter: number },
>(entries: readonly T[]): T[] {
  const remaining = [...entries];
  const ordered: T[] = [];
  let balance = 0;
  while (remaining.length > 0) {
    const horizon = remaining[0].createdAt.getTime() + CLOCK_SKEW_MS;
    let next = 0;
    for (let i = 0; i < remaining.length; i += 1) {
      if (remaining[i].createdAt.getTime() > horizon) break;
      if (remaining[i].balanceAfter === balance + remaining[i].points) {
        next = i;
        break;
      }
    }
    const [entry] = remaining.splice(next, 1);
    ordered.push(entry);
    balance += entry.points;
  }
  return ordered;
}
