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
      byMember.get(member.id) ?? [],
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
