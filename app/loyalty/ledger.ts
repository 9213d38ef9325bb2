/**
 * The points ledger's rules, checked in pure code before anything is written (the database
 * enforces the same invariants again: see app/loyalty/README.md and prisma/migrations).
 */

export const LEDGER_ENTRY_KINDS = [
  "order_award",
  "refund_reversal",
  "cancellation_reversal",
  "manual_adjustment",
  "redemption",
  "redemption_refund",
  "expiry",
  "tier_bonus",
  /** Points for a way to earn other than an order: account, birthday, newsletter, social, content, review, custom action. */
  "earning_award",
  /** A member's balance brought from another loyalty app: target balance − current (ADR 0017). */
  "import",
] as const;

export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/** What business event an entry comes from: the middle of its idempotency key. */
export type LedgerSourceType =
  | "order"
  | "refund"
  | "adjustment"
  | "redemption"
  | "expiry"
  | "tier"
  // Ways to earn (earning-rules.ts `awardSourceFor`): named after the event, so "once" survives a rule's deletion.
  | "account"
  | "birthday"
  | "newsletter"
  | "social"
  | "content_mission"
  | "review"
  | "custom_action"
  // A balance import: source id `<file content hash>/<line>`.
  | "import";

/**
 * Credits add to the balance, debits take from it. A manual adjustment may go either way
 * (the merchant gives or takes); every other kind has one fixed sign.
 */
export const LEDGER_ENTRY_SIGNS: Record<
  LedgerEntryKind,
  "credit" | "debit" | "either"
> = {
  order_award: "credit",
  refund_reversal: "debit",
  cancellation_reversal: "debit",
  manual_adjustment: "either",
  redemption: "debit",
  redemption_refund: "credit",
  expiry: "debit",
  tier_bonus: "credit",
  earning_award: "credit",
  // Sets the balance to the file's figure, so it may lower it (never below zero: the figure is ≥ 0).
  import: "either",
};

/** Kinds that correct an earlier entry and carry `correctsEntryId`: they never exceed it in total. */
export const REVERSAL_KINDS: readonly LedgerEntryKind[] = [
  "refund_reversal",
  "cancellation_reversal",
];

export function isLedgerEntryKind(value: string): value is LedgerEntryKind {
  return (LEDGER_ENTRY_KINDS as readonly string[]).includes(value);
}

/**
 * The idempotency key of an entry, from the business event and nothing else (not the webhook
 * id): the same order delivered twice, under two webhook ids or by reconciliation, gets the
 * same key and the database's unique constraint lets only one entry in. Each part is
 * URI-encoded so ids that contain ":" (gid://shopify/Order/1) cannot collide.
 */
export function ledgerKey(
  shop: string,
  sourceType: LedgerSourceType,
  sourceId: string,
  kind: LedgerEntryKind,
): string {
  return [shop, sourceType, sourceId, kind].map(encodeURIComponent).join(":");
}

export type LedgerEntryCheck =
  | { ok: true; balanceAfter: number }
  | {
      ok: false;
      reason: "not_integer" | "zero" | "wrong_sign" | "insufficient_balance";
    };

/**
 * Whether an entry may be posted on a balance: integer points, never zero (an entry that
 * changes nothing is noise in a member's history), the sign its kind requires, and a debit
 * never takes the balance below zero (points are a liability; a negative balance would be
 * points the shop is owed by a shopper).
 */
export function checkLedgerEntry(
  kind: LedgerEntryKind,
  points: number,
  balanceBefore: number,
): LedgerEntryCheck {
  if (!Number.isSafeInteger(balanceBefore))
    return { ok: false, reason: "not_integer" };
  const shape = checkLedgerEntryShape(kind, points);
  if (!shape.ok) return shape;
  const balanceAfter = balanceBefore + points;
  if (balanceAfter < 0) return { ok: false, reason: "insufficient_balance" };
  return { ok: true, balanceAfter };
}

/**
 * What can be told of an entry without its balance: integer points, not zero, the sign its kind
 * requires. The balance's part (never below zero) is the database's guarded update when posting.
 */
export function checkLedgerEntryShape(
  kind: LedgerEntryKind,
  points: number,
): { ok: true } | { ok: false; reason: "not_integer" | "zero" | "wrong_sign" } {
  if (!Number.isSafeInteger(points))
    return { ok: false, reason: "not_integer" };
  if (points === 0) return { ok: false, reason: "zero" };
  const sign = LEDGER_ENTRY_SIGNS[kind];
  if ((sign === "credit" && points < 0) || (sign === "debit" && points > 0))
    return { ok: false, reason: "wrong_sign" };
  return { ok: true };
}

/**
 * How much of a wanted debit the balance can cover. Reversals are clamped to it rather than
 * refused: the shopper may already have spent the points, and the rest stays owed (collected
 * by later reversals of the same order; see reversal.ts).
 */
export function clampDebit(wanted: number, spendable: number): number {
  return Math.max(0, Math.min(wanted, spendable));
}

export interface LedgerEntryFacts {
  id: string;
  kind: string;
  points: number;
  balanceAfter: number;
  correctsEntryId: string | null;
}

export type LedgerViolation =
  | { rule: "integer_points"; entryId: string }
  | { rule: "non_zero"; entryId: string }
  | { rule: "sign"; entryId: string }
  | { rule: "balance_chain"; entryId: string; expected: number; actual: number }
  | { rule: "non_negative"; entryId: string; balanceAfter: number }
  | { rule: "cached_balance"; expected: number; actual: number }
  | {
      rule: "reversal_exceeds_award";
      entryId: string;
      reversed: number;
      awarded: number;
    };

/**
 * Checks one member's entries, oldest first, against the cached balance: each entry's
 * balanceAfter follows from the previous one, never below zero, the total equals the cached
 * balance, and corrections never take back more than the entry they correct gave.
 */
export function findLedgerViolations(
  entries: readonly LedgerEntryFacts[],
  cachedBalance: number,
): LedgerViolation[] {
  const violations: LedgerViolation[] = [];
  let balance = 0;
  const reversedByEntry = new Map<string, number>();
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.points))
      violations.push({ rule: "integer_points", entryId: entry.id });
    if (entry.points === 0)
      violations.push({ rule: "non_zero", entryId: entry.id });
    const sign = isLedgerEntryKind(entry.kind)
      ? LEDGER_ENTRY_SIGNS[entry.kind]
      : null;
    if (
      sign === null ||
      (sign === "credit" && entry.points < 0) ||
      (sign === "debit" && entry.points > 0)
    ) {
      violations.push({ rule: "sign", entryId: entry.id });
    }
    balance += entry.points;
    if (entry.balanceAfter !== balance) {
      violations.push({
        rule: "balance_chain",
        entryId: entry.id,
        expected: balance,
        actual: entry.balanceAfter,
      });
    }
    if (entry.balanceAfter < 0)
      violations.push({
        rule: "non_negative",
        entryId: entry.id,
        balanceAfter: entry.balanceAfter,
      });
    if (entry.correctsEntryId !== null) {
      reversedByEntry.set(
        entry.correctsEntryId,
        (reversedByEntry.get(entry.correctsEntryId) ?? 0) - entry.points,
      );
    }
  }
  if (balance !== cachedBalance)
    violations.push({
      rule: "cached_balance",
      expected: balance,
      actual: cachedBalance,
    });
  for (const [entryId, reversed] of reversedByEntry) {
    const awarded = byId.get(entryId)?.points ?? 0;
    if (reversed > awarded)
      violations.push({
        rule: "reversal_exceeds_award",
        entryId,
        reversed,
        awarded,
      });
  }
  return violations;
}
